// Rules about one tenant file that JSON Schema cannot express. They run only on files that passed
// the schema, so the data has the TenantPolicy shape.
import { checkConsumerDomains } from './consumer-checks';
import { CUSTOM_ATTRIBUTE_NAME_MAX, CUSTOM_ATTRIBUTE_NAME_PATTERN, IDP_IDENTIFIER_MAX, LINK_SOURCE_COMBINED_MAX, linkableSubjectLength } from './cognito-limits';
import { decodePunycode, isInternationalised } from './domains';
import type { DocPath } from './json-path';
import type { Problem } from './problems';
import { placeOf, problemAt } from './report';
import type { IdentityProvider, TenantPolicy } from './schema-types.generated';
import { defaultMethodRule, ruleAllows } from './sign-in-methods';
import { closest } from './suggest';
import type { ParsedYaml } from './yaml-source';

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
  checkEmailVerifiedMapped(policy, at);
  checkLinkSourceLength(policy, at);
  checkNativeLogin(policy, at);
  checkConsumerDomains(policy, at);
  checkDoNotRelink(policy, at);
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
  const folding = caseFoldingLetters(provider.name);
  if (folding.length > 0) {
    at([...path, 'name'], {
      rule: 'provider.name-case-folding',
      message:
        `provider name '${provider.name}' has ${folding.map(describeCharacter).join(', ')}, whose lower-case form is not an ASCII lower-case letter; ` +
        'Cognito lower-cases federated user names in this pool, and its lower-casing and the trigger\'s may not agree on such letters',
      hint: 'Spell the upper-case letters of provider names in ASCII (A-Z); lower-case letters, digits and punctuation from any script are fine.',
    });
  }
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

/**
 * The characters of a provider name that lower-casing changes into something other than an ASCII
 * lower-case letter ('İ' becomes 'i̇', two code units; the Kelvin sign becomes 'k'; 'É' becomes 'é').
 * Empty for names whose lower-case form is their ASCII lower-casing, which every lower-casing agrees on.
 */
export function caseFoldingLetters(name: string): string[] {
  return [...new Set([...name].filter((character) => character.toLowerCase() !== character.replace(/[A-Z]/, (letter) => letter.toLowerCase())))];
}

function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `'${character}' (U+${codePoint})`;
}

