// One JSON line per invocation, written with process.stdout.write (no console prefix, so the
// line is the record). Field names are stable: dashboards and alerts key on them.
import type { CognitoCall } from '../cognito/directory';
import type { CandidateVerdict } from '../engine/candidate-selection';
import type { Decision } from '../engine/decision';
import type { TraceEntry } from '../engine/trace';
import type { UserHasher } from './user-hash';

export interface DecisionRecord {
  readonly triggerSource: string;
  readonly decision: Decision;
  readonly tenant?: string;
  readonly provider?: string;
  readonly emailDomain?: string;
  readonly userName: string;
  readonly calls: readonly CognitoCall[];
  readonly latencyMs: number;
  readonly coldStart: boolean;
  readonly policyDigest: string;
  readonly requestId: string;
  /** Extra facts for one path (candidates, identities source, client kind, link error...). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly candidates?: readonly CandidateVerdict[];
  /** Only when LINK_POLICY_TRACE=1: each rule evaluated, in order. */
  readonly trace?: readonly TraceEntry[];
}

export function decisionLine(record: DecisionRecord, hash: UserHasher): string {
  const { decision } = record;
  // Built by assignment rather than conditional spreads, which allocate an object each: the same
  // keys in the same order (a details key that repeats one keeps its place and takes the new value).
  const line: Record<string, unknown> = {
    msg: 'link-policy decision',
    trigger_source: record.triggerSource,
    tenant: record.tenant ?? null,
    provider: record.provider ?? null,
    decision: decision.action,
    reason: decision.reason,
  };
  if ('refusal' in decision) line.refusal = decision.refusal.code;
  if (decision.reason === 'cognito_unavailable') line.failed = decision.action === 'continue' ? 'open' : 'closed';
  line.cognito_calls = { count: record.calls.length, names: record.calls.map((c) => (c.outcome === 'ok' ? c.operation : `${c.operation}:${c.outcome}`)) };
  line.latency_ms = record.latencyMs;
  line.cold_start = record.coldStart;
  line.policy_digest = record.policyDigest;
  line.request_id = record.requestId;
  line.user = record.userName === '' ? null : hash(record.userName);
  line.email_domain = record.emailDomain ?? null;
  if (record.candidates && record.candidates.length > 0) {
    line.candidates = record.candidates.map((c) => ({
      user: hash(c.username),
      verdict: c.verdict,
      ...(c.verdict === 'excluded' ? { exclusion: c.exclusion } : {}),
    }));
  }
  if (record.details) Object.assign(line, record.details);
  if (record.trace) line.trace = record.trace.map((entry) => (entry.user === undefined ? entry : { ...entry, user: hash(entry.user) }));
  return `${JSON.stringify(line)}\n`;
}
