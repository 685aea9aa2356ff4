// A pool's users and the rules for finding one: by username (case rule fixed at creation), alias,
// sub, or a linked identity's `Provider_subject` name. Lookups read candidates from the indexes
// (user-index.ts) and apply the rule to them in creation order, exactly as a scan of every user
// would: the indexes change how fast a pool of 100,000 users answers, never what.

import type { TwinSwitches } from '../switches';
import type { AliasAttribute, LinkedIdentity, UserRecord, UsernameAttribute } from './model';
import { UserIndex } from './user-index';

export interface DirectoryConfig {
  /** UsernameConfiguration.CaseSensitive; false makes username, preferred_username and email case-insensitive. */
  readonly caseSensitive: boolean;
  readonly usernameAttributes: readonly UsernameAttribute[];
  readonly aliasAttributes: readonly AliasAttribute[];
}

const VERIFIED_FLAG: Record<AliasAttribute, string | undefined> = {
  email: 'email_verified',
  phone_number: 'phone_number_verified',
  preferred_username: undefined,
};

const SUBJECT = 'Cognito_Subject';

/** Attributes filed by value (lower-cased): the sign-in aliases and the attributes ListUsers filters on by value. */
const INDEXED_ATTRIBUTES = ['email', 'phone_number', 'preferred_username', 'name', 'given_name', 'family_name'] as const;

function key(...parts: readonly string[]): string {
  return parts.join('\u0000');
}

export class Directory {
  private readonly users: UserRecord[] = [];
  private readonly members = new Set<UserRecord>();
  private readonly index = new UserIndex();
  /** Every `provider + link attribute name` key ever filed: few (Cognito allows 5 names per IdP). */
  private readonly linkNameKeys = new Set<string>();
  private seq = 0;
  /** The users in ListUsers order (seeded listOrder), kept until a user is added or removed. */
  private listed: UserRecord[] | undefined;

  constructor(
    readonly config: DirectoryConfig,
    private readonly switches: TwinSwitches,
  ) {}

