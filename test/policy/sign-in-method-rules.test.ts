// sign_in_methods in the validator and the compiler: defaults, the names the rules list, and the
// settings they must not contradict, each problem at its file:line:column.
import { POOL, errors, load, tenant, warnings, yaml } from './helpers';

/** A tenant with a second provider (<Id>Legacy) and extra YAML appended. */
function twoProviders(id: string, extra = ''): string {
  const legacy = `${id.charAt(0).toUpperCase()}${id.slice(1)}Legacy`;
  return tenant(id).replace(
    'linking:\n',
    yaml`
      - name: ${legacy}
        type: SAML
        attribute_mapping:
          email: email
          email_verified: email_verified
          custom:idp_sub: sub
        subject: {source: attribute, attribute: custom:idp_sub}
        email_trust: always
    `
      .split('\n')
      .map((line) => (line === '' ? line : `  ${line}`))
      .join('\n') + 'linking:\n',
  ) + extra;
}

describe('compiled sign_in_methods', () => {
  test('defaults: own providers allowed; other providers refused only by a block_tenant_domains tenant', () => {
    const result = load({
      'acme.yaml': tenant('acme'),
      'globex.yaml': tenant('globex').replace('password_sign_in: allow', 'password_sign_in: block_tenant_domains'),
      'initech.yaml': tenant('initech').replace('password_sign_in: allow', 'password_sign_in: block_linked_users'),
    });
    if (!result.ok) throw new Error(errors(result).join('\n'));
    expect(result.set.tenants['acme']!.sign_in_methods).toEqual({ own_providers: 'allow', other_providers: 'allow' });
    expect(result.set.tenants['globex']!.sign_in_methods).toEqual({ own_providers: 'allow', other_providers: 'refuse' });
    expect(result.set.tenants['initech']!.sign_in_methods).toEqual({ own_providers: 'allow', other_providers: 'allow' });
  });

  test('stated rules are kept as written; sso_provider defaults to the first provider own_providers allows', () => {
    const result = load({
      'acme.yaml': twoProviders('acme', 'sign_in_methods:\n  own_providers: {allow_only: [AcmeLegacy]}\n  other_providers: refuse\n'),
    });
    if (!result.ok) throw new Error(errors(result).join('\n'));
    expect(result.set.tenants['acme']!.sign_in_methods).toEqual({ own_providers: { allow_only: ['AcmeLegacy'] }, other_providers: 'refuse' });
    expect(result.set.tenants['acme']!.native_login.sso_provider).toBe('AcmeLegacy');
  });
});

