// The example policies in policies/ validate cleanly and compile into the set the trigger, the
// stack and the twin consume: indexes, defaults, immutability, JSON round trip, digest.
import { join } from 'node:path';
import { canonicalJson, loadPolicySet, type CompiledPolicySet } from '../../policy';
import { packageRoot } from '../../policy/package-root';
import { load, tenant } from './helpers';

function examples(): CompiledPolicySet {
  const result = loadPolicySet(join(packageRoot(), 'policies'), { displayDir: 'policies' });
  if (!result.ok) throw new Error(`examples are invalid:\n${result.problems.map((problem) => problem.message).join('\n')}`);
  return result.set;
}

describe('the example policies', () => {
  test('validate with no errors and no warnings', () => {
    const result = loadPolicySet(join(packageRoot(), 'policies'), { displayDir: 'policies' });
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual({ tenants: 3, providers: 3, domains: 6 });
  });

  test('index providers by lower-cased name and domains by tenant', () => {
    const set = examples();
    expect(Object.keys(set.tenants)).toEqual(['acme-corp', 'globex', 'lumen']);
    expect(Object.keys(set.providers)).toEqual(['acmeentraid', 'globexokta', 'google']);
    expect(set.providers['acmeentraid']).toMatchObject({ name: 'AcmeEntraID', type: 'SAML', tenant_id: 'acme-corp', email_trust: 'always' });
    expect(set.providers['globexokta']!.subject).toEqual({ source: 'attribute', attribute: 'custom:idp_sub' });
    expect(set.providers['google']!.connection).toEqual({
      client_id: '123456789012-lumenexamplecognito.apps.googleusercontent.com',
      client_secret: { terraform_variable: 'google_client_secret' },
      scopes: ['openid', 'email', 'profile'],
    });
    expect(set.domains).toEqual({
      'acme.com': 'acme-corp',
      'acme.co.uk': 'acme-corp',
      'globex.example': 'globex',
      'globex-labs.example': 'globex',
      'gmail.com': 'lumen',
      'googlemail.com': 'lumen',
    });
  });

  test('apply the defaults the schema documents', () => {
    const set = examples();
    expect(set.settings.app_clients).toEqual([
      { name: 'web', sign_in: 'sso', password_flows: ['srp'], generate_secret: false },
      { name: 'password', sign_in: 'password', password_flows: ['srp', 'user_password'], generate_secret: false },
    ]);
    expect(set.settings.unknown_provider).toEqual({
      action: 'allow',
      message: 'This sign-in method is not available here. Please sign in another way.',
    });
    const lumen = set.tenants['lumen']!;
    expect(lumen.linking.match).toEqual({ attribute: 'email', from: 'email', case: 'insensitive' });
    expect(lumen.native_login).toEqual({
      password_sign_in: 'allow',
      password_sign_up: 'allow',
      admin_create_user: 'allow',
      sso_provider: 'Google',
      exempt: { usernames: [], emails: [] },
    });
    expect(lumen.messages.sso_required).toBe("Your organisation uses single sign-on. Sign in with your organisation's account.");
    expect(set.tenants['globex']!.native_login.sso_provider).toBe('GlobexOkta');
    expect(set.tenants['globex']!.messages.try_again).toBe('Sign-in is briefly unavailable. Please try again in a moment.');
    expect(set.tenants['acme-corp']!).toMatchObject({ providers: ['AcmeEntraID'], source_file: 'acme-corp.yaml' });
  });

  test('are deep-frozen and survive a JSON round trip unchanged', () => {
    const set = examples();
    expect(JSON.parse(JSON.stringify(set))).toEqual(set);
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.tenants['acme-corp']!.native_login.exempt.usernames)).toBe(true);
    expect(Object.isFrozen(set.providers['google']!.connection)).toBe(true);
    expect(Reflect.set(set.domains, 'evil.com', 'acme-corp')).toBe(false);
    expect(set.domains['evil.com']).toBeUndefined();
  });

  test('carry a sha256 digest of the canonical settings, tenants and providers', () => {
    const set = examples();
    expect(set.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(examples().digest).toBe(set.digest);
  });
});

describe('compiling', () => {
  test('the digest changes with the policy and not with key order or comments', () => {
    const base = load({ 'acme.yaml': tenant('acme') });
    const reordered = load({ 'acme.yaml': `# comment\nlinking:\n  enabled: true\n${tenant('acme').replace('linking:\n  enabled: true\n', '')}` });
    const changed = load({ 'acme.yaml': tenant('acme').replace('enabled: true', 'enabled: false') });
    if (!base.ok || !reordered.ok || !changed.ok) throw new Error('fixtures must be valid');
    expect(reordered.set.digest).toBe(base.set.digest);
    expect(changed.set.digest).not.toBe(base.set.digest);
  });

  test('exempt usernames and emails are lower-cased and de-duplicated', () => {
    const result = load({
      'acme.yaml': tenant('acme', '  exempt:\n    usernames: [BreakGlass, breakglass]\n    emails: [OnCall@Acme.com]\n'),
    });
    if (!result.ok) throw new Error('fixture must be valid');
    expect(result.set.tenants['acme']!.native_login.exempt).toEqual({ usernames: ['breakglass'], emails: ['oncall@acme.com'] });
  });

  test('the SSO provider defaults to the first SAML or OIDC provider, then to the first provider', () => {
    const social = (name: string) =>
      [
        `  - name: ${name}`,
        `    type: ${name}`,
        '    attribute_mapping: {email: email, email_verified: email_verified}',
        '    subject: {source: username_suffix, case_stable_because: subjects are decimal digits.}',
        '    email_trust: email_verified_claim',
        '',
      ].join('\n');
    const socialFirst = tenant('acme').replace('identity_providers:\n', `identity_providers:\n${social('Google')}`);
    const socialOnly = tenant('globex').replace(/identity_providers:\n(?: {2}.*\n)+/, `identity_providers:\n${social('Facebook')}`);
    const result = load({ 'acme.yaml': socialFirst, 'globex.yaml': socialOnly });
    if (!result.ok) throw new Error(`fixtures must be valid: ${JSON.stringify(result.problems)}`);
    expect(result.set.tenants['acme']!.native_login.sso_provider).toBe('AcmeIdP');
    expect(result.set.tenants['globex']!.native_login.sso_provider).toBe('Facebook');
  });

  test('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[{"c":2,"d":1}]}');
  });

  test('metadata_file paths are normalised', () => {
    const saml = tenant('acme')
      .replace('type: OIDC', 'type: SAML')
      .replace('    type: SAML\n', '    type: SAML\n    connection: {metadata_file: ./metadata//acme.xml}\n');
    const result = load({ 'acme.yaml': saml, 'metadata/acme.xml': '<EntityDescriptor entityID="x"></EntityDescriptor>' });
    if (!result.ok) throw new Error(`fixture must be valid: ${JSON.stringify(result.problems)}`);
    expect(result.set.providers['acmeidp']!.connection).toEqual({ metadata_file: 'metadata/acme.xml' });
  });
});
