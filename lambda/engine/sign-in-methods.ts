// Allowed sign-in methods (the policy's sign_in_methods): the tenant owning an email's domain
// decides which identity providers may sign in the people of its domains, whoever's provider it
// is. Its own providers follow own_providers, every other provider (social providers, other
// tenants' IdPs, providers no tenant declares) follows other_providers; passwords stay with
// native_login. A refused method gets SSO_REQUIRED naming the tenant's SSO provider (method_refused).
//
// The email's tenant is found the way blocking decisions find it (email.ts enforcementDomain,
// policy-index.ts tenantForDomain): the linking normalisation (case, IDNA) plus what only a refusal
// may count (subdomains, trailing dots, quoted local parts). Whether the provider vouches for the
// address does not matter: refusing on an untrusted claim is safe, linking on it is not.
//
// Two places apply it:
//   - a first federated sign-in (PreSignUp_ExternalProvider), before anything else and before any
//     Cognito call: the provider is the userName's prefix, the email the one asserted now;
//   - an existing account's sign-in (pre authentication, and the same judgement wherever the engine
//     is asked about an existing user): the account's method must be provable from the event, its
//     identities and the app client, because a federated sign-in of an allowed method is never
//     refused. A federated profile (EXTERNAL_PROVIDER) was made by its provider: judged with no
//     call. A `<provider>_<subject>` userName backed by that identity on the user names the method.
//     Otherwise a user holding an identity the tenant refuses is refused at every sign-in that may
//     be through it (an SSO client, or a client that offers both): which identity signs in is not
//     in the event, and an identity the tenant refuses must not reach the tenant's account. A
//     password-only client's sign-in is a password one, for native_login to judge.
//
// Exemptions: native_login.exempt's usernames (a federated user's is `<provider>_<subject>`). An
// exempt email never exempts a provider's sign-in: the IdP asserts or rewrites that address.
import { describeRule, ruleAllows } from '../../policy/sign-in-methods';
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import { asciiLowerCase } from './ascii-case';
import { refuse, type Decision } from './decision';
import { enforcementDomain } from './email';
import { attribute, stringField, userAttributes, type TriggerEvent } from './event';
import type { LinkedIdentity } from './identities';
import type { PreAuthAssessment, PreAuthEventReading, PreAuthFacts, PreAuthKnowledge } from './native-login';
import { exemption, tenantForDomain, type PolicyIndex } from './policy-index';
import { candidatePrefixes, type ProviderResolution } from './provider-resolution';
import { refusal, ssoRequired } from './refusal';
import type { Trace } from './trace';

export type MethodRuleName = 'own_providers' | 'other_providers';

/** What a tenant says about a sign-in through one provider. */
export interface MethodRuling {
  readonly tenant: TriggerTenant;
  readonly rule: MethodRuleName;
  readonly allowed: boolean;
  /** The provider as the trace names it: its exact name, or the userName prefix of a provider no tenant declares. */
  readonly label: string;
  readonly provider: TriggerProvider | undefined;
}

/**
 * The tenant's ruling on a sign-in through `provider` (undefined: a provider no tenant declares,
 * shown as `label`). Only a declared provider can be allowed by name (the validator refuses other
 * names in allow_only).
 */
export function methodRuling(tenant: TriggerTenant, provider: TriggerProvider | undefined, label = provider?.name ?? 'an undeclared provider'): MethodRuling {
  const rule: MethodRuleName = provider !== undefined && provider.tenant_id === tenant.id ? 'own_providers' : 'other_providers';
  return { tenant, rule, allowed: provider === undefined ? tenant.sign_in_methods[rule] === 'allow' : ruleAllows(tenant.sign_in_methods[rule], provider.name), label, provider };
}

/** Whether the tenant refuses any provider at all: only then can an account of its domains be of a refused method. */
export function refusesSomeProvider(tenant: TriggerTenant): boolean {
  const { own_providers: own, other_providers: other } = tenant.sign_in_methods;
  return other !== 'allow' || !tenant.providers.every((name) => ruleAllows(own, name));
}

/** The tenant whose sign_in_methods apply to an email (read as for blocking), with the domain read. */
export function methodTenant(index: PolicyIndex, rawEmail: string | undefined): { readonly tenant: TriggerTenant; readonly domain: string } | undefined {
  const domain = enforcementDomain(rawEmail);
  const owner = tenantForDomain(index, domain);
  return owner && domain !== undefined ? { tenant: owner.tenant, domain } : undefined;
}

export interface FirstSignInRefusal {
  readonly decision: Decision;
  readonly facts: { readonly tenant: string; readonly provider?: string; readonly emailDomain: string };
}

/**
 * PreSignUp_ExternalProvider: the asserted email's tenant refuses this provider -> SSO_REQUIRED
 * (method_refused), whatever the provider's own tenant (or unknown_provider) says about unknown
 * users. undefined: no rule refuses it, and linking goes on.
 */
