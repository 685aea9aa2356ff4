// Lookups over the trigger view of the policy set. Created once per container, and cheap to
// create: at cold start every line runs in V8's interpreter, and copying 1,000 tenants, 1,000
// providers and 2,670 domains into Maps cost more than parsing them (bench/results). So lookups
// read the parsed records directly, own properties only (an email domain such as "constructor"
// or "__proto__" must not find Object.prototype members), and what only some invocations need
// (exemption sets, the list of blocking tenants) is built on first use and kept.
import type { TriggerPolicySet, TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import { asciiLowerCase } from './ascii-case';

export interface TenantExemptions {
  readonly usernames: ReadonlySet<string>;
  readonly emails: ReadonlySet<string>;
}

export interface PolicyIndex {
  readonly set: TriggerPolicySet;
  /**
   * The provider whose name equals `name` ignoring A-Z case. The set is keyed by the lower-cased
   * name, which the validator guarantees is the A-Z folding (ascii-case.ts).
   */
  provider(name: string): TriggerProvider | undefined;
  tenant(id: string): TriggerTenant | undefined;
  /** The tenant owning exactly this email domain (lower-case ASCII). */
  domainOwner(domain: string): TriggerTenant | undefined;
  /** Tenants that block some password sign-ins: only they need to know a user's identities. */
  blockingTenants(): readonly TriggerTenant[];
  exemptions(tenant: TriggerTenant): TenantExemptions;
  /** The tenant whose exempt usernames hold this A-Z-folded name, if any (all tenants, built on first use). */
  exemptUsernameOwner(foldedUsername: string): TriggerTenant | undefined;
}

const NO_EXEMPTIONS: TenantExemptions = { usernames: new Set(), emails: new Set() };

export function indexPolicySet(set: TriggerPolicySet): PolicyIndex {
  const { tenants, providers, domains } = set;
  let blocking: readonly TriggerTenant[] | undefined;
  let exemptUsernames: Map<string, TriggerTenant> | undefined;
  const exemptions = new Map<string, TenantExemptions>();
  const tenant = (id: string): TriggerTenant | undefined => (Object.hasOwn(tenants, id) ? tenants[id] : undefined);
  return {
    set,
    provider: (name) => {
      const key = asciiLowerCase(name);
      return Object.hasOwn(providers, key) ? providers[key] : undefined;
    },
    tenant,
    domainOwner: (domain) => (Object.hasOwn(domains, domain) ? tenant(domains[domain]!) : undefined),
    blockingTenants: () => (blocking ??= Object.values(tenants).filter((t) => t.native_login.password_sign_in !== 'allow')),
    exemptions: (t) => {
      const { usernames, emails } = t.native_login.exempt;
      if (usernames.length === 0 && emails.length === 0) return NO_EXEMPTIONS;
      let exempt = exemptions.get(t.id);
      if (!exempt) {
        exempt = { usernames: new Set(usernames.map(asciiLowerCase)), emails: new Set(emails.map(asciiLowerCase)) };
        exemptions.set(t.id, exempt);
      }
      return exempt;
    },
    exemptUsernameOwner: (folded) => {
      exemptUsernames ??= new Map(
        Object.values(tenants).flatMap((t) => t.native_login.exempt.usernames.map((name) => [asciiLowerCase(name), t] as const)),
      );
      return exemptUsernames.get(folded);
    },
  };
}

export function tenantOf(index: PolicyIndex, provider: TriggerProvider): TriggerTenant {
  const tenant = index.tenant(provider.tenant_id);
  if (!tenant) throw new Error(`provider ${provider.name} has no tenant ${provider.tenant_id}`);
  return tenant;
}

/**
 * The tenant whose rules a BLOCKING decision applies to an email domain (from enforcementDomain):
 * the tenant owning the domain or its closest owned parent, so eu.acme.com is Acme's unless
 * another tenant owns eu.acme.com itself. Linking never uses this: its domain match is exact.
 */
export function tenantForDomain(index: PolicyIndex, domain: string | undefined): { readonly tenant: TriggerTenant; readonly owned: string } | undefined {
  let candidate = domain;
  while (candidate !== undefined && candidate !== '') {
    const tenant = index.domainOwner(candidate);
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
 * sign-in, docs/cognito-facts.md §9).
 */
export function exemption(index: PolicyIndex, tenant: TriggerTenant, username: string, email: string | undefined): 'username' | 'email' | undefined {
  const exempt = index.exemptions(tenant);
  if (exempt === NO_EXEMPTIONS) return undefined;
  if (username !== '' && exempt.usernames.has(asciiLowerCase(username))) return 'username';
  return email !== undefined && exempt.emails.has(asciiLowerCase(email)) ? 'email' : undefined;
}
