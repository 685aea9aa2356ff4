// Rules about one tenant file that JSON Schema cannot express. They run only on files that passed
// the schema, so the data has the TenantPolicy shape.
import { decodePunycode, isInternationalised } from './domains';
import type { DocPath } from './json-path';
import type { Problem } from './problems';
import { placeOf, problemAt } from './report';
import type { IdentityProvider, TenantPolicy } from './schema-types.generated';
import { closest } from './suggest';
import type { ParsedYaml } from './yaml-source';

/** Cognito's CustomAttributeNameType: 1-20 characters of [\p{L}\p{M}\p{S}\p{N}\p{P}] (AWS API model, AddCustomAttributes). */
export const CUSTOM_ATTRIBUTE_NAME_MAX = 20;
const CUSTOM_ATTRIBUTE_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
/** Cognito IdP identifiers are 1-40 characters (AWS API model, IdpIdentifierType); longer domains cannot route. */
export const IDP_IDENTIFIER_MAX = 40;
const ENTERPRISE_TYPES: ReadonlySet<string> = new Set(['SAML', 'OIDC']);

export function checkTenant(parsed: ParsedYaml, policy: TenantPolicy, expectedId: string): Problem[] {
  const problems: Problem[] = [];
  const at = (path: DocPath, spec: Parameters<typeof problemAt>[2]) => problems.push(problemAt(parsed, path, spec));

  if (policy.tenant.id !== expectedId) {
    at(['tenant', 'id'], {
      rule: 'tenant.id-mismatch',
      message: `tenant.id '${policy.tenant.id}' does not match the file name '${expectedId}.yaml'`,
      hint: `The file name is the tenant id: rename the file to ${policy.tenant.id}.yaml, or set id: ${expectedId}.`,
    });
  }

  checkDomains(policy, at);
  policy.identity_providers.forEach((provider, index) => checkProvider(provider, ['identity_providers', index], at));
  checkLinking(parsed, policy, at);
  checkNativeLogin(policy, at);
  return problems;
}

type Report = (path: DocPath, spec: Parameters<typeof problemAt>[2]) => void;

function checkDomains(policy: TenantPolicy, at: Report): void {
  const own = new Set(policy.tenant.domains);
  policy.tenant.domains.forEach((domain, index) => {
    if (isInternationalised(domain) && decodePunycode(domain) === undefined) {
      at(['tenant', 'domains', index], {
        rule: 'domain.punycode-invalid',
        message: `domain '${domain}' has an xn-- label that is not valid punycode`,
        hint: "Convert the Unicode domain with an IDNA tool (for example node -p \"url.domainToASCII('bücher.example')\") and paste the result.",
      });
    }
  });
  (policy.tenant.nested_domains_allowed ?? []).forEach((domain, index) => {
    if (!own.has(domain)) {
      at(['tenant', 'nested_domains_allowed', index], {
        rule: 'tenant.nested-domain-not-owned',
        message: `nested_domains_allowed lists '${domain}', which is not in this tenant's domains`,
        hint: 'List only domains of this tenant that sit under another tenant\'s domain; add it to domains first if the tenant owns it.',
      });
    }
  });
  const sso = policy.identity_providers.find((provider) => provider.name === ssoProviderName(policy));
  if (sso && ENTERPRISE_TYPES.has(sso.type)) {
    policy.tenant.domains.forEach((domain, index) => {
      if (domain.length > IDP_IDENTIFIER_MAX) {
        at(['tenant', 'domains', index], {
          rule: 'domain.too-long-for-routing',
          message: `domain '${domain}' is ${domain.length} characters; Cognito IdP identifiers hold at most ${IDP_IDENTIFIER_MAX}, so managed login cannot route it to ${sso.name}`,
          hint: 'Users of this domain must pick the provider themselves (or the app passes identity_provider); the policy still applies to them.',
          severity: 'warning',
        });
      }
    });
  }
}

function checkProvider(provider: IdentityProvider, path: DocPath, at: Report): void {
  if (provider.name.toLowerCase() === 'cognito') {
    at([...path, 'name'], {
      rule: 'provider.reserved-name',
      message: `provider name '${provider.name}' is reserved: Cognito uses it for the user pool's own directory`,
      hint: 'Choose another name, for example the organisation and IdP product (AcmeEntraID).',
    });
  }
  for (const attribute of Object.keys(provider.attribute_mapping)) {
    checkCustomAttributeName(attribute, [...path, 'attribute_mapping', attribute], at, 'key');
  }
  if (provider.subject.source === 'attribute') {
    const attribute = provider.subject.attribute;
    checkCustomAttributeName(attribute, [...path, 'subject', 'attribute'], at, 'value');
    if (!(attribute in provider.attribute_mapping)) {
      at([...path, 'subject', 'attribute'], {
        rule: 'provider.subject-not-mapped',
        message: `subject attribute '${attribute}' is not mapped in ${provider.name}'s attribute_mapping`,
        hint: `Map it from the claim that carries the exact-case subject, e.g. ${attribute}: sub (OIDC) or the SAML attribute that repeats the NameID.`,
      });
    }
  }
  if (provider.email_trust === 'always' && !ENTERPRISE_TYPES.has(provider.type)) {
    at([...path, 'email_trust'], {
      rule: 'provider.email-trust-always-social',
      message: `email_trust 'always' is not allowed for ${provider.type}: people choose and assert the addresses on social accounts`,
      hint: 'Use email_verified_claim (map email_verified) or never.',
    });
  }
}