  /** Every user, in creation order (ascending seq). */
  get all(): readonly UserRecord[] {
    return this.users;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Every user in ListUsers order (listOrder is fixed at creation). */
  inListOrder(): readonly UserRecord[] {
    this.listed ??= inListOrder(this.users);
    return this.listed;
  }

  add(user: UserRecord): void {
    this.users.push(user);
    this.listed = undefined;
    this.members.add(user);
    this.reindex(user);
  }

  remove(user: UserRecord): void {
    const index = firstAfter(this.users, user.seq - 1);
    if (this.users[index] === user) this.users.splice(index, 1);
    this.listed = undefined;
    this.members.delete(user);
    this.index.unfile(user);
  }

  /** Files the user again under what it holds now: after every change to it (PoolCore.touch). */
  reindex(user: UserRecord): void {
    // A user deleted meanwhile stays out of the indexes.
    if (!this.members.has(user)) return;
    this.index.file(user, this.keysOf(user));
  }

  /** GUIDE-2023 user-pool-case-sensitivity: in case-insensitive pools username, preferred_username and email ignore case. */
  fold(value: string): string {
    return this.config.caseSensitive ? value : value.toLowerCase();
  }

  sameUsername(a: string, b: string): boolean {
    return this.fold(a) === this.fold(b);
  }

  byUsername(username: string): UserRecord | undefined {
    const wanted = this.fold(username);
    return this.index.lookup(key('n', wanted)).find((user) => this.fold(user.username) === wanted);
  }

  bySub(sub: string): UserRecord | undefined {
    return this.index.lookup(key('s', sub)).find((user) => user.sub === sub);
  }

  /** Users whose `attribute` may equal `value` (candidates: equal ignoring case); callers apply their own case rule. */
  withAttribute(attribute: string, value: string): UserRecord[] | undefined {
    if (!(INDEXED_ATTRIBUTES as readonly string[]).includes(attribute)) return undefined;
    return this.index.lookup(key('a', attribute, value.toLowerCase()));
  }

  /** Sign-in names beyond the username: username attributes always, aliases only once verified. */
  byAlias(value: string): UserRecord | undefined {
    for (const attribute of this.signInAttributes()) {
      const flag = this.config.usernameAttributes.includes(attribute as UsernameAttribute) ? undefined : VERIFIED_FLAG[attribute];
      const wanted = attribute === 'phone_number' ? value : this.fold(value);
      const found = (this.withAttribute(attribute, value) ?? []).find((user) => {
        const held = user.attributes.get(attribute);
        if (held === undefined) return false;
        if (flag && user.attributes.get(flag) !== 'true') return false;
        return (attribute === 'phone_number' ? held : this.fold(held)) === wanted;
      });
      if (found) return found;
    }
    return undefined;
  }

  /**
   * A linked identity's would-be username `<Provider>_<subject>`. AdminDeleteUser with a linked
   * social user's username deleted the DESTINATION (aws-sdk-go #4218): switch (i).
   */
  byLinkedUsername(name: string): UserRecord | undefined {
    if (this.switches.linkedUsernameLookup !== 'destination') return undefined;
    const wanted = this.fold(name);
    return this.index.lookup(key('u', wanted)).find((user) =>
      user.identities.some((identity) => !identity.primary && this.fold(`${identity.providerName}_${identity.userId}`) === wanted),
    );
  }

  /** Admin* operations: "username … any of their alias attributes … the sub of a local user" (MODEL AdminGetUser). */
  resolveAdmin(identifier: string): UserRecord | undefined {
    return this.byUsername(identifier) ?? this.byAlias(identifier) ?? this.bySub(identifier) ?? this.byLinkedUsername(identifier);
  }

  /** InitiateAuth USERNAME: the username or a sign-in alias. */
  resolveSignIn(identifier: string): UserRecord | undefined {
    return this.byUsername(identifier) ?? this.byAlias(identifier);
  }

  /** The EXTERNAL_PROVIDER user a federated identity created, matched exactly (subjects are case-sensitive). */
  federatedUser(providerName: string, subject: string): UserRecord | undefined {
    return this.index.lookup(key('f', providerName, subject)).find(
      (user) => user.federated?.providerName === providerName && user.federated.subject === subject,
    );
  }

  /** Every EXTERNAL_PROVIDER user created by this provider's sign-ins, in creation order. */
  federatedUsersOf(providerName: string): UserRecord[] {
    return this.index.lookup(key('fp', providerName)).filter((user) => user.federated?.providerName === providerName);
  }

  /**
   * The user an identity is linked to. Links on Cognito_Subject match the exact subject; links on a
   * mapped attribute match that attribute's value from this sign-in (LINKING).
   */
  linkedIdentity(
    providerName: string,
    subject: string,
    mapped: ReadonlyMap<string, string>,
  ): { user: UserRecord; identity: LinkedIdentity } | undefined {
    const candidates = this.index.lookup(key('i', providerName, subject), ...[...mapped].map(([name, value]) => key('l', providerName, name, value)));
    for (const user of candidates) {
      for (const identity of user.identities) {
        if (identity.primary || identity.providerName !== providerName) continue;
        if (identity.linkAttributeName === SUBJECT ? identity.userId === subject : mapped.get(identity.linkAttributeName) === identity.linkAttributeValue) {
          return { user, identity };
        }
      }
    }
    return undefined;
  }

  /**
   * Users holding a link of this provider that AdminLinkProviderForUser / AdminDisableProviderForUser
   * name by `attributeName` and `value` (candidates: the link's own attribute and value, or, for
   * Cognito_Subject, the identity's subject); callers apply the rule.
   */
  linkCandidates(providerName: string, attributeName: string, value: string): UserRecord[] {
    return this.index.lookup(key('l', providerName, attributeName, value), ...(attributeName === SUBJECT ? [key('i', providerName, value)] : []));
  }

  /** The attribute names (other than Cognito_Subject) this provider's links are made on. */
  linkAttributeNames(providerName: string): Set<string> {
    const names = new Set<string>();
    for (const filed of this.linkNameKeys) {
      const [, provider, name] = filed.split('\u0000');
      if (provider === providerName && name !== undefined && this.index.lookup(filed).length > 0) names.add(name);
    }
    return names;
  }

  /** A link of this provider whose subject equals `subject` only when case is ignored (switch (h)). */
  caseMismatchedLink(providerName: string, subject: string): UserRecord | undefined {
    const lower = subject.toLowerCase();
    return this.index.lookup(key('c', providerName, lower)).find((user) =>
      user.identities.some(
        (identity) =>
          !identity.primary &&
          identity.providerName === providerName &&
          identity.linkAttributeName === SUBJECT &&
          identity.userId !== subject &&
          identity.userId.toLowerCase() === lower,
      ),
    );
  }

  /**
   * ListUsers: the users an `=` filter can match (a superset, in creation order), or undefined when
   * the filter is not one the indexes answer (a prefix, a status): the caller then scans.
   */
  filterCandidates(attribute: string, operator: '=' | '^=', value: string): UserRecord[] | undefined {
    if (operator !== '=') return undefined;
    if (attribute === 'username') return this.index.lookup(key('n', this.fold(value)));
    if (attribute === 'sub') return this.index.lookup(key('s', value));
    return this.withAttribute(attribute, value);
  }

  private keysOf(user: UserRecord): string[] {
    const keys = [key('n', this.fold(user.username)), key('s', user.sub)];
    for (const attribute of INDEXED_ATTRIBUTES) {
      const value = user.attributes.get(attribute);
      if (value !== undefined) keys.push(key('a', attribute, value.toLowerCase()));
    }
    if (user.federated) keys.push(key('f', user.federated.providerName, user.federated.subject), key('fp', user.federated.providerName));
    for (const identity of user.identities) {
      if (identity.primary) continue;
      const provider = identity.providerName;
      keys.push(
        key('i', provider, identity.userId),
        key('c', provider, identity.userId.toLowerCase()),
        key('l', provider, identity.linkAttributeName, identity.linkAttributeValue),
        key('u', this.fold(`${provider}_${identity.userId}`)),
      );
      if (identity.linkAttributeName !== SUBJECT) {
        const named = key('k', provider, identity.linkAttributeName);
        this.linkNameKeys.add(named);
        keys.push(named);
      }
    }
    return keys;
  }

  private signInAttributes(): AliasAttribute[] {
    return [...new Set<AliasAttribute>([...this.config.usernameAttributes, ...this.config.aliasAttributes])];
  }
}

/** The position of the first user with a seq above `seq` in a list ordered by seq (binary search). */
export function firstAfter(users: readonly UserRecord[], seq: number): number {
  let low = 0;
  let high = users.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (users[middle]!.seq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A copy of `users` in ListUsers order. */
export function inListOrder(users: readonly UserRecord[]): UserRecord[] {
  return [...users].sort((a, b) => (a.listOrder < b.listOrder ? -1 : a.listOrder > b.listOrder ? 1 : 0));
}

/** The position of the first user whose listOrder is above `after` in a list in ListUsers order (binary search). */
export function firstInListOrderAfter(users: readonly UserRecord[], after: string): number {
  let low = 0;
  let high = users.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (users[middle]!.listOrder <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
