// The trigger view (policy/trigger-view.ts): what the artifact ships of a compiled set.
import { join } from 'node:path';
import { loadPolicySet, type CompiledPolicySet } from '../../policy';
import { packageRoot } from '../../policy/package-root';
import { triggerView } from '../../policy/trigger-view';

function examples(): CompiledPolicySet {
  const result = loadPolicySet(join(packageRoot(), 'policies'));
  if (!result.ok) throw new Error('the example policies do not load');
  return result.set;
}

describe('triggerView', () => {
  const set = examples();
  const view = triggerView(set);

  it('keeps the fields the trigger reads, in the set\'s key order', () => {
    expect(Object.keys(view)).toEqual(['format', 'digest', 'settings', 'tenants', 'providers', 'domains']);
    expect(view.settings).toEqual({ unknown_provider: set.settings.unknown_provider });
    expect(Object.keys(view.tenants)).toEqual(Object.keys(set.tenants));
    expect(Object.keys(view.providers)).toEqual(Object.keys(set.providers));
    expect(Object.keys(view.tenants['acme-corp']!)).toEqual(['id', 'domains', 'providers', 'linking', 'native_login', 'sign_in_methods', 'messages']);
    expect(Object.keys(view.providers['acmeentraid']!)).toEqual(['name', 'type', 'tenant_id', 'subject', 'email_trust']);
    expect(view.domains).toBe(set.domains);
  });

  it('drops what only the stack and the CLI use: connections, attribute mappings, display names, source files, app clients', () => {
    const json = JSON.stringify(view);
    for (const field of ['connection', 'attribute_mapping', 'display_name', 'source_file', 'app_clients']) {
      expect(JSON.stringify(set)).toContain(`"${field}"`);
      expect(json).not.toContain(`"${field}"`);
    }
  });

  it('shares the set\'s values instead of copying them', () => {
    expect(view.tenants['globex']!.linking).toBe(set.tenants['globex']!.linking);
    expect(view.providers['google']!.subject).toBe(set.providers['google']!.subject);
  });

  it('keeps a key such as "__proto__" an own key', () => {
    const tenant = set.tenants['acme-corp']!;
    const odd = { ...set, tenants: Object.fromEntries([['__proto__', tenant]]) } as CompiledPolicySet;
    const oddView = triggerView(odd);
    expect(Object.hasOwn(oddView.tenants, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(oddView.tenants)).toBe(Object.prototype);
  });
});
