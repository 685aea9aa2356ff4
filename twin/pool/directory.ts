// A pool's users and the rules for finding one: by username (case rule fixed at creation), alias,
// sub, or a linked identity's `Provider_subject` name.

import type { TwinSwitches } from '../switches';
import type { AliasAttribute, LinkedIdentity, UserRecord, UsernameAttribute } from './model';

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

export class Directory {
  private readonly users: UserRecord[] = [];
  /** By folded username (usernames never change): tests seed pools of 10,000 users. */
  private readonly named = new Map<string, UserRecord>();
  private seq = 0;

  constructor(
    readonly config: DirectoryConfig,
    private readonly switches: TwinSwitches,
  ) {}

  get all(): readonly UserRecord[] {
    return this.users;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  add(user: UserRecord): void {
    this.users.push(user);
    this.named.set(this.fold(user.username), user);
  }

  remove(user: UserRecord): void {
    const index = this.users.indexOf(user);
    if (index >= 0) this.users.splice(index, 1);
    if (this.named.get(this.fold(user.username)) === user) this.named.delete(this.fold(user.username));
  }

  /** GUIDE-2023 user-pool-case-sensitivity: in case-insensitive pools username, preferred_username and email ignore case. */
  fold(value: string): string {
    return this.config.caseSensitive ? value : value.toLowerCase();
  }

  sameUsername(a: string, b: string): boolean {
    return this.fold(a) === this.fold(b);
  }

  byUsername(username: string): UserRecord | undefined {
    return this.named.get(this.fold(username));
  }

  bySub(sub: string): UserRecord | undefined {
    return this.users.find((user) => user.sub === sub);
  }

  /** Sign-in names beyond the username: username attributes always, aliases only once verified. */
  byAlias(value: string): UserRecord | undefined {
    for (const attribute of this.signInAttributes()) {
      const flag = this.config.usernameAttributes.includes(attribute as UsernameAttribute) ? undefined : VERIFIED_FLAG[attribute];
      const key = attribute === 'phone_number' ? value : this.fold(value);
      const found = this.users.find((user) => {
        const held = user.attributes.get(attribute);
        if (held === undefined) return false;
        if (flag && user.attributes.get(flag) !== 'true') return false;
        return (attribute === 'phone_number' ? held : this.fold(held)) === key;
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
    const key = this.fold(name);
    return this.users.find((user) =>
      user.identities.some((identity) => !identity.primary && this.fold(`${identity.providerName}_${identity.userId}`) === key),
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
    return this.users.find(
      (user) => user.federated?.providerName === providerName && user.federated.subject === subject,
    );
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
    for (const user of this.users) {
      for (const identity of user.identities) {
        if (identity.primary || identity.providerName !== providerName) continue;
        if (identity.linkAttributeName === 'Cognito_Subject' ? identity.userId === subject : mapped.get(identity.linkAttributeName) === identity.linkAttributeValue) {
          return { user, identity };
        }
      }
    }
    return undefined;
  }

  /** A link of this provider whose subject equals `subject` only when case is ignored (switch (h)). */
  caseMismatchedLink(providerName: string, subject: string): UserRecord | undefined {
    const lower = subject.toLowerCase();
    return this.users.find((user) =>
      user.identities.some(
        (identity) =>
          !identity.primary &&
          identity.providerName === providerName &&
          identity.linkAttributeName === 'Cognito_Subject' &&
          identity.userId !== subject &&
          identity.userId.toLowerCase() === lower,
      ),
    );
  }

  private signInAttributes(): AliasAttribute[] {
    return [...new Set<AliasAttribute>([...this.config.usernameAttributes, ...this.config.aliasAttributes])];
  }
}
