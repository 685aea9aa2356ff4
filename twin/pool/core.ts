// The state one twin pool keeps and the helpers every operation shares. Operations live in their
// own modules (admin-users, sign-up, password-auth, linking, federation) and receive this core.

import { createHash } from 'node:crypto';
import { errors } from '../errors';
import { randomUuid, type Random } from '../random';
import type { TwinSwitches } from '../switches';
import { ADMIN_CLIENT_ID, UNKNOWN_SDK_VERSION, type EventBase } from '../triggers/events';
import type { TriggerInvoker, TriggerName, TriggerOutcome } from '../triggers/invoker';
import { Directory } from './directory';
import type { Paging } from './list-users';
import type { ListingReplica } from './listing-replica';
import type {
  AliasAttribute,
  ClientRecord,
  CustomAttributeRecord,
  LinkedIdentity,
  ProviderRecord,
  UserRecord,
  UserStatus,
  VerifiedAttribute,
} from './model';

/** Who made the API call: the SDK version goes into trigger events' callerContext. */
export interface CallContext {
  readonly awsSdkVersion: string;
}

export const SIMULATION_CALL: CallContext = { awsSdkVersion: UNKNOWN_SDK_VERSION };

/** Pool-level settings beyond the directory's sign-in rules. */
export interface PoolSettings {
  readonly autoVerifiedAttributes: readonly VerifiedAttribute[];
  readonly attributesRequireVerificationBeforeUpdate: readonly VerifiedAttribute[];
  readonly allowSelfSignUp: boolean;
}

export interface PoolCoreInit {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly issuer: string;
  readonly switches: TwinSwitches;
  readonly directory: Directory;
  readonly providers: ReadonlyMap<string, ProviderRecord>;
  readonly clients: ReadonlyMap<string, ClientRecord>;
  readonly custom: ReadonlyMap<string, CustomAttributeRecord>;
  readonly ids: Random;
  readonly pages: Random;
  readonly paging: Paging;
  /** The lagging copy ListUsers answers from; absent when ListUsers is current. */
  readonly listing?: ListingReplica;
  readonly settings: PoolSettings;
  readonly passwordMinLength: number;
  readonly invoker?: TriggerInvoker;
  readonly createdAt: number;
  /** Seeds the order ListUsers lists users in. */
  readonly orderSalt: string;
}

export interface NewUser {
  readonly username: string;
  readonly attributes?: Iterable<readonly [string, string]>;
  readonly status: UserStatus;
  readonly enabled?: boolean;
  readonly password?: string;
  readonly federated?: { readonly providerName: string; readonly subject: string };
  readonly identities?: LinkedIdentity[];
  readonly sub?: string;
}

// The class carries every PoolCoreInit field (declaration merging), assigned in the constructor.
export interface PoolCore extends PoolCoreInit {}
export class PoolCore {
  /** Open NEW_PASSWORD_REQUIRED challenges: session -> user and client. */
  readonly sessions = new Map<string, { readonly sub: string; readonly clientId: string }>();

  constructor(init: PoolCoreInit) {
    Object.assign(this, init);
  }

  client(clientId: string): ClientRecord {
    const client = this.clients.get(clientId);
    if (!client) throw errors.clientNotFound(clientId);
    return client;
  }

  newUser(spec: NewUser): UserRecord {
    const now = Date.now();
    const sub = spec.sub ?? randomUuid(this.ids);
    const user: UserRecord = {
      seq: this.directory.nextSeq(),
      username: spec.username,
      sub,
      attributes: new Map(spec.attributes ?? []),
      identities: spec.identities ?? [],
      status: spec.status,
      enabled: spec.enabled ?? true,
      ...(spec.password !== undefined ? { password: spec.password } : {}),
      createdAt: now,
      modifiedAt: now,
      nativeSignInDisabled: false,
      ...(spec.federated ? { federated: spec.federated } : {}),
      tokenGeneration: 0,
      // The API promises no order [INF]: a seeded hash of the sub, so no caller can rely on creation order.
      listOrder: createHash('sha256').update(`${this.orderSalt}\u0000${sub}`).digest('hex'),
    };
    this.directory.add(user);
    this.listing?.record(user);
    return user;
  }

  /** Call after every change to a user: its modification date, and the copy ListUsers will serve. */
  touch(user: UserRecord): void {
    user.modifiedAt = Date.now();
    this.directory.reindex(user);
    this.listing?.record(user);
  }

  removeUser(user: UserRecord): void {
    this.directory.remove(user);
    this.listing?.recordDeletion(user);
  }

  adminUser(identifier: string): UserRecord {
    const user = this.directory.resolveAdmin(identifier);
    if (!user) throw errors.userNotFound();
    return user;
  }

  checkPassword(password: string): void {
    if (password.length < this.passwordMinLength) throw errors.passwordTooShort();
  }

  /**
   * Verifying an alias another user holds: AliasExistsException, or with `move` (ForceAliasCreation,
   * or pre sign-up's autoVerifyEmail) the alias moves and the previous holder's flag turns "false"
   * (GUIDE-2023 pre sign-up page, reference §11).
   */
  claimAlias(user: UserRecord | undefined, attribute: AliasAttribute, value: string, move: boolean): void {
    if (!this.directory.config.aliasAttributes.includes(attribute)) return;
    const flag = attribute === 'email' ? 'email_verified' : attribute === 'phone_number' ? 'phone_number_verified' : undefined;
    const holder = (this.directory.withAttribute(attribute, value) ?? []).find(
      (other) =>
        other !== user &&
        other.attributes.get(attribute) !== undefined &&
        this.directory.fold(other.attributes.get(attribute) as string) === this.directory.fold(value) &&
        (flag === undefined || other.attributes.get(flag) === 'true'),
    );
    if (!holder) return;
    if (!move) throw errors.aliasExists(attribute);
    if (flag) holder.attributes.set(flag, 'false');
    else holder.attributes.delete(attribute);
    this.touch(holder);
  }

  eventBase(userName: string, clientId: string | undefined, call: CallContext): EventBase {
    return {
      region: this.region,
      userPoolId: this.id,
      userName,
      clientId: clientId ?? ADMIN_CLIENT_ID,
      awsSdkVersion: call.awsSdkVersion,
    };
  }

  /** Runs the pool's trigger, or passes the event through when the pool has none. */
  async runTrigger(name: TriggerName, event: Record<string, unknown>): Promise<TriggerOutcome> {
    if (!this.invoker) return { ok: true, event };
    return this.invoker.invoke(name, event);
  }

  /** The trigger's verdict, thrown as the API would return it. */
  static orThrow(outcome: TriggerOutcome): Record<string, unknown> {
    if (!outcome.ok) throw outcome.error;
    return outcome.event;
  }
}

