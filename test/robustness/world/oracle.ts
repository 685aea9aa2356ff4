// An independent judge of the trigger's decisions, written from the policy format's documentation
// (docs/policy-reference.md, docs/trigger.md) and Cognito's facts (docs/cognito-facts.md §3, §11),
// NOT from lambda/engine: a link is only acceptable if every condition holds on the state of the
// pool before the sign-in; a password sign-in of a user a tenant blocks must be refused.
import { domainToASCII } from 'node:url';
import type { CompiledPolicySet, CompiledTenant } from '../../../policy/compiled';
import type { TwinSwitches, UserSnapshot } from '../../../twin';

/** Cognito: at most 5 identities linked to one user (docs/cognito-facts.md §4). */
const IDENTITY_LIMIT = 5;

/** The asserted email's domain as the policy compares it (lower-case ASCII, punycode), or undefined when the address is unusable. */
export function emailDomain(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const email = raw.trim();
  // Control and format characters (NUL, bidi overrides) are never part of an address.
  if (/[\p{Cc}\p{Cf}]/u.test(email)) return undefined;
  const parts = email.split('@');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  const domain = domainToASCII((parts[1] as string).toLowerCase());
  return /^[a-z0-9.-]+$/.test(domain) ? domain : undefined;
}

export interface LinkMade {
  readonly username: string;
  readonly providerName: string;
  readonly userId: string;
}

export interface SignInFacts {
  /** The provider the user signed in with (exact pool name). */
  readonly providerName: string;
  /** The IdP's subject, exact case. */
  readonly subject: string;
  /** userAttributes of the PreSignUp_ExternalProvider event Cognito sent. */
  readonly attributes: Readonly<Record<string, string>>;
}

function sameEmail(stored: string | undefined, asserted: string, matchCase: 'insensitive' | 'exact'): boolean {
  if (stored === undefined) return false;
  return matchCase === 'exact' ? stored.trim() === asserted : stored.trim().toLowerCase() === asserted.toLowerCase();
}

/** Whether ListUsers can return `user` for the asserted value: under switch (d) case_sensitive only the spellings asked for. */
function findable(user: UserSnapshot, asserted: string, matchCase: 'insensitive' | 'exact', listUsers: TwinSwitches['listUsersEmailMatch']): boolean {
  if (listUsers === 'case_insensitive') return true;
  const stored = user.attributes['email'];
  return stored === asserted || (matchCase === 'insensitive' && stored === asserted.toLowerCase());
}

/** Every reason the policy forbids `user` as the destination of this sign-in's link (empty: eligible). */
function destinationProblems(user: UserSnapshot, tenant: CompiledTenant, providerName: string, asserted: string): string[] {
  const problems: string[] = [];
  const { linking } = tenant;
  if (user.status === 'EXTERNAL_PROVIDER') problems.push('destination is a federated user');
  if (!user.enabled) problems.push('destination is disabled');
  if (user.status === 'UNCONFIRMED') problems.push('destination is UNCONFIRMED');
  if (!linking.existing_user.statuses.some((status) => status === user.status)) problems.push(`destination status ${user.status} not allowed`);
  if (linking.existing_user.require_verified && user.attributes['email_verified'] !== 'true') problems.push('destination email not verified');
  if (!sameEmail(user.attributes['email'], asserted, linking.match.case)) problems.push('destination email differs');
  if (user.identities.some((identity) => identity.providerName.toLowerCase() === providerName.toLowerCase())) problems.push('destination already holds an identity of this provider');
  if (user.identities.length >= IDENTITY_LIMIT) problems.push('destination already has 5 identities');
  return problems;
}

/**
 * Why this link should not have been made (empty: every condition holds). `before` is every user
 * of the pool as it was before the sign-in.
 */
