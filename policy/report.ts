// Builds positioned problems from a parsed file and a path into its data.
import { formatPath, type DocPath } from './json-path';
import type { Problem, Severity } from './problems';
import type { ParsedYaml } from './yaml-source';

export interface ProblemSpec {
  readonly rule: string;
  readonly message: string;
  readonly hint: string;
  readonly severity?: Severity;
  /** Point at the key instead of the value (unknown keys, missing children). */
  readonly part?: 'key' | 'value';
}

export function problemAt(parsed: ParsedYaml, path: DocPath, spec: ProblemSpec): Problem {
  return {
    file: parsed.file,
    ...parsed.locate(path, spec.part ?? 'value'),
    path: formatPath(path),
    rule: spec.rule,
    message: spec.message,
    hint: spec.hint,
    severity: spec.severity ?? 'error',
  };
}

/** `file:line` of a value, for messages that name another place. */
export function placeOf(parsed: ParsedYaml, path: DocPath): string {
  return `${parsed.file}:${parsed.locate(path).line}`;
}

/** A value quoted for a message, cut short so a pasted blob cannot flood the output. */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    // Control characters would break the one-line-per-problem output.
    return `'${shown.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
  }
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
