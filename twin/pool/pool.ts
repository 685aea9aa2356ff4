// One twin user pool: the public face tests use (sign-in simulation, seeding, inspection) and the
// operation table the wire server dispatches to.

import { ATTRIBUTE_VALUE_MAX } from '../../policy/cognito-limits';
import { CognitoServiceError, TwinUsageError, errors } from '../errors';
import { stream } from '../random';
import type { RequestLog, RequestLogEntry } from '../request-log';
import { resolveSwitches, type TwinSwitches } from '../switches';
import { InvocationLog, TriggerInvoker, COGNITO_TRIGGER_TIMEOUT_MS } from '../triggers/invoker';
import type { TriggerFunction } from '../triggers/types';
import * as admin from './admin-users';
import { checkAttributeWrites } from './attributes';
import {
  buildClients,
  buildCustomAttributes,
  buildProviders,
  checkSignInAttributes,
  type AppClientOptions,
  type CustomAttributeOption,
  type IdentityProviderOptions,
} from './config';
import { PoolCore, SIMULATION_CALL, type CallContext } from './core';
import { Directory } from './directory';
import { federatedSignIn, type FederatedSignInInput, type FederatedSignInResult } from './federation';
import { adminDisableProviderForUser, adminLinkProviderForUser } from './linking';
import { listUsers, type Paging } from './list-users';
import { ListingReplica } from './listing-replica';
import {
  userAttributeMap,
  type AliasAttribute,
  type ClientRecord,
  type LinkedIdentity,
  type UserStatus,
  type UsernameAttribute,
  type VerifiedAttribute,
} from './model';
import { initiateAuth, respondToNewPassword, type AuthApi } from './password-auth';
import { secretHash, signUp } from './sign-up';
import { answerFor } from '../wire/error-mapping';
import { responseProblems } from '../wire/response-members';
import type { ServedOperation } from '../wire/served-operations';
import { updateUserAttributes } from './self-service';

export interface PoolOptions {
  readonly name?: string;
  /** UsernameConfiguration.CaseSensitive, fixed at creation. Default false (AWS's recommendation and the stack's choice). */
  readonly caseSensitive?: boolean;
  readonly usernameAttributes?: readonly UsernameAttribute[];
  readonly aliasAttributes?: readonly AliasAttribute[];
  /**
   * AutoVerifiedAttributes: reported by DescribeUserPool. The twin sends no codes, so nothing is
   * verified through them; addresses become verified by seeding, AdminUpdateUserAttributes or autoVerifyEmail.
   */
  readonly autoVerifiedAttributes?: readonly VerifiedAttribute[];
  /** UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate: a changed value waits for verification. Default none. */
  readonly attributesRequireVerificationBeforeUpdate?: readonly VerifiedAttribute[];
  /** false = AdminCreateUserConfig.AllowAdminCreateUserOnly: SignUp is refused. Default true (Cognito's default). */
  readonly allowSelfSignUp?: boolean;
  /** 'idp_sub' or 'custom:idp_sub' (mutable), or { name, mutable }. */
  readonly customAttributes?: readonly CustomAttributeOption[];
  readonly identityProviders?: readonly IdentityProviderOptions[];
  readonly appClients?: readonly AppClientOptions[];
  readonly switches?: Partial<TwinSwitches>;
  /** The Lambda function attached to both the pre sign-up and the pre authentication slots. */
  readonly trigger?: TriggerFunction;
  /** Cognito's per-invocation limit. Default 5000 ms; tests may use ~300 ms. */
  readonly triggerTimeoutMs?: number;
  /** Password policy: minimum length only. Default 8. */
  readonly passwordMinLength?: number;
  /** 'short' (default): seeded short ListUsers pages; 'full': pages of Limit, for call-count benchmarks. */
  readonly listUsersPaging?: Paging;
  /**
   * ListUsers is eventually consistent (MODEL): it answers from a copy of the users this many ms
   * old, so new users are missing and changed or deleted ones appear as they were. AdminGetUser is
   * always current. Default 0 (no lag).
   */
  readonly listUsersLagMs?: number;
}

