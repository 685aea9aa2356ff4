// prelink's rows (CSV with a header, or JSON Lines), one identity per row:
//   user                a username (or the sub, or an email the user holds) of the native user
//   provider            the identity provider (the policy's name)
//   subject             the IdP subject (SAML NameID, OIDC sub), exact case
//   idp_email           what the IdP asserts as this identity's email: the evidence
//   idp_email_verified  what the IdP asserts as its email_verified (true/false), when it does
//   idp_match_value     for a tenant matching on another attribute (linking.match.from): its value
// or, SAML/OIDC only, attribute_name + attribute_value: link on a user pool attribute mapped from an
// IdP claim (AdminLinkProviderForUser, docs/cognito-facts.md §4); the value is the evidence itself.
// The IdP-side columns come from the IdP's own export, in the same record as the subject, so a
// subject shifted against its user is shifted against the evidence too, and the engine notices.
import type { InputRecord } from './bulk/rows';

export const PRELINK_COLUMNS = ['user', 'provider', 'subject', 'attribute_name', 'attribute_value', 'idp_email', 'idp_email_verified', 'idp_match_value'] as const;

export interface PrelinkRow {
  readonly row: number;
  readonly line: number;
  readonly user: string;
  readonly provider: string;
  /** The exact subject, or the attribute link's name and value. */
  readonly link: { readonly kind: 'subject'; readonly subject: string } | { readonly kind: 'attribute'; readonly name: string; readonly value: string };
  readonly idpEmail?: string;
  readonly idpEmailVerified?: string;
  readonly idpMatchValue?: string;
}

export type PrelinkInput = PrelinkRow | { readonly row: number; readonly line: number; readonly problem: string; readonly user?: string; readonly provider?: string };

const CONTROL = /[\p{Cc}\p{Cf}]/u;

export function prelinkRow(record: InputRecord): PrelinkInput {
  const { row, line } = record;
  if ('problem' in record) return record;
  const value = (name: (typeof PRELINK_COLUMNS)[number]): string | undefined => (Object.hasOwn(record.values, name) ? record.values[name] : undefined);
  const user = value('user');
  const provider = value('provider');
  const problem = (text: string): PrelinkInput => ({ row, line, problem: text, ...(user !== undefined ? { user } : {}), ...(provider !== undefined ? { provider } : {}) });
  if (user === undefined) return problem('no user');
  if (provider === undefined) return problem('no provider');
  if (Object.values(record.values).some((text) => CONTROL.test(text))) return problem('control or format characters');
  const subject = value('subject');
  const attributeName = value('attribute_name');
  const attributeValue = value('attribute_value');
  const byAttribute = attributeName !== undefined || attributeValue !== undefined;
  if (subject !== undefined && byAttribute) return problem('give subject, or attribute_name and attribute_value, not both');
  if (subject === undefined && !byAttribute) return problem('no subject (or attribute_name and attribute_value)');
  if (byAttribute && (attributeName === undefined || attributeValue === undefined)) return problem('attribute_name and attribute_value go together');
  const idpEmail = value('idp_email') ?? (attributeName === 'email' ? attributeValue : undefined);
  if (idpEmail === undefined) return problem('no idp_email: the email the IdP asserts for this identity is the evidence that it belongs to the user');
  const verified = value('idp_email_verified');
  if (verified !== undefined && verified !== 'true' && verified !== 'false') return problem(`idp_email_verified is 'true' or 'false' (got '${verified}')`);
  const matchValue = value('idp_match_value');
  return {
    row,
    line,
    user,
    provider,
    link: subject !== undefined ? { kind: 'subject', subject } : { kind: 'attribute', name: attributeName!, value: attributeValue! },
    idpEmail,
    ...(verified !== undefined ? { idpEmailVerified: verified } : {}),
    ...(matchValue !== undefined ? { idpMatchValue: matchValue } : {}),
  };
}
