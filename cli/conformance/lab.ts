// What the conformance probes work with: the target pool, what it offers (an identity provider to
// link fake identities of, a client that allows password sign-in), and the temporary users they
// create. Every temporary user carries the run's prefix and is deleted when the run ends, also
// after a failure or an interrupt; nothing else in the pool is written.
import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  type AdminGetUserCommandOutput,
  type CognitoIdentityProviderClient,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { COGNITO_SUBJECT } from '../../policy/cognito-limits';
import { listUsersFilter } from '../../lambda/engine/lookup';
import { secretHash } from '../../twin/pool/sign-up';
import { realSleep, type Sleep } from '../ops/bulk/quota';

/** Every temporary user's username (and email) starts with this. */
export const TEMP_PREFIX = 'link-policy-conformance-';
/** Their emails are in a reserved domain that can never receive mail (RFC 2606). */
export const TEMP_EMAIL_DOMAIN = 'example.invalid';

export interface PasswordClient {
  readonly id: string;
  readonly secret?: string;
  /** InitiateAuth (ALLOW_USER_PASSWORD_AUTH) or AdminInitiateAuth (ALLOW_ADMIN_USER_PASSWORD_AUTH). */
  readonly api: 'InitiateAuth' | 'AdminInitiateAuth';
}

export interface PoolFacts {
  readonly caseSensitive: boolean;
  /** UsernameAttributes includes email: a new user's Username is its email, its real username its sub. */
  readonly emailIsUsername: boolean;
  readonly provider?: { readonly name: string; readonly type: string };
  readonly passwordClient?: PasswordClient;
  /** DescribeUserPoolClient of every app client (at most 60). */
  readonly clients: readonly UserPoolClientType[];
}

/** A run id that sorts by time and is unique: 20261204T153012-a1b2. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase();
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function tempUsername(runId: string, role: string): string {
  return `${TEMP_PREFIX}${runId}-${role}`;
}

export function tempEmail(runId: string, role: string): string {
  return `${tempUsername(runId, role)}@${TEMP_EMAIL_DOMAIN}`;
}

/** A password that satisfies any user pool password policy (length 24, all four character classes). */
export function tempPassword(): string {
  return `Lp-${randomBytes(12).toString('base64url')}-9a!Z`;
}

function flowsOf(client: UserPoolClientType): string[] {
  return client.ExplicitAuthFlows ?? [];
}

/** The client retries throttling and transient failures itself (standard retry mode, singleClientTarget). */
export class Lab {
  /** Usernames created (as Cognito reports them), in order. */
  readonly created: string[] = [];
  readonly deleted: string[] = [];
  readonly leftover: string[] = [];

