// Renders a policy load result for people (default), for GitHub Actions annotations, or as JSON.
import type { LoadResult, Problem } from '../../policy';
import { atPath, formatProblem } from '../../policy';

export const OUTPUT_FORMATS = ['human', 'github', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Version of the JSON output's shape (docs/validate.md). */
export const JSON_OUTPUT_FORMAT = 1;

export function renderLoadResult(result: LoadResult, directory: string, format: OutputFormat): string {
  const errors = result.ok ? [] : result.problems;
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          format: JSON_OUTPUT_FORMAT,
          valid: result.ok,
          directory,
          counts: result.counts,
          digest: result.ok ? result.set.digest : null,
          errors,
          warnings: result.warnings,
        },
        null,
        2,
      )}\n`;
    case 'github':
      return [...errors, ...result.warnings].map(githubAnnotation).join('') + `${summary(result, directory)}\n`;
    case 'human':
      return [...errors, ...result.warnings].map((problem) => `${formatProblem(problem)}\n`).join('') + `${summary(result, directory)}\n`;
  }
}

function summary(result: LoadResult, directory: string): string {
  const { tenants, providers, domains } = result.counts;
  const errorCount = result.ok ? 0 : result.problems.length;
  const verdict = result.ok ? `valid (digest ${result.set.digest.slice(0, 12)})` : 'invalid';
  return (
    `${directory}: ${verdict}: ${plural(tenants, 'tenant')}, ${plural(providers, 'provider')}, ${plural(domains, 'domain')}; ` +
    `${plural(errorCount, 'error')}, ${plural(result.warnings.length, 'warning')}`
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `::error file=…,line=…,col=…,title=<rule>::message` (GitHub workflow commands). Data escapes
 * %, CR and LF; property values also escape ':' and ','.
 */
export function githubAnnotation(problem: Problem): string {
  const properties = [`file=${escapeProperty(problem.file)}`, `line=${problem.line}`, `col=${problem.column}`, `title=${escapeProperty(problem.rule)}`];
  return `::${problem.severity} ${properties.join(',')}::${escapeData(`${problem.message}${atPath(problem)}\n${problem.hint}`)}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
