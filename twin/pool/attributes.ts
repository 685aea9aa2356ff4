// Which attributes a user may carry and which of them may change.

import { errors } from '../errors';
import type { ClientRecord, CustomAttributeRecord } from './model';

/** OIDC standard attributes every user pool has (GUIDE "User pool attributes"). */
export const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** Maintained by Cognito itself: never written through the API. */
const READ_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set(['sub', 'identities']);

export type AttributeWrite = 'create' | 'update';

/**
 * Checks names against the pool schema. On create, immutable custom attributes may be set once; on
 * update they may not change (cognito-local's messages, which mirror AWS's).
 */
export function checkAttributeWrites(
  attributes: readonly { Name: string; Value?: string }[],
  custom: ReadonlyMap<string, CustomAttributeRecord>,
  write: AttributeWrite,
): void {
  for (const { Name } of attributes) {
    if (READ_ONLY_ATTRIBUTES.has(Name)) {
      throw errors.invalidParameter(
        write === 'create'
          ? `Attributes did not conform to the schema: ${Name}: Attribute cannot be written.`
          : `Invalid user attributes: user.${Name}: Attribute cannot be updated.`,
      );
    }
    if (STANDARD_ATTRIBUTES.has(Name)) continue;
    const record = custom.get(Name);
    if (!record) {
      throw errors.attributeNotInSchema(
        write === 'create' ? 'Attributes did not conform to the schema: ' : 'Invalid user attributes: user.',
        Name,
      );
    }
    if (write === 'update' && !record.mutable) throw errors.immutableAttribute(Name);
  }
}

/** Cognito's WriteAttributes default: "your app can write the values of the Standard attributes" (UserPoolClientType). */
const DEFAULT_CLIENT_WRITES: ReadonlySet<string> = new Set([...STANDARD_ATTRIBUTES].filter((name) => name !== 'email_verified' && name !== 'phone_number_verified'));

/**
 * A user's own writes (SignUp, UpdateUserAttributes) go through an app client's WriteAttributes:
 * "their access token authorizes them to set or modify their own attribute value for any
 * attribute in this list" (UserPoolClientType). The message is the one widely logged for SignUp
 * and UpdateUserAttributes [OBS]; the type is NotAuthorizedException.
 */
export function checkClientWrites(client: ClientRecord, attributes: readonly { Name: string }[]): void {
  const allowed = client.writeAttributes ? new Set(client.writeAttributes) : DEFAULT_CLIENT_WRITES;
  if (attributes.some(({ Name }) => !allowed.has(Name))) throw errors.notAuthorized('A client attempted to write unauthorized attribute');
}

/** 'idp_sub' and 'custom:idp_sub' both name the custom attribute 'custom:idp_sub'. */
export function customAttributeName(name: string): string {
  return name.startsWith('custom:') ? name : `custom:${name}`;
}