export interface PoolEnvironment {
  readonly id: string;
  readonly region: string;
  readonly endpoint: string;
  readonly seed: number;
  readonly requests: RequestLog;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly type: string; readonly message: string } };

export interface PasswordSignInInput {
  readonly username: string;
  readonly password: string;
  /** App client name (or id). */
  readonly client: string;
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /** Default 'InitiateAuth' (USER_PASSWORD_AUTH); 'AdminInitiateAuth' uses ADMIN_USER_PASSWORD_AUTH. */
  readonly api?: AuthApi;
}

export interface SignUpSimulationInput {
  readonly username: string;
  readonly password: string;
  readonly client: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly validationData?: Readonly<Record<string, string>>;
  readonly clientMetadata?: Readonly<Record<string, string>>;
}

export interface SeedUserSpec {
  /** Ignored for EXTERNAL_PROVIDER users with `federatedIdentity` (their name is derived as Cognito derives it). */
  readonly username?: string;
  readonly password?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Default CONFIRMED. */
  readonly status?: UserStatus;
  readonly enabled?: boolean;
  /** For status EXTERNAL_PROVIDER: the identity that signed up. */
  readonly federatedIdentity?: { readonly provider: string; readonly subject: string };
  /** Identities already linked with Cognito_Subject (as AdminLinkProviderForUser would). */
  readonly linkedIdentities?: readonly { readonly provider: string; readonly subject: string; readonly signedIn?: boolean }[];
}

export interface UserSnapshot {
  readonly username: string;
  readonly sub: string;
  readonly status: UserStatus;
  readonly enabled: boolean;
  /** As AdminGetUser reports them, `identities` included (as its JSON string). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly identities: readonly { readonly providerName: string; readonly userId: string; readonly primary: boolean }[];
  readonly nativeSignInDisabled: boolean;
}

type Operation = (input: any, call: CallContext) => unknown;

export class UserPool {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly switches: Readonly<TwinSwitches>;
  /** Every trigger invocation: event sent, attempt, Cognito's verdict, the function's own end, log lines. */
  readonly invocations = new InvocationLog();
  readonly trigger?: TriggerFunction;
  private readonly core: PoolCore;
  private readonly operations: Readonly<Record<ServedOperation, Operation>>;

  constructor(
    private readonly env: PoolEnvironment,
    options: PoolOptions,
  ) {
    const switches = resolveSwitches(options.switches);
    const usernameAttributes = [...(options.usernameAttributes ?? [])];
    const aliasAttributes = [...(options.aliasAttributes ?? [])];
    checkSignInAttributes(usernameAttributes, aliasAttributes);
    const custom = buildCustomAttributes(options.customAttributes ?? []);
    const providers = buildProviders(options.identityProviders ?? [], custom);
    const seed = env.seed;
    const clients = buildClients(options.appClients ?? [], providers, stream(seed, `${env.id}:clients`));
    const timeoutMs = options.triggerTimeoutMs ?? COGNITO_TRIGGER_TIMEOUT_MS;
    if (options.trigger) {
      this.trigger = options.trigger;
      options.trigger.attach?.({ endpoint: env.endpoint, region: env.region });
    }
    this.id = env.id;
    this.name = options.name ?? env.id;
    this.region = env.region;
    this.switches = switches;
    this.core = new PoolCore({
      id: env.id,
      name: this.name,
      region: env.region,
      issuer: `${env.endpoint}/${env.id}`,
      switches,
      directory: new Directory({ caseSensitive: options.caseSensitive ?? false, usernameAttributes, aliasAttributes }, switches),
      providers,
      clients,
      custom,
      ids: stream(seed, `${env.id}:ids`),
      pages: stream(seed, `${env.id}:pages`),
      paging: options.listUsersPaging ?? 'short',
      ...(options.listUsersLagMs ? { listing: new ListingReplica(options.listUsersLagMs) } : {}),
      settings: {
        autoVerifiedAttributes: [...(options.autoVerifiedAttributes ?? [])],
        attributesRequireVerificationBeforeUpdate: [...(options.attributesRequireVerificationBeforeUpdate ?? [])],
        allowSelfSignUp: options.allowSelfSignUp ?? true,
      },
      passwordMinLength: options.passwordMinLength ?? 8,
      ...(options.trigger
        ? {
            invoker: new TriggerInvoker({
              trigger: options.trigger,
              timeoutMs,
              log: this.invocations,
              random: stream(seed, `${env.id}:requests`),
            }),
          }
        : {}),
      createdAt: Date.now(),
      orderSalt: `${seed}:${env.id}`,
    });
    this.operations = this.operationTable();
  }

