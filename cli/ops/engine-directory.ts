// The trigger's Directory (lambda/cognito/directory.ts) over the operator commands' Cognito target,
// so a command can hand a row to the trigger's own flow (lambda/flows/) and have it decided by the
// engine exactly as a first federated sign-in is. Failures are classified with the trigger's own
// patterns (lambda/cognito/errors.ts); a failure no retry can fix (no credentials, no such pool) is
// thrown as FatalCognitoError, which the flow does not catch, so the run stops instead of turning it
// into a per-row answer. The one write, linkIdentity, is handed to the caller (`onLink`), which checks
// the engine's choice against the row and journals it before sending it.
import { AdminGetUserCommand, ListUsersCommand, type AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { Directory } from '../../lambda/cognito/directory';
import { CognitoCallError, classifyCognitoError, errorName } from '../../lambda/cognito/errors';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { LIST_USERS_PAGE_MAX } from '../../policy/cognito-limits';
import type { CognitoTarget } from './cognito';

/** Errors that mean the command cannot work at all: every row would fail the same way. */
const FATAL = new Set([
  'CredentialsProviderError',
  'ResourceNotFoundException',
  'UnrecognizedClientException',
  'AccessDeniedException',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
]);

export class FatalCognitoError extends Error {
  constructor(readonly original: unknown) {
    super(`${errorName(original)}: ${(original as Error | null)?.message ?? String(original)}`);
    this.name = 'FatalCognitoError';
  }
}

export function isFatal(error: unknown): boolean {
  return FATAL.has(errorName(error));
}

/** Runs a call, classifying its failure as the trigger does; fatal ones stop the run. */
export async function classified<T>(operation: string, call: () => Promise<T>, failures?: { last?: unknown }): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isFatal(error)) throw new FatalCognitoError(error);
    if (failures) failures.last = error;
    throw new CognitoCallError(operation, classifyCognitoError(error), errorName(error));
  }
}

export interface EngineDirectoryOptions {
  /** The engine decided to link `destination` (as AdminGetUser just read it) to this identity. */
  readonly onLink: (destination: DirectoryUser, providerName: string, subject: string) => Promise<void>;
  /** Receives the last error a call failed with (its message names the cause, e.g. "Merging is not currently supported"). */
  readonly failures?: { last?: unknown };
}

export function engineDirectory(target: CognitoTarget, options: EngineDirectoryOptions): Directory & { readonly users: ReadonlyMap<string, DirectoryUser> } {
  const { poolId } = target;
  /** Every user this row's decision read, by username, as last read: the caller checks the engine's choice against them. */
  const users = new Map<string, DirectoryUser>();
  const remember = (user: DirectoryUser): DirectoryUser => {
    users.set(user.username, user);
    return user;
  };
  return {
    users,
    async listUsers(filter, maxPages) {
      const found: DirectoryUser[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        if (pages >= maxPages) return { users: found, pages, complete: false };
        const page = await classified(
          'ListUsers',
          () =>
            target.send<{ Users?: { Username?: string; UserStatus?: string; Enabled?: boolean; Attributes?: AttributeType[] }[]; PaginationToken?: string }>(
              'ListUsers',
              new ListUsersCommand({ UserPoolId: poolId, Filter: filter, Limit: LIST_USERS_PAGE_MAX, ...(token ? { PaginationToken: token } : {}) }),
            ),
          options.failures,
        );
        pages += 1;
        for (const user of page.Users ?? []) found.push(remember(directoryUser(user.Username, user.UserStatus, user.Enabled, user.Attributes)));
        token = page.PaginationToken || undefined;
      } while (token !== undefined);
      return { users: found, pages, complete: true };
    },

    async getUser(username) {
      const user = await getUser(target, username, options.failures);
      return user ? remember(user) : undefined;
    },

    async linkIdentity(destinationUsername, providerName, subject) {
      const destination = users.get(destinationUsername);
      if (!destination) throw new Error(`the engine chose ${destinationUsername} without reading it`);
      await options.onLink(destination, providerName, subject);
    },

    async describeClient() {
      throw new Error('a first federated sign-in never describes a client');
    },
  };
}

/** AdminGetUser; undefined when Cognito says the user does not exist. */
export async function getUser(target: CognitoTarget, username: string, failures?: { last?: unknown }): Promise<DirectoryUser | undefined> {
  try {
    const user = await classified(
      'AdminGetUser',
      () =>
        target.send<{ Username?: string; UserStatus?: string; Enabled?: boolean; UserAttributes?: AttributeType[] }>(
          'AdminGetUser',
          new AdminGetUserCommand({ UserPoolId: target.poolId, Username: username }),
        ),
      failures,
    );
    return directoryUser(user.Username, user.UserStatus, user.Enabled, user.UserAttributes);
  } catch (error) {
    if (error instanceof CognitoCallError && error.kind === 'user_not_found') return undefined;
    throw error;
  }
}

export function directoryUser(username: string | undefined, status: string | undefined, enabled: boolean | undefined, attributes: readonly AttributeType[] | undefined): DirectoryUser {
  const values = new Map<string, string>();
  for (const { Name, Value } of attributes ?? []) if (Name !== undefined && Value !== undefined) values.set(Name, Value);
  // Own properties only, whatever the attribute names: "__proto__" stays a plain key.
  return { username: username ?? '', status, enabled: enabled === true, attributes: Object.fromEntries(values) };
}
