// What a signed-in user does with their own access token. Only UpdateUserAttributes is modelled:
// the write that client WriteAttributes govern. The access token must be this twin's, of type
// access, carry the aws.cognito.signin.user.admin scope (MODEL UpdateUserAttributes: "It must
// include the scope aws.cognito.signin.user.admin"; managed-login tokens carry only the client's
// OAuth scopes), and not predate a global sign-out; then the client's WriteAttributes decide.

import { errors } from '../errors';
import { checkClientWrites } from './attributes';
import type { PoolCore } from './core';
import { adminUpdateUserAttributes, type AttributeInput } from './admin-users';
import { decodeToken } from './tokens';

const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export function updateUserAttributes(core: PoolCore, input: { readonly AccessToken: string; readonly UserAttributes: readonly AttributeInput[] }) {
  let claims: Record<string, unknown>;
  try {
    claims = decodeToken(input.AccessToken);
  } catch {
    // Widely logged: "NotAuthorizedException: Invalid Access Token".
    throw errors.notAuthorized('Invalid Access Token');
  }
  if (claims['token_use'] !== 'access' || typeof claims['username'] !== 'string' || typeof claims['client_id'] !== 'string') throw errors.notAuthorized('Invalid Access Token');
  // Widely logged: "Access Token does not have required scopes".
  if (!String(claims['scope'] ?? '').split(' ').includes(USER_ADMIN_SCOPE)) throw errors.notAuthorized('Access Token does not have required scopes');
  const user = core.directory.byUsername(claims['username']);
  if (!user) throw errors.userNotFound();
  // Widely logged after AdminUserGlobalSignOut: "Access Token has been revoked".
  if (claims['twin:generation'] !== user.tokenGeneration) throw errors.notAuthorized('Access Token has been revoked');
  checkClientWrites(core.client(claims['client_id']), input.UserAttributes);
  return adminUpdateUserAttributes(core, { Username: user.username, UserAttributes: input.UserAttributes });
}
