// Pool configuration as tests and blueprints give it, checked against Cognito's constraints so a
// pool the twin accepts is one Cognito would accept too.

import {
  CUSTOM_ATTRIBUTE_NAME_MAX,
  CUSTOM_ATTRIBUTES_PER_POOL,
  IDP_IDENTIFIER_MAX,
  IDP_IDENTIFIER_PATTERN,
  IDP_IDENTIFIERS_PER_PROVIDER,
  PROVIDER_NAME_MAX,
  PROVIDER_NAME_PATTERN,
} from '../../policy/cognito-limits';
import { TwinUsageError } from '../errors';
import { clientId as newClientId, clientSecret, type Random } from '../random';
import { STANDARD_ATTRIBUTES, customAttributeName } from './attributes';
import {
  PROVIDER_TYPES,
  SOCIAL_TYPES,
  type AliasAttribute,
  type ClientRecord,
  type CustomAttributeRecord,
  type ProviderRecord,
  type ProviderType,
  type UsernameAttribute,
} from './model';

export interface IdentityProviderOptions {
  /** Exact-case name; social providers must be named after their type (Google, Facebook, …). */
  readonly name: string;
  readonly type: ProviderType;
  /** User pool attribute -> IdP claim name. */
  readonly attributeMapping?: Readonly<Record<string, string>>;
  readonly idpIdentifiers?: readonly string[];
  readonly providerDetails?: Readonly<Record<string, string>>;
  /** `identities[].issuer` for this provider; null by default. */
  readonly issuer?: string | null;
}

export interface AppClientOptions {
  readonly name: string;
  /** Default: Cognito's default for a client created without the list (ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_REFRESH_TOKEN_AUTH). */
  readonly explicitAuthFlows?: readonly string[];
  /**
   * Never set by default, as for a client created without it: DescribeUserPoolClient then omits the
   * member (MODEL UserPoolClientType has no default; docs/cognito-facts.md §13) and the client offers
   * no sign-in page option, so a federated sign-in through it is refused.
   */
  readonly supportedIdentityProviders?: readonly string[];
  readonly generateSecret?: boolean;
  readonly callbackUrls?: readonly string[];
  /** PreventUserExistenceErrors ENABLED: unknown users fail like wrong passwords. Default false (LEGACY). */
  readonly preventUserExistenceErrors?: boolean;
  /** ReadAttributes; default (Cognito's): the standard attributes and the verified flags. */
  readonly readAttributes?: readonly string[];
  /** WriteAttributes; default (Cognito's): the standard attributes. Enforced on SignUp and UpdateUserAttributes. */
  readonly writeAttributes?: readonly string[];
  /** AllowedOAuthScopes: the scope of this client's federated tokens. Default: Cognito's user-pool scope too. */
  readonly allowedOauthScopes?: readonly string[];
}

export type CustomAttributeOption = string | { readonly name: string; readonly mutable?: boolean };

