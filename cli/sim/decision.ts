// The trigger's decision log line (lambda/observability/decision-log.ts) as the operator commands
// read it back from a twin invocation, with LINK_POLICY_TRACE=1, and user hashes turned back into
// the usernames the run itself put in the pool.
import { createHmac } from 'node:crypto';
import type { TraceEntry, TraceOutcome } from '../../lambda/engine/trace';

export interface LoggedDecision {
  readonly triggerSource: string;
  readonly action: 'continue' | 'refuse';
  readonly reason: string;
  readonly refusal?: string;
  readonly tenant?: string;
  readonly provider?: string;
  readonly calls: readonly string[];
  readonly candidates: readonly { readonly user: string; readonly verdict: string; readonly exclusion?: string }[];
  /** `user` is a username when the run knows it, else the hash. */
  readonly trace: readonly TraceEntry[];
}

/** Usernames by their keyed hash, for the names a run seeded or signed up. */
export class UserNames {
  private readonly byHash = new Map<string, string>();

  constructor(private readonly key: string) {}

  add(username: string): void {
    this.byHash.set(hashUser(this.key, username), username);
  }

  name(hash: string): string {
    return this.byHash.get(hash) ?? `user ${hash}`;
  }
}

/** As lambda/observability/user-hash.ts computes it. */
export function hashUser(key: string, username: string): string {
  return createHmac('sha256', key).update(username, 'utf8').digest('hex').slice(0, 16);
}

const OUTCOMES: readonly TraceOutcome[] = ['pass', 'fail', 'skip', 'info'];

/** The decision line among an invocation's log lines. */
export function loggedDecision(logs: readonly string[], names: UserNames): LoggedDecision | undefined {
  const line = logs.find((candidate) => candidate.startsWith('{') && candidate.includes('"link-policy decision"'));
  if (!line) return undefined;
  const raw = JSON.parse(line) as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const calls = (raw['cognito_calls'] as { names?: unknown } | undefined)?.names;
  const trace = Array.isArray(raw['trace']) ? (raw['trace'] as Record<string, unknown>[]) : [];
  const candidates = Array.isArray(raw['candidates']) ? (raw['candidates'] as Record<string, unknown>[]) : [];
  return {
    triggerSource: text(raw['trigger_source']) ?? '',
    action: raw['decision'] === 'refuse' ? 'refuse' : 'continue',
    reason: text(raw['reason']) ?? '',
    ...(text(raw['refusal']) ? { refusal: text(raw['refusal'])! } : {}),
    ...(text(raw['tenant']) ? { tenant: text(raw['tenant'])! } : {}),
    ...(text(raw['provider']) ? { provider: text(raw['provider'])! } : {}),
    calls: Array.isArray(calls) ? calls.map(String) : [],
    candidates: candidates.map((candidate) => ({
      user: names.name(String(candidate['user'])),
      verdict: String(candidate['verdict']),
      ...(candidate['exclusion'] !== undefined ? { exclusion: String(candidate['exclusion']) } : {}),
    })),
    trace: trace.map((entry) => ({
      rule: String(entry['rule']),
      outcome: OUTCOMES.includes(entry['outcome'] as TraceOutcome) ? (entry['outcome'] as TraceOutcome) : 'info',
      detail: String(entry['detail']),
      ...(entry['user'] !== undefined ? { user: names.name(String(entry['user'])) } : {}),
    })),
  };
}

/**
 * The rule that decided: the first failing rule that is not a single candidate's verdict (the gate
 * that stopped the path), else the last rule that passed or failed, else the last entry.
 */
export function decidingRule(trace: readonly TraceEntry[]): TraceEntry | undefined {
  return (
    trace.find((entry) => entry.outcome === 'fail' && entry.user === undefined) ??
    [...trace].reverse().find((entry) => entry.outcome !== 'info') ??
    trace[trace.length - 1]
  );
}

/** One line per rule: `pass  tenant.domains  the asserted email's domain …  (alice)`. */
export function renderTrace(trace: readonly TraceEntry[], indent: string): string[] {
  const width = Math.min(38, Math.max(0, ...trace.map((entry) => entry.rule.length)));
  return trace.map((entry) => `${indent}${entry.outcome.padEnd(4)}  ${entry.rule.padEnd(width)}  ${entry.user ? `${entry.user}: ` : ''}${entry.detail}`);
}