export function refuseFirstSignInMethod(index: PolicyIndex, event: TriggerEvent, resolved: ProviderResolution, trace?: Trace): FirstSignInRefusal | undefined {
  const found = methodTenant(index, attribute(userAttributes(event), 'email'));
  if (!found) return undefined;
  const { tenant, domain } = found;
  const userName = stringField(event.userName);
  const provider = resolved.kind === 'known' ? resolved.provider : undefined;
  const ruling = methodRuling(tenant, provider, provider?.name ?? undeclaredLabel(userName));
  if (ruling.allowed) {
    // An own provider under allow is the common case, and says nothing a reviewer needs.
    if (ruling.rule === 'other_providers' || tenant.sign_in_methods.own_providers !== 'allow') traceRuling(trace, ruling, domain, 'pass');
    return undefined;
  }
  if (exemption(index, tenant, userName, undefined) === 'username') {
    trace?.add('native_login.exempt', 'pass', `${describeRuling(ruling, domain)}, but the username is on tenant ${tenant.id}'s exempt list`);
    return undefined;
  }
  traceRuling(trace, ruling, domain, 'fail');
  return {
    decision: refuse('method_refused', ssoRequired(tenant)),
    facts: { tenant: tenant.id, ...(provider ? { provider: provider.name } : {}), emailDomain: domain },
  };
}

/**
 * Pre authentication of an existing account: a decision when the account's method is refused (or
 * cannot be judged and the tenant fails closed), a need for one fact, or undefined when no
 * sign_in_methods rule applies and native_login decides.
 */
export function assessAccountMethod(
  index: PolicyIndex,
  event: TriggerEvent,
  knowledge: PreAuthKnowledge,
  reading: PreAuthEventReading,
  trace?: Trace,
): PreAuthAssessment | undefined {
  if (event.request?.userNotFound === true) return undefined;
  const owner = tenantForDomain(index, reading.domain);
  if (!owner || !refusesSomeProvider(owner.tenant)) return undefined;
  const { tenant } = owner;
  const domain = reading.domain!;
  const { userName } = reading;
  if (exemption(index, tenant, userName, undefined) === 'username') return undefined;
  const { identities, source } = accountIdentities(reading, knowledge);
  const facts: PreAuthFacts = { tenant: tenant.id, emailDomain: domain, identities: source };
  const decided = (decision: Decision): PreAuthAssessment => ({ kind: 'decided', decision, facts });
  const judge = (ruling: MethodRuling, how: string): PreAuthAssessment | undefined => {
    if (ruling.allowed) {
      traceRuling(trace, ruling, domain, 'pass', how);
      return undefined;
    }
    traceRuling(trace, ruling, domain, 'fail', how);
    return decided(refuse('method_refused', ssoRequired(tenant)));
  };

  // A federated profile: made by its own provider's sign-in, and signs in only through it.
  if (attribute(reading.attributes, 'cognito:user_status') === 'EXTERNAL_PROVIDER') {
    return judge(profileRuling(index, tenant, userName, identities), 'the account is a federated profile (EXTERNAL_PROVIDER), created by that provider');
  }

  // A password-only client's sign-in is a password one, for native_login to judge: the client is
  // asked first (it is cached), so such sign-ins never need the user's identities.
  const hasClient = stringField(event.callerContext?.clientId) !== '';
  const client = knowledge.client;
  if (client !== undefined && client !== 'unavailable' && !client.federated) return undefined;
  const askClient = hasClient && client === undefined;
  if (identities === undefined) {
    if (askClient) return { kind: 'need', need: 'client_capabilities', facts };
    // A `<provider>_<subject>` name of a provider the tenant allows: a sign-in through that
    // identity (switch (a) provider_username), which no other identity of the user can change.
    const byName = namedProvider(index, userName);
    const nameRuling = byName && methodRuling(tenant, byName.provider, byName.label);
    if (nameRuling?.allowed) return undefined;
    const stored = knowledge.storedIdentities;
    if (stored === undefined) return { kind: 'need', need: 'user_identities', facts };
    if (stored === 'user_not_found') {
      // AdminGetUser finds no user by a `<provider>_<subject>` name: Cognito named the sign-in
      // after a linked identity it does not resolve (twin switch (i)), so that identity signs in.
      return nameRuling ? judge(nameRuling, "the userName is a linked identity's federated name, which AdminGetUser does not resolve") : undefined;
    }
    trace?.add('identities', 'fail', `AdminGetUser did not answer: whether the user holds an identity tenant ${tenant.id} refuses is unknown`);
    return failMode(tenant, facts, trace);
  }

  // The identity the userName names (a converted federated profile, or a linked identity's sign-in
  // named `<provider>_<subject>`), else every identity the user holds.
  const named = identityNamed(userName, identities);
  const rulings = (named ? [named] : identities).map((identity) => methodRuling(tenant, index.provider(identity.providerName), identity.providerName));
  const [refused] = rulings.filter((ruling) => !ruling.allowed);
  if (!refused) {
    if (named) traceRuling(trace, rulings[0]!, domain, 'pass', "the userName is the federated name of this linked identity");
    return undefined;
  }
  if (askClient) return { kind: 'need', need: 'client_capabilities', facts };
  if (client === 'unavailable') {
    trace?.add('app_client', 'fail', `the app client's capabilities are unknown, and the user holds a ${refused.label} identity, which tenant ${tenant.id} refuses`);
    return failMode(tenant, facts, trace);
  }
  const how = named
    ? "the userName is the federated name of this linked identity: a sign-in through it"
    : `the user holds a linked ${refused.label} identity, and ${
        client === undefined || client.password
          ? 'the app client offers password and SSO sign-in (or the event names none), so a sign-in through it cannot be told from a password one'
          : "the sign-in is federated (the app client cannot do password sign-in) and which identity signs in is not in the event"
      }; removing the identity (link-policy unlink) lets the user in again`;
  traceRuling(trace, refused, domain, 'fail', how);
  return decided(refuse('method_refused', ssoRequired(tenant)));
}

