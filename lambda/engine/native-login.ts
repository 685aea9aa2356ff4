// PreAuthentication_Authentication: refuse a password sign-in when the user's tenant requires SSO,
// and never refuse a federated sign-in. Pre authentication also fires on a linked user's later
// federated sign-ins, and what that event looks like is undocumented (docs/cognito-facts.md §1,
// §12; twin switches (a) and (e)), so the decision rests on signals that do not depend on it, in
// this order:
//   1. which tenant rules apply: block_tenant_domains through the email's domain (read leniently,
//      subdomains included) or through an identity of that tenant's providers (an IdP can rewrite
//      a linked user's email at every sign-in, so the domain alone is not enough);
//      block_linked_users through an identity of that tenant's providers;
//   2. the tenant's exempt list: the username, or the email only when email_verified is "true" and
//      the user holds no linked identity (an IdP can write any address onto a linked user at every
//      sign-in: the policy exempts the account with that verified address, not whoever an IdP
//      names so; while the identities are unknown, the email exempts nobody yet);
//   3. cognito:user_status EXTERNAL_PROVIDER: such users cannot use the API, so it is federated;
//   4. the app client's real capabilities: SSO-only -> federated; password-only -> the block
//      applies, whatever the userName looks like (a federated profile given a password with
//      AdminSetUserPassword becomes CONFIRMED and keeps its `provider_subject` name, LINKING);
//      both -> allowed and logged. When the client cannot be described, only a user with no linked
//      identity (so no possible federated sign-in) is refused; a `provider_subject` userName backed
//      by that identity counts as federated, and any other linked user is allowed and logged.
//
// The engine is staged so the common paths cost no call: it answers, or asks for one fact (the
// client's capabilities, cached per container for 5 minutes; or the user's identities, only when
// the event lacks them, a tenant rule could apply, and the client can only do password sign-in or
// could not be described).
import type { TriggerTenant } from '../../policy/trigger-view';
import { asciiLowerCase } from './ascii-case';
import type { ClientCapabilities } from './client-capabilities';
import { proceed, refuse, type Decision } from './decision';
import { enforcementDomain, normaliseEmail } from './email';
import { attribute, stringField, userAttributes, type TriggerEvent, type UserAttributes } from './event';
import { parseIdentities, type LinkedIdentity } from './identities';
import { exemption, tenantForDomain, tenantOf, type PolicyIndex } from './policy-index';
import { candidatePrefixes } from './provider-resolution';
import { assessAccountMethod } from './sign-in-methods';
import { refusal, ssoRequired } from './refusal';
import type { Trace } from './trace';

export interface PreAuthKnowledge {
  /** From DescribeUserPoolClient (cached); 'unavailable' when Cognito did not answer. */
  readonly client?: ClientCapabilities | 'unavailable';
  /**
   * From AdminGetUser, when the event carries no identities. 'user_not_found': no user by the
   * event's userName, which Cognito may not resolve for a federated name (twin switch (i)): "none"
   * for a password sign-in, proof of nothing otherwise. 'unavailable': no answer, or unreadable.
   */
  readonly storedIdentities?: readonly LinkedIdentity[] | 'unavailable' | 'user_not_found';
  /**
   * This container has seen `identities` in a pre authentication event on a password-capable
   * client: absence then means "not linked" (learned where it matters, never from SSO events).
   */
  readonly containerSawIdentities: boolean;
}

export interface PreAuthFacts {
  readonly tenant?: string;
  readonly emailDomain?: string;
  /** How the engine learned the identities: from the event, from AdminGetUser, or inferred absent. */
  readonly identities?: 'event' | 'stored' | 'user_not_found' | 'inferred_none' | 'unknown';
}

export type PreAuthAssessment =
  | { readonly kind: 'decided'; readonly decision: Decision; readonly facts: PreAuthFacts }
  | { readonly kind: 'need'; readonly need: 'client_capabilities' | 'user_identities'; readonly facts: PreAuthFacts };