export function linkViolations(
  set: CompiledPolicySet,
  link: LinkMade,
  signIn: SignInFacts,
  before: readonly UserSnapshot[],
  listUsers: TwinSwitches['listUsersEmailMatch'],
): string[] {
  const provider = Object.values(set.providers).find((candidate) => candidate.name === signIn.providerName);
  if (!provider) return [`${signIn.providerName} is not a policy provider`];
  const tenant = set.tenants[provider.tenant_id];
  if (!tenant) return [`no tenant ${provider.tenant_id}`];
  const problems: string[] = [];
  if (!tenant.linking.enabled) problems.push(`tenant ${tenant.id} does not link`);
  if (link.providerName !== provider.name) problems.push(`linked provider ${link.providerName} is not the exact name ${provider.name}`);
  if (link.userId !== signIn.subject) problems.push(`linked subject ${JSON.stringify(link.userId)} is not the exact subject ${JSON.stringify(signIn.subject)}`);

  const asserted = signIn.attributes['email']?.trim();
  const domain = emailDomain(signIn.attributes['email']);
  if (asserted === undefined || domain === undefined) return [...problems, 'no usable asserted email'];
  if (!tenant.domains.includes(domain)) problems.push(`domain ${domain} not owned by ${tenant.id}`);
  if (provider.email_trust === 'never') problems.push(`${provider.name} never links (email_trust never)`);
  if (provider.email_trust === 'email_verified_claim' && signIn.attributes['email_verified'] !== 'true') problems.push('email_verified is not "true"');

  const destination = before.find((user) => user.username === link.username);
  if (!destination) return [...problems, `destination ${link.username} did not exist before the sign-in`];
  problems.push(...destinationProblems(destination, tenant, provider.name, asserted));
  const eligible = before.filter(
    (user) => destinationProblems(user, tenant, provider.name, asserted).length === 0 && findable(user, asserted, tenant.linking.match.case, listUsers),
  );
  if (eligible.length !== 1) problems.push(`${eligible.length} eligible users, not exactly one`);
  return problems;
}

/**
 * The tenants whose rule blocks a password sign-in by this user (state before it): the domain rule
 * or a linked identity, unless exempt. The username exempts; the email only when verified and the
 * user holds no linked identity (an IdP can write any address onto a linked user).
 */
export function blockingTenants(set: CompiledPolicySet, user: UserSnapshot): CompiledTenant[] {
  const rules: CompiledTenant[] = [];
  const domain = emailDomain(user.attributes['email']);
  const domainTenantId = domain !== undefined && Object.hasOwn(set.domains, domain) ? set.domains[domain] : undefined;
  const domainTenant = domainTenantId === undefined ? undefined : set.tenants[domainTenantId];
  if (domainTenant?.native_login.password_sign_in === 'block_tenant_domains') rules.push(domainTenant);
  for (const identity of user.identities) {
    const provider = Object.values(set.providers).find((candidate) => candidate.name.toLowerCase() === identity.providerName.toLowerCase());
    const tenant = provider ? set.tenants[provider.tenant_id] : undefined;
    if (tenant && tenant.native_login.password_sign_in !== 'allow' && !rules.includes(tenant)) rules.push(tenant);
  }
  const email = user.attributes['email']?.trim().toLowerCase();
  const emailMayExempt = email !== undefined && user.attributes['email_verified'] === 'true' && user.identities.length === 0;
  return rules.filter(
    (tenant) =>
      !tenant.native_login.exempt.usernames.some((name) => name.toLowerCase() === user.username.toLowerCase()) &&
      !(emailMayExempt && tenant.native_login.exempt.emails.some((exempt) => exempt.toLowerCase() === email)),
  );
}

/** Whether a password sign-in by this user (state before it) must be refused. */
export function passwordSignInBlocked(set: CompiledPolicySet, user: UserSnapshot): boolean {
  return blockingTenants(set, user).length > 0;
}

/**
 * The tenant whose sign_in_methods apply to an address, read as blocking rules read it
 * (docs/trigger.md "Reading the email domain"): the part after the last '@', trailing dots dropped,
 * IDNA, and the closest domain or parent domain a tenant owns.
 */
export function methodTenant(set: CompiledPolicySet, raw: string | undefined): CompiledTenant | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  if (at < 0) return undefined;
  let domain = domainToASCII(text.slice(at + 1).replace(/\.+$/, '').replace(/[A-Z]/g, (c) => c.toLowerCase()));
  while (domain !== '') {
    if (Object.hasOwn(set.domains, domain)) return set.tenants[set.domains[domain]!];
    const dot = domain.indexOf('.');
    if (dot < 0) return undefined;
    domain = domain.slice(dot + 1);
  }
  return undefined;
}

/**
 * Whether `tenant` refuses a sign-in through the provider named `providerName` (as the pool names
 * it; a name no tenant declares is another provider): own providers by own_providers, every other
 * by other_providers (docs/policy-reference.md, SignInMethods).
 */
export function providerRefused(set: CompiledPolicySet, tenant: CompiledTenant, providerName: string): boolean {
  const declared = Object.values(set.providers).find((provider) => provider.name.toLowerCase() === providerName.toLowerCase());
  const own = declared?.tenant_id === tenant.id;
  const rule = own ? tenant.sign_in_methods.own_providers : tenant.sign_in_methods.other_providers;
  if (rule === 'allow') return false;
  if (rule === 'refuse') return true;
  return !(declared !== undefined && rule.allow_only.includes(declared.name));
}

/** A username on the tenant's exempt list may use any method; an email never exempts a provider's sign-in. */
export function methodExempt(tenant: CompiledTenant, username: string): boolean {
  return tenant.native_login.exempt.usernames.includes(username.toLowerCase());
}
