// The exact-case IdP subject to link with. Cognito matches SAML NameID and OIDC sub
// case-sensitively, but lower-cases the federated userName in case-insensitive pools, so a subject
// cut from the userName can be wrong and the link would never match ("Invalid ProviderName/Username
// combination", docs/cognito-facts.md §3). The policy says where the exact value is: a mapped custom
// attribute, or the userName suffix for IdPs whose subjects have no upper-case letters.
import type { SubjectSource } from '../../policy/schema-types.generated';
import { attribute, type UserAttributes } from './event';

export type SubjectResult =
  | { readonly ok: true; readonly subject: string; readonly from: 'attribute' | 'username_suffix' }
  | { readonly ok: false; readonly reason: 'subject_unavailable' | 'subject_mismatch' };

export function exactSubject(
  source: SubjectSource,
  attributes: UserAttributes,
  suffix: string,
  suffixExact: boolean,
): SubjectResult {
  if (suffix === '') return { ok: false, reason: 'subject_unavailable' };
  if (source.source === 'username_suffix') return { ok: true, subject: suffix, from: 'username_suffix' };
  const value = attribute(attributes, source.attribute);
  if (value === undefined || value === '') {
    // The userName proves the pool kept its case: the suffix is the exact subject.
    return suffixExact ? { ok: true, subject: suffix, from: 'username_suffix' } : { ok: false, reason: 'subject_unavailable' };
  }
  // The attribute must be the same identifier as the one Cognito put in the userName: anything else
  // means the mapping reads the wrong claim, and a link with it would attach the wrong identity.
  // Full Unicode lower-casing on purpose (unlike ascii-case.ts): both values come from the same
  // assertion, and this mirrors Cognito's lower-casing of the userName, whose extent beyond ASCII
  // is undocumented; it decides no match between different people.
  const same = suffixExact ? value === suffix : value.toLowerCase() === suffix.toLowerCase();
  return same ? { ok: true, subject: value, from: 'attribute' } : { ok: false, reason: 'subject_mismatch' };
}
