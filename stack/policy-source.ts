import { relative, resolve } from 'node:path';
import type { CompiledPolicySet } from '../policy/compiled';
import { formatProblem, loadPolicySet } from '../policy';

/** Where the stack's policies come from. */
export interface PolicySourceProps {
  /**
   * A compiled policy set (e.g. from `loadPolicySet`). Takes precedence over loading
   * `policiesDir`, which then only locates SAML metadata files named by the policies.
   */
  readonly policies?: CompiledPolicySet;
  /** The policies directory (tenant YAML files and _pool.yaml), loaded and validated at synth. */
  readonly policiesDir?: string;
}

export interface ResolvedPolicies {
  readonly set: CompiledPolicySet;
  /** Absolute policies directory, when known. */
  readonly dir?: string;
  /** Loader warnings, already formatted as file:line:column text. */
  readonly warnings: readonly string[];
}

/** Loads the policies once; a policy problem fails the synth with every file:line:column message. */
export function resolvePolicies(props: PolicySourceProps): ResolvedPolicies {
  const dir = props.policiesDir === undefined ? undefined : resolve(props.policiesDir);
  if (props.policies) return { set: props.policies, ...(dir ? { dir } : {}), warnings: [] };
  if (!dir) throw new Error('LinkPolicyUserPool needs `policies` (a compiled set) or `policiesDir`');
  // Messages name files as the operator sees them: relative to the working directory.
  const loaded = loadPolicySet(dir, { displayDir: relative(process.cwd(), dir) || '.' });
  const warnings = loaded.warnings.map(formatProblem);
  if (!loaded.ok) {
    const problems = loaded.problems.map(formatProblem);
    throw new Error(`policies in ${dir} are invalid (${problems.length} problem(s)):\n${problems.join('\n')}`);
  }
  return { set: loaded.set, dir, warnings };
}