interface AppliedRule {
  readonly tenant: TriggerTenant;
  readonly via: 'domain' | 'linked';
  readonly exempt: 'username' | 'email' | undefined;
}

/**
 * What the assessment reads from the event. The flow judges one event up to three times as it
 * learns facts; reading the event once (attributes, email, the identities' JSON) saves repeating it.
 */
export interface PreAuthEventReading {
  readonly attributes: UserAttributes;
  readonly userName: string;
  readonly domain: string | undefined;
  readonly email: ExemptionEmail;
  /** The raw `identities` attribute, and its parse (undefined when absent or unreadable). */
  readonly identitiesRaw: string | undefined;
  readonly identitiesParsed: readonly LinkedIdentity[] | undefined;
}

export function readPreAuthEvent(event: TriggerEvent): PreAuthEventReading {
  const attributes = userAttributes(event);
  const identitiesRaw = attribute(attributes, 'identities');
  return {
    attributes,
    userName: stringField(event.userName),
    domain: enforcementDomain(attribute(attributes, 'email')),
    email: exemptionEmail(attributes),
    identitiesRaw,
    identitiesParsed: identitiesRaw === undefined ? undefined : parseIdentities(identitiesRaw),
  };
}

export function assessPreAuthentication(
  index: PolicyIndex,
  event: TriggerEvent,
  knowledge: PreAuthKnowledge,
  trace?: Trace,
  reading: PreAuthEventReading = readPreAuthEvent(event),
): PreAuthAssessment {
  // PRE-AUTH: with PreventUserExistenceErrors, Cognito invokes the trigger for unknown users too
  // (request.userNotFound); it refuses the sign-in itself, so there is nothing to decide or look up.
  if (event.request?.userNotFound === true) {
    trace?.add('request.userNotFound', 'info', 'Cognito invoked the trigger for an unknown user (PreventUserExistenceErrors): Cognito refuses the sign-in itself');
    return { kind: 'decided', decision: proceed('not_blocked'), facts: { identities: 'unknown' } };
  }
  // The email's tenant may refuse the account's sign-in method (sign_in_methods) before any password rule.
  const method = assessAccountMethod(index, event, knowledge, reading, trace);
  if (method) return method;
  const { attributes, userName, domain, email } = reading;
  const { identities, source } = knownIdentities(reading, knowledge);
  trace?.add('identities', 'info', identitiesDetail(source, identities));

  // Only a user known to hold no linked identity may be exempted by email.
  const exemptingEmail = identities?.length === 0 ? email.verified : undefined;
  const rules = applicableRules(index, domain, identities).map((rule) => ({ ...rule, exempt: exemption(index, rule.tenant, userName, exemptingEmail) }));
  // A rule the verified email would exempt once the user proves unlinked waits for the identities.
  const pendingEmail = identities === undefined ? rules.filter((r) => r.exempt === undefined && exemption(index, r.tenant, '', email.verified) === 'email') : [];
  const blocking = rules.filter((rule) => rule.exempt === undefined && !pendingEmail.includes(rule));
  // A block_linked_users tenant's rule is never lifted by an email (it applies to linked users only).
  const undecidedTenants =
    identities === undefined
      ? [
          ...pendingEmail.map((rule) => rule.tenant),
          ...index.blockingTenants().filter((t) => !rules.some((r) => r.tenant === t) && exemption(index, t, userName, undefined) === undefined),
        ]
      : [];
  if (trace) traceRules(trace, index, rules, undecidedTenants, domain, email, identities);
  const facts: PreAuthFacts = {
    ...(rules[0] ? { tenant: (blocking[0] ?? rules[0]).tenant.id } : {}),
    ...(domain !== undefined ? { emailDomain: domain } : {}),
    identities: source,
  };
  const decided = (decision: Decision): PreAuthAssessment => ({ kind: 'decided', decision, facts });

  if (blocking.length === 0 && undecidedTenants.length === 0) return decided(proceed(rules.length > 0 ? 'exempt' : 'not_blocked'));

  if (attribute(attributes, 'cognito:user_status') === 'EXTERNAL_PROVIDER') {
    trace?.add('federated_sign_in.user_status', 'pass', 'cognito:user_status is EXTERNAL_PROVIDER: such users cannot sign in through the API, so a federated sign-in, never blocked');
    return decided(proceed('federated_sign_in'));
  }

  // The client the sign-in came through. Cognito always names it; if not, it cannot be judged,
  // and a federated sign-in must never be refused.
  if (stringField(event.callerContext?.clientId) === '') {
    trace?.add('app_client', 'info', 'the event names no app client, so password and federated sign-in cannot be told apart: allowed');
    return decided(proceed('ambiguous_client'));
  }
  const client = knowledge.client;
  if (client === undefined) return { kind: 'need', need: 'client_capabilities', facts };
  if (client === 'unavailable') {
    const decision = withoutClient(index, userName, identities, source, knowledge.storedIdentities, blocking, undecidedTenants, trace);
    return decision ? decided(decision) : { kind: 'need', need: 'user_identities', facts };
  }
  if (!client.password) {
    trace?.add('app_client', 'pass', 'the app client cannot do password sign-in (no COGNITO provider, no flow but refresh): a federated sign-in, never blocked');
    return decided(proceed('federated_sign_in'));
  }
  if (client.federated) {
    trace?.add('app_client', 'info', 'the app client offers password and SSO sign-in, so the two cannot be told apart: allowed and logged');
    return decided(proceed('ambiguous_client'));
  }
  trace?.add('app_client', 'info', 'the app client offers password sign-in only: a password sign-in, whatever the userName looks like');

  // A password sign-in.
  const [first] = blocking;
  if (first) return decided(refusePassword(first, trace));
  if (knowledge.storedIdentities === 'unavailable') {
    trace?.add('identities', 'fail', 'AdminGetUser did not answer: whether the user is linked is unknown');
    return decided(failMode(undecidedTenants, trace));
  }
  return { kind: 'need', need: 'user_identities', facts };
}