  // ---- configuration -------------------------------------------------------------------------

  get caseSensitive(): boolean {
    return this.core.directory.config.caseSensitive;
  }

  /** The id of the app client with this name. */
  clientId(name: string): string {
    return this.clientNamed(name).id;
  }

  /** The client's secret, when it was created with one. */
  clientSecret(name: string): string | undefined {
    return this.clientNamed(name).secret;
  }

  /** SECRET_HASH for a client with a secret (GUIDE "Computing secret hash values"). */
  secretHash(clientName: string, username: string): string {
    const client = this.clientNamed(clientName);
    if (!client.secret) throw new TwinUsageError(`twin: app client ${clientName} has no secret`);
    return secretHash(username, client.id, client.secret);
  }

  /** The providers and flows a client was created with (what DescribeUserPoolClient reports). */
  clientSettings(name: string): { readonly id: string; readonly supportedIdentityProviders: readonly string[]; readonly explicitAuthFlows: readonly string[] } {
    const client = this.clientNamed(name);
    return { id: client.id, supportedIdentityProviders: client.supportedIdentityProviders ?? [], explicitAuthFlows: client.explicitAuthFlows };
  }

  get clientNames(): string[] {
    return [...this.core.clients.values()].map((client) => client.name);
  }

  get providerNames(): string[] {
    return [...this.core.providers.keys()];
  }

  /** Wire requests that named this pool (or one of its clients). */
  get requests(): RequestLogEntry[] {
    return this.env.requests.filter({ poolId: this.id });
  }

  hasClient(clientId: string): boolean {
    return this.core.clients.has(clientId);
  }

  // ---- simulation ----------------------------------------------------------------------------

  /** A federated sign-in after the IdP answered, driving the triggers like Cognito does. */
  federatedSignIn(input: FederatedSignInInput): Promise<FederatedSignInResult> {
    return federatedSignIn(this.core, input);
  }

  /** Password sign-in through the same code path as InitiateAuth / AdminInitiateAuth. */
  async passwordSignIn(input: PasswordSignInInput): Promise<ApiResult<Awaited<ReturnType<typeof initiateAuth>>>> {
    const api = input.api ?? 'InitiateAuth';
    const client = this.clientNamed(input.client);
    const parameters: Record<string, string> = { USERNAME: input.username, PASSWORD: input.password };
    if (client.secret) parameters['SECRET_HASH'] = secretHash(input.username, client.id, client.secret);
    return settle(api, () =>
      initiateAuth(
        this.core,
        api,
        {
          AuthFlow: api === 'InitiateAuth' ? 'USER_PASSWORD_AUTH' : 'ADMIN_USER_PASSWORD_AUTH',
          ClientId: client.id,
          AuthParameters: parameters,
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
        },
        SIMULATION_CALL,
      ),
    );
  }

