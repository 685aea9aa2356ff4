// The public-sample-style baseline (bench/baseline/) as a trigger for the same worlds: run under
// the same properties, it shows what they catch in code written the usual way.
import { join } from 'node:path';
import type { CompiledPolicySet } from '../../../policy/compiled';
import { inProcessLambda, type TriggerFunction } from '../../../twin';
import { buildBaselineArtifact } from '../../../bench/baseline/build';

/** A factory of baseline triggers, each built for its world's policy set into its own directory under `scratch`. */
export function baselineTriggers(scratch: string): (set: CompiledPolicySet) => TriggerFunction {
  let built = 0;
  return (set) => inProcessLambda(buildBaselineArtifact(set, join(scratch, `baseline-${++built}`)).dir);
}
