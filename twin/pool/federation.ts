// A federated sign-in as managed login / the authorize endpoint performs it after the IdP answered
// (reference §1, §3, §5): linked identity -> its destination; known federated user -> that user;
// otherwise pre sign-up (PreSignUp_ExternalProvider) and a new EXTERNAL_PROVIDER user.

import { CognitoServiceError, TwinUsageError } from '../errors';
import { randomString } from '../random';
import { preAuthenticationEvent, preSignUpEvent } from '../triggers/events';
import { PoolCore, SIMULATION_CALL } from './core';
import type { ClientRecord, LinkedIdentity, ProviderRecord, UserRecord } from './model';
import { preAuthAttributes, userExistenceFlag } from './password-auth';
import { issueTokens, type AuthenticationResult } from './tokens';

export type ClaimValue = string | number | boolean | readonly (string | number)[];

export interface FederatedSignInInput {
  /** The provider's exact name as configured in the pool. */
  readonly provider: string;
  /** The IdP's subject (SAML NameID, OIDC/Google/Apple sub, Facebook id), exact case. */
  readonly subject: string;
  /** What the IdP asserted, by claim name (the provider's attribute_mapping picks from these). */
  readonly claims?: Readonly<Record<string, ClaimValue>>;
  /** App client name (or id). */
  readonly client: string;
  readonly state?: string;
  readonly callbackUrl?: string;
}

export type FederatedSignInResult =
  | {
      readonly ok: true;
      /** How Cognito resolved the identity. */
      readonly via: 'new_user' | 'federated_user' | 'linked' | 'linked_in_flight';
      readonly username: string;
      readonly sub: string;
      readonly tokens: AuthenticationResult;
      readonly redirectUrl: string;
    }
  | {
      readonly ok: false;
      readonly error: 'invalid_request';
      /** Decoded error_description, exactly as Cognito puts it in the callback URL. */
      readonly errorDescription: string;
      readonly redirectUrl: string;
    };

export const DEFAULT_CALLBACK_URL = 'https://app.example.test/callback';

/**
 * ATTR-MAP: each pool attribute takes its claim's value; multi-valued claims arrive flattened as
 * `[a,b]`; `username` in a mapping is not a profile attribute. Unmapped email_verified: switch (g).
 */
export function mapClaims(core: PoolCore, provider: ProviderRecord, claims: Readonly<Record<string, ClaimValue>>): Map<string, string> {
  const mapped = new Map<string, string>();
  for (const [attribute, claim] of Object.entries(provider.attributeMapping)) {
    if (attribute === 'username') continue;
    const value = claims[claim];
    if (value === undefined) continue;
    mapped.set(attribute, Array.isArray(value) ? `[${value.join(',')}]` : String(value));
  }
  if (mapped.has('email') && !('email_verified' in provider.attributeMapping) && core.switches.unmappedEmailVerified === 'false_placeholder') {
    mapped.set('email_verified', 'false');
  }
  return mapped;
}

function findClient(core: PoolCore, nameOrId: string): ClientRecord {
  const client = core.clients.get(nameOrId) ?? [...core.clients.values()].find((candidate) => candidate.name === nameOrId);
  if (!client) throw new TwinUsageError(`twin: pool ${core.id} has no app client ${nameOrId}`);
  return client;
}

/** Trigger failures reach the callback with ". " appended (amplify-js #4004, #14063; amplify-flutter #3491). */
function describeError(error: CognitoServiceError): string {
  return error.type === 'UserLambdaValidationException' ? `${error.message} ` : error.message;
}