/** MODEL CreateUserPoolClient default when ExplicitAuthFlows is not given (floci PR #3974). */
export const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly string[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

const EXPLICIT_AUTH_FLOWS = new Set([
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
]);

export function buildCustomAttributes(options: readonly CustomAttributeOption[]): Map<string, CustomAttributeRecord> {
  const custom = new Map<string, CustomAttributeRecord>();
  for (const option of options) {
    const spec = typeof option === 'string' ? { name: option } : option;
    const name = customAttributeName(spec.name);
    const bare = name.slice('custom:'.length);
    if (bare.length < 1 || bare.length > CUSTOM_ATTRIBUTE_NAME_MAX) {
      throw new TwinUsageError(`twin: custom attribute names are 1-${CUSTOM_ATTRIBUTE_NAME_MAX} characters: ${name}`);
    }
    custom.set(name, { name, mutable: spec.mutable ?? true });
  }
  if (custom.size > CUSTOM_ATTRIBUTES_PER_POOL) throw new TwinUsageError(`twin: at most ${CUSTOM_ATTRIBUTES_PER_POOL} custom attributes`);
  return custom;
}

export function buildProviders(
  options: readonly IdentityProviderOptions[],
  custom: ReadonlyMap<string, CustomAttributeRecord>,
): Map<string, ProviderRecord> {
  const providers = new Map<string, ProviderRecord>();
  const identifiers = new Set<string>();
  for (const option of options) {
    const { name, type } = option;
    if (name.length < 1 || name.length > PROVIDER_NAME_MAX || !PROVIDER_NAME_PATTERN.test(name)) {
      throw new TwinUsageError(`twin: provider name ${JSON.stringify(name)} breaks Cognito's rule (1-${PROVIDER_NAME_MAX} characters, ProviderNameTypeV2)`);
    }
    if (!PROVIDER_TYPES.includes(type)) throw new TwinUsageError(`twin: unknown provider type ${type}`);
    if (SOCIAL_TYPES.includes(type) && name !== type) {
      throw new TwinUsageError(`twin: a ${type} provider must be named ${type} (MODEL: fixed social provider names)`);
    }
    // MODEL DuplicateProviderException; whether names compare ignoring case is undocumented.
    if (providers.has(name)) throw new TwinUsageError(`twin: duplicate provider ${name}`);
    const attributeMapping = { ...(option.attributeMapping ?? {}) };
    for (const attribute of Object.keys(attributeMapping)) {
      if (attribute !== 'username' && !STANDARD_ATTRIBUTES.has(attribute) && !custom.has(attribute)) {
        throw new TwinUsageError(`twin: provider ${name} maps ${attribute}, which the pool does not have`);
      }
    }
    const idpIdentifiers = [...(option.idpIdentifiers ?? [])];
    if (idpIdentifiers.length > IDP_IDENTIFIERS_PER_PROVIDER) {
      throw new TwinUsageError(`twin: provider ${name} has more than ${IDP_IDENTIFIERS_PER_PROVIDER} IdP identifiers`);
    }
    for (const identifier of idpIdentifiers) {
      if (identifier.length > IDP_IDENTIFIER_MAX || !IDP_IDENTIFIER_PATTERN.test(identifier)) throw new TwinUsageError(`twin: IdP identifier ${JSON.stringify(identifier)} is invalid`);
      if (identifiers.has(identifier)) throw new TwinUsageError(`twin: IdP identifier ${identifier} is used twice in the pool`);
      identifiers.add(identifier);
    }
    providers.set(name, {
      name,
      type,
      attributeMapping,
      idpIdentifiers,
      providerDetails: { ...(option.providerDetails ?? {}) },
      issuer: option.issuer ?? null,
      createdAt: Date.now(),
    });
  }
  return providers;
}

export function buildClients(
  options: readonly AppClientOptions[],
  providers: ReadonlyMap<string, ProviderRecord>,
  random: Random,
): Map<string, ClientRecord> {
  const clients = new Map<string, ClientRecord>();
  const names = new Set<string>();
  for (const option of options) {
    if (names.has(option.name)) throw new TwinUsageError(`twin: two app clients named ${option.name}`);
    names.add(option.name);
    const explicitAuthFlows = [...(option.explicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS)];
    for (const flow of explicitAuthFlows) {
      if (!EXPLICIT_AUTH_FLOWS.has(flow)) throw new TwinUsageError(`twin: unknown explicit auth flow ${flow}`);
    }
    const supportedIdentityProviders = option.supportedIdentityProviders ? [...option.supportedIdentityProviders] : undefined;
    for (const provider of supportedIdentityProviders ?? []) {
      if (provider !== 'COGNITO' && !providers.has(provider)) {
        throw new TwinUsageError(`twin: app client ${option.name} names provider ${provider}, which the pool does not have`);
      }
    }
    const id = newClientId(random);
    clients.set(id, {
      id,
      name: option.name,
      ...(option.generateSecret ? { secret: clientSecret(random) } : {}),
      explicitAuthFlows,
      ...(supportedIdentityProviders ? { supportedIdentityProviders } : {}),
      callbackUrls: [...(option.callbackUrls ?? [])],
      preventUserExistenceErrors: option.preventUserExistenceErrors ?? false,
      ...(option.readAttributes ? { readAttributes: [...option.readAttributes] } : {}),
      ...(option.writeAttributes ? { writeAttributes: [...option.writeAttributes] } : {}),
      ...(option.allowedOauthScopes ? { allowedOauthScopes: [...option.allowedOauthScopes] } : {}),
      createdAt: Date.now(),
    });
  }
  return clients;
}

export function checkSignInAttributes(usernameAttributes: readonly UsernameAttribute[], aliasAttributes: readonly AliasAttribute[]): void {
  // MODEL CreateUserPool: UsernameAttributes and AliasAttributes are mutually exclusive.
  if (usernameAttributes.length > 0 && aliasAttributes.length > 0) {
    throw new TwinUsageError('twin: a pool has username attributes or alias attributes, not both');
  }
}
