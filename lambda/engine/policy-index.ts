// The compiled policy set, indexed once per container for the lookups every invocation makes.
// Maps rather than the set's plain objects: an email domain such as "constructor" or "__proto__"
// must not find Object.prototype members.
import type { CompiledPolicySet, CompiledProvider, CompiledTenant } from '../../policy/compiled';

export interface TenantExemptions {
  readonly usernames: ReadonlySet<string>;
  readonly emails: ReadonlySet<string>;
}

export interface PolicyIndex {
  readonly set: CompiledPolicySet;
  /** Lower-cased provider name -> provider. */
  readonly providers: ReadonlyMap<string, CompiledProvider>;
  /** Email domain (lower-case ASCII) -> tenant. */
  readonly domains: ReadonlyMap<string, CompiledTenant>;
  readonly tenants: ReadonlyMap<string, CompiledTenant>;
  readonly exemptions: ReadonlyMap<string, TenantExemptions>;
  /** Tenants whose password_sign_in is block_linked_users: only they need a user's identities. */
  readonly blockLinkedTenants: readonly CompiledTenant[];
}

export function indexPolicySet(set: CompiledPolicySet): PolicyIndex {
  const tenants = new Map(Object.entries(set.tenants));
  const providers = new Map(Object.entries(set.providers));
  const domains = new Map<string, CompiledTenant>();
  for (const [domain, tenantId] of Object.entries(set.domains)) {
    const tenant = tenants.get(tenantId);
    if (!tenant) throw new Error(`compiled policy set: domain ${domain} names unknown tenant ${tenantId}`);
    domains.set(domain, tenant);
  }
  for (const [key, provider] of providers) {
    if (!tenants.has(provider.tenant_id)) {
      throw new Error(`compiled policy set: provider ${key} names unknown tenant ${provider.tenant_id}`);
    }
  }
  const exemptions = new Map<string, TenantExemptions>();
  for (const tenant of tenants.values()) {
    exemptions.set(tenant.id, {
      usernames: new Set(tenant.native_login.exempt.usernames.map((name) => name.toLowerCase())),
      emails: new Set(tenant.native_login.exempt.emails.map((email) => email.toLowerCase())),
    });
  }
  return {
    set,
    providers,
    domains,
    tenants,
    exemptions,
    blockLinkedTenants: [...tenants.values()].filter((t) => t.native_login.password_sign_in === 'block_linked_users'),
  };
}

export function tenantOf(index: PolicyIndex, provider: CompiledProvider): CompiledTenant {
  const tenant = index.tenants.get(provider.tenant_id);
  if (!tenant) throw new Error(`provider ${provider.name} has no tenant ${provider.tenant_id}`);
  return tenant;
}

/** Exempt usernames and emails compare ignoring case: the pool is case-insensitive. */
export function isExempt(index: PolicyIndex, tenant: CompiledTenant, username: string, email: string | undefined): boolean {
  const exempt = index.exemptions.get(tenant.id);
  if (!exempt) return false;
  if (username !== '' && exempt.usernames.has(username.toLowerCase())) return true;
  return email !== undefined && exempt.emails.has(email.toLowerCase());
}
