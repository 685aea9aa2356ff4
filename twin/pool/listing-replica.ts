// ListUsers "is eventually consistent" (MODEL ListUsers; "use AdminGetUser to check one user"). The
// twin models that as a replica `lagMs` behind: ListUsers answers from each user's state as it was
// `lagMs` ago, so a user created since is missing, and one changed (attributes, status, enabled,
// linked identities) or deleted since appears as it was. AdminGetUser and every other operation
// read the live directory. How stale real ListUsers gets is undocumented; the lag is the test's choice.

import type { UserRecord } from './model';

interface Version {
  readonly at: number;
  /** The user as ListUsers would show it from `at` on; undefined once deleted. */
  readonly user: UserRecord | undefined;
}

export class ListingReplica {
  /** Versions per user (by seq), oldest first. */
  private readonly versions = new Map<number, Version[]>();

  constructor(
    readonly lagMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** After every change to a user (PoolCore.newUser and PoolCore.touch call it). */
  record(user: UserRecord): void {
    this.push(user.seq, structuredClone(user));
  }

  recordDeletion(user: UserRecord): void {
    this.push(user.seq, undefined);
  }

  /** The users ListUsers sees now: each one's newest version at least `lagMs` old, in creation order. */
  view(): UserRecord[] {
    const cutoff = this.now() - this.lagMs;
    const users: UserRecord[] = [];
    for (const versions of this.versions.values()) {
      const visible = latestBefore(versions, cutoff);
      if (visible?.user) users.push(visible.user);
    }
    return users.sort((a, b) => a.seq - b.seq);
  }

  private push(seq: number, user: UserRecord | undefined): void {
    const versions = this.versions.get(seq) ?? [];
    versions.push({ at: this.now(), user });
    // Versions older than the one ListUsers serves now can never be served again.
    const served = latestBefore(versions, this.now() - this.lagMs);
    const keepFrom = served ? versions.indexOf(served) : 0;
    this.versions.set(seq, versions.slice(keepFrom));
  }
}

function latestBefore(versions: readonly Version[], cutoff: number): Version | undefined {
  let found: Version | undefined;
  for (const version of versions) {
    if (version.at > cutoff) break;
    found = version;
  }
  return found;
}