function checkCustomAttributeName(attribute: string, path: DocPath, at: Report, part: 'key' | 'value'): void {
  if (!attribute.startsWith('custom:')) return;
  const name = attribute.slice('custom:'.length);
  if (name.length > CUSTOM_ATTRIBUTE_NAME_MAX || !CUSTOM_ATTRIBUTE_NAME_PATTERN.test(name)) {
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
  if (match.attribute !== 'email') {
    at(['linking', 'match', 'attribute'], {
      rule: 'linking.match-not-email',
      message: `linking finds the existing user by '${match.attribute}', which people can often set themselves at their IdP (a profile field, a phone number, a chosen user name)`,
      hint:
        `The trigger still links only to a user whose verified email is in this tenant's domains, but within them anyone who can assert another person's ${match.attribute} ` +
        'reaches that person\'s account. Match on email unless every provider of this tenant sets this attribute itself and users cannot change it.',
      severity: 'warning',
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

/**
 * SAML has no email_verified claim and OIDC IdPs may omit it; when it is unmapped Cognito may write
 * email_verified=false at every sign-in (reference §11; twin switch g), onto a linked native user
 * too, which unverifies the address that email recovery and later links rely on.
 */
function checkEmailVerifiedMapped(policy: TenantPolicy, at: Report): void {
  policy.identity_providers.forEach((provider, index) => {
    if (!ENTERPRISE_TYPES.has(provider.type)) return;
    const mapped = provider.attribute_mapping;
    if (!('email' in mapped) || 'email_verified' in mapped) return;
    // linking.email-verified-not-mapped already refuses this provider.
    if (policy.linking.enabled && provider.email_trust === 'email_verified_claim') return;
    at(['identity_providers', index, 'attribute_mapping'], {
      rule: 'provider.email-verified-unmapped',
      message: `${provider.name} maps email but not email_verified: Cognito may then set email_verified=false at each of its sign-ins, on a linked native account too`,
      hint:
        provider.type === 'SAML'
          ? 'SAML has no such claim: have the IdP send one with the constant value "true" (Entra ID: Attributes & Claims, a claim whose source attribute is the constant true) and map email_verified to it, if it only issues addresses it owns.'
          : "Map email_verified from the IdP's email_verified claim.",
      severity: 'warning',
      part: 'key',
    });
  });
}

/** SAML attributes that carry a fixed-length opaque id (Entra's objectidentifier is a 36-character GUID). */
const OPAQUE_ID_CLAIM = /objectidentifier|objectguid|immutableid|persistent|uuid|guid|(?:^|[/:#.])(?:oid|uid|sub)$/i;

/**
 * AdminLinkProviderForUser refuses a source whose provider name, Cognito_Subject and subject exceed
 * about 128 characters ([OBS] aws-sdk-js-v3 #6985, docs/cognito-facts.md §4). A SAML subject is the
 * NameID, and an email-format NameID can be 254 characters, so a SAML provider that links warns
 * unless its subject attribute repeats an opaque id. Such sign-ins are refused with
 * link_source_too_long (LINK_DENIED); OIDC subjects are the IdP's `sub`, short in practice.
 */
function checkLinkSourceLength(policy: TenantPolicy, at: Report): void {
  if (!policy.linking.enabled) return;
  policy.identity_providers.forEach((provider, index) => {
    if (provider.type !== 'SAML' || provider.email_trust === 'never') return;
    const claim = provider.subject.source === 'attribute' ? provider.attribute_mapping[provider.subject.attribute] : undefined;
    if (claim !== undefined && OPAQUE_ID_CLAIM.test(claim)) return;
    const room = linkableSubjectLength(provider.name);
    at(['identity_providers', index, 'subject'], {
      rule: 'provider.subject-may-exceed-link-limit',
      message:
        `${provider.name} links by its SAML NameID, and a NameID longer than ${room} characters cannot be linked: Cognito refuses a link whose ` +
        `provider name, Cognito_Subject and subject exceed ${LINK_SOURCE_COMBINED_MAX} characters (${claim === undefined ? 'the NameID format is unknown here' : `the subject comes from '${claim}'`}; an email-format NameID can be 254)`,
      hint:
        'Use a persistent, opaque NameID (Entra ID: user.objectid; Okta: user.id) and map the same value as the subject attribute, or shorten the provider name. ' +
        'Until then such sign-ins are refused with link_source_too_long (LINK_DENIED), never given a separate account.',
      severity: 'warning',
    });
  });
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

function checkDoNotRelink(policy: TenantPolicy, at: Report): void {
  const names = policy.identity_providers.map((provider) => provider.name);
  (policy.linking.do_not_relink ?? []).forEach((entry, index) => {
    if (names.includes(entry.provider)) return;
    const suggestion = closest(entry.provider, names);
    at(['linking', 'do_not_relink', index, 'provider'], {
      rule: 'linking.do-not-relink-provider-unknown',
      message: `do_not_relink names '${entry.provider}', which is not one of this tenant's providers (${names.join(', ')})`,
      hint: suggestion ? `Did you mean '${suggestion}'? Names are exact-case.` : "An identity is kept off by its own tenant's policy: name one of the providers in identity_providers, exact case.",
    });
  });
}

/**
 * The provider named in SSO_REQUIRED refusals: explicit, else the first SAML/OIDC provider that
 * sign_in_methods.own_providers allows, else the first allowed one (else the first: the validator
 * then reports that refusals have no provider to name).
 */
export function ssoProviderName(policy: TenantPolicy): string {
  const explicit = policy.native_login.sso_provider;
  if (explicit !== undefined) return explicit;
  const own = policy.sign_in_methods?.own_providers ?? defaultMethodRule('own_providers', policy.native_login.password_sign_in);
  const allowed = policy.identity_providers.filter((provider) => ruleAllows(own, provider.name));
  const candidates = allowed.length > 0 ? allowed : policy.identity_providers;
  return (candidates.find((provider) => ENTERPRISE_TYPES.has(provider.type)) ?? candidates[0]!).name;
}
