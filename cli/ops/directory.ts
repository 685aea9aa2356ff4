// The Cognito calls the operator commands make outside the trigger's flow, each through its quota
// category's client (cognito.ts). Users come back in the engine's DirectoryUser shape, so commands
// judge them with the trigger's own rules. Reads fail as the trigger classifies failures
// (CognitoCallError, or FatalCognitoError when no request can succeed); the two writes throw the
// SDK's error as it is, its message naming the cause.
import {
  AdminDisableProviderForUserCommand,
  AdminUserGlobalSignOutCommand,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import { listUsersFilter } from '../../lambda/engine/lookup';
import { LIST_USERS_PAGE_MAX } from '../../policy/cognito-limits';
import type { CognitoTarget } from './cognito';
import { classified, directoryUser, getUser } from './engine-directory';

export interface OpsDirectory {
  /** AdminGetUser: by username, alias or sub; undefined when Cognito says the user does not exist. */
  getUser(username: string): Promise<DirectoryUser | undefined>;
  /** Every user whose email is `email` ignoring A-Z case (both spellings queried: ListUsers' case rule is disputed, §7). */
  usersWithEmail(email: string): Promise<DirectoryUser[]>;
  /** Every user of the pool, page by page, as they are read (never all in memory). */
  allUsers(): AsyncGenerator<DirectoryUser>;
  unlink(provider: string, attributeName: string, value: string): Promise<void>;
  /** AdminUserGlobalSignOut: ends every session (refresh tokens, and access tokens for user-pool APIs). */
  signOut(username: string): Promise<void>;
}

type ListPage = { Users?: { Username?: string; UserStatus?: string; Enabled?: boolean; Attributes?: AttributeType[] }[]; PaginationToken?: string };

export function opsDirectory(target: CognitoTarget): OpsDirectory {
  const { poolId } = target;

  async function* list(filter: string | undefined): AsyncGenerator<DirectoryUser> {
    let token: string | undefined;
    do {
      const page = await classified('ListUsers', () =>
        target.send<ListPage>(
          'ListUsers',
          new ListUsersCommand({ UserPoolId: poolId, Limit: LIST_USERS_PAGE_MAX, ...(filter ? { Filter: filter } : {}), ...(token ? { PaginationToken: token } : {}) }),
        ),
      );
      for (const user of page.Users ?? []) yield directoryUser(user.Username, user.UserStatus, user.Enabled, user.Attributes);
      token = page.PaginationToken || undefined;
    } while (token !== undefined);
  }

  return {
    getUser: (username) => getUser(target, username),

    async usersWithEmail(email) {
      const wanted = asciiLowerCase(email.trim());
      const found = new Map<string, DirectoryUser>();
      for (const spelling of new Set([wanted, email.trim()])) {
        for await (const user of list(listUsersFilter('email', spelling))) {
          const held = Object.hasOwn(user.attributes, 'email') ? user.attributes['email'] : undefined;
          if (held !== undefined && asciiLowerCase(held.trim()) === wanted) found.set(user.username, user);
        }
      }
      return [...found.values()];
    },

    allUsers: () => list(undefined),

    async unlink(provider, attributeName, value) {
      await target.send(
        'AdminDisableProviderForUser',
        new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: provider, ProviderAttributeName: attributeName, ProviderAttributeValue: value } }),
      );
    },

    async signOut(username) {
      await target.send('AdminUserGlobalSignOut', new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: username }));
    },
  };
}
