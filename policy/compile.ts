// Turns validated policy files into the one immutable CompiledPolicySet (policy/compiled.ts):
// defaults applied, names and addresses normalised, indexes built, a digest computed, frozen.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import {
  COMPILED_FORMAT,
  DEFAULT_MESSAGES,
  type CompiledPolicySet,
  type CompiledPoolSettings,
  type CompiledProvider,
  type CompiledTenant,
  type ProviderConnection,
} from './compiled';
import { POLICY_DEFAULTS, POOL_DEFAULTS } from './defaults';
import type { IdentityProvider, Match, PoolSettings, TenantPolicy } from './schema-types.generated';
import { defaultMethodRule, type ProviderMethodRule } from './sign-in-methods';
import { ssoProviderName } from './tenant-checks';

export interface ValidTenant {
  readonly policy: TenantPolicy;
  /** File name relative to the policies directory, e.g. 'acme-corp.yaml'. */
  readonly sourceFile: string;
}

/** Inputs must have passed every check; tenants in any order (the set is ordered by tenant id). */
export function compilePolicySet(pool: PoolSettings, tenants: readonly ValidTenant[]): CompiledPolicySet {
  const ordered = [...tenants].sort((a, b) => (a.policy.tenant.id < b.policy.tenant.id ? -1 : 1));
  const compiledTenants: Record<string, CompiledTenant> = {};
  const providers: Record<string, CompiledProvider> = {};
  const domains: Record<string, string> = {};
  for (const { policy, sourceFile } of ordered) {
    const id = policy.tenant.id;
    compiledTenants[id] = compileTenant(policy, sourceFile);
    for (const provider of policy.identity_providers) providers[provider.name.toLowerCase()] = compileProvider(provider, id);
    for (const domain of policy.tenant.domains) domains[domain] = id;
  }
  const settings = compileSettings(pool);
  const digest = createHash('sha256')
    .update(canonicalJson({ settings, tenants: compiledTenants, providers }))
    .digest('hex');
  return deepFreeze({ format: COMPILED_FORMAT, digest, settings, tenants: compiledTenants, providers, domains });
}

function compileTenant(policy: TenantPolicy, sourceFile: string): CompiledTenant {
  const { linking, native_login: nativeLogin } = policy;
  const match: Match = linking.match ?? POLICY_DEFAULTS.match;
  const exempt = nativeLogin.exempt ?? {};
  return {
    id: policy.tenant.id,
    display_name: policy.tenant.display_name,
    domains: [...policy.tenant.domains],
    providers: policy.identity_providers.map((provider) => provider.name),
    linking: {
      enabled: linking.enabled,
      match: {
        attribute: match.attribute,
        from: match.from ?? match.attribute,
        case: match.case ?? POLICY_DEFAULTS.match.case,
      },
      existing_user: {
        require_verified: linking.existing_user?.require_verified ?? POLICY_DEFAULTS.existing_user.require_verified,
        statuses: [...(linking.existing_user?.statuses ?? POLICY_DEFAULTS.existing_user.statuses)],
      },
      on_no_match: linking.on_no_match ?? POLICY_DEFAULTS.on_no_match,
      on_multiple_matches: POLICY_DEFAULTS.on_multiple_matches,
      after_link: linking.after_link ?? POLICY_DEFAULTS.after_link,
      on_cognito_unavailable: linking.on_cognito_unavailable ?? POLICY_DEFAULTS.on_cognito_unavailable,
      // The note is for reviewers; the trigger needs the identity only.
      do_not_relink: (linking.do_not_relink ?? []).map(({ provider, subject }) => ({ provider, subject })),
    },
    native_login: {
      password_sign_in: nativeLogin.password_sign_in,
      password_sign_up: nativeLogin.password_sign_up ?? POLICY_DEFAULTS.password_sign_up,
      admin_create_user: nativeLogin.admin_create_user ?? POLICY_DEFAULTS.admin_create_user,
      sso_provider: ssoProviderName(policy),
      // Pool usernames and emails compare case-insensitively; the trigger compares lower-cased values.
      exempt: { usernames: lowerCasedUnique(exempt.usernames), emails: lowerCasedUnique(exempt.emails) },
    },
    sign_in_methods: {
      own_providers: methodRule(policy.sign_in_methods?.own_providers ?? defaultMethodRule('own_providers', nativeLogin.password_sign_in)),
      other_providers: methodRule(policy.sign_in_methods?.other_providers ?? defaultMethodRule('other_providers', nativeLogin.password_sign_in)),
    },
    messages: { ...DEFAULT_MESSAGES, ...policy.messages },
    source_file: sourceFile,
  };
}

function methodRule(rule: ProviderMethodRule): ProviderMethodRule {
  return typeof rule === 'string' ? rule : structuredClone(rule);
}

function compileProvider(provider: IdentityProvider, tenantId: string): CompiledProvider {
  return {
    name: provider.name,
    type: provider.type,
    tenant_id: tenantId,
    attribute_mapping: { ...provider.attribute_mapping },
    subject: { ...provider.subject },
    email_trust: provider.email_trust,
    ...(provider.connection ? { connection: compileConnection(provider.connection) } : {}),
  };
}

function compileConnection(connection: ProviderConnection): ProviderConnection {
  const copy = structuredClone(connection);
  // One spelling per file, so the digest does not change with './' or duplicate slashes.
  if ('metadata_file' in copy) copy.metadata_file = posix.normalize(copy.metadata_file);
  return copy;
}

function compileSettings(pool: PoolSettings): CompiledPoolSettings {
  const unknown = pool.unknown_provider ?? POOL_DEFAULTS.unknown_provider;
  return {
    unknown_provider: { action: unknown.action, message: unknown.message ?? POOL_DEFAULTS.unknown_provider.message },
    domain_proof: { unproven: pool.domain_proof?.unproven ?? 'error' },
    app_clients: pool.app_clients.map((client) => ({
      name: client.name,
      sign_in: client.sign_in,
      password_flows: [...(client.password_flows ?? POOL_DEFAULTS.password_flows)],
      generate_secret: client.generate_secret ?? POOL_DEFAULTS.generate_secret,
    })),
    user_writable_attributes: [...(pool.user_writable_attributes ?? POOL_DEFAULTS.user_writable_attributes)],
  };
}

function lowerCasedUnique(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).map((value) => value.toLowerCase()))];
}

/** JSON with object keys sorted at every level, so equal sets hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
