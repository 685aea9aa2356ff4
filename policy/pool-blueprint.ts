// The user pool a compiled policy set needs, independent of how it is built. The cdktf stack
// renders it as Terraform and the local Cognito twin instantiates it, so a test on the twin runs
// against the same sign-in settings, providers, mappings and app clients that `terraform apply` creates.
import type { CompiledPolicySet, CompiledProvider, ProviderConnection, ProviderType } from './compiled';
import { IDP_IDENTIFIER_MAX, IDP_IDENTIFIER_PATTERN, IDP_IDENTIFIERS_PER_PROVIDER } from './cognito-limits';

export type ExplicitAuthFlow =
  | 'ALLOW_REFRESH_TOKEN_AUTH'
  | 'ALLOW_USER_SRP_AUTH'
  | 'ALLOW_USER_PASSWORD_AUTH'
  | 'ALLOW_ADMIN_USER_PASSWORD_AUTH';

/** Attributes Cognito can verify (MODEL VerifiedAttributeType). */
export type VerifiedAttribute = 'email' | 'phone_number';
/** Sign-in aliases (MODEL AliasAttributeType). */
export type AliasAttribute = 'email' | 'phone_number' | 'preferred_username';

export interface BlueprintUsername {
  /**
   * UsernameConfiguration.CaseSensitive: always false. Fixed for the pool's life; the trigger and
   * the validator assume Cognito lower-cases federated user names (reference §3, §10).
   */
  readonly case_sensitive: false;
  /** Users sign in with their username or a verified alias: email, so native users can type their address. */
  readonly alias_attributes: readonly AliasAttribute[];
}

export interface BlueprintProvider {
  readonly name: string;
  readonly type: ProviderType;
  readonly tenant_id: string;
  readonly attribute_mapping: Readonly<Record<string, string>>;
  /** Email domains routed to this provider by managed login (the tenant's domains, on its SSO provider). */
  readonly idp_identifiers: readonly string[];
  /** Connection details from the policy; absent when the IdP is managed outside this stack. */
  readonly connection?: ProviderConnection;
}

export interface BlueprintAppClient {
  readonly name: string;
  readonly sign_in: 'sso' | 'password' | 'sso_and_password';
  /** 'COGNITO' for the user directory, then provider names. */
  readonly supported_identity_providers: readonly string[];
  /** Never ALLOW_USER_AUTH or ALLOW_CUSTOM_AUTH: either would allow password sign-in on an SSO client. */
  readonly explicit_auth_flows: readonly ExplicitAuthFlow[];
  readonly generate_secret: boolean;
  /**
   * PreventUserExistenceErrors ENABLED: sign-in and recovery answer the same whether or not the user
   * exists, and pre authentication runs for unknown users with request.userNotFound (PRE-AUTH).
   */
  readonly prevent_user_existence_errors: boolean;
  /** Every attribute the pool has: what tokens and GetUser may show (explicit, so nothing appears by default). */
  readonly read_attributes: readonly string[];
  /**
   * What a token of this client may write, and what Cognito itself writes through it. Password
   * clients (whose API sign-ins give tokens with aws.cognito.signin.user.admin): email and the
   * pool's user_writable_attributes, never email_verified, phone_number_verified, a custom
   * attribute (subjects) or an attribute a tenant matches on. SSO clients: exactly the attributes
   * their providers map, which Cognito must be able to write at every federated sign-in
   * (UserPoolClientType WriteAttributes); their tokens come from managed login with the OAuth
   * scopes below, never aws.cognito.signin.user.admin, so no user can write through them.
   */
  readonly write_attributes: readonly string[];
  /** OAuth scopes the client may grant: never aws.cognito.signin.user.admin (UpdateUserAttributes needs it). */
  readonly allowed_oauth_scopes: readonly string[];
}

/** The standard attributes of every pool (GUIDE "User pool attributes"), sub aside. */
export const STANDARD_ATTRIBUTES = [
  'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname',
  'phone_number', 'phone_number_verified', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
] as const;

/** Never in a password client's write_attributes: the flags linking trusts. */
const NEVER_USER_WRITABLE = new Set(['email_verified', 'phone_number_verified']);

