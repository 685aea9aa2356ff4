// The compiled policy set, indexed once per container for the lookups every invocation makes.
// Maps rather than the set's plain objects: an email domain such as "constructor" or "__proto__"
// must not find Object.prototype members.
import type { CompiledPolicySet, CompiledProvider, CompiledTenant } from '../../policy/compiled';
import { asciiLowerCase } from './ascii-case';

export interface TenantExemptions {
  readonly usernames: ReadonlySet<string>;
  readonly emails: ReadonlySet<string>;
}

export interface PolicyIndex {
  readonly set: CompiledPolicySet;
  /** Provider name with A-Z lower-cased -> provider. */
  readonly providers: ReadonlyMap<string, CompiledProvider>;
  /** Email domain (lower-case ASCII) -> tenant. */
  readonly domains: ReadonlyMap<string, CompiledTenant>;
  readonly tenants: ReadonlyMap<string, CompiledTenant>;
  readonly exemptions: ReadonlyMap<string, TenantExemptions>;
  /** Tenants that block some password sign-ins: only they need to know a user's identities. */
  readonly blockingTenants: readonly CompiledTenant[];
}

export function indexPolicySet(set: CompiledPolicySet): PolicyIndex {
  const tenants = new Map(Object.entries(set.tenants));
  const providers = new Map<string, CompiledProvider>();
  for (const [key, provider] of Object.entries(set.providers)) {
    if (!tenants.has(provider.tenant_id)) {
      throw new Error(`compiled policy set: provider ${key} names unknown tenant ${provider.tenant_id}`);
    }
    providers.set(asciiLowerCase(provider.name), provider);
  }
  const domains = new Map<string, CompiledTenant>();
  for (const [domain, tenantId] of Object.entries(set.domains)) {
    const tenant = tenants.get(tenantId);
    if (!tenant) throw new Error(`compiled policy set: domain ${domain} names unknown tenant ${tenantId}`);
    domains.set(domain, tenant);
  }
  const exemptions = new Map<string, TenantExemptions>();
  for (const tenant of tenants.values()) {
    exemptions.set(tenant.id, {
      usernames: new Set(tenant.native_login.exempt.usernames.map(asciiLowerCase)),
      emails: new Set(tenant.native_login.exempt.emails.map(asciiLowerCase)),
    });
  }
  return {
    set,
    providers,
    domains,
    tenants,
    exemptions,
    blockingTenants: [...tenants.values()].filter((t) => t.native_login.password_sign_in !== 'allow'),
  };
}

export function tenantOf(index: PolicyIndex, provider: CompiledProvider): CompiledTenant {
  const tenant = index.tenants.get(provider.tenant_id);
  if (!tenant) throw new Error(`provider ${provider.name} has no tenant ${provider.tenant_id}`);
  return tenant;
}

/**
 * The tenant whose rules a BLOCKING decision applies to an email domain (from enforcementDomain):
 * the tenant owning the domain or its closest owned parent, so eu.acme.com is Acme's unless
 * another tenant owns eu.acme.com itself. Linking never uses this: its domain match is exact.
 */
export function tenantForDomain(index: PolicyIndex, domain: string | undefined): { readonly tenant: CompiledTenant; readonly owned: string } | undefined {
  let candidate = domain;
  while (candidate !== undefined && candidate !== '') {
    const tenant = index.domains.get(candidate);
    if (tenant) return { tenant, owned: candidate };
    const dot = candidate.indexOf('.');
    candidate = dot < 0 ? undefined : candidate.slice(dot + 1);
  }
  return undefined;
}

/**
 * Why a user is on the tenant's exempt list, if they are: the username, or the email (A-Z compared
 * ignoring case: the pool is case-insensitive). Callers pass the email only when it may exempt: in
 * pre authentication, only a verified one (an IdP can rewrite a linked user's email at every
 * sign-in, cognito-behaviour.md §9).
 */
export function exemption(index: PolicyIndex, tenant: CompiledTenant, username: string, email: string | undefined): 'username' | 'email' | undefined {
  const exempt = index.exemptions.get(tenant.id);
  if (!exempt) return undefined;
  if (username !== '' && exempt.usernames.has(asciiLowerCase(username))) return 'username';
  return email !== undefined && exempt.emails.has(asciiLowerCase(email)) ? 'email' : undefined;
}
