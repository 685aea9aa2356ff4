// Admin user operations: create, read, update, delete, passwords, enable/disable, confirm, sign-out.

import { CognitoServiceError, errors } from '../errors';
import { randomString, randomUuid } from '../random';
import { preSignUpEvent } from '../triggers/events';
import { checkAttributeWrites } from './attributes';
import { PoolCore, type CallContext } from './core';
import { attributeList, userType, type UserRecord } from './model';

export interface AttributeInput {
  readonly Name: string;
  readonly Value?: string;
}

export function attributeMap(list: readonly AttributeInput[] | undefined): Map<string, string> {
  return new Map((list ?? []).map(({ Name, Value }) => [Name, Value ?? '']));
}

export function nameValueRecord(list: readonly AttributeInput[] | undefined): Record<string, string> | undefined {
  return list ? Object.fromEntries(list.map(({ Name, Value }) => [Name, Value ?? ''])) : undefined;
}

/**
 * In pools with username attributes (email/phone as username) the username given is an email or
 * phone number, stored as that attribute, and the user's real username is its sub (moto
 * test_admin_get_user_with_username_attributes: the returned Username differs and is a UUID).
 */
export function assignUsername(core: PoolCore, requested: string, attributes: Map<string, string>): { username: string; sub?: string } {
  const usernameAttributes = core.directory.config.usernameAttributes;
  if (usernameAttributes.length === 0) return { username: requested };
  const attribute = usernameAttributes.includes('email') && requested.includes('@') ? 'email'
    : usernameAttributes.includes('phone_number') && requested.startsWith('+') ? 'phone_number'
    : undefined;
  if (!attribute) {
    throw usernameAttributes.includes('email') ? errors.usernameShouldBeEmail() : errors.invalidParameter('Username should be a phone number.');
  }
  const taken = (core.directory.withAttribute(attribute, requested) ?? []).some(
    (user) => user.attributes.get(attribute) !== undefined && core.directory.sameUsername(user.attributes.get(attribute) as string, requested),
  );
  if (taken) throw new CognitoServiceError('UsernameExistsException', `An account with the given ${attribute} already exists.`);
  attributes.set(attribute, requested);
  const sub = randomUuid(core.ids);
  return { username: sub, sub };
}

export interface AdminCreateUserInput {
  readonly Username: string;
  readonly UserAttributes?: readonly AttributeInput[];
  readonly ValidationData?: readonly AttributeInput[];
  readonly TemporaryPassword?: string;
  readonly ForceAliasCreation?: boolean;
  readonly MessageAction?: 'RESEND' | 'SUPPRESS';
  readonly ClientMetadata?: Record<string, string>;
}

export async function adminCreateUser(core: PoolCore, input: AdminCreateUserInput, call: CallContext) {
  if (input.MessageAction === 'RESEND') throw errors.notModelled('AdminCreateUser MessageAction RESEND');
  checkAttributeWrites(input.UserAttributes ?? [], core.custom, 'create');
  const attributes = attributeMap(input.UserAttributes);
  const { username, sub } = assignUsername(core, input.Username, attributes);
  if (core.directory.byUsername(username)) throw errors.userAccountExists();
  if (input.TemporaryPassword !== undefined) core.checkPassword(input.TemporaryPassword);
  for (const alias of ['email', 'phone_number'] as const) {
    const value = attributes.get(alias);
    if (value !== undefined && attributes.get(`${alias}_verified`) === 'true') {
      core.claimAlias(undefined, alias, value, input.ForceAliasCreation === true);
    }
  }

  // TRIGGERS: pre sign-up runs with PreSignUp_AdminCreateUser; GUIDE-2023 pre-sign-up page: its
  // autoConfirmUser/autoVerifyEmail/autoVerifyPhone are ignored for this source.
  const event = preSignUpEvent(
    core.eventBase(username, undefined, call),
    'PreSignUp_AdminCreateUser',
    attributes,
    nameValueRecord(input.ValidationData),
    input.ClientMetadata,
  );
  PoolCore.orThrow(await core.runTrigger('PreSignUp', event));
  // Re-check: a concurrent request may have created the user while the trigger ran.
  if (core.directory.byUsername(username)) throw errors.userAccountExists();

  const user = core.newUser({
    username,
    ...(sub ? { sub } : {}),
    attributes,
    status: 'FORCE_CHANGE_PASSWORD',
    password: input.TemporaryPassword ?? randomString(core.ids, 12) + 'A1!',
  });
  return { User: userType(user) };
}

