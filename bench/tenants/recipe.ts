// A tenant described by the handful of choices that matter to the trigger, turned into the policy
// file a real tenant would commit. The benchmark's deterministic generator and the robustness
// suite's fast-check arbitraries both pick recipes, so every generated policy has the shapes of
// the example policies: SAML and OIDC providers with their real claim names, social providers with
// their fixed names, every native_login mode.
import type {
  IdentityProvider,
  Linking,
  Messages,
  NativeLogin,
  PoolSettings,
  SignInMethods,
  TenantPolicy,
} from '../../policy/schema-types.generated';
import type { LinkableStatus } from '../../policy/compiled';
import { publicMailDomain } from '../../policy/consumer-domains';

export type ProviderKind = 'saml_entra' | 'saml_adfs' | 'oidc_okta' | 'oidc_auth0' | 'google' | 'apple' | 'facebook' | 'amazon';

/** Social providers have fixed names in Cognito (MODEL CreateIdentityProvider), so each appears once per pool. */
const SOCIAL_NAMES: Readonly<Record<'google' | 'apple' | 'facebook' | 'amazon', string>> = {
  google: 'Google',
  apple: 'SignInWithApple',
  facebook: 'Facebook',
  amazon: 'LoginWithAmazon',
};

export interface ProviderRecipe {
  readonly kind: ProviderKind;
  /** Ignored for social kinds (their name is fixed). */
  readonly name: string;
  /** 'never' makes the provider unable to link; the others follow the kind. */
  readonly trusted: boolean;
  /** Whether the stack creates the IdP (connection details present) or it is managed elsewhere. */
  readonly connection: boolean;
}

export interface TenantRecipe {
  readonly id: string;
  readonly displayName: string;
  readonly domains: readonly string[];
  readonly providers: readonly ProviderRecipe[];
  readonly linking: {
    readonly enabled: boolean;
    readonly matchCase: 'insensitive' | 'exact';
    readonly statuses: readonly LinkableStatus[];
    readonly onNoMatch: 'create_user' | 'deny';
    readonly afterLink: 'continue' | 'retry_code';
    readonly onUnavailable: 'fail_closed' | 'fail_open';
  };
  readonly nativeLogin: {
    readonly passwordSignIn: NativeLogin['password_sign_in'];
    readonly passwordSignUp: 'allow' | 'block';
    readonly adminCreateUser: 'allow' | 'block';
    /** Index into providers; absent: the compiler's default. */
    readonly ssoProvider?: number;
    readonly exemptUsernames: readonly string[];
    readonly exemptEmails: readonly string[];
  };
  readonly customMessages: boolean;
  /** sign_in_methods as written; absent: the defaults. */
  readonly signInMethods?: SignInMethods;
}

/** SAML claim URIs as Microsoft Entra ID and AD FS send them. */
const SAML_CLAIMS = {
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
  surname: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
  objectId: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  upn: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
} as const;

export const SUBJECT_ATTRIBUTE = 'custom:idp_sub';

export function providerName(recipe: ProviderRecipe): string {
  return recipe.kind in SOCIAL_NAMES ? SOCIAL_NAMES[recipe.kind as keyof typeof SOCIAL_NAMES] : recipe.name;
}