  /** Self sign-up through the same code path as the SignUp API. */
  signUp(input: SignUpSimulationInput): Promise<ApiResult<{ UserConfirmed: boolean; UserSub: string }>> {
    const client = this.clientNamed(input.client);
    const toList = (record?: Readonly<Record<string, string>>) => Object.entries(record ?? {}).map(([Name, Value]) => ({ Name, Value }));
    return settle('SignUp', () =>
      signUp(
        this.core,
        {
          ClientId: client.id,
          Username: input.username,
          Password: input.password,
          UserAttributes: toList(input.attributes),
          ValidationData: toList(input.validationData),
          ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
          ...(client.secret ? { SecretHash: secretHash(input.username, client.id, client.secret) } : {}),
        },
        SIMULATION_CALL,
      ),
    );
  }

  /** Puts a user straight into the pool: no trigger, no API rules beyond the schema. */
  seedUser(spec: SeedUserSpec): { username: string; sub: string } {
    const status = spec.status ?? 'CONFIRMED';
    const attributes = Object.entries(spec.attributes ?? {});
    checkAttributeWrites(attributes.map(([Name, Value]) => ({ Name, Value })), this.core.custom, 'create');
    const federated = spec.federatedIdentity;
    let username = spec.username;
    const identities: LinkedIdentity[] = [];
    if (federated) {
      const provider = this.providerNamed(federated.provider);
      username = this.core.directory.fold(`${provider.name}_${federated.subject}`);
      identities.push(this.identity(provider.name, federated.subject, { primary: true, signedIn: true }));
    }
    if (username === undefined) throw new TwinUsageError('twin: seedUser needs a username');
    if (this.core.directory.byUsername(username)) throw new TwinUsageError(`twin: user ${username} already exists`);
    for (const linked of spec.linkedIdentities ?? []) {
      identities.push(this.identity(this.providerNamed(linked.provider).name, linked.subject, { primary: false, signedIn: linked.signedIn ?? false }));
    }
    const user = this.core.newUser({
      username,
      attributes,
      status,
      ...(spec.enabled !== undefined ? { enabled: spec.enabled } : {}),
      ...(spec.password !== undefined ? { password: spec.password } : {}),
      ...(federated ? { federated: { providerName: federated.provider, subject: federated.subject } } : {}),
      identities,
    });
    return { username: user.username, sub: user.sub };
  }

  /** The user as AdminGetUser would find it (username, alias, sub), or undefined. */
  user(identifier: string): UserSnapshot | undefined {
    const user = this.core.directory.resolveAdmin(identifier);
    if (!user) return undefined;
    return {
      username: user.username,
      sub: user.sub,
      status: user.status,
      enabled: user.enabled,
      attributes: Object.fromEntries(userAttributeMap(user)),
      identities: user.identities.map(({ providerName, userId, primary }) => ({ providerName, userId, primary })),
      nativeSignInDisabled: user.nativeSignInDisabled,
    };
  }

  /** Every user's username, in creation order. */
  get usernames(): string[] {
    return this.core.directory.all.map((user) => user.username);
  }

  // ---- wire ----------------------------------------------------------------------------------

  supports(operation: string): boolean {
    return Object.hasOwn(this.operations, operation);
  }

  async handle(operation: ServedOperation, input: Record<string, unknown>, call: CallContext): Promise<unknown> {
    return this.operations[operation](input, call);
  }

