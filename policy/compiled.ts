// The compiled policy set: the one immutable, JSON-serialisable model that the loader produces
// and the stack, the trigger artifact, the twin and the CLI consume. Field names keep the YAML's
// snake_case vocabulary so code, logs, `explain` output and policy files use the same words.
import type { ProviderMethodRule } from './sign-in-methods';
import type {
  AppClient,
  EmailTrust,
  IdentityProvider,
  Linking,
  Match,
  NativeLogin,
  SubjectSource,
  UnknownProviderRule,
} from './schema-types.generated';

export const COMPILED_FORMAT = 1 as const;

export type ProviderType = IdentityProvider['type'];
export type ProviderConnection = NonNullable<IdentityProvider['connection']>;
export type LinkableStatus = NonNullable<NonNullable<Linking['existing_user']>['statuses']>[number];

/** One identity provider, with its tenant. Keyed in the set by its lower-cased name. */
export interface CompiledProvider {
  /** Exact-case Cognito provider name: what AdminLinkProviderForUser must receive. */
  readonly name: string;
  readonly type: ProviderType;
  readonly tenant_id: string;
  readonly attribute_mapping: Readonly<Record<string, string>>;
  readonly subject: SubjectSource;
  readonly email_trust: EmailTrust;
  /** Present when the stack should create the IdP. Never holds a secret, only references. */
  readonly connection?: ProviderConnection;
}

export interface CompiledLinking {
  readonly enabled: boolean;
  readonly match: Readonly<Required<Match>>;
  readonly existing_user: Readonly<{ require_verified: boolean; statuses: readonly LinkableStatus[] }>;
  readonly on_no_match: NonNullable<Linking['on_no_match']>;
  readonly on_multiple_matches: 'deny';
  readonly after_link: NonNullable<Linking['after_link']>;
  readonly on_cognito_unavailable: NonNullable<Linking['on_cognito_unavailable']>;
  /** Identities unlinked for good: never linked again (lambda/engine/do-not-relink.ts). The compiler always sets it. */
  readonly do_not_relink?: readonly Readonly<{ provider: string; subject: string }>[];
}

export interface CompiledNativeLogin {
  readonly password_sign_in: NativeLogin['password_sign_in'];
  readonly password_sign_up: NonNullable<NativeLogin['password_sign_up']>;
  readonly admin_create_user: NonNullable<NativeLogin['admin_create_user']>;
  /** Exact-case provider named in SSO_REQUIRED refusals. */
  readonly sso_provider: string;
  /** Lower-cased, because pool usernames and emails compare case-insensitively. */
  readonly exempt: Readonly<{ usernames: readonly string[]; emails: readonly string[] }>;
}

/** sign_in_methods with its defaults applied (policy/sign-in-methods.ts says what each rule means). */
export interface CompiledSignInMethods {
  readonly own_providers: ProviderMethodRule;
  readonly other_providers: ProviderMethodRule;
}

export interface CompiledMessages {
  readonly sso_required: string;
  readonly link_denied: string;
  readonly try_again: string;
  readonly account_linked: string;
}

export interface CompiledTenant {
  readonly id: string;
  readonly display_name: string;
  readonly domains: readonly string[];
  /** Exact-case names of the tenant's providers, in policy order. */
  readonly providers: readonly string[];
  readonly linking: CompiledLinking;
  readonly native_login: CompiledNativeLogin;
  readonly sign_in_methods: CompiledSignInMethods;
  readonly messages: CompiledMessages;
  /** Policy file path relative to the policies directory, for messages and `explain`. */
  readonly source_file: string;
}

export interface CompiledPoolSettings {
  readonly unknown_provider: Readonly<Required<UnknownProviderRule>>;
  /** What `link-policy verify-domains` makes of a domain without its DNS proof (the compiler always sets it). */
  readonly domain_proof?: Readonly<{ unproven: 'error' | 'warning' }>;
  readonly app_clients: readonly Readonly<Required<AppClient>>[];
  /** Standard attributes users may write through the password clients, besides email. */
  readonly user_writable_attributes: readonly string[];
}

export interface CompiledPolicySet {
  readonly format: typeof COMPILED_FORMAT;
  /** sha256 (hex) of the canonical JSON of settings and tenants: identifies a policy version in logs. */
  readonly digest: string;
  readonly settings: CompiledPoolSettings;
  readonly tenants: Readonly<Record<string, CompiledTenant>>;
  /** Lower-cased provider name -> provider. Cognito lower-cases the userName prefix in case-insensitive pools. */
  readonly providers: Readonly<Record<string, CompiledProvider>>;
  /** Email domain (lower-case ASCII/punycode) -> tenant id. Exact match only. */
  readonly domains: Readonly<Record<string, string>>;
}

/** Defaults applied by the compiler where a policy leaves a field out. */
export const DEFAULT_MESSAGES: CompiledMessages = {
  sso_required: "Your organisation uses single sign-on. Sign in with your organisation's account.",
  link_denied: 'We could not connect this sign-in to an account. Please contact your administrator.',
  try_again: 'Sign-in is briefly unavailable. Please try again in a moment.',
  account_linked: 'Your sign-in is now connected to your existing account. Please continue.',
};