/** The email that may exempt (only a verified one), and whether an unverified one was set aside. */
interface ExemptionEmail {
  readonly verified: string | undefined;
  readonly unverified: string | undefined;
}

function exemptionEmail(attributes: UserAttributes): ExemptionEmail {
  const email = normaliseEmail(attribute(attributes, 'email'));
  if (!email.ok) return { verified: undefined, unverified: undefined };
  return attribute(attributes, 'email_verified') === 'true' ? { verified: email.address, unverified: undefined } : { verified: undefined, unverified: email.address };
}

function identitiesDetail(source: NonNullable<PreAuthFacts['identities']>, identities: readonly LinkedIdentity[] | undefined): string {
  const count = identities ? `${identities.length} linked ${identities.length === 1 ? 'identity' : 'identities'}` : '';
  switch (source) {
    case 'event':
      return `the event's identities attribute lists ${count}`;
    case 'stored':
      return `identities absent from the event; AdminGetUser lists ${count}`;
    case 'user_not_found':
      return 'identities absent from the event; AdminGetUser finds no user by this userName (Cognito may not resolve a federated name): none, for a password sign-in';
    case 'inferred_none':
      return 'identities absent from the event; this container has seen Cognito send them on a password-capable client, so the user has none';
    case 'unknown':
      return 'identities absent from the event: whether the user is linked is not known yet';
  }
}

