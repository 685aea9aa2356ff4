// The Cognito calls the operator commands make, each paced and retried (throttle.ts). Users come
// back in the engine's DirectoryUser shape so prelink judges candidates with the trigger's own rules.
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { listUsersFilter } from '../../lambda/engine/lookup';
import type { CognitoTarget } from './cognito';
import type { Pacer } from './throttle';

/** ListUsers: Limit is 0-60 (MODEL). */
const PAGE = 60;

export interface OpsDirectory {
  /** AdminGetUser: by username, alias or sub; undefined when Cognito says the user does not exist. */
  getUser(username: string): Promise<DirectoryUser | undefined>;
  /** Every user whose email is `email` ignoring case (both spellings queried: ListUsers' case rule is disputed, §7). */
  usersWithEmail(email: string): Promise<DirectoryUser[]>;
  /** Every user of the pool, page by page. */
  allUsers(onPage?: (count: number) => void): Promise<DirectoryUser[]>;
  link(destination: string, provider: string, attributeName: string, value: string): Promise<void>;
  unlink(provider: string, attributeName: string, value: string): Promise<void>;
}

export function opsDirectory(target: CognitoTarget, pacer: Pacer): OpsDirectory {
  const { client, poolId } = target;

  async function list(filter: string | undefined, onPage?: (count: number) => void): Promise<DirectoryUser[]> {
    const users: DirectoryUser[] = [];
    let token: string | undefined;
    do {
      const page = await pacer.run(() =>
        client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: PAGE, ...(filter ? { Filter: filter } : {}), ...(token ? { PaginationToken: token } : {}) })),
      );
      for (const user of page.Users ?? []) users.push(directoryUser(user.Username, user.UserStatus, user.Enabled, user.Attributes));
      onPage?.(users.length);
      token = page.PaginationToken || undefined;
    } while (token !== undefined);
    return users;
  }

  return {
    async getUser(username) {
      try {
        const user = await pacer.run(() => client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })));
        return directoryUser(user.Username, user.UserStatus, user.Enabled, user.UserAttributes);
      } catch (error) {
        if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
        throw error;
      }
    },

    async usersWithEmail(email) {
      const spellings = [...new Set([email.trim().toLowerCase(), email.trim()])];
      const found = new Map<string, DirectoryUser>();
      for (const spelling of spellings) {
        for (const user of await list(listUsersFilter('email', spelling))) {
          if (user.attributes['email']?.trim().toLowerCase() === email.trim().toLowerCase()) found.set(user.username, user);
        }
      }
      return [...found.values()];
    },

    allUsers(onPage) {
      return list(undefined, onPage);
    },

    async link(destination, provider, attributeName, value) {
      await pacer.run(() =>
        client.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: poolId,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination },
            SourceUser: { ProviderName: provider, ProviderAttributeName: attributeName, ProviderAttributeValue: value },
          }),
        ),
      );
    },

    async unlink(provider, attributeName, value) {
      await pacer.run(() =>
        client.send(
          new AdminDisableProviderForUserCommand({
            UserPoolId: poolId,
            User: { ProviderName: provider, ProviderAttributeName: attributeName, ProviderAttributeValue: value },
          }),
        ),
      );
    },
  };
}

function directoryUser(username: string | undefined, status: string | undefined, enabled: boolean | undefined, attributes: readonly AttributeType[] | undefined): DirectoryUser {
  const values: Record<string, string> = {};
  for (const { Name, Value } of attributes ?? []) if (Name !== undefined && Value !== undefined) values[Name] = Value;
  return { username: username ?? '', status, enabled: enabled === true, attributes: values };
}
