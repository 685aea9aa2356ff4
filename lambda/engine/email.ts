// Emails, read two ways.
//
// For LINKING (trust), strictly: normaliseEmail refuses anything that is not one plain address, and
// the asserted domain must be one of the tenant's domains exactly. A link cannot be undone, so an
// address we cannot read with certainty never links.
//
// For BLOCKING (sign-up block, invitation block, block_tenant_domains), leniently:
// enforcementDomain reads the domain any way a mail system might (the part after the LAST '@',
// trailing dots dropped, IDNA), and policy-index's tenantForDomain counts subdomains, so
// `bob@acme.com.`, `"a@b"@acme.com` and `bob@eu.acme.com` cannot slip past a tenant's block.
//
// Cognito marks a mapped email unverified unless email_verified is mapped, and hands out "false"
// as a placeholder when it is not (docs/cognito-facts.md §9, §11): only the string "true" counts.
import { domainToASCII } from 'node:url';
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import { asciiLowerCase } from './ascii-case';
import { attribute, type UserAttributes } from './event';

export type NormalisedEmail =
  | { readonly ok: true; readonly address: string; readonly domain: string }
  | { readonly ok: false; readonly reason: 'email_missing' | 'email_invalid' };

// C0/C1 controls and format characters (zero-width, bidi overrides): never part of a real
// address, and the usual tools of look-alike and log-injection tricks.
const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
// After IDNA conversion a domain is LDH labels: domainToASCII lets through characters such as '"'.
const HOST_NAME = /^(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
// A host name that domainToASCII returns unchanged: lower-case LDH labels, none a punycode label
// (xn--, which IDNA decodes and checks), the last starting with a letter (a last label that is a
// number sends the WHATWG host parser to IPv4: "0xa" becomes "0.0.0.10"). Nearly every email
// domain is one, and skipping domainToASCII for it saves a few microseconds per invocation; test/
// lambda/engine/ascii-domain.test.ts checks the two agree over generated names.
const PLAIN_HOST = /^(?:(?!xn--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*(?!xn--)[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

/** domainToASCII from node:url (the WHATWG host parser), without its cost for plain host names. */
export function toAsciiDomain(domain: string): string {
  return PLAIN_HOST.test(domain) ? domain : domainToASCII(domain);
}

/** Trimmed, local part with A-Z lower-cased, domain in lower-case ASCII (punycode for internationalised domains). */
export function normaliseEmail(raw: string | undefined): NormalisedEmail {
  if (raw === undefined) return { ok: false, reason: 'email_missing' };
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'email_missing' };
  if (FORBIDDEN.test(trimmed)) return { ok: false, reason: 'email_invalid' };
  const parts = trimmed.split('@');
  if (parts.length !== 2) return { ok: false, reason: 'email_invalid' };
  const [local = '', unicodeDomain = ''] = parts;
  if (local === '' || unicodeDomain === '') return { ok: false, reason: 'email_invalid' };
  const domain = toAsciiDomain(unicodeDomain.toLowerCase()).toLowerCase();
  if (!HOST_NAME.test(domain)) return { ok: false, reason: 'email_invalid' };
  return { ok: true, address: `${asciiLowerCase(local)}@${domain}`, domain };
}

/**
 * The domain an email is delivered to, read leniently for blocking decisions: the part after the
 * last '@', trailing dots stripped, A-Z lower-cased, then IDNA (full-width letters and ideographic
 * dots map to ASCII). undefined when there is no email or IDNA cannot read the domain.
 */
export function enforcementDomain(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = toAsciiDomain(asciiLowerCase(trimmed.slice(at + 1).replace(/\.+$/, '')));
  return domain === '' ? undefined : domain;
}

export type EmailGate =
  | { readonly ok: true; readonly email: string; readonly domain: string }
  | {
      readonly ok: false;
      readonly reason: 'email_missing' | 'email_invalid' | 'domain_not_owned' | 'email_unverified' | 'email_untrusted';
      readonly domain?: string;
    };

export function checkAssertedEmail(
  attributes: UserAttributes,
  provider: TriggerProvider,
  tenant: TriggerTenant,
): EmailGate {
  const email = normaliseEmail(attribute(attributes, 'email'));
  if (!email.ok) return { ok: false, reason: email.reason };
  if (!tenant.domains.includes(email.domain)) return { ok: false, reason: 'domain_not_owned', domain: email.domain };
  switch (provider.email_trust) {
    case 'never':
      return { ok: false, reason: 'email_untrusted', domain: email.domain };
    case 'email_verified_claim':
      if (attribute(attributes, 'email_verified') !== 'true') {
        return { ok: false, reason: 'email_unverified', domain: email.domain };
      }
      break;
    case 'always':
      break;
  }
  return { ok: true, email: email.address, domain: email.domain };
}