function traceRules(
  trace: Trace,
  index: PolicyIndex,
  rules: readonly AppliedRule[],
  undecided: readonly TriggerTenant[],
  domain: string | undefined,
  email: ExemptionEmail,
  identities: readonly LinkedIdentity[] | undefined,
): void {
  if (rules.length === 0 && undecided.length === 0) {
    trace.add('native_login.password_sign_in', 'pass', "no tenant rule applies: no blocking tenant owns the email's domain, and no linked identity belongs to a blocking tenant");
    return;
  }
  for (const rule of rules) {
    const why =
      rule.via === 'domain'
        ? `block_tenant_domains: the email's domain ${domain} is tenant ${rule.tenant.id}'s`
        : `${rule.tenant.native_login.password_sign_in}: the user holds an identity of tenant ${rule.tenant.id}'s providers`;
    trace.add('native_login.password_sign_in', 'info', why);
    if (rule.exempt) {
      trace.add('native_login.exempt', 'pass', `the ${rule.exempt} is on tenant ${rule.tenant.id}'s exempt list`);
    } else if (email.unverified !== undefined && exemption(index, rule.tenant, '', email.unverified) === 'email') {
      trace.add('native_login.exempt', 'fail', `the email is on tenant ${rule.tenant.id}'s exempt list, but email_verified is not "true": an email exempts only once verified`);
    } else if (email.verified !== undefined && exemption(index, rule.tenant, '', email.verified) === 'email') {
      trace.add(
        'native_login.exempt',
        identities === undefined ? 'info' : 'fail',
        identities === undefined
          ? `the verified email is on tenant ${rule.tenant.id}'s exempt list; it exempts only a user with no linked identity, and the identities are not known yet`
          : `the verified email is on tenant ${rule.tenant.id}'s exempt list, but the user holds linked identities, and an IdP can write any address onto a linked user: an email exempts only an unlinked user`,
      );
    }
  }
  for (const tenant of undecided) {
    if (rules.some((rule) => rule.tenant === tenant)) continue;
    trace.add('native_login.password_sign_in', 'info', `${tenant.native_login.password_sign_in}: tenant ${tenant.id} blocks its linked users, and this user's identities are not known yet`);
  }
}

function knownIdentities(
  reading: PreAuthEventReading,
  knowledge: PreAuthKnowledge,
): { identities: readonly LinkedIdentity[] | undefined; source: NonNullable<PreAuthFacts['identities']> } {
  if (reading.identitiesParsed) return { identities: reading.identitiesParsed, source: 'event' };
  if (Array.isArray(knowledge.storedIdentities)) return { identities: knowledge.storedIdentities, source: 'stored' };
  if (knowledge.storedIdentities === 'user_not_found') return { identities: [], source: 'user_not_found' };
  if (reading.identitiesRaw === undefined && knowledge.containerSawIdentities) return { identities: [], source: 'inferred_none' };
  return { identities: undefined, source: 'unknown' };
}

/**
 * The email domain's tenant (or its closest owned parent's) if it blocks its domains, then each
 * tenant whose providers appear in the identities and that blocks passwords at all: a linked user
 * of a block_tenant_domains tenant stays blocked whatever email the IdP last wrote onto the profile.
 */
function applicableRules(index: PolicyIndex, domain: string | undefined, identities: readonly LinkedIdentity[] | undefined): Omit<AppliedRule, 'exempt'>[] {
  const rules: Omit<AppliedRule, 'exempt'>[] = [];
  const owner = tenantForDomain(index, domain);
  if (owner?.tenant.native_login.password_sign_in === 'block_tenant_domains') rules.push({ tenant: owner.tenant, via: 'domain' });
  for (const identity of identities ?? []) {
    const provider = index.provider(identity.providerName);
    if (!provider) continue;
    const tenant = tenantOf(index, provider);
    if (tenant.native_login.password_sign_in === 'allow') continue;
    if (!rules.some((rule) => rule.tenant === tenant)) rules.push({ tenant, via: 'linked' });
  }
  return rules;
}

/**
 * `<provider>_<subject>` backed by an identity with that provider and subject. Compared ignoring
 * A-Z case: Cognito lower-cases the userName. Used only when the client cannot be described.
 */
function isFederatedUserName(index: PolicyIndex, userName: string, identities: readonly LinkedIdentity[]): boolean {
  return candidatePrefixes(userName).some((prefix) => {
    const provider = index.provider(prefix);
    if (!provider) return false;
    const subject = asciiLowerCase(userName.slice(prefix.length + 1));
    const name = asciiLowerCase(provider.name);
    return identities.some((i) => asciiLowerCase(i.providerName) === name && asciiLowerCase(i.userId) === subject);
  });
}

