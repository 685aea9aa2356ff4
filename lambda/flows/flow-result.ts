import type { CandidateVerdict } from '../engine/candidate-selection';
import type { Decision } from '../engine/decision';

/** What one trigger path decided, and the facts its log line carries. */
export interface FlowResult {
  readonly decision: Decision;
  readonly tenant?: string;
  readonly provider?: string;
  readonly emailDomain?: string;
  readonly candidates?: readonly CandidateVerdict[];
  readonly details?: Readonly<Record<string, unknown>>;
}