/** A deterministic stand-in for an id the IdP issued (tenant GUIDs, client ids): hex from the text. */
function pseudoHex(text: string, length: number): string {
  let h = 0x811c9dc5;
  let out = '';
  while (out.length < length) {
    for (const char of `${text}:${out.length}`) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function guid(text: string): string {
  const hex = pseudoHex(text, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A secret reference of its own per provider: the validator refuses one secret shared by two providers. */
function secretsManager(tenantId: string, providerName: string) {
  return { secrets_manager: { secret_id: `prod/cognito/${tenantId}/${providerName}`, json_key: 'client_secret' } };
}

function identityProvider(recipe: ProviderRecipe, tenantId: string, firstDomain: string): IdentityProvider {
  const name = providerName(recipe);
  const subjectFromAttribute = { source: 'attribute' as const, attribute: SUBJECT_ATTRIBUTE };
  switch (recipe.kind) {
    case 'saml_entra':
    case 'saml_adfs': {
      const metadata_url =
        recipe.kind === 'saml_entra'
          ? `https://login.microsoftonline.com/${guid(tenantId)}/federationmetadata/2007-06/federationmetadata.xml`
          : `https://adfs.${firstDomain}/FederationMetadata/2007-06/FederationMetadata.xml`;
      return {
        name,
        type: 'SAML',
        ...(recipe.connection ? { connection: { metadata_url } } : {}),
        attribute_mapping: {
          email: SAML_CLAIMS.email,
          given_name: SAML_CLAIMS.givenName,
          family_name: SAML_CLAIMS.surname,
          [SUBJECT_ATTRIBUTE]: recipe.kind === 'saml_entra' ? SAML_CLAIMS.objectId : SAML_CLAIMS.upn,
        },
        subject: subjectFromAttribute,
        email_trust: recipe.trusted ? 'always' : 'never',
      };
    }
    case 'oidc_okta':
    case 'oidc_auth0':
      return {
        name,
        type: 'OIDC',
        ...(recipe.connection
          ? {
              connection: {
                issuer: recipe.kind === 'oidc_okta' ? `https://${tenantId}.okta.com/oauth2/default` : `https://${tenantId}.eu.auth0.com/`,
                client_id: recipe.kind === 'oidc_okta' ? `0oa${pseudoHex(tenantId, 17)}` : pseudoHex(tenantId, 32),
                client_secret: secretsManager(tenantId, name),
                scopes: ['openid', 'email', 'profile'],
              },
            }
          : {}),
        attribute_mapping: {
          email: 'email',
          email_verified: 'email_verified',
          given_name: 'given_name',
          family_name: 'family_name',
          [SUBJECT_ATTRIBUTE]: 'sub',
        },
        subject: subjectFromAttribute,
        email_trust: recipe.trusted ? 'email_verified_claim' : 'never',
      };
    case 'google':
      return {
        name: 'Google',
        type: 'Google',
        ...(recipe.connection
          ? {
              connection: {
                client_id: `${pseudoHex(tenantId, 12)}-consumer.apps.googleusercontent.com`,
                client_secret: { terraform_variable: 'google_client_secret' },
                scopes: ['openid', 'email', 'profile'],
              },
            }
          : {}),
        attribute_mapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
        subject: { source: 'username_suffix', case_stable_because: 'Google subject identifiers are decimal digits.' },
        email_trust: recipe.trusted ? 'email_verified_claim' : 'never',
      };
    case 'apple':
      return {
        name: 'SignInWithApple',
        type: 'SignInWithApple',
        ...(recipe.connection
          ? {
              connection: {
                client_id: `com.${tenantId.replace(/-/g, '')}.signin`,
                team_id: 'A1B2C3D4E5',
                key_id: 'K9L8M7N6P5',
                private_key: secretsManager(tenantId, name),
                scopes: ['email', 'name'],
              },
            }
          : {}),
        attribute_mapping: { email: 'email', email_verified: 'email_verified' },
        subject: { source: 'username_suffix', case_stable_because: 'Apple subjects are digits, dots and lower-case hex.' },
        email_trust: recipe.trusted ? 'email_verified_claim' : 'never',
      };
    case 'facebook':
      return {
        name: 'Facebook',
        type: 'Facebook',
        ...(recipe.connection
          ? { connection: { client_id: '4242424242424242', client_secret: secretsManager(tenantId, name), scopes: ['public_profile', 'email'] } }
          : {}),
        attribute_mapping: { email: 'email', name: 'name' },
        subject: { source: 'username_suffix', case_stable_because: 'Facebook user ids are decimal digits.' },
        // Facebook sends no email_verified claim (docs/cognito-facts.md §11): its emails never link.
        email_trust: 'never',
      };
    case 'amazon':
      return {
        name: 'LoginWithAmazon',
        type: 'LoginWithAmazon',
        ...(recipe.connection
          ? { connection: { client_id: `amzn1.application-oa2-client.${pseudoHex(tenantId, 32)}`, client_secret: secretsManager(tenantId, name), scopes: ['profile'] } }
          : {}),
        // user_id values look like amzn1.account.AFAEXAMPLE: mixed case, so the exact value is mapped.
        attribute_mapping: { email: 'email', name: 'name', [SUBJECT_ATTRIBUTE]: 'user_id' },
        subject: subjectFromAttribute,
        email_trust: 'never',
      };
  }
}

/** Whether a provider can link at all: enterprise kinds when trusted, Google and Apple when trusted. */
function providerCanLink(recipe: ProviderRecipe): boolean {
  return recipe.trusted && recipe.kind !== 'facebook' && recipe.kind !== 'amazon';
}

export function tenantPolicy(recipe: TenantRecipe): TenantPolicy {
  const [firstDomain = 'example.com'] = recipe.domains;
  const providers = recipe.providers.map((provider) => identityProvider(provider, recipe.id, firstDomain));
  const [first, ...rest] = providers;
  if (!first) throw new Error(`tenant recipe ${recipe.id} has no provider`);
  // The validator warns about linking with no provider that can link: such a tenant does not link.
  const enabled = recipe.linking.enabled && recipe.providers.some(providerCanLink);
  const linking: Linking = enabled
    ? {
        enabled: true,
        ...(recipe.linking.matchCase === 'exact' ? { match: { attribute: 'email', case: 'exact' } } : {}),
        existing_user: { require_verified: true, statuses: [...recipe.linking.statuses] as NonNullable<NonNullable<Linking['existing_user']>['statuses']> },
        on_no_match: recipe.linking.onNoMatch,
        after_link: recipe.linking.afterLink,
        on_cognito_unavailable: recipe.linking.onUnavailable,
      }
    : { enabled: false, on_cognito_unavailable: recipe.linking.onUnavailable };
  const sso = recipe.nativeLogin.ssoProvider === undefined ? undefined : providers[recipe.nativeLogin.ssoProvider]?.name;
  const exempt = {
    ...(recipe.nativeLogin.exemptUsernames.length > 0 ? { usernames: [...recipe.nativeLogin.exemptUsernames] } : {}),
    ...(recipe.nativeLogin.exemptEmails.length > 0 ? { emails: [...recipe.nativeLogin.exemptEmails] } : {}),
  };
  const nativeLogin: NativeLogin = {
    password_sign_in: recipe.nativeLogin.passwordSignIn,
    password_sign_up: recipe.nativeLogin.passwordSignUp,
    admin_create_user: recipe.nativeLogin.adminCreateUser,
    ...(sso ? { sso_provider: sso } : {}),
    ...(Object.keys(exempt).length > 0 ? { exempt } : {}),
  };
  const messages: Messages | undefined = recipe.customMessages
    ? {
        sso_required: `${recipe.displayName} uses single sign-on. Choose "Sign in with ${recipe.displayName}" and use your work account.`,
        link_denied: `We could not connect your ${recipe.displayName} sign-in to an account. Please contact your IT team.`,
      }
    : undefined;
  return {
    version: 1,
    tenant: {
      id: recipe.id,
      display_name: recipe.displayName,
      domains: [firstDomain, ...recipe.domains.slice(1)],
      // A tenant claiming public mail domains (the generator's social tenants: gmail.com, icloud.com) is a consumer tenant.
      ...(recipe.domains.some((domain) => publicMailDomain(domain) !== undefined) ? { consumer: true } : {}),
    },
    identity_providers: [first, ...rest],
    linking,
    native_login: nativeLogin,
    ...(recipe.signInMethods ? { sign_in_methods: recipe.signInMethods } : {}),
    ...(messages ? { messages } : {}),
  };
}

/** The pool the example policies use: an SSO-only client and a password client. */
export function poolSettings(options: { unknownProvider?: 'allow' | 'deny' } = {}): PoolSettings {
  return {
    version: 1,
    unknown_provider: { action: options.unknownProvider ?? 'allow' },
    app_clients: [
      { name: 'web', sign_in: 'sso' },
      { name: 'password', sign_in: 'password', password_flows: ['srp', 'user_password', 'admin_user_password'] },
    ],
  };
}
