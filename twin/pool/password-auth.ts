// Password sign-in through the user pools API: InitiateAuth (USER_PASSWORD_AUTH) and
// AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH), with pre authentication, and the
// NEW_PASSWORD_REQUIRED challenge for FORCE_CHANGE_PASSWORD users.

import { errors } from '../errors';
import { randomString } from '../random';
import { preAuthenticationEvent } from '../triggers/events';
import { PoolCore, type CallContext } from './core';
import { userAttributeMap, type ClientRecord, type UserRecord } from './model';
import { checkSecretHash } from './sign-up';
import { issueTokens } from './tokens';

export type AuthApi = 'InitiateAuth' | 'AdminInitiateAuth';

export interface InitiateAuthInput {
  readonly AuthFlow: string;
  readonly ClientId: string;
  readonly AuthParameters?: Readonly<Record<string, string>>;
  readonly ClientMetadata?: Readonly<Record<string, string>>;
}

/** Flows of the other API, rejected with "Initiate Auth method not supported." (moto PR #4836). */
const ADMIN_ONLY_FLOWS = ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'];
const USER_ONLY_FLOWS = ['USER_PASSWORD_AUTH'];

/** A client allows a flow through its ALLOW_* entry or the legacy name (MODEL ExplicitAuthFlowsType). */
function allows(client: ClientRecord, ...names: string[]): boolean {
  return names.some((name) => client.explicitAuthFlows.includes(name));
}

function checkFlow(api: AuthApi, flow: string, client: ClientRecord): void {
  if (api === 'InitiateAuth') {
    if (ADMIN_ONLY_FLOWS.includes(flow)) throw errors.authMethodNotSupported();
    if (flow === 'USER_PASSWORD_AUTH') {
      if (!allows(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH')) throw errors.userPasswordFlowNotEnabled();
      return;
    }
  } else {
    if (USER_ONLY_FLOWS.includes(flow)) throw errors.authMethodNotSupported();
    if (ADMIN_ONLY_FLOWS.includes(flow)) {
      if (!allows(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH')) throw errors.authFlowNotEnabled();
      return;
    }
  }
  throw errors.notModelled(`AuthFlow ${flow}`);
}

/** PRE-AUTH request.userNotFound: present only for clients with PreventUserExistenceErrors ENABLED. */
export function userExistenceFlag(client: ClientRecord, notFound: boolean): { userNotFound?: boolean } {
  return client.preventUserExistenceErrors ? { userNotFound: notFound } : {};
}

/** Pre authentication's userAttributes: the profile, `cognito:user_status` (floci #3850), identities per switch (e). */
export function preAuthAttributes(core: PoolCore, user: UserRecord): Map<string, string> {
  const attributes = userAttributeMap(user);
  attributes.set('cognito:user_status', user.status);
  if (core.switches.preAuthIdentities === 'absent') attributes.delete('identities');
  return attributes;
}

export async function initiateAuth(core: PoolCore, api: AuthApi, input: InitiateAuthInput, call: CallContext) {
  const client = core.client(input.ClientId);
  checkFlow(api, input.AuthFlow, client);
  const parameters = input.AuthParameters ?? {};
  const username = parameters['USERNAME'];
  const password = parameters['PASSWORD'];
  if (username === undefined) throw errors.invalidParameter('Missing required parameter USERNAME');
  if (password === undefined) throw errors.invalidParameter('Missing required parameter PASSWORD');
  checkSecretHash(client, username, parameters['SECRET_HASH']);

  const user = core.directory.resolveSignIn(username);
  if (!user) {
    if (!client.preventUserExistenceErrors) throw errors.userNotFound();
    // PRE-AUTH: the trigger "doesn't activate when a user doesn't exist unless the
    // PreventUserExistenceErrors setting of a user pool app client is set to ENABLED", and then
    // request.userNotFound is true. [INF] userName is the name given, userAttributes are empty.
    // Whatever the trigger answers, the caller sees a wrong password (MODEL PreventUserExistenceErrors).
    const event = preAuthenticationEvent(core.eventBase(username, client.id, call), new Map(), input.ClientMetadata ?? {}, userExistenceFlag(client, true));
    PoolCore.orThrow(await core.runTrigger('PreAuthentication', event));
    throw errors.incorrectCredentials();
  }
  // TRIGGERS: federated users cannot sign in through the user pools API. [INF] error text.
  if (user.status === 'EXTERNAL_PROVIDER') throw errors.incorrectCredentials();
  if (!user.enabled) throw errors.userDisabled();
  // MODEL AdminDisableProviderForUser: a deactivated native user "can't use their password to sign
  // in"; the error is undocumented: switch (k).
  if (user.nativeSignInDisabled) {
    throw core.switches.nativeProviderDisabledError === 'user_disabled' ? errors.userDisabled() : errors.incorrectCredentials();
  }

  // Pre authentication runs once the user is known, before the password is checked (yulin README, [3P]).
  const event = preAuthenticationEvent(
    core.eventBase(user.username, client.id, call),
    preAuthAttributes(core, user),
    input.ClientMetadata ?? {},
    userExistenceFlag(client, false),
  );
  PoolCore.orThrow(await core.runTrigger('PreAuthentication', event));

  if (user.password === undefined || password !== user.password) throw errors.incorrectCredentials();
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = randomString(core.ids, 48);
    core.sessions.set(session, { sub: user.sub, clientId: client.id });
    const profile = Object.fromEntries([...user.attributes].filter(([name]) => !name.endsWith('_verified')));
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(profile),
      },
    };
  }
  return { ChallengeParameters: {}, AuthenticationResult: issueTokens(core.issuer, user, client.id, core.ids) };
}

export interface RespondInput {
  readonly ClientId: string;
  readonly ChallengeName: string;
  readonly Session?: string;
  readonly ChallengeResponses?: Readonly<Record<string, string>>;
}

/** Answers NEW_PASSWORD_REQUIRED: the user gets its permanent password and becomes CONFIRMED. */
export function respondToNewPassword(core: PoolCore, input: RespondInput) {
  if (input.ChallengeName !== 'NEW_PASSWORD_REQUIRED') throw errors.notModelled(`challenge ${input.ChallengeName}`);
  const client = core.client(input.ClientId);
  const open = input.Session ? core.sessions.get(input.Session) : undefined;
  const user = open && open.clientId === client.id ? core.directory.bySub(open.sub) : undefined;
  if (!user || !input.Session) throw errors.notAuthorized('Invalid session for the user.');
  const responses = input.ChallengeResponses ?? {};
  const newPassword = responses['NEW_PASSWORD'];
  if (newPassword === undefined) throw errors.invalidParameter('Missing required parameter NEW_PASSWORD');
  checkSecretHash(client, responses['USERNAME'] ?? user.username, responses['SECRET_HASH']);
  core.checkPassword(newPassword);
  core.sessions.delete(input.Session);
  user.password = newPassword;
  user.status = 'CONFIRMED';
  core.touch(user);
  return { ChallengeParameters: {}, AuthenticationResult: issueTokens(core.issuer, user, client.id, core.ids) };
}