export function adminGetUser(core: PoolCore, input: { readonly Username: string }) {
  const user = core.adminUser(input.Username);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.modifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

export function adminDeleteUser(core: PoolCore, input: { readonly Username: string }) {
  core.removeUser(core.adminUser(input.Username));
  return {};
}

export function adminUpdateUserAttributes(
  core: PoolCore,
  input: { readonly Username: string; readonly UserAttributes: readonly AttributeInput[] },
) {
  const user = core.adminUser(input.Username);
  checkAttributeWrites(input.UserAttributes, core.custom, 'update');
  const updates = attributeMap(input.UserAttributes);
  for (const attribute of ['email', 'phone_number'] as const) {
    const value = updates.get(attribute);
    const verified = updates.get(`${attribute}_verified`) === 'true';
    // MODEL UserAttributeUpdateSettingsType: with AttributesRequireVerificationBeforeUpdate Cognito
    // "doesn't change the value of the attribute until your user responds to the verification
    // message", unless the admin call sets <attribute>_verified true. The twin sends no message, so
    // the new value is simply not applied. [INF] A user with no value yet gets the new one at once.
    if (
      value !== undefined &&
      !verified &&
      core.settings.attributesRequireVerificationBeforeUpdate.includes(attribute) &&
      user.attributes.has(attribute) &&
      user.attributes.get(attribute) !== value
    ) {
      updates.delete(attribute);
    }
  }
  for (const alias of ['email', 'phone_number'] as const) {
    const value = updates.get(alias) ?? user.attributes.get(alias);
    if (value !== undefined && updates.get(`${alias}_verified`) === 'true') core.claimAlias(user, alias, value, false);
  }
  for (const [name, value] of updates) user.attributes.set(name, value);
  // A changed email or phone number is unverified unless the same call says otherwise.
  for (const alias of ['email', 'phone_number'] as const) {
    if (updates.has(alias) && !updates.has(`${alias}_verified`)) user.attributes.set(`${alias}_verified`, 'false');
  }
  core.touch(user);
  return {};
}

export function adminSetUserPassword(
  core: PoolCore,
  input: { readonly Username: string; readonly Password: string; readonly Permanent?: boolean },
) {
  const user = core.adminUser(input.Username);
  core.checkPassword(input.Password);
  user.password = input.Password;
  // GUIDE-now LINKING: a permanent password moves even an EXTERNAL_PROVIDER user to CONFIRMED.
  user.status = input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  core.touch(user);
  return {};
}

export function setEnabled(core: PoolCore, input: { readonly Username: string }, enabled: boolean) {
  const user = core.adminUser(input.Username);
  user.enabled = enabled;
  if (!enabled) user.tokenGeneration++;
  core.touch(user);
  return {};
}

export function adminConfirmSignUp(core: PoolCore, input: { readonly Username: string }) {
  const user = core.adminUser(input.Username);
  if (user.status !== 'UNCONFIRMED') throw errors.cannotConfirm(user.status);
  user.status = 'CONFIRMED';
  core.touch(user);
  return {};
}

/** Revokes the user's tokens; existing sessions end (reference §12). */
export function adminUserGlobalSignOut(core: PoolCore, input: { readonly Username: string }) {
  const user: UserRecord = core.adminUser(input.Username);
  user.tokenGeneration++;
  return {};
}
