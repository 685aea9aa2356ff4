// The tenant generator behind the benchmark and the robustness worlds (bench/tenants/): its sets
// must be valid policies and realistic, or every figure measured on them means little.
import { loadPolicySetFromSources } from '../../policy';
import { generateTenantSet, tenantSetSources } from '../../bench/tenants/generate';

describe('generated tenant sets', () => {
  const hundred = generateTenantSet(100);
  const loaded = loadPolicySetFromSources(tenantSetSources(hundred));

  it('pass the validator', () => {
    expect(loaded.ok ? [] : loaded.problems.map((problem) => `${problem.file}:${problem.line} ${problem.rule}`)).toEqual([]);
  });

  it('cover every native_login mode, SAML and OIDC with their claims, the social providers, both fail modes and several domains per tenant', () => {
    if (!loaded.ok) throw new Error('invalid');
    const tenants = Object.values(loaded.set.tenants);
    const providers = Object.values(loaded.set.providers);
    expect(new Set(tenants.map((t) => t.native_login.password_sign_in))).toEqual(new Set(['allow', 'block_linked_users', 'block_tenant_domains']));
    expect(new Set(tenants.map((t) => t.linking.on_cognito_unavailable))).toEqual(new Set(['fail_open', 'fail_closed']));
    expect(new Set(providers.map((p) => p.type))).toEqual(new Set(['SAML', 'OIDC', 'Google', 'SignInWithApple', 'Facebook', 'LoginWithAmazon']));
    expect(providers.find((p) => p.type === 'SAML')?.attribute_mapping['email']).toBe('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress');
    expect(tenants.filter((t) => t.domains.length >= 2).length).toBeGreaterThan(90);
    expect(tenants.some((t) => t.native_login.exempt.usernames.length > 0 && t.native_login.exempt.emails.length > 0)).toBe(true);
  });

  it('are the same files for the same count and seed, and other files for another seed', () => {
    const text = (seed: number) => tenantSetSources(generateTenantSet(20, seed)).map((source) => source.text).join('\n');
    expect(text(1)).toBe(text(1));
    expect(text(2)).not.toBe(text(1));
  });

  it('stay within Cognito\'s 1,000 identity providers however many tenants there are', () => {
    expect(generateTenantSet(1000).tenants.reduce((sum, policy) => sum + policy.identity_providers.length, 0)).toBe(1000);
  });
});
