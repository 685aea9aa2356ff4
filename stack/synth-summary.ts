import { findCycle, referenceGraph, type SynthesizedStack } from './reference-graph';

export interface StackSummary {
  /** Resource type -> count, sorted by type. */
  readonly resources: ReadonlyArray<readonly [string, number]>;
  /** Data source type -> count, sorted by type. */
  readonly dataSources: ReadonlyArray<readonly [string, number]>;
  readonly variables: readonly string[];
  readonly sensitiveVariables: readonly string[];
  readonly outputs: readonly string[];
  /** A reference cycle (terraform would refuse to plan), or undefined. */
  readonly cycle?: readonly string[];
}

interface SummarizableStack extends SynthesizedStack {
  readonly variable?: Record<string, { readonly sensitive?: boolean }>;
  readonly output?: Record<string, unknown>;
}

/** What a synthesized cdk.tf.json holds, for the synth report. */
export function summarizeStack(stack: SummarizableStack): StackSummary {
  const count = (blocks: Record<string, Record<string, unknown>> | undefined) =>
    Object.entries(blocks ?? {})
      .map(([type, byName]) => [type, Object.keys(byName).length] as const)
      .sort(([a], [b]) => a.localeCompare(b));
  const variables = Object.entries(stack.variable ?? {});
  const cycle = findCycle(referenceGraph(stack));
  return {
    resources: count(stack.resource),
    dataSources: count(stack.data),
    variables: variables.map(([name]) => name).sort(),
    sensitiveVariables: variables
      .filter(([, variable]) => variable.sensitive === true)
      .map(([name]) => name)
      .sort(),
    outputs: Object.keys(stack.output ?? {}).sort(),
    ...(cycle ? { cycle } : {}),
  };
}