/**
 * The client's sign-in kind is unknown (not in the stack's configuration, and DescribeUserPoolClient
 * did not answer with none kept from before), so a password sign-in cannot be told from a federated
 * one by the client. What is provable decides: a user with no linked identity (read from the event
 * or AdminGetUser, not inferred) cannot be signing in through an IdP, so the block applies; a
 * `<provider>_<subject>` userName backed by that identity is a federated sign-in; AdminGetUser
 * finding nobody by the userName means no password account signs in. Anything else may be either,
 * and the tenant's fail mode decides: fail_closed refuses with TRY_AGAIN (never SSO_REQUIRED, which
 * would tell an SSO user to use SSO), fail_open allows. undefined: the stored identities are needed first.
 */
function withoutClient(
  index: PolicyIndex,
  userName: string,
  identities: readonly LinkedIdentity[] | undefined,
  source: NonNullable<PreAuthFacts['identities']>,
  stored: PreAuthKnowledge['storedIdentities'],
  blocking: readonly AppliedRule[],
  undecided: readonly TriggerTenant[],
  trace: Trace | undefined,
): Decision | undefined {
  trace?.add('app_client', 'fail', "the app client's sign-in kind is unknown (not configured, and DescribeUserPoolClient did not answer): it cannot tell a password sign-in from a federated one");
  const proven = source === 'event' || source === 'stored';
  if (!proven || identities === undefined) {
    if (stored === undefined) return undefined;
    if (stored === 'user_not_found') {
      trace?.add('identities', 'pass', 'AdminGetUser finds no user by this userName, so no password account is signing in: allowed and logged');
      return proceed('cognito_unavailable');
    }
    trace?.add('identities', 'fail', 'AdminGetUser did not answer, or its identities are unreadable: whether the user is linked is unknown');
    return failMode([...blocking.map((rule) => rule.tenant), ...undecided], trace);
  }
  if (isFederatedUserName(index, userName, identities)) {
    trace?.add('federated_sign_in.user_name', 'pass', "the userName is '<provider>_<subject>' of one of the user's linked identities: a federated sign-in, never blocked");
    return proceed('federated_sign_in');
  }
  if (identities.length > 0) {
    trace?.add('federated_sign_in.linked', 'info', 'the user has linked identities, so this may be a password sign-in or a federated sign-in through one of them');
    return failMode(blocking.map((rule) => rule.tenant), trace);
  }
  trace?.add('federated_sign_in.linked', 'fail', 'the user has no linked identity, so this cannot be a federated sign-in: a password sign-in');
  // With the identities known no tenant is undecided, so some rule blocks: the engine got here.
  const [first] = blocking;
  return first ? refusePassword(first, trace) : proceed('not_blocked');
}

/** A password sign-in the rule blocks: refused with the tenant's SSO_REQUIRED text. */
function refusePassword(rule: AppliedRule, trace: Trace | undefined): Decision {
  const { tenant } = rule;
  trace?.add('native_login.password_sign_in', 'fail', `${tenant.native_login.password_sign_in}: tenant ${tenant.id} requires SSO; refused with SSO_REQUIRED(${tenant.native_login.sso_provider})`);
  return refuse('native_blocked', ssoRequired(tenant));
}

/** Cognito could not be asked: any tenant that could apply and fails closed refuses with its try-again text. */
function failMode(tenants: readonly TriggerTenant[], trace: Trace | undefined): Decision {
  const closed = tenants.find((tenant) => tenant.linking.on_cognito_unavailable === 'fail_closed');
  if (closed) {
    trace?.add('linking.on_cognito_unavailable', 'fail', `fail_closed (tenant ${closed.id}): refused with TRY_AGAIN`);
    return refuse('cognito_unavailable', refusal('TRY_AGAIN', closed.messages.try_again));
  }
  trace?.add('linking.on_cognito_unavailable', 'fail', 'fail_open: the sign-in goes on');
  return proceed('cognito_unavailable');
}