describe('sign_in_methods rules', () => {
  test('methods.own-provider-unknown: own_providers lists this tenant\'s providers only, exact case', () => {
    const text = twoProviders('acme', 'sign_in_methods:\n  own_providers: {allow_only: [AcmeIdP, acmelegacy, GlobexIdP]}\n');
    expect(errors(load({ 'acme.yaml': text, 'globex.yaml': tenant('globex') }))).toEqual([
      "policies/acme.yaml:30:41 methods.own-provider-unknown: own_providers.allow_only lists 'acmelegacy', which is not one of this tenant's providers (AcmeIdP, AcmeLegacy)",
      "policies/acme.yaml:30:53 methods.own-provider-unknown: own_providers.allow_only lists 'GlobexIdP', which is not one of this tenant's providers (AcmeIdP, AcmeLegacy)",
    ]);
  });

  test('methods.other-lists-own: an own provider under other_providers', () => {
    const text = tenant('acme', 'sign_in_methods:\n  other_providers: {allow_only: [AcmeIdP]}\n');
    expect(errors(load({ 'acme.yaml': text }))).toEqual([
      "policies/acme.yaml:22:34 methods.other-lists-own: other_providers.allow_only lists 'AcmeIdP', one of this tenant's own providers",
    ]);
  });

  test('methods.provider-unknown and methods.provider-name-case: other_providers names declared providers, exact case', () => {
    const text = tenant('acme', 'sign_in_methods:\n  other_providers:\n    allow_only:\n      - GlobexIdp\n      - Googel\n');
    expect(errors(load({ 'acme.yaml': text, 'globex.yaml': tenant('globex') }))).toEqual([
      "policies/acme.yaml:24:9 methods.provider-name-case: other_providers.allow_only lists 'GlobexIdp', but tenant 'globex' spells the provider 'GlobexIdP'",
      "policies/acme.yaml:25:9 methods.provider-unknown: other_providers.allow_only lists 'Googel', which no tenant declares",
    ]);
  });

  test('methods.sso-provider-refused: the provider SSO_REQUIRED names must be one people may use', () => {
    const explicit = twoProviders('acme', 'sign_in_methods:\n  own_providers: {allow_only: [AcmeIdP]}\n').replace(
      'password_sign_in: allow',
      'password_sign_in: allow\n  sso_provider: AcmeLegacy',
    );
    expect(errors(load({ 'acme.yaml': explicit }))).toEqual([
      "policies/acme.yaml:29:17 methods.sso-provider-refused: sso_provider 'AcmeLegacy' is refused by sign_in_methods.own_providers (allow_only [AcmeIdP], policies/acme.yaml:31): SSO_REQUIRED would send people to a provider that refuses them",
    ]);
    const none = tenant('acme', 'sign_in_methods:\n  own_providers: refuse\n');
    const result = load({ 'acme.yaml': none });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:22:18 methods.sso-provider-refused: sign_in_methods.own_providers (refuse) refuses every one of this tenant's providers, so SSO_REQUIRED has none to name",
    ]);
    expect(result.ok ? '' : result.problems[0]!.hint).toContain('a tenant always needs one provider its people may use');
  });

  test('methods.sso-tenant-allows-others (warning): a block_tenant_domains tenant stating other_providers: allow', () => {
    const text = tenant('globex', 'sign_in_methods:\n  other_providers: allow\n').replace('password_sign_in: allow', 'password_sign_in: block_tenant_domains');
    const result = load({ 'globex.yaml': text });
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toEqual([
      "policies/globex.yaml:22:20 methods.sso-tenant-allows-others: other_providers: allow lets any other provider (a social account, another tenant's IdP) sign in people of this tenant's domains, while password_sign_in: block_tenant_domains (policies/globex.yaml:20) requires SSO for them",
    ]);
  });

  test('methods.consumer-refuses: a consumer tenant does not own the people at its public mail domains', () => {
    const text = yaml`
      version: 1
      tenant: {id: lumen, display_name: Lumen, domains: [gmail.com], consumer: true}
      identity_providers:
        - name: Google
          type: Google
          attribute_mapping: {email: email, email_verified: email_verified}
          subject: {source: username_suffix, case_stable_because: Google subjects are decimal digits.}
          email_trust: email_verified_claim
      linking: {enabled: true}
      native_login: {password_sign_in: allow}
      sign_in_methods: {own_providers: allow, other_providers: refuse}
    `;
    expect(errors(load({ 'lumen.yaml': text }))).toEqual([
      'policies/lumen.yaml:11:58 methods.consumer-refuses: consumer tenant lumen: sign_in_methods.other_providers refuse would refuse providers to everyone at its public mail domains',
    ]);
  });

  test('methods.mixed-client: a client offering SSO and passwords while a tenant refuses providers (and blocks no password)', () => {
    const pool = POOL.replace('sign_in: password', 'sign_in: sso_and_password');
    const text = tenant('acme', 'sign_in_methods:\n  other_providers: refuse\n');
    expect(errors(load({ '_pool.yaml': pool, 'acme.yaml': text }))).toEqual([
      "policies/_pool.yaml:6:14 methods.mixed-client: app client 'password' offers SSO and password sign-in together, but tenant 'acme' refuses some providers (sign_in_methods.other_providers, policies/acme.yaml:22)",
    ]);
  });

  test('schema: a rule is allow, refuse or allow_only, and allow_only is a non-empty list of provider names', () => {
    const result = load({ 'acme.yaml': tenant('acme', 'sign_in_methods:\n  own_providers: block\n  other_providers: {allow_only: []}\n  password: allow\n') });
    expect(errors(result)).toEqual([
      "policies/acme.yaml:22:18 schema.enum: own_providers must be one of allow, refuse, or a mapping with the key allow_only (got 'block')",
      'policies/acme.yaml:23:33 schema.items: allow_only must list at least 1 entry',
      "policies/acme.yaml:24:3 schema.unknown-key: unknown key 'password' in sign_in_methods",
    ]);
  });
});
