// Self sign-up (the SignUp API): pre sign-up with PreSignUp_SignUp, then an UNCONFIRMED user unless
// the trigger auto-confirms.

import { createHmac } from 'node:crypto';
import { errors } from '../errors';
import { preSignUpEvent } from '../triggers/events';
import { attributeMap, assignUsername, nameValueRecord, type AttributeInput } from './admin-users';
import { checkAttributeWrites, checkClientWrites } from './attributes';
import { PoolCore, type CallContext } from './core';
import type { ClientRecord } from './model';

/** GUIDE "Computing secret hash values": Base64(HMAC-SHA256(client secret, username + client id)). */
export function secretHash(username: string, clientId: string, secret: string): string {
  return createHmac('sha256', secret).update(username + clientId).digest('base64');
}

export function checkSecretHash(client: ClientRecord, username: string, given: string | undefined): void {
  if (client.secret === undefined) return;
  if (given !== secretHash(username, client.id, client.secret)) throw errors.secretHashMismatch(client.id);
}

export interface SignUpInput {
  readonly ClientId: string;
  readonly SecretHash?: string;
  readonly Username: string;
  /** Optional in the model (passwordless sign-up), which the twin does not model. */
  readonly Password?: string;
  readonly UserAttributes?: readonly AttributeInput[];
  readonly ValidationData?: readonly AttributeInput[];
  readonly ClientMetadata?: Record<string, string>;
}

export async function signUp(core: PoolCore, input: SignUpInput, call: CallContext) {
  const client = core.client(input.ClientId);
  // AdminCreateUserConfig.AllowAdminCreateUserOnly (pmill/aws-cognito #37, real response body).
  if (!core.settings.allowSelfSignUp) throw errors.signUpNotPermitted();
  checkSecretHash(client, input.Username, input.SecretHash);
  if (input.Password === undefined) throw errors.notModelled('SignUp without a Password (passwordless sign-up)');
  core.checkPassword(input.Password);
  checkAttributeWrites(input.UserAttributes ?? [], core.custom, 'create');
  checkClientWrites(client, input.UserAttributes ?? []);
  const attributes = attributeMap(input.UserAttributes);
  const { username, sub } = assignUsername(core, input.Username, attributes);
  if (core.directory.byUsername(username)) throw errors.userExists();

  const event = preSignUpEvent(
    core.eventBase(username, client.id, call),
    'PreSignUp_SignUp',
    attributes,
    nameValueRecord(input.ValidationData),
    input.ClientMetadata,
  );
  const returned = PoolCore.orThrow(await core.runTrigger('PreSignUp', event));
  if (core.directory.byUsername(username)) throw errors.userExists();
  const response = (returned['response'] ?? {}) as Record<string, unknown>;

  // PRE-SIGNUP: autoVerifyEmail/autoVerifyPhone mark the attribute verified; where it is an alias held
  // by someone else, the alias moves and the other user's becomes unverified (GUIDE-2023, reference §11).
  for (const [flag, attribute] of [['autoVerifyEmail', 'email'], ['autoVerifyPhone', 'phone_number']] as const) {
    const value = attributes.get(attribute);
    if (response[flag] === true && value !== undefined) {
      core.claimAlias(undefined, attribute, value, true);
      attributes.set(`${attribute}_verified`, 'true');
    }
  }
  const confirmed = response['autoConfirmUser'] === true;
  const user = core.newUser({
    username,
    ...(sub ? { sub } : {}),
    attributes,
    status: confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
    password: input.Password,
  });
  return { UserConfirmed: confirmed, UserSub: user.sub };
}
