// The hostile policy corpus (test/robustness/hostile-policies/): each file is one attack on the
// validator or one broken policy, headed by what the validator must report:
//   # Hostile policy: <what it is>
//   # expect: <rule id> at <line>:<column>      (one or more)
//   # as: _pool.yaml                            (pool settings cases; otherwise a tenant file)
// Each case is validated exactly as `link-policy validate` reads a directory, next to a valid
// baseline (baseline/_pool.yaml, baseline/acme.yaml) that overlapping tenants collide with.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicySet, type LoadResult } from '../../../policy';
import { packageRoot } from '../../../policy/package-root';

const CORPUS_DIR = join(packageRoot(), 'test', 'robustness', 'hostile-policies');
const BASELINE_DIR = join(CORPUS_DIR, 'baseline');
/** How the policies directory is shown in problems. */
const SHOWN_DIR = 'policies';

export interface Expectation {
  readonly rule: string;
  readonly line: number;
  readonly column: number;
}

export interface HostileCase {
  readonly name: string;
  readonly file: string;
  readonly why: string;
  /** The name the case takes in the policies directory. */
  readonly as: string;
  readonly expectations: readonly Expectation[];
}

export function hostileCases(): HostileCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = join(CORPUS_DIR, name);
      // The header is ASCII even where the rest of the file is not UTF-8.
      const head = readFileSync(file, 'latin1').split('\n').slice(0, 5);
      const why = head.map((line) => /^# Hostile policy: (.+)$/.exec(line)?.[1]).find((value) => value !== undefined) ?? '';
      const as = head.some((line) => line === '# as: _pool.yaml') ? '_pool.yaml' : name;
      const expectations = head.flatMap((line) => {
        const match = /^# expect: (\S+) at (\d+):(\d+)$/.exec(line);
        return match ? [{ rule: match[1] as string, line: Number(match[2]), column: Number(match[3]) }] : [];
      });
      return { name: name.slice(0, -'.yaml'.length), file, why, as, expectations };
    });
}

/** A fresh policies directory under `scratch`: the baseline files, then the case on top. */
function caseDirectory(hostile: HostileCase, scratch: string): string {
  const dir = join(scratch, hostile.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(BASELINE_DIR)) copyFileSync(join(BASELINE_DIR, name), join(dir, name));
  copyFileSync(hostile.file, join(dir, hostile.as));
  return dir;
}

/** Validates the case as `link-policy validate` loads a directory. */
export function validateCase(hostile: HostileCase, scratch: string): LoadResult {
  return loadPolicySet(caseDirectory(hostile, scratch), { displayDir: SHOWN_DIR });
}

/** The problems a case must report, as `policies/<file>:<line>:<column> <rule>`. */
export function expectedProblems(hostile: HostileCase): string[] {
  return hostile.expectations.map((e) => `${SHOWN_DIR}/${hostile.as}:${e.line}:${e.column} ${e.rule}`);
}