export async function federatedSignIn(core: PoolCore, input: FederatedSignInInput): Promise<FederatedSignInResult> {
  const client = findClient(core, input.client);
  const provider = core.providers.get(input.provider);
  if (!provider) throw new TwinUsageError(`twin: pool ${core.id} has no identity provider named exactly ${input.provider}`);
  if (!client.supportedIdentityProviders?.includes(provider.name)) {
    throw new TwinUsageError(
      `twin: app client ${client.name} does not offer identity provider ${provider.name}` +
        (client.supportedIdentityProviders ? '' : ' (its SupportedIdentityProviders were never set)'),
    );
  }
  const callback = input.callbackUrl ?? client.callbackUrls[0] ?? DEFAULT_CALLBACK_URL;
  const state: [string, string][] = input.state !== undefined ? [['state', input.state]] : [];
  const fail = (errorDescription: string): FederatedSignInResult => ({
    ok: false,
    error: 'invalid_request',
    errorDescription,
    // Parameter order as logged: error_description, state, error (amplify-flutter #3491).
    redirectUrl: `${callback}?${new URLSearchParams([['error_description', errorDescription], ...state, ['error', 'invalid_request']])}`,
  });
  const succeed = (user: UserRecord, via: 'new_user' | 'federated_user' | 'linked' | 'linked_in_flight'): FederatedSignInResult => ({
    ok: true,
    via,
    username: user.username,
    sub: user.sub,
    tokens: issueTokens(core.issuer, user, client.id, core.ids, { federated: true, ...(client.allowedOauthScopes ? { scope: client.allowedOauthScopes.join(' ') } : {}) }),
    redirectUrl: `${callback}?${new URLSearchParams([['code', randomString(core.ids, 36)], ...state])}`,
  });

  const mapped = mapClaims(core, provider, input.claims ?? {});
  // ATTR-MAP prefixes the IdP name; case-insensitive pools lower-case the whole name (reference §3).
  const userName = core.directory.fold(`${provider.name}_${input.subject}`);

  // LINKING: "After Amazon Cognito matches your federated user to a linked profile, they always sign in to that profile."
  const linked = core.directory.linkedIdentity(provider.name, input.subject, mapped);
  if (linked) {
    if (!linked.user.enabled) return fail('User is disabled.');
    const mode = core.switches.linkedIdentityPreAuth;
    if (mode !== 'not_invoked') {
      const event = preAuthenticationEvent(
        core.eventBase(mode === 'native_username' ? linked.user.username : userName, client.id, SIMULATION_CALL),
        preAuthAttributes(core, linked.user),
        undefined,
        userExistenceFlag(client, false),
      );
      const outcome = await core.runTrigger('PreAuthentication', event);
      if (!outcome.ok) return fail(describeError(outcome.error));
    }
    const problem = completeLinkedSignIn(core, linked.user, linked.identity, input.subject, mapped);
    return problem ? fail(problem) : succeed(linked.user, 'linked');
  }

  const existing = core.directory.federatedUser(provider.name, input.subject);
  if (existing) {
    if (!existing.enabled) return fail('User is disabled.');
    // TRIGGERS: later federated sign-ins run pre authentication.
    const event = preAuthenticationEvent(
      core.eventBase(existing.username, client.id, SIMULATION_CALL),
      preAuthAttributes(core, existing),
      undefined,
      userExistenceFlag(client, false),
    );
    const outcome = await core.runTrigger('PreAuthentication', event);
    if (!outcome.ok) return fail(describeError(outcome.error));
    const problem = rewriteMapped(core, existing, mapped);
    return problem ? fail(problem) : succeed(existing, 'federated_user');
  }

  // A link made with a differently-cased subject never matches (subjects are case-sensitive,
  // GUIDE-2023): a new user (brief), or this error (service-workbench-on-aws #605): switch (h).
  if (core.switches.caseMismatchedLinkSignIn === 'invalid_combination' && !core.directory.config.caseSensitive &&
      core.directory.caseMismatchedLink(provider.name, input.subject)) {
    return fail('Error in SAML response processing: Invalid ProviderName/Username combination');
  }
  // [INF, no source] A native user already holding this (lower-cased) username: Cognito's answer is
  // unknown; the twin borrows the message of the in-flight-link failure (reference §5).
  if (core.directory.byUsername(userName)) return fail(`Already found an entry for username ${userName}`);

  // TRIGGERS: the first federated sign-in runs pre sign-up (PreSignUp_ExternalProvider) with the
  // mapped attributes (PRE-SIGNUP); validationData is {} in logged events (amplify-js #8823).
  const event = preSignUpEvent(core.eventBase(userName, client.id, SIMULATION_CALL), 'PreSignUp_ExternalProvider', mapped, {}, undefined);
  const outcome = await core.runTrigger('PreSignUp', event);
  if (!outcome.ok) return fail(describeError(outcome.error));

  // The trigger linked the identity while the sign-up was in flight (reference §5): switch (b).
  const nowLinked = core.directory.linkedIdentity(provider.name, input.subject, mapped);
  if (nowLinked) {
    if (core.switches.firstSignInAfterInFlightLink === 'fails_once') return fail(`Already found an entry for username ${userName}`);
    const problem = completeLinkedSignIn(core, nowLinked.user, nowLinked.identity, input.subject, mapped);
    return problem ? fail(problem) : succeed(nowLinked.user, 'linked_in_flight');
  }
  if (core.directory.byUsername(userName)) return fail(`Already found an entry for username ${userName}`);

  const response = (outcome.event['response'] ?? {}) as Record<string, unknown>;
  if (response['autoVerifyEmail'] === true && mapped.has('email')) {
    // GUIDE-2023 pre-sign-up page: the email alias moves to this user (reference §11).
    core.claimAlias(undefined, 'email', mapped.get('email') as string, true);
    mapped.set('email_verified', 'true');
  }
  const user = core.newUser({
    username: userName,
    attributes: mapped,
    status: 'EXTERNAL_PROVIDER',
    federated: { providerName: provider.name, subject: input.subject },
    identities: [
      {
        providerName: provider.name,
        providerType: provider.type,
        userId: input.subject,
        issuer: provider.issuer,
        primary: true,
        dateCreated: Date.now(),
        linkAttributeName: 'Cognito_Subject',
        linkAttributeValue: input.subject,
        signedIn: true,
      },
    ],
  });
  return succeed(user, 'new_user');
}

/**
 * After a linked identity signs in, Cognito knows its subject: from then on AdminDisableProviderForUser
 * takes Cognito_Subject + the subject (MODEL). Mapped attributes are written to the destination.
 */
function completeLinkedSignIn(
  core: PoolCore,
  user: UserRecord,
  identity: LinkedIdentity,
  subject: string,
  mapped: ReadonlyMap<string, string>,
): string | undefined {
  const problem = rewriteMapped(core, user, mapped);
  if (problem) return problem;
  identity.signedIn = true;
  identity.userId = subject;
  identity.linkAttributeName = 'Cognito_Subject';
  identity.linkAttributeValue = subject;
  core.touch(user);
  return undefined;
}

/**
 * ATTR-MAP / GUIDE-now LINKING: mapped attributes are rewritten at every sign-in; a claim that stops
 * arriving is not removed. A mapped attribute that is immutable cannot be rewritten [INF message].
 */
function rewriteMapped(core: PoolCore, user: UserRecord, mapped: ReadonlyMap<string, string>): string | undefined {
  for (const [name, value] of mapped) {
    if (core.custom.get(name)?.mutable === false && user.attributes.has(name) && user.attributes.get(name) !== value) {
      return `Invalid user attributes: user.${name}: Attribute cannot be updated. (changing an immutable attribute)`;
    }
  }
  for (const [name, value] of mapped) user.attributes.set(name, value);
  core.touch(user);
  return undefined;
}