function checkCustomAttributeName(attribute: string, path: DocPath, at: Report, part: 'key' | 'value'): void {
  if (!attribute.startsWith('custom:')) return;
  const name = attribute.slice('custom:'.length);
  if (name.length > CUSTOM_ATTRIBUTE_NAME_MAX || !CUSTOM_ATTRIBUTE_NAME.test(name)) {
    at(path, {
      rule: 'attribute.custom-name',
      message:
        name.length > CUSTOM_ATTRIBUTE_NAME_MAX
          ? `custom attribute '${attribute}' has a ${name.length}-character name; Cognito allows at most ${CUSTOM_ATTRIBUTE_NAME_MAX} after custom:`
          : `custom attribute '${attribute}' has characters Cognito does not allow in a name (whitespace or control characters)`,
      hint: 'Shorten or rename it, e.g. custom:idp_sub. Custom attributes cannot be renamed once the pool exists.',
      part,
    });
  }
}

function checkLinking(parsed: ParsedYaml, policy: TenantPolicy, at: Report): void {
  const { linking } = policy;
  if (!linking.enabled) return;
  const match = linking.match ?? { attribute: 'email' as const };
  if (match.attribute === 'username' && match.from === undefined) {
    at(['linking', 'match', 'attribute'], {
      rule: 'linking.username-needs-from',
      message: "linking.match.attribute 'username' needs linking.match.from: federated sign-ins carry no native username",
      hint: 'Set from: to the mapped attribute holding the native username, e.g. custom:native_username.',
    });
  }
  if (match.from !== undefined) checkCustomAttributeName(match.from, ['linking', 'match', 'from'], at, 'value');
  const from = match.from ?? (match.attribute === 'username' ? undefined : match.attribute);
  const fromPlace = placeOf(parsed, match.from !== undefined ? ['linking', 'match', 'from'] : linking.match ? ['linking', 'match', 'attribute'] : ['linking', 'enabled']);

  policy.identity_providers.forEach((provider, index) => {
    if (provider.email_trust === 'never') return;
    const path: DocPath = ['identity_providers', index];
    const mapped = provider.attribute_mapping;
    if (!('email' in mapped)) {
      at([...path, 'attribute_mapping'], {
        rule: 'linking.email-not-mapped',
        message: `${provider.name} links (email_trust ${provider.email_trust}) but does not map email`,
        hint: `Map email from the IdP's email claim, or set email_trust: never so ${provider.name} never links.`,
      });
    }
    if (from !== undefined && from !== 'email' && !(from in mapped)) {
      at([...path, 'attribute_mapping'], {
        rule: 'linking.match-from-not-mapped',
        message: `${provider.name} does not map '${from}', the attribute linking matches on (${fromPlace})`,
        hint: `Map ${from} from the IdP claim that holds it, or set email_trust: never so ${provider.name} never links.`,
      });
    }
    if (provider.email_trust === 'email_verified_claim' && !('email_verified' in mapped)) {
      at([...path, 'email_trust'], {
        rule: 'linking.email-verified-not-mapped',
        message: `${provider.name} trusts the email_verified claim but does not map email_verified`,
        hint: 'Map email_verified from the IdP claim; without it Cognito sets email_verified=false and nothing would ever link.',
      });
    }
  });

  if (policy.identity_providers.every((provider) => provider.email_trust === 'never')) {
    at(['linking', 'enabled'], {
      rule: 'linking.no-trusted-provider',
      message: 'linking is enabled but every provider has email_trust never, so nothing can link',
      hint: 'Set email_trust on the provider that should link, or set linking.enabled: false.',
      severity: 'warning',
    });
  }
  if (linking.existing_user?.require_verified === false) {
    at(['linking', 'existing_user', 'require_verified'], {
      rule: 'linking.require-verified-off',
      message: 'require_verified is false: a federated sign-in can link to an account whose address nobody proved',
      hint: 'Anyone can sign up with a victim\'s address and wait for the victim\'s first SSO sign-in (pre-account takeover). Keep true unless every native account is admin-created.',
      severity: 'warning',
    });
  }
}

function checkNativeLogin(policy: TenantPolicy, at: Report): void {
  const wanted = policy.native_login.sso_provider;
  if (wanted === undefined) return;
  const names = policy.identity_providers.map((provider) => provider.name);
  if (names.includes(wanted)) return;
  const suggestion = closest(wanted, names);
  at(['native_login', 'sso_provider'], {
    rule: 'native-login.sso-provider-unknown',
    message: `sso_provider '${wanted}' is not one of this tenant's providers (${names.join(', ')})`,
    hint: suggestion ? `Did you mean '${suggestion}'? Names are exact-case.` : 'Name one of the providers listed in identity_providers, exact case.',
  });
}

/** The provider named in SSO_REQUIRED refusals: explicit, else the first SAML/OIDC provider, else the first. */
export function ssoProviderName(policy: TenantPolicy): string {
  const explicit = policy.native_login.sso_provider;
  if (explicit !== undefined) return explicit;
  const providers = policy.identity_providers;
  return (providers.find((provider) => ENTERPRISE_TYPES.has(provider.type)) ?? providers[0]).name;
}
