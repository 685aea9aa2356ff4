// PreAuthentication_Authentication: refuse a password sign-in when the user's tenant requires SSO,
// and never refuse a federated sign-in. Pre authentication also fires on a linked user's later
// federated sign-ins, and what that event looks like is undocumented (cognito-behaviour.md §1,
// §12; twin switches (a) and (e)), so the decision rests on signals that do not depend on it:
// EXTERNAL_PROVIDER status, a `Provider_subject` userName backed by the identities, and above all
// the app client's real capabilities.
//
// The engine is staged so the common paths cost no call: it answers, or asks for one fact (the
// client's capabilities, cached per container; or the user's identities, only when the event
// lacks them, a tenant blocks linked users, and the client can only do password sign-in).
import type { CompiledTenant } from '../../policy/compiled';
import type { ClientCapabilities } from './client-capabilities';
import { proceed, refuse, type Decision } from './decision';
import { normaliseEmail } from './email';
import { attribute, stringField, userAttributes, type TriggerEvent } from './event';
import { parseIdentities, type LinkedIdentity } from './identities';
import { isExempt, tenantOf, type PolicyIndex } from './policy-index';
import { candidatePrefixes } from './provider-resolution';
import { refusal, ssoRequired } from './refusal';

export interface PreAuthKnowledge {
  /** From DescribeUserPoolClient (cached); 'unavailable' when Cognito did not answer. */
  readonly client?: ClientCapabilities | 'unavailable';
  /** From AdminGetUser, when the event carries no identities. */
  readonly storedIdentities?: readonly LinkedIdentity[] | 'unavailable';
  /** This container has seen `identities` in a pre authentication event: absence then means "not linked". */
  readonly containerSawIdentities: boolean;
}

export interface PreAuthFacts {
  readonly tenant?: string;
  readonly emailDomain?: string;
  /** How the engine learned the identities: from the event, from AdminGetUser, or inferred absent. */
  readonly identities?: 'event' | 'stored' | 'inferred_none' | 'unknown';
}

export type PreAuthAssessment =
  | { readonly kind: 'decided'; readonly decision: Decision; readonly facts: PreAuthFacts }
  | { readonly kind: 'need'; readonly need: 'client_capabilities' | 'user_identities'; readonly facts: PreAuthFacts };

interface AppliedRule {
  readonly tenant: CompiledTenant;
  readonly via: 'domain' | 'linked';
}

export function assessPreAuthentication(index: PolicyIndex, event: TriggerEvent, knowledge: PreAuthKnowledge): PreAuthAssessment {
  // PRE-AUTH: with PreventUserExistenceErrors, Cognito invokes the trigger for unknown users too
  // (request.userNotFound); it refuses the sign-in itself, so there is nothing to decide or look up.
  if (event.request?.userNotFound === true) return { kind: 'decided', decision: proceed('not_blocked'), facts: { identities: 'unknown' } };
  const attributes = userAttributes(event);
  const userName = stringField(event.userName);
  const email = normaliseEmail(attribute(attributes, 'email'));
  const emailAddress = email.ok ? email.address : undefined;
  const { identities, source } = knownIdentities(attribute(attributes, 'identities'), knowledge);

  const rules = applicableRules(index, email.ok ? email.domain : undefined, identities);
  const blocking = rules.filter((rule) => !isExempt(index, rule.tenant, userName, emailAddress));
  const undecidedTenants = identities === undefined ? index.blockLinkedTenants.filter((t) => !rules.some((r) => r.tenant === t)) : [];
  const facts: PreAuthFacts = {
    ...(rules[0] ? { tenant: (blocking[0] ?? rules[0]).tenant.id } : {}),
    ...(email.ok ? { emailDomain: email.domain } : {}),
    identities: source,
  };
  const decided = (decision: Decision): PreAuthAssessment => ({ kind: 'decided', decision, facts });

  if (blocking.length === 0 && undecidedTenants.length === 0) return decided(proceed(rules.length > 0 ? 'exempt' : 'not_blocked'));

  if (attribute(attributes, 'cognito:user_status') === 'EXTERNAL_PROVIDER') return decided(proceed('federated_sign_in'));
  if (identities && isFederatedUserName(index, userName, identities)) return decided(proceed('federated_sign_in'));

  // The client the sign-in came through. Cognito always names it; if not, it cannot be judged,
  // and a federated sign-in must never be refused.
  if (stringField(event.callerContext?.clientId) === '') return decided(proceed('ambiguous_client'));
  const client = knowledge.client;
  if (client === undefined) return { kind: 'need', need: 'client_capabilities', facts };
  if (client === 'unavailable') return decided(failMode(blocking.length > 0 ? blocking.map((r) => r.tenant) : undecidedTenants));
  if (!client.password) return decided(proceed('federated_sign_in'));
  if (client.federated) return decided(proceed('ambiguous_client'));

  // A password sign-in.
  const [first] = blocking;
  if (first) return decided(refuse('native_blocked', ssoRequired(first.tenant)));
  if (knowledge.storedIdentities === 'unavailable') return decided(failMode(undecidedTenants));
  return { kind: 'need', need: 'user_identities', facts };
}

