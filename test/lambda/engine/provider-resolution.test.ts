import { indexPolicySet } from '../../../lambda/engine/policy-index';
import { candidatePrefixes, resolveProvider } from '../../../lambda/engine/provider-resolution';
import { acmeProvider, acmeTenant, exampleParts, policySet } from '../fixtures/policy-set';

const index = indexPolicySet(policySet());

function known(userName: string) {
  const resolved = resolveProvider(index, userName);
  if (resolved.kind !== 'known') throw new Error(`${userName} did not resolve`);
  return resolved;
}

describe('provider resolution from the federated userName (docs/cognito-facts.md §3, §9)', () => {
  it('matches the prefix ignoring case: case-insensitive pools lower-case it (amplify-js #8823: facebook_ vs Facebook_)', () => {
    expect(known('acmeentraid_AbC-123').provider.name).toBe('AcmeEntraID');
    expect(known('AcmeEntraID_AbC-123').provider.name).toBe('AcmeEntraID');
    expect(known('ACMEENTRAID_x').tenant.id).toBe('acme-corp');
  });

  it('splits right after the matched prefix: subjects may contain "_" (traps 5)', () => {
    expect(known('google_1234_5678').suffix).toBe('1234_5678');
    expect(known('acmeentraid_ad_rumesh_').suffix).toBe('ad_rumesh_');
  });

  it('knows the suffix is exact only when the prefix kept the exact, mixed-case name', () => {
    expect(known('AcmeEntraID_AbC').suffixExact).toBe(true);
    expect(known('acmeentraid_abc').suffixExact).toBe(false);
    expect(known('ACMEENTRAID_ABC').suffixExact).toBe(false);
  });

  it('an all-lower-case provider name proves nothing about the case of the suffix', () => {
    const parts = exampleParts();
    const lower = { ...acmeProvider(), name: 'acmesso' };
    parts.providers = [lower];
    const tenant = acmeTenant();
    tenant.providers = ['acmesso'];
    tenant.native_login.sso_provider = 'acmesso';
    parts.tenants = [tenant];
    const resolved = resolveProvider(indexPolicySet(policySet(parts)), 'acmesso_AbC');
    expect(resolved.kind === 'known' && resolved.suffixExact).toBe(false);
  });

  it('tries the prefix up to the second "_" when the name has "_" as its 2nd character (Cognito name pattern)', () => {
    const parts = exampleParts();
    const tenant = acmeTenant();
    tenant.providers = ['X_Corp'];
    tenant.native_login.sso_provider = 'X_Corp';
    parts.tenants = [tenant];
    parts.providers = [{ ...acmeProvider(), name: 'X_Corp' }];
    const idx = indexPolicySet(policySet(parts));
    const resolved = resolveProvider(idx, 'x_corp_Sub_With_Underscores');
    expect(resolved.kind).toBe('known');
    if (resolved.kind === 'known') {
      expect(resolved.provider.name).toBe('X_Corp');
      expect(resolved.suffix).toBe('Sub_With_Underscores');
    }
    expect(candidatePrefixes('x_corp_sub')).toEqual(['x', 'x_corp']);
    expect(candidatePrefixes('acme_sub_x')).toEqual(['acme']);
  });

  it('does not take another tenant\'s provider by a longer or shorter prefix', () => {
    expect(resolveProvider(index, 'acmeentraidx_123').kind).toBe('unknown');
    expect(resolveProvider(index, 'acme_123').kind).toBe('unknown');
    expect(resolveProvider(index, 'googlee_123').kind).toBe('unknown');
  });

  it('is unknown without a prefix, for a leading "_", for Cognito itself and for prototype names', () => {
    for (const userName of ['', 'nounderscore', '_acmeentraid_1', 'cognito_abc', '__proto___x', 'constructor_x', 'toString_x']) {
      expect(resolveProvider(index, userName).kind).toBe('unknown');
    }
  });
});