  constructor(
    readonly client: CognitoIdentityProviderClient,
    readonly poolId: string,
    readonly runId: string,
    /** Waits between ListUsers polls (eventual consistency). */
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** What the probes need to know about the pool: read-only calls. */
  async discover(providerName: string | undefined): Promise<PoolFacts | { readonly error: string }> {
    const pool = (await this.client.send(new DescribeUserPoolCommand({ UserPoolId: this.poolId }))).UserPool;
    const providers = (await this.client.send(new ListIdentityProvidersCommand({ UserPoolId: this.poolId, MaxResults: 60 }))).Providers ?? [];
    let provider: PoolFacts['provider'];
    if (providerName !== undefined) {
      const found = providers.find((candidate) => candidate.ProviderName === providerName);
      if (!found) return { error: `--provider ${providerName}: the pool has no identity provider of that exact name (it has: ${providers.map((p) => p.ProviderName).join(', ') || 'none'})` };
      provider = { name: providerName, type: found.ProviderType ?? 'unknown' };
    } else if (providers[0]?.ProviderName) {
      provider = { name: providers[0].ProviderName, type: providers[0].ProviderType ?? 'unknown' };
    }
    const summaries = (await this.client.send(new ListUserPoolClientsCommand({ UserPoolId: this.poolId, MaxResults: 60 }))).UserPoolClients ?? [];
    const clients: UserPoolClientType[] = [];
    for (const summary of summaries) {
      const described = await this.client.send(new DescribeUserPoolClientCommand({ UserPoolId: this.poolId, ClientId: summary.ClientId }));
      if (described.UserPoolClient) clients.push(described.UserPoolClient);
    }
    const byFlow = (flows: readonly string[]) => clients.find((client) => flowsOf(client).some((flow) => flows.includes(flow)));
    const user = byFlow(['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH']);
    const admin = byFlow(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);
    const chosen = user ?? admin;
    return {
      caseSensitive: pool?.UsernameConfiguration?.CaseSensitive ?? true,
      emailIsUsername: pool?.UsernameAttributes?.includes('email') ?? false,
      ...(provider ? { provider } : {}),
      ...(chosen?.ClientId
        ? { passwordClient: { id: chosen.ClientId, ...(chosen.ClientSecret ? { secret: chosen.ClientSecret } : {}), api: chosen === user ? 'InitiateAuth' : 'AdminInitiateAuth' } as const }
        : {}),
      clients,
    };
  }

  /**
   * A temporary user, FORCE_CHANGE_PASSWORD (AdminCreateUser, no message sent) unless a permanent
   * password is given. Returns its username as Cognito reports it (the sub in email-as-username pools).
   */
  async createUser(facts: PoolFacts, role: string, attributes: Readonly<Record<string, string>>, password?: string): Promise<string> {
    const email = attributes['email'] ?? tempEmail(this.runId, role);
    const requested = facts.emailIsUsername ? email : tempUsername(this.runId, role);
    const answer = await this.client.send(
      new AdminCreateUserCommand({
        UserPoolId: this.poolId,
        Username: requested,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: tempPassword(),
        UserAttributes: Object.entries({ email, ...attributes }).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    const username = answer.User?.Username ?? requested;
    this.created.push(username);
    if (password !== undefined) {
      await this.client.send(new AdminSetUserPasswordCommand({ UserPoolId: this.poolId, Username: username, Password: password, Permanent: true }));
    }
    return username;
  }

  /** AdminLinkProviderForUser: a fake identity (never used by any IdP) of the pool's provider onto a temporary user. */
  link(username: string, provider: string, subject: string): Promise<unknown> {
    return this.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: this.poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
        SourceUser: { ProviderName: provider, ProviderAttributeName: COGNITO_SUBJECT, ProviderAttributeValue: subject },
      }),
    );
  }

  disableProvider(provider: string, value: string): Promise<unknown> {
    return this.client.send(
      new AdminDisableProviderForUserCommand({ UserPoolId: this.poolId, User: { ProviderName: provider, ProviderAttributeName: COGNITO_SUBJECT, ProviderAttributeValue: value } }),
    );
  }

  /** AdminGetUser as it answers, errors included. */
  adminGetUser(username: string): Promise<AdminGetUserCommandOutput> {
    return this.client.send(new AdminGetUserCommand({ UserPoolId: this.poolId, Username: username }));
  }

  /** undefined when there is no such user. */
  async getUser(username: string): Promise<AdminGetUserCommandOutput | undefined> {
    try {
      return await this.adminGetUser(username);
    } catch (error) {
      if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  }

  /** The usernames ListUsers lists for `attribute = "value"`, every page. */
  async listUsernames(attribute: string, value: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListUsersCommand({ UserPoolId: this.poolId, Filter: listUsersFilter(attribute, value), ...(token ? { PaginationToken: token } : {}) }));
      names.push(...(page.Users ?? []).flatMap((user) => (user.Username ? [user.Username] : [])));
      token = page.PaginationToken || undefined;
    } while (token);
    return names;
  }

  /** ListUsers is eventually consistent (MODEL): waits until `attribute = "value"` lists the user. */
  async awaitListed(username: string, attribute: string, value: string, timeoutMs = 30_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
      if ((await this.listUsernames(attribute, value)).includes(username)) return true;
      if (Date.now() + wait > until) return false;
      await this.sleep(wait);
    }
  }

  /** A password sign-in through the pool's password client: 'ok', or the error's name and message. */
  async signIn(client: PasswordClient, username: string, password: string): Promise<{ ok: true } | { ok: false; name: string; message: string }> {
    const parameters: Record<string, string> = { USERNAME: username, PASSWORD: password };
    if (client.secret) parameters['SECRET_HASH'] = secretHash(username, client.id, client.secret);
    try {
      const answer =
        client.api === 'InitiateAuth'
          ? await this.client.send(new InitiateAuthCommand({ ClientId: client.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: parameters }))
          : await this.client.send(new AdminInitiateAuthCommand({ UserPoolId: this.poolId, ClientId: client.id, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: parameters }));
      if (answer.AuthenticationResult) return { ok: true };
      return { ok: false, name: 'Challenge', message: `answered with the ${answer.ChallengeName ?? 'unknown'} challenge` };
    } catch (error) {
      const e = error as { name?: string; message?: string };
      return { ok: false, name: e.name ?? 'Error', message: e.message ?? '' };
    }
  }

  /** Deletes every user this run created; what cannot be deleted is listed as leftover. */
  async cleanup(): Promise<void> {
    for (const username of this.created) {
      if (this.deleted.includes(username) || this.leftover.includes(username)) continue;
      try {
        await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.poolId, Username: username }));
        this.deleted.push(username);
      } catch (error) {
        if ((error as { name?: string }).name === 'UserNotFoundException') this.deleted.push(username);
        else this.leftover.push(username);
      }
    }
  }

  /** Users an earlier, interrupted run left behind (their usernames carry the prefix). */
  async earlierLeftovers(): Promise<string[]> {
    const names = new Set<string>();
    for (const attribute of ['username', 'email']) {
      let token: string | undefined;
      do {
        const page = await this.client.send(new ListUsersCommand({ UserPoolId: this.poolId, Filter: `${attribute} ^= "${TEMP_PREFIX}"`, ...(token ? { PaginationToken: token } : {}) }));
        for (const user of page.Users ?? []) if (user.Username && !this.created.includes(user.Username)) names.add(user.Username);
        token = page.PaginationToken || undefined;
      } while (token);
    }
    return [...names].sort();
  }
}