  /** One handler per served operation (wire/served-operations.ts): the type makes the two lists agree. */
  private operationTable(): Record<ServedOperation, Operation> {
    const core = this.core;
    return {
      AdminCreateUser: (input, call) => admin.adminCreateUser(core, input, call),
      AdminGetUser: (input) => admin.adminGetUser(core, input),
      AdminDeleteUser: (input) => admin.adminDeleteUser(core, input),
      AdminUpdateUserAttributes: (input) => admin.adminUpdateUserAttributes(core, input),
      UpdateUserAttributes: (input) => updateUserAttributes(core, input),
      AdminSetUserPassword: (input) => admin.adminSetUserPassword(core, input),
      AdminDisableUser: (input) => admin.setEnabled(core, input, false),
      AdminEnableUser: (input) => admin.setEnabled(core, input, true),
      AdminConfirmSignUp: (input) => admin.adminConfirmSignUp(core, input),
      AdminUserGlobalSignOut: (input) => admin.adminUserGlobalSignOut(core, input),
      ListUsers: (input) =>
        listUsers(core.id, core.directory, core.switches, input, {
          paging: core.paging,
          users: core.listing ? core.listing.view() : core.directory.all,
          random: core.pages,
        }),
      AdminLinkProviderForUser: (input) => adminLinkProviderForUser(core, input),
      AdminDisableProviderForUser: (input) => adminDisableProviderForUser(core, input),
      AdminInitiateAuth: (input, call) => initiateAuth(core, 'AdminInitiateAuth', input, call),
      InitiateAuth: (input, call) => initiateAuth(core, 'InitiateAuth', input, call),
      AdminRespondToAuthChallenge: (input) => respondToNewPassword(core, input),
      RespondToAuthChallenge: (input) => respondToNewPassword(core, input),
      SignUp: (input, call) => signUp(core, input, call),
      DescribeUserPool: () => this.describeUserPool(),
      DescribeUserPoolClient: (input) => ({ UserPoolClient: this.describeClient(core.client(input.ClientId)) }),
      ListUserPoolClients: (input) =>
        page([...core.clients.values()], input, (client) => ({ ClientId: client.id, UserPoolId: core.id, ClientName: client.name }), 'UserPoolClients'),
      DescribeIdentityProvider: (input) => ({ IdentityProvider: this.describeProvider(input.ProviderName) }),
      ListIdentityProviders: (input) =>
        page(
          [...core.providers.values()],
          input,
          (provider) => ({
            ProviderName: provider.name,
            ProviderType: provider.type,
            CreationDate: provider.createdAt / 1000,
            LastModifiedDate: provider.createdAt / 1000,
          }),
          'Providers',
        ),
    };
  }

