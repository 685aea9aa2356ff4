// The thin Cognito adapter: the only code that calls Cognito. Four operations, each bounded by the
// invocation's deadline, each recorded (name and outcome) for the log line, each failure
// classified. What is kept between invocations (described clients) is described-clients.ts's.
import { LIST_USERS_PAGE_MAX } from '../../policy/cognito-limits';
import type { DirectoryUser } from '../engine/candidate-selection';
import { clientCapabilities, type ClientCapabilities } from '../engine/client-capabilities';
import type { Deadline } from '../runtime/deadline';
import { cognitoClient, type ClientSettings, type CognitoClient } from './client';
import { CognitoCallError, classifyCognitoError, errorName } from './errors';

export interface CognitoCall {
  readonly operation: string;
  /** 'ok', or the error's name. */
  readonly outcome: string;
}

export interface UserListing {
  readonly users: DirectoryUser[];
  /** ListUsers calls made (pages read). */
  readonly pages: number;
  /** False when Cognito had more pages than maxPages allowed. */
  readonly complete: boolean;
}

export interface Directory {
  /** The users the filter matches, following PaginationToken for at most maxPages pages. */
  listUsers(filter: string, maxPages: number): Promise<UserListing>;
  linkIdentity(destinationUsername: string, providerName: string, subject: string): Promise<void>;
  /** undefined when the user does not exist. Strongly consistent, unlike ListUsers. */
  getUser(username: string): Promise<DirectoryUser | undefined>;
  describeClient(clientId: string): Promise<ClientCapabilities>;
}

export interface DirectoryScope {
  readonly poolId: string;
  readonly settings: ClientSettings;
  readonly deadline: Deadline;
  /** Appended to as calls complete. */
  readonly calls: CognitoCall[];
}

export function cognitoDirectory(scope: DirectoryScope): Directory {
  const { poolId, deadline, calls } = scope;

  async function call<T>(operation: string, run: (c: CognitoClient, options: { abortSignal: AbortSignal; requestTimeout: number }) => Promise<T>): Promise<T> {
    try {
      const c = cognitoClient(scope.settings);
      const remaining = deadline.remainingMs();
      if (remaining <= 0 || deadline.signal.aborted) throw Object.assign(new Error('deadline reached'), { name: 'AbortError' });
      const result = await run(c, {
        abortSignal: deadline.signal,
        requestTimeout: Math.min(c.settings.callTimeoutMs, remaining),
      });
      calls.push({ operation, outcome: 'ok' });
      return result;
    } catch (error) {
      calls.push({ operation, outcome: errorName(error) });
      throw new CognitoCallError(operation, classifyCognitoError(error), errorName(error));
    }
  }

  return {
    async listUsers(filter, maxPages) {
      const users: DirectoryUser[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        if (pages >= maxPages) return { users, pages, complete: false };
        const page = await call('ListUsers', ({ client, sdk }, options) =>
          client.send(new sdk.ListUsersCommand({ UserPoolId: poolId, Filter: filter, Limit: LIST_USERS_PAGE_MAX, PaginationToken: token }), options),
        );
        pages += 1;
        for (const user of page.Users ?? []) {
          users.push(directoryUser(user.Username, user.UserStatus, user.Enabled, user.Attributes));
        }
        token = page.PaginationToken || undefined;
      } while (token !== undefined);
      return { users, pages, complete: true };
    },

    async linkIdentity(destinationUsername, providerName, subject) {
      await call('AdminLinkProviderForUser', ({ client, sdk }, options) =>
        client.send(
          new sdk.AdminLinkProviderForUserCommand({
            UserPoolId: poolId,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destinationUsername },
            SourceUser: { ProviderName: providerName, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: subject },
          }),
          options,
        ),
      );
    },

    async getUser(username) {
      try {
        const user = await call('AdminGetUser', ({ client, sdk }, options) =>
          client.send(new sdk.AdminGetUserCommand({ UserPoolId: poolId, Username: username }), options),
        );
        return directoryUser(user.Username, user.UserStatus, user.Enabled, user.UserAttributes);
      } catch (error) {
        if (error instanceof CognitoCallError && error.kind === 'user_not_found') return undefined;
        throw error;
      }
    },

    async describeClient(clientId) {
      const answer = await call('DescribeUserPoolClient', ({ client, sdk }, options) =>
        client.send(new sdk.DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }), options),
      );
      return clientCapabilities(answer.UserPoolClient?.SupportedIdentityProviders, answer.UserPoolClient?.ExplicitAuthFlows);
    },
  };
}

function directoryUser(
  username: string | undefined,
  status: string | undefined,
  enabled: boolean | undefined,
  attributes: readonly { Name?: string; Value?: string }[] | undefined,
): DirectoryUser {
  const values: Record<string, string> = {};
  for (const { Name, Value } of attributes ?? []) {
    if (Name !== undefined && Value !== undefined) values[Name] = Value;
  }
  // Enabled is absent only from malformed answers; treat it as disabled rather than guess.
  return { username: username ?? '', status, enabled: enabled === true, attributes: values };
}
