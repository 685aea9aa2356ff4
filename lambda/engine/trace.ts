// The decision trace: each rule a path evaluated, in order, in words a policy reviewer understands.
// `link-policy explain` and `link-policy test` read it from the decision log line, which carries it
// only when LINK_POLICY_TRACE=1: production pays nothing for it (callers write `trace?.add(...)`,
// so without a recorder not even the detail strings are built).
//
// Details never hold a raw email, username or subject: they name attributes, statuses, domains and
// provider names. A per-candidate entry carries the candidate's username in `user`, which the log
// writer replaces with its keyed hash.

export type TraceOutcome = 'pass' | 'fail' | 'skip' | 'info';

export interface TraceEntry {
  /** The policy path ('tenant.domains', 'linking.existing_user.statuses') or engine rule id ('provider', 'candidate.unconfirmed'). */
  readonly rule: string;
  readonly outcome: TraceOutcome;
  readonly detail: string;
  /** Raw username of the candidate this entry judges; hashed when the line is written. */
  readonly user?: string;
}

export class Trace {
  readonly entries: TraceEntry[] = [];

  add(rule: string, outcome: TraceOutcome, detail: string, user?: string): void {
    this.entries.push(user === undefined ? { rule, outcome, detail } : { rule, outcome, detail, user });
  }
}