function knownIdentities(
  raw: string | undefined,
  knowledge: PreAuthKnowledge,
): { identities: readonly LinkedIdentity[] | undefined; source: NonNullable<PreAuthFacts['identities']> } {
  if (raw !== undefined) {
    const parsed = parseIdentities(raw);
    if (parsed) return { identities: parsed, source: 'event' };
  }
  if (Array.isArray(knowledge.storedIdentities)) return { identities: knowledge.storedIdentities, source: 'stored' };
  if (raw === undefined && knowledge.containerSawIdentities) return { identities: [], source: 'inferred_none' };
  return { identities: undefined, source: 'unknown' };
}

/** The email domain's tenant if it blocks its domains, then each tenant linked through the identities that blocks linked users. */
function applicableRules(index: PolicyIndex, domain: string | undefined, identities: readonly LinkedIdentity[] | undefined): AppliedRule[] {
  const rules: AppliedRule[] = [];
  const domainTenant = domain === undefined ? undefined : index.domains.get(domain);
  if (domainTenant?.native_login.password_sign_in === 'block_tenant_domains') rules.push({ tenant: domainTenant, via: 'domain' });
  for (const identity of identities ?? []) {
    const provider = index.providers.get(identity.providerName.toLowerCase());
    if (!provider) continue;
    const tenant = tenantOf(index, provider);
    if (tenant.native_login.password_sign_in !== 'block_linked_users') continue;
    if (!rules.some((rule) => rule.tenant === tenant)) rules.push({ tenant, via: 'linked' });
  }
  return rules;
}

/**
 * `<provider>_<subject>` backed by an identity with that provider and subject. Compared ignoring
 * case: Cognito lower-cases the userName. A native user merely named like one has no such identity.
 */
function isFederatedUserName(index: PolicyIndex, userName: string, identities: readonly LinkedIdentity[]): boolean {
  return candidatePrefixes(userName).some((prefix) => {
    const provider = index.providers.get(prefix.toLowerCase());
    if (!provider) return false;
    const subject = userName.slice(prefix.length + 1).toLowerCase();
    const name = provider.name.toLowerCase();
    return identities.some((i) => i.providerName.toLowerCase() === name && i.userId.toLowerCase() === subject);
  });
}

/** Cognito could not be asked: any tenant that could apply and fails closed refuses with its try-again text. */
function failMode(tenants: readonly CompiledTenant[]): Decision {
  const closed = tenants.find((tenant) => tenant.linking.on_cognito_unavailable === 'fail_closed');
  return closed ? refuse('cognito_unavailable', refusal('TRY_AGAIN', closed.messages.try_again)) : proceed('cognito_unavailable');
}
