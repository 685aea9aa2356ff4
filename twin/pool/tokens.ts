// Tokens are unsigned JWT-shaped strings (alg "none"): the twin is not an OAuth server. They carry
// what tests look at (sub, username, identities) so a sign-in's result can be checked.

import { randomString, randomUuid, type Random } from '../random';
import type { UserRecord } from './model';
import { userAttributeMap } from './model';

export interface AuthenticationResult {
  readonly AccessToken: string;
  readonly IdToken: string;
  readonly RefreshToken: string;
  readonly ExpiresIn: number;
  readonly TokenType: 'Bearer';
}

const ONE_HOUR_S = 3600;

function jwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
}

/** Reads a twin token's payload (tests use it to see which user a sign-in landed on). */
export function decodeToken(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new Error('twin: not a token');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function issueTokens(
  issuer: string,
  user: UserRecord,
  clientId: string,
  random: Random,
  extra: { readonly federated?: boolean; readonly scope?: string } = {},
): AuthenticationResult {
  const now = Math.floor(Date.now() / 1000);
  const attributes = userAttributeMap(user);
  const originJti = randomUuid(random);
  const common = { sub: user.sub, iss: issuer, auth_time: now, iat: now, exp: now + ONE_HOUR_S, origin_jti: originJti };
  const identities = attributes.get('identities');
  const idClaims: Record<string, unknown> = {
    ...common,
    aud: clientId,
    token_use: 'id',
    'cognito:username': user.username,
    // LINKING: "The ID token has an identities claim listing every linked provider."
    ...(identities ? { identities: JSON.parse(identities) } : {}),
    'twin:generation': user.tokenGeneration,
    'twin:federated': extra.federated === true,
  };
  for (const [name, value] of attributes) {
    if (name !== 'sub' && name !== 'identities') idClaims[name] = value;
  }
  return {
    AccessToken: jwt({
      ...common,
      client_id: clientId,
      token_use: 'access',
      // API sign-ins always get the user-pool scope; managed-login tokens get the client's OAuth scopes.
      scope: extra.scope ?? 'aws.cognito.signin.user.admin',
      username: user.username,
      jti: randomUuid(random),
      'twin:generation': user.tokenGeneration,
    }),
    IdToken: jwt(idClaims),
    RefreshToken: randomString(random, 64),
    ExpiresIn: ONE_HOUR_S,
    TokenType: 'Bearer',
  };
}
