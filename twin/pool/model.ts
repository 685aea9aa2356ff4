// The records a twin pool holds: configuration, users and their linked identities.

export type ProviderType = 'SAML' | 'OIDC' | 'Google' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple';
export const PROVIDER_TYPES: readonly ProviderType[] = ['SAML', 'OIDC', 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'];
/** MODEL AdminLinkProviderForUser: these require Cognito_Subject as the link attribute. */
export const SOCIAL_TYPES: readonly ProviderType[] = ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'];

export type UserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'EXTERNAL_PROVIDER'
  | 'RESET_REQUIRED'
  | 'ARCHIVED'
  | 'COMPROMISED'
  | 'UNKNOWN';

export type UsernameAttribute = 'email' | 'phone_number';
export type AliasAttribute = 'email' | 'phone_number' | 'preferred_username';
/** MODEL VerifiedAttributeType. */
export type VerifiedAttribute = 'email' | 'phone_number';

export interface ProviderRecord {
  readonly name: string;
  readonly type: ProviderType;
  /** User pool attribute -> IdP claim. */
  readonly attributeMapping: Readonly<Record<string, string>>;
  readonly idpIdentifiers: readonly string[];
  readonly providerDetails: Readonly<Record<string, string>>;
  /** Written into `identities[].issuer`; null unless configured (LINKING shows the issuer URL for OIDC). */
  readonly issuer: string | null;
  readonly createdAt: number;
}

export interface ClientRecord {
  readonly id: string;
  readonly name: string;
  readonly secret?: string;
  readonly explicitAuthFlows: readonly string[];
  /** Absent when never set (DescribeUserPoolClient then omits it). */
  readonly supportedIdentityProviders?: readonly string[];
  readonly callbackUrls: readonly string[];
  readonly preventUserExistenceErrors: boolean;
  /** Explicit ReadAttributes / WriteAttributes; absent: Cognito's defaults (UserPoolClientType). */
  readonly readAttributes?: readonly string[];
  readonly writeAttributes?: readonly string[];
  /** AllowedOAuthScopes: what managed-login (federated) tokens of this client carry. */
  readonly allowedOauthScopes?: readonly string[];
  readonly createdAt: number;
}

export interface CustomAttributeRecord {
  /** Full name, e.g. 'custom:idp_sub'. */
  readonly name: string;
  readonly mutable: boolean;
}

export interface LinkedIdentity {
  readonly providerName: string;
  readonly providerType: ProviderType;
  /** The subject (or, before the first sign-in of an attribute link, the linked attribute value). Exact case. */
  userId: string;
  readonly issuer: string | null;
  readonly primary: boolean;
  readonly dateCreated: number;
  /** 'Cognito_Subject' or the mapped attribute name the link was made on. */
  linkAttributeName: string;
  linkAttributeValue: string;
  /** Whether the identity has signed in since it was linked (AdminDisableProviderForUser's rules change then). */
  signedIn: boolean;
}

export interface UserRecord {
  readonly seq: number;
  readonly username: string;
  readonly sub: string;
  /** Every attribute except `sub` and `identities`, which are derived. Values are strings, as in Cognito. */
  readonly attributes: Map<string, string>;
  identities: LinkedIdentity[];
  status: UserStatus;
  enabled: boolean;
  /** The permanent password, or the temporary one while FORCE_CHANGE_PASSWORD. */
  password?: string;
  readonly createdAt: number;
  modifiedAt: number;
  /** AdminDisableProviderForUser(Cognito, Cognito_Subject, username): no more password sign-in. */
  nativeSignInDisabled: boolean;
  /** Set for users created by a federated sign-in (EXTERNAL_PROVIDER). */
  readonly federated?: { readonly providerName: string; readonly subject: string };
  /** Bumped by AdminUserGlobalSignOut: tokens carry it, so older ones are recognisably revoked. */
  tokenGeneration: number;
  /** Where ListUsers lists the user: a seeded hash of its sub, unrelated to creation order (list-users.ts). */
  readonly listOrder: string;
}

/** The `identities` attribute: a JSON string, key order as in the LINKING documentation example. */
export function identitiesJson(identities: readonly LinkedIdentity[]): string {
  return JSON.stringify(
    identities.map((identity) => ({
      userId: identity.userId,
      providerName: identity.providerName,
      providerType: identity.providerType,
      issuer: identity.issuer,
      primary: identity.primary,
      dateCreated: identity.dateCreated,
    })),
  );
}

/** All attributes as Cognito reports them (AdminGetUser, ListUsers, trigger events): sub first, identities last. */
export function userAttributeMap(user: UserRecord): Map<string, string> {
  const out = new Map<string, string>([['sub', user.sub]]);
  for (const [name, value] of user.attributes) out.set(name, value);
  if (user.identities.length > 0) out.set('identities', identitiesJson(user.identities));
  return out;
}

export function attributeList(user: UserRecord, only?: readonly string[]): { Name: string; Value: string }[] {
  const list: { Name: string; Value: string }[] = [];
  for (const [Name, Value] of userAttributeMap(user)) {
    if (!only || only.includes(Name)) list.push({ Name, Value });
  }
  return list;
}

/** The UserType shape (ListUsers, AdminCreateUser): dates are epoch seconds on the wire. */
export function userType(user: UserRecord, only?: readonly string[]) {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.modifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