export interface PoolBlueprint {
  readonly username: BlueprintUsername;
  /** Verified by Cognito at sign-up (a code is sent): linking matches verified emails only. */
  readonly auto_verified_attributes: readonly VerifiedAttribute[];
  /**
   * UserAttributeUpdateSettings: a changed email keeps the old, verified value until the new one is
   * verified (MODEL UserAttributeUpdateSettingsType), so an unverified address never replaces one
   * that linking trusted.
   */
  readonly attributes_require_verification_before_update: readonly VerifiedAttribute[];
  /** Users may sign themselves up (the trigger still refuses blocked tenants' sign-ups). The stack's allowSelfSignUp prop overrides it. */
  readonly allow_self_sign_up: boolean;
  /** Full names (custom:idp_sub). Created mutable: Cognito rewrites mapped attributes at every sign-in. */
  readonly custom_attributes: readonly string[];
  readonly identity_providers: readonly BlueprintProvider[];
  readonly app_clients: readonly BlueprintAppClient[];
}

const PASSWORD_FLOWS: Record<'srp' | 'user_password' | 'admin_user_password', ExplicitAuthFlow> = {
  srp: 'ALLOW_USER_SRP_AUTH',
  user_password: 'ALLOW_USER_PASSWORD_AUTH',
  admin_user_password: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
};

export function poolBlueprint(set: CompiledPolicySet): PoolBlueprint {
  const providers = Object.values(set.providers);
  const customAttributes = new Set<string>();
  for (const provider of providers) {
    for (const attribute of Object.keys(provider.attribute_mapping)) {
      if (attribute.startsWith('custom:')) customAttributes.add(attribute);
    }
  }
  const providerNames = providers.map((provider) => provider.name);
  const readAttributes = [...STANDARD_ATTRIBUTES, ...[...customAttributes].sort()];
  const matched = new Set(Object.values(set.tenants).map((tenant) => tenant.linking.match.attribute));
  const userWritable = [
    'email',
    ...set.settings.user_writable_attributes.filter((name) => !NEVER_USER_WRITABLE.has(name) && !name.startsWith('custom:') && (name === 'email' || !matched.has(name as never))),
  ];
  const mapped = [...new Set(providers.flatMap((provider) => Object.keys(provider.attribute_mapping)))].sort();

  return {
    username: { case_sensitive: false, alias_attributes: ['email'] },
    auto_verified_attributes: ['email'],
    attributes_require_verification_before_update: ['email'],
    allow_self_sign_up: true,
    custom_attributes: [...customAttributes].sort(),
    identity_providers: providers.map((provider) => ({
      name: provider.name,
      type: provider.type,
      tenant_id: provider.tenant_id,
      attribute_mapping: provider.attribute_mapping,
      idp_identifiers: idpIdentifiers(set, provider),
      ...(provider.connection ? { connection: provider.connection } : {}),
    })),
    app_clients: set.settings.app_clients.map((client) => {
      const federated = client.sign_in !== 'password';
      const password = client.sign_in !== 'sso';
      return {
        name: client.name,
        sign_in: client.sign_in,
        supported_identity_providers: [...(password ? ['COGNITO'] : []), ...(federated ? providerNames : [])],
        explicit_auth_flows: [
          'ALLOW_REFRESH_TOKEN_AUTH',
          ...(password ? client.password_flows.map((flow) => PASSWORD_FLOWS[flow]) : []),
        ],
        generate_secret: client.generate_secret,
        prevent_user_existence_errors: true,
        read_attributes: readAttributes,
        write_attributes: [...new Set([...(password ? userWritable : []), ...(federated ? mapped : [])])].sort(),
        allowed_oauth_scopes: ['openid', 'email', 'profile'],
      };
    }),
  };
}

/** Only SAML and OIDC providers take identifiers, and only the tenant's SSO provider gets its domains. */
function idpIdentifiers(set: CompiledPolicySet, provider: CompiledProvider): string[] {
  if (provider.type !== 'SAML' && provider.type !== 'OIDC') return [];
  const tenant = set.tenants[provider.tenant_id];
  if (!tenant || tenant.native_login.sso_provider !== provider.name) return [];
  return tenant.domains
    .filter((domain) => domain.length <= IDP_IDENTIFIER_MAX && IDP_IDENTIFIER_PATTERN.test(domain))
    .slice(0, IDP_IDENTIFIERS_PER_PROVIDER);
}
