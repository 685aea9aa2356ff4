// The tenant rules the AWS-facing commands apply, from the same policies directory the stack
// deploys (--policies, default policies/).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblem, loadPolicySet, type CompiledPolicySet } from '../../policy';
import type { ParsedArgs } from '../args';

export type RulesResult = { readonly ok: true; readonly set: CompiledPolicySet; readonly dir: string } | { readonly ok: false; readonly usage: boolean; readonly message: string };

export function loadRules(args: ParsedArgs, cwd: string): RulesResult {
  const dir = args.values.get('policies') ?? 'policies';
  if (!statSync(resolve(cwd, dir), { throwIfNoEntry: false })?.isDirectory()) {
    return { ok: false, usage: true, message: `--policies: '${dir}' is not a directory` };
  }
  const loaded = loadPolicySet(resolve(cwd, dir), { displayDir: dir });
  if (!loaded.ok) return { ok: false, usage: false, message: `${loaded.problems.map(formatProblem).join('\n')}\n${dir}: the policies do not load; run link-policy validate ${dir}` };
  return { ok: true, set: loaded.set, dir };
}
