// What the engine decides for a sign-in through each identity an existing user holds: the
// sign_in_methods question about a user who already exists (issue 14). The engine decides, with
// the same assessPreAuthentication the trigger runs; this module only feeds it the user as Cognito
// returned it (ListUsers or AdminGetUser), standing in for the event and the facts the trigger
// would look up:
//   - a federated profile (the identity it was created from) signs in under its own userName;
//   - a linked identity's sign-in is named `<provider>_<subject>` (the event shape of twin switch
//     (a) provider_username), so the engine judges that identity alone, not the user's others;
//   - the app client is an SSO-only one: the question is about the identity, not a password.
// Used by `link-policy wrong-method`; meant for the people impact of `link-policy diff` (issue 18)
// and revoke-sessions: ask it, never re-derive the rule.
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import type { ClientCapabilities } from '../../lambda/engine/client-capabilities';
import type { Decision } from '../../lambda/engine/decision';
import type { TriggerEvent } from '../../lambda/engine/event';
import type { LinkedIdentity } from '../../lambda/engine/identities';
import { assessPreAuthentication, type PreAuthKnowledge } from '../../lambda/engine/native-login';
import type { PolicyIndex } from '../../lambda/engine/policy-index';
import { userIdentities } from './identities';

/** The client a federated sign-in comes through: SSO only (the stack's `sign_in: sso` clients). */
const SSO_CLIENT: ClientCapabilities = { password: false, federated: true };
const SSO_CLIENT_ID = 'sso-client';

export interface IdentitySignIn {
  readonly identity: LinkedIdentity;
  /** The identity the user was created from (a federated profile), not a link. */
  readonly primary: boolean;
  readonly decision: Decision;
  /** The tenant whose rule decided, if one applies. */
  readonly tenant?: string;
}

/**
 * The engine's decision for a sign-in through each of the user's identities, in the order the
 * user holds them. undefined: the user's `identities` cannot be read.
 */
export function identitySignIns(index: PolicyIndex, user: DirectoryUser): IdentitySignIn[] | undefined {
  const elements = userIdentities(user.attributes);
  if (!elements) return undefined;
  const identities = elements.map(({ providerName, userId }) => ({ providerName, userId }));
  const attributes = { ...user.attributes, 'cognito:user_status': user.status ?? '' };
  return elements.map(({ primary }, position) => {
    const identity = identities[position]!;
    const userName = primary ? user.username : `${identity.providerName}_${identity.userId}`;
    const event: TriggerEvent = { triggerSource: 'PreAuthentication_Authentication', userName, callerContext: { clientId: SSO_CLIENT_ID }, request: { userAttributes: attributes } };
    const knowledge: PreAuthKnowledge = { containerSawIdentities: true, client: SSO_CLIENT, storedIdentities: identities };
    const assessment = assessPreAuthentication(index, event, knowledge);
    if (assessment.kind === 'need') throw new Error(`pre authentication still needs ${assessment.need}`);
    const { tenant } = assessment.facts;
    return { identity, primary, decision: assessment.decision, ...(tenant !== undefined ? { tenant } : {}) };
  });
}

/** The sign-ins the engine refuses because the email's tenant refuses their method. */
export function refusedMethodSignIns(index: PolicyIndex, user: DirectoryUser): IdentitySignIn[] | undefined {
  return identitySignIns(index, user)?.filter((signIn) => signIn.decision.action === 'refuse' && signIn.decision.reason === 'method_refused');
}
