// What the loader reports. Every problem carries a position in a file, because a reviewer reads
// them next to a pull request's diff; cross-file problems point at the offending value and name
// the other file:line in the message.

export type Severity = 'error' | 'warning';

export interface Problem {
  /** File as shown to people, e.g. 'policies/acme.yaml'. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** JSON path of the offending value, e.g. 'identity_providers[0].subject.attribute'; '' for the whole file. */
  readonly path: string;
  /** Stable identifier of the rule, e.g. 'schema.required' or 'cross.domain-owned-twice'. */
  readonly rule: string;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  readonly severity: Severity;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export const START_OF_FILE: Position = { line: 1, column: 1 };

/** `policies/acme.yaml:12:7 error message (at json.path)` then the hint on an indented line. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.message}${atPath(problem)}\n  ${problem.hint}`;
}

/** ` (at tenant.domains[0])`, or nothing for a problem with the whole file. */
export function atPath(problem: Problem): string {
  return problem.path === '' ? '' : ` (at ${problem.path})`;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
