// The trigger's view of a compiled policy set: only the fields the trigger reads at run time.
// The artifact ships this view, not the whole set: provider connection details and attribute
// mappings (the stack's business), display names and source files (the CLI's) would only make
// the artifact bigger and its cold start slower. Each view type is a Pick of the compiled type
// over the same field list the function copies, so the two cannot drift apart, and the engine is
// typed against the view, so reading a field the view leaves out does not compile.
import type { CompiledPolicySet, CompiledPoolSettings, CompiledProvider, CompiledTenant } from './compiled';

const TENANT_FIELDS = ['id', 'domains', 'providers', 'linking', 'native_login', 'sign_in_methods', 'messages'] as const satisfies readonly (keyof CompiledTenant)[];
const PROVIDER_FIELDS = ['name', 'type', 'tenant_id', 'subject', 'email_trust'] as const satisfies readonly (keyof CompiledProvider)[];
const SETTINGS_FIELDS = ['unknown_provider'] as const satisfies readonly (keyof CompiledPoolSettings)[];

export type TriggerTenant = Pick<CompiledTenant, (typeof TENANT_FIELDS)[number]>;
export type TriggerProvider = Pick<CompiledProvider, (typeof PROVIDER_FIELDS)[number]>;
export type TriggerSettings = Pick<CompiledPoolSettings, (typeof SETTINGS_FIELDS)[number]>;

export interface TriggerPolicySet extends Pick<CompiledPolicySet, 'format' | 'digest' | 'domains'> {
  readonly settings: TriggerSettings;
  readonly tenants: Readonly<Record<string, TriggerTenant>>;
  readonly providers: Readonly<Record<string, TriggerProvider>>;
}

/** The view of `set` (sharing its values): key order is the set's, so its JSON is deterministic. */
export function triggerView(set: CompiledPolicySet): TriggerPolicySet {
  return {
    format: set.format,
    digest: set.digest,
    settings: pick(set.settings, SETTINGS_FIELDS),
    tenants: mapValues(set.tenants, (tenant) => pick(tenant, TENANT_FIELDS)),
    providers: mapValues(set.providers, (provider) => pick(provider, PROVIDER_FIELDS)),
    domains: set.domains,
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as { -readonly [P in K]: T[P] };
  for (const key of keys) picked[key] = value[key];
  return picked;
}

/** Object.fromEntries defines own properties, so a key such as "__proto__" stays a plain key. */
function mapValues<A, B>(record: Readonly<Record<string, A>>, map: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
