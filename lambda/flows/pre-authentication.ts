// PreAuthentication_Authentication: the engine asks for at most two facts, in the order that keeps
// the common paths free of calls; this loop fetches them. The client's sign-in kind comes from the
// stack's configuration when it lists the client, else from DescribeUserPoolClient (AppClientKinds).
import type { ClientAnswer } from '../cognito/described-clients';
import type { Directory } from '../cognito/directory';
import { CognitoCallError } from '../cognito/errors';
import { clientKind } from '../engine/client-capabilities';
import { attribute, stringField, type TriggerEvent } from '../engine/event';
import { parseIdentities } from '../engine/identities';
import { assessPreAuthentication, readPreAuthEvent, type PreAuthKnowledge } from '../engine/native-login';
import type { PolicyIndex } from '../engine/policy-index';
import { Trace } from '../engine/trace';
import type { FlowResult } from './flow-result';

/**
 * Per container: whether Cognito has been seen to include `identities` in a pre authentication
 * event on a password-capable client. Learned only there: whether SSO events carry them says
 * nothing about password events, and treating absence as "not linked" matters only for those.
 */
export interface PreAuthContainerState {
  sawIdentities: boolean;
}

/** The sign-in kind of the client an event names: configured, described, or unknown. */
export type AppClientKinds = (clientId: string) => Promise<ClientAnswer>;

export async function preAuthentication(
  index: PolicyIndex,
  event: TriggerEvent,
  directory: () => Directory,
  clients: AppClientKinds,
  state: PreAuthContainerState,
  trace?: Trace,
): Promise<FlowResult> {
  const reading = readPreAuthEvent(event);
  const carriesIdentities = reading.identitiesRaw !== undefined;
  let knowledge: PreAuthKnowledge = { containerSawIdentities: state.sawIdentities };
  let opened: Directory | undefined;
  const details: Record<string, unknown> = {};
  // At most one fetch per fact, so this ends after three rounds.
  for (;;) {
    // Each round re-judges the whole event with what is known by then: the last round's trace is complete.
    const round = trace ? new Trace() : undefined;
    const assessment = assessPreAuthentication(index, event, knowledge, round, reading);
    details.identities = assessment.facts.identities;
    if (assessment.kind === 'decided') {
      if (carriesIdentities && typeof knowledge.client === 'object' && knowledge.client.password) state.sawIdentities = true;
      if (trace && round) trace.entries.push(...round.entries);
      return { decision: assessment.decision, tenant: assessment.facts.tenant, emailDomain: assessment.facts.emailDomain, details };
    }
    if (assessment.need === 'client_capabilities') {
      if (knowledge.client !== undefined) throw new Error('pre authentication asked twice for the client');
      const answer = await clients(stringField(event.callerContext?.clientId));
      if (answer.capabilities !== 'unavailable') details.client = clientKind(answer.capabilities);
      details.client_source = answer.source;
      if (answer.failure) {
        details.client_error = answer.failure.error;
        details.client_failure = answer.failure.kind;
      }
      knowledge = { ...knowledge, client: answer.capabilities };
    } else {
      if (knowledge.storedIdentities !== undefined) throw new Error('pre authentication asked twice for the identities');
      const cognito = (opened ??= directory());
      knowledge = { ...knowledge, storedIdentities: await storedIdentities(cognito, stringField(event.userName)) };
    }
  }
}

async function storedIdentities(cognito: Directory, username: string): Promise<NonNullable<PreAuthKnowledge['storedIdentities']>> {
  const user = await fetchOrUnavailable(() => cognito.getUser(username));
  if (user === 'unavailable') return 'unavailable';
  if (user === undefined) return 'user_not_found';
  const raw = attribute(user.attributes, 'identities');
  if (raw === undefined) return [];
  // Present but unreadable: as good as not knowing, so the tenant's fail mode applies.
  return parseIdentities(raw) ?? 'unavailable';
}

async function fetchOrUnavailable<T>(fetch: () => Promise<T>): Promise<T | 'unavailable'> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof CognitoCallError) return 'unavailable';
    throw error;
  }
}