/** The identities pre authentication knows: from the event, or AdminGetUser; inferred none once the container has seen them sent. */
function accountIdentities(reading: PreAuthEventReading, knowledge: PreAuthKnowledge): { identities: readonly LinkedIdentity[] | undefined; source: NonNullable<PreAuthFacts['identities']> } {
  if (reading.identitiesParsed) return { identities: reading.identitiesParsed, source: 'event' };
  if (Array.isArray(knowledge.storedIdentities)) return { identities: knowledge.storedIdentities, source: 'stored' };
  if (reading.identitiesRaw === undefined && knowledge.containerSawIdentities) return { identities: [], source: 'inferred_none' };
  return { identities: undefined, source: 'unknown' };
}

/** A federated profile's provider: the identity its userName names, else its userName prefix. */
function profileRuling(index: PolicyIndex, tenant: TriggerTenant, userName: string, identities: readonly LinkedIdentity[] | undefined): MethodRuling {
  const own = identities && identityNamed(userName, identities);
  if (own) return methodRuling(tenant, index.provider(own.providerName), own.providerName);
  const named = namedProvider(index, userName);
  return methodRuling(tenant, named?.provider, named?.label);
}

/** The provider a `<provider>_<subject>` userName names, declared or not. */
function namedProvider(index: PolicyIndex, userName: string): { readonly provider: TriggerProvider | undefined; readonly label: string } | undefined {
  const prefixes = candidatePrefixes(userName);
  for (const prefix of prefixes) {
    const provider = index.provider(prefix);
    if (provider) return { provider, label: provider.name };
  }
  const [prefix] = prefixes;
  return prefix === undefined ? undefined : { provider: undefined, label: undeclaredLabel(userName) };
}

/** The linked identity whose federated name `<provider>_<subject>` the userName is (A-Z ignoring case: Cognito lower-cases it). */
function identityNamed(userName: string, identities: readonly LinkedIdentity[]): LinkedIdentity | undefined {
  for (const prefix of candidatePrefixes(userName)) {
    const name = asciiLowerCase(prefix);
    const subject = asciiLowerCase(userName.slice(prefix.length + 1));
    const found = identities.find((identity) => asciiLowerCase(identity.providerName) === name && asciiLowerCase(identity.userId) === subject);
    if (found) return found;
  }
  return undefined;
}

/** Whether the account is of a refused method cannot be told: the tenant's on_cognito_unavailable decides. */
function failMode(tenant: TriggerTenant, facts: PreAuthFacts, trace: Trace | undefined): PreAuthAssessment | undefined {
  if (tenant.linking.on_cognito_unavailable === 'fail_closed') {
    trace?.add('linking.on_cognito_unavailable', 'fail', `fail_closed (tenant ${tenant.id}): refused with TRY_AGAIN`);
    return { kind: 'decided', decision: refuse('cognito_unavailable', refusal('TRY_AGAIN', tenant.messages.try_again)), facts };
  }
  trace?.add('linking.on_cognito_unavailable', 'fail', `fail_open (tenant ${tenant.id}): sign_in_methods cannot be judged, and the sign-in goes on`);
  return undefined;
}

/** The prefix of a provider no tenant declares; never the subject, and an over-long prefix is not quoted. */
function undeclaredLabel(userName: string): string {
  const [prefix] = candidatePrefixes(userName);
  return prefix !== undefined && prefix.length <= 32 ? `the undeclared provider '${prefix}'` : 'an undeclared provider';
}

function describeRuling(ruling: MethodRuling, domain: string): string {
  const { tenant, rule, label, provider } = ruling;
  const whose = rule === 'own_providers' ? 'its own provider' : provider ? `tenant ${provider.tenant_id}'s provider` : 'a provider no tenant declares';
  return `${rule} ${describeRule(tenant.sign_in_methods[rule])}: the email's domain ${domain} is tenant ${tenant.id}'s, and ${label} is ${whose}`;
}

function traceRuling(trace: Trace | undefined, ruling: MethodRuling, domain: string, outcome: 'pass' | 'fail', how?: string): void {
  if (!trace) return;
  const verdict =
    outcome === 'pass'
      ? 'allowed'
      : `refused, whether or not the provider vouches for the address, with SSO_REQUIRED(${ruling.tenant.native_login.sso_provider})`;
  trace.add(`sign_in_methods.${ruling.rule}`, outcome, `${describeRuling(ruling, domain)}: ${verdict}${how ? ` (${how})` : ''}`);
}
