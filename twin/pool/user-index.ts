// The twin directory's indexes: every user is filed under a set of string keys (its username, sub,
// searchable attribute values, linked identities...), recomputed whenever the user changes
// (PoolCore.touch), so a lookup reads a handful of candidates instead of scanning every user. An
// index only narrows: each caller still applies its own rule to the candidates, in the pool's
// order, so an index can never change what a lookup answers, only how fast (a pool of 100,000
// users, as the bulk benchmarks seed, would otherwise cost a full scan per request).

import type { UserRecord } from './model';

export class UserIndex {
  /** Key -> the users filed under it (one user, or several). */
  private readonly entries = new Map<string, UserRecord | Set<UserRecord>>();
  private readonly filed = new Map<UserRecord, readonly string[]>();

  /** Files `user` under exactly `keys` (replacing what it was filed under before). */
  file(user: UserRecord, keys: readonly string[]): void {
    const before = this.filed.get(user) ?? [];
    const after = new Set(keys);
    for (const key of before) if (!after.has(key)) this.remove(key, user);
    const previous = new Set(before);
    for (const key of after) if (!previous.has(key)) this.add(key, user);
    this.filed.set(user, [...after]);
  }

  unfile(user: UserRecord): void {
    for (const key of this.filed.get(user) ?? []) this.remove(key, user);
    this.filed.delete(user);
  }

  /** The users filed under any of `keys`, in creation order (the order a scan of the pool meets them). */
  lookup(...keys: readonly string[]): UserRecord[] {
    const found = new Set<UserRecord>();
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      if (entry instanceof Set) for (const user of entry) found.add(user);
      else found.add(entry);
    }
    return [...found].sort((a, b) => a.seq - b.seq);
  }

  private add(key: string, user: UserRecord): void {
    const entry = this.entries.get(key);
    if (entry === undefined) this.entries.set(key, user);
    else if (entry instanceof Set) entry.add(user);
    else if (entry !== user) this.entries.set(key, new Set([entry, user]));
  }

  private remove(key: string, user: UserRecord): void {
    const entry = this.entries.get(key);
    if (entry === user) this.entries.delete(key);
    else if (entry instanceof Set) {
      entry.delete(user);
      if (entry.size === 1) this.entries.set(key, entry.values().next().value as UserRecord);
    }
  }
}