  private describeUserPool() {
    const core = this.core;
    const config = core.directory.config;
    const trigger = this.trigger ? `arn:aws:lambda:${core.region}:000000000000:function:${this.trigger.functionName}` : undefined;
    return {
      UserPool: {
        Id: core.id,
        Name: core.name,
        Arn: `arn:aws:cognito-idp:${core.region}:000000000000:userpool/${core.id}`,
        UsernameConfiguration: { CaseSensitive: config.caseSensitive },
        ...(config.usernameAttributes.length ? { UsernameAttributes: config.usernameAttributes } : {}),
        ...(config.aliasAttributes.length ? { AliasAttributes: config.aliasAttributes } : {}),
        ...(core.settings.autoVerifiedAttributes.length ? { AutoVerifiedAttributes: core.settings.autoVerifiedAttributes } : {}),
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: core.settings.attributesRequireVerificationBeforeUpdate },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: !core.settings.allowSelfSignUp },
        SchemaAttributes: [...core.custom.values()].map((attribute) => ({
          Name: attribute.name,
          AttributeDataType: 'String',
          Mutable: attribute.mutable,
          StringAttributeConstraints: { MaxLength: String(ATTRIBUTE_VALUE_MAX) },
        })),
        LambdaConfig: trigger ? { PreSignUp: trigger, PreAuthentication: trigger } : {},
        EstimatedNumberOfUsers: core.directory.all.length,
        CreationDate: core.createdAt / 1000,
        LastModifiedDate: core.createdAt / 1000,
      },
    };
  }

  private describeClient(client: ClientRecord) {
    return {
      UserPoolId: this.core.id,
      ClientName: client.name,
      ClientId: client.id,
      ...(client.secret ? { ClientSecret: client.secret } : {}),
      CreationDate: client.createdAt / 1000,
      LastModifiedDate: client.createdAt / 1000,
      RefreshTokenValidity: 30,
      ExplicitAuthFlows: client.explicitAuthFlows,
      ...(client.supportedIdentityProviders ? { SupportedIdentityProviders: client.supportedIdentityProviders } : {}),
      ...(client.callbackUrls.length ? { CallbackURLs: client.callbackUrls } : {}),
      PreventUserExistenceErrors: client.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
      // "Amazon Cognito only populates WriteAttributes in the API response if you have specified your own" (UserPoolClientType).
      ...(client.readAttributes ? { ReadAttributes: client.readAttributes } : {}),
      ...(client.writeAttributes ? { WriteAttributes: client.writeAttributes } : {}),
      ...(client.allowedOauthScopes ? { AllowedOAuthScopes: client.allowedOauthScopes } : {}),
      EnableTokenRevocation: true,
      AuthSessionValidity: 3,
    };
  }

  private describeProvider(name: string) {
    const provider = this.core.providers.get(name);
    if (!provider) throw errors.providerNotFound(name);
    return {
      UserPoolId: this.core.id,
      ProviderName: provider.name,
      ProviderType: provider.type,
      ProviderDetails: provider.providerDetails,
      AttributeMapping: provider.attributeMapping,
      IdpIdentifiers: provider.idpIdentifiers,
      CreationDate: provider.createdAt / 1000,
      LastModifiedDate: provider.createdAt / 1000,
    };
  }

  private clientNamed(nameOrId: string): ClientRecord {
    const client = this.core.clients.get(nameOrId) ?? [...this.core.clients.values()].find((candidate) => candidate.name === nameOrId);
    if (!client) throw new TwinUsageError(`twin: pool ${this.id} has no app client ${nameOrId}`);
    return client;
  }

  private providerNamed(name: string) {
    const provider = this.core.providers.get(name);
    if (!provider) throw new TwinUsageError(`twin: pool ${this.id} has no identity provider ${name}`);
    return provider;
  }

  private identity(providerName: string, subject: string, flags: { primary: boolean; signedIn: boolean }): LinkedIdentity {
    const provider = this.providerNamed(providerName);
    return {
      providerName: provider.name,
      providerType: provider.type,
      userId: subject,
      issuer: provider.issuer,
      primary: flags.primary,
      dateCreated: Date.now(),
      linkAttributeName: 'Cognito_Subject',
      linkAttributeValue: subject,
      signedIn: flags.signedIn,
    };
  }
}

/** NextToken paging for the small configuration lists (MaxResults 1-60). */
function page<T, R>(items: readonly T[], input: { MaxResults?: number; NextToken?: string }, render: (item: T) => R, key: string) {
  // ListIdentityProviders allows MaxResults 0 (ListProvidersLimitType): read as the default [INF].
  const size = input.MaxResults || 60;
  const start = input.NextToken ? Number.parseInt(Buffer.from(input.NextToken, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw errors.invalidParameter('Invalid NextToken.');
  const end = start + size;
  return {
    [key]: items.slice(start, end).map(render),
    ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

/**
 * The simulation's answer, held to the model like the wire's: an error the model does not list for
 * the operation, or a member it does not define, is a twin defect thrown to the test.
 */
async function settle<T>(operation: ServedOperation, run: () => Promise<T>): Promise<ApiResult<T>> {
  let value: T;
  try {
    value = await run();
  } catch (error) {
    if (!(error instanceof CognitoServiceError)) throw error;
    const answer = answerFor(operation, error);
    if (answer !== error) throw new Error(answer.message);
    return { ok: false, error: { type: error.type, message: error.message } };
  }
  const problems = responseProblems(operation, value);
  if (problems.length > 0) throw new Error(`Twin defect: ${operation} answered members the model does not define: ${problems.join('; ')}`);
  return { ok: true, value };
}


