// policy.json (lambda/policy-file.ts): the trigger view with each repeated value written once.
import { generateTenantSet, tenantSetSources } from '../../bench/tenants/generate';
import { decodePolicyFile, encodePolicyFile, type PolicyFile } from '../../lambda/policy-file';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import { loadPolicySetFromSources, type CompiledPolicySet } from '../../policy';
import { triggerView } from '../../policy/trigger-view';
import { exampleParts, policySet } from './fixtures/policy-set';

function generated(count: number): CompiledPolicySet {
  const loaded = loadPolicySetFromSources(tenantSetSources(generateTenantSet(count)));
  if (!loaded.ok) throw new Error('the generated tenants do not load');
  return loaded.set;
}

/** Through JSON, as the artifact stores it. */
function roundTrip(view: ReturnType<typeof triggerView>) {
  return decodePolicyFile(JSON.parse(JSON.stringify(encodePolicyFile(view))) as PolicyFile);
}

describe('policy.json', () => {
  it('decodes to exactly the view it was made from', () => {
    const view = triggerView(policySet());
    expect(roundTrip(view)).toEqual(view);
    const hundred = triggerView(generated(100));
    expect(roundTrip(hundred)).toEqual(hundred);
  });

  it('writes each distinct linking block, message set, exemption list and subject source once', () => {
    const view = triggerView(generated(100));
    const file = encodePolicyFile(view);
    const distinct = (values: unknown[]) => new Set(values.map((value) => JSON.stringify(value))).size;
    const tenants = Object.values(view.tenants);
    expect(file.shared.linking).toHaveLength(distinct(tenants.map((t) => t.linking)));
    expect(file.shared.messages).toHaveLength(distinct(tenants.map((t) => t.messages)));
    expect(file.shared.exempt).toHaveLength(distinct(tenants.map((t) => t.native_login.exempt)));
    expect(file.shared.subject).toHaveLength(distinct(Object.values(view.providers).map((p) => p.subject)));
    expect(file.shared.linking.length).toBeLessThan(tenants.length / 2);
    expect(JSON.stringify(file).length).toBeLessThan(JSON.stringify(view).length * 0.7);
  });

  it('is the same text for the same view', () => {
    expect(JSON.stringify(encodePolicyFile(triggerView(generated(30))))).toBe(JSON.stringify(encodePolicyFile(triggerView(generated(30)))));
  });

  it('decodes records whose keys are own properties only, whatever they are called', () => {
    const file = JSON.parse('{"shared":{"linking":[],"messages":[],"exempt":[],"subject":[]},"tenants":{},"providers":{},"domains":{}}') as PolicyFile;
    const view = decodePolicyFile(file);
    const index = indexPolicySet(view);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(index.tenant(name)).toBeUndefined();
      expect(index.provider(name)).toBeUndefined();
      expect(index.domainOwner(name)).toBeUndefined();
    }
  });

  it('refuses a file that names a shared value it does not hold', () => {
    const file = JSON.parse(JSON.stringify(encodePolicyFile(triggerView(policySet()))));
    file.tenants.globex.messages = 99;
    expect(() => decodePolicyFile(file)).toThrow(/globex refers to shared value 99/);
  });

  it.each([
    ['a provider of a missing tenant', (set: any) => (set.providers.acmeentraid = { ...set.providers.acmeentraid, tenant_id: 'gone' }), /provider acmeentraid names unknown tenant gone/],
    ['a domain of a missing tenant', (set: any) => (set.domains['x.example'] = 'gone'), /domain x\.example names unknown tenant gone/],
    ['a provider keyed other than by its name folded A-Z', (set: any) => (set.providers['AcmeEntraID'] = set.providers.acmeentraid), /keyed AcmeEntraID/],
  ])('refuses to encode a view with %s', (_name, corrupt, message) => {
    const set: any = structuredClone(policySet(exampleParts()));
    corrupt(set);
    expect(() => encodePolicyFile(triggerView(set))).toThrow(message);
  });
});
