// The lookups over the trigger view (lambda/engine/policy-index.ts): nothing is copied at
// container start, so these check the records are read as the Maps they replaced would be.
import { exemption, indexPolicySet, tenantForDomain } from '../../../lambda/engine/policy-index';
import { triggerView } from '../../../policy/trigger-view';
import { exampleParts, policySet } from '../fixtures/policy-set';

describe('the policy index', () => {
  it('finds providers by name ignoring A-Z case only, and their tenants', () => {
    const index = indexPolicySet(triggerView(policySet()));
    expect(index.provider('AcmeEntraID')?.name).toBe('AcmeEntraID');
    expect(index.provider('acmeentraid')?.tenant_id).toBe('acme-corp');
    expect(index.provider('ACMEENTRAID')?.tenant_id).toBe('acme-corp');
    // U+212A KELVIN SIGN folds to "k" under toLowerCase, never here (ascii-case.ts).
    expect(index.provider('Google')).toBeDefined();
    expect(index.provider('Goo\u212Ale')).toBeUndefined();
    expect(index.tenant('globex')?.id).toBe('globex');
  });

  it('finds no Object.prototype member, whatever the name', () => {
    const index = indexPolicySet(policySet());
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(index.provider(name)).toBeUndefined();
      expect(index.tenant(name)).toBeUndefined();
      expect(index.domainOwner(name)).toBeUndefined();
      expect(tenantForDomain(index, `${name}.example`)).toBeUndefined();
    }
  });

  it('owns a domain exactly, and blocks subdomains through their closest owned parent', () => {
    const index = indexPolicySet(policySet());
    expect(index.domainOwner('acme.com')?.id).toBe('acme-corp');
    expect(index.domainOwner('eu.acme.com')).toBeUndefined();
    expect(tenantForDomain(index, 'eu.acme.com')).toMatchObject({ tenant: { id: 'acme-corp' }, owned: 'acme.com' });
  });

  it('lists the blocking tenants once, on first use', () => {
    const index = indexPolicySet(policySet());
    const blocking = index.blockingTenants();
    expect(blocking.map((t) => t.id).sort()).toEqual(['acme-corp', 'globex']);
    expect(index.blockingTenants()).toBe(blocking);
  });

  it('compares exemptions ignoring A-Z case, builds each tenant\'s sets once, and none for a tenant without exemptions', () => {
    const parts = exampleParts();
    parts.tenants[0]!.native_login.exempt = { usernames: ['breakglass'], emails: ['oncall@acme.com'] };
    const index = indexPolicySet(policySet(parts));
    const acme = index.tenant('acme-corp')!;
    expect(exemption(index, acme, 'BreakGlass', undefined)).toBe('username');
    expect(exemption(index, acme, 'someone', 'OnCall@Acme.com')).toBe('email');
    expect(exemption(index, acme, 'someone', 'oncall@acme.org')).toBeUndefined();
    expect(exemption(index, acme, 'brea\u212Aglass', undefined)).toBeUndefined();
    expect(index.exemptions(acme)).toBe(index.exemptions(acme));
    const lumen = index.tenant('lumen')!;
    expect(lumen.native_login.exempt).toEqual({ usernames: [], emails: [] });
    expect(exemption(index, lumen, 'breakglass', 'oncall@acme.com')).toBeUndefined();
    expect(index.exemptions(lumen).usernames.size).toBe(0);
  });
});
