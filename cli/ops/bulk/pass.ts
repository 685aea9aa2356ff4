// One pass of a bulk command over its input (prelink, unlink --input): rows streamed through the
// runner at the quotas' pace, each decided by the command, journaled when it wrote, reported in
// input order (one line on stdout, one entry in the JSON report), counted per outcome and reason,
// with a progress line on stderr and Ctrl-C stopping cleanly (rows in flight finish). Nothing here
// holds more than the rows in flight.
import type { WriteStream } from 'node:fs';
import type { CliIo } from '../../io';
import type { CognitoTarget } from '../cognito';
import { Progress } from '../progress';
import type { Journal } from './journal';
import { JsonReport, write } from './report';
import { runBulk, type Retry, type Sequenced } from './runner';

export interface RowResult {
  readonly outcome: string;
  /** A reason code for refusals and failures. */
  readonly reason?: string;
  readonly detail?: string;
}

export interface PassSpec<Row extends Sequenced & { readonly line: number }, Result extends RowResult> {
  /** The command's name, e.g. 'unlink'. */
  readonly command: string;
  readonly io: CliIo;
  readonly target: CognitoTarget;
  readonly rows: AsyncIterable<Row>;
  /** Rows expected (the input's line count), for the progress line. */
  readonly estimate: number;
  readonly concurrency: number;
  readonly journal?: Journal;
  readonly reportStream?: WriteStream;
  /** Fields at the top of the JSON report. */
  readonly reportHeader: Readonly<Record<string, unknown>>;
  /** Counts only: no line per row (e.g. the planning pass of --expect). */
  readonly quiet?: boolean;
  /** Rows sharing a key never run at once (the same user, the same identity). */
  keys(row: Row): readonly string[];
  /** Decides (and, unless a dry run, acts on) one row; `inDoubt`: an interrupted run sent its write. */
  decide(row: Row, inDoubt: boolean): Promise<Result | Retry>;
  /** Every outcome, counted from zero in the report. */
  readonly outcomes: readonly string[];
  /** Outcomes that carry a reason code. */
  readonly refusals: ReadonlySet<string>;
  line(row: Row, result: Result): string;
  reportRow(row: Row, result: Result): Readonly<Record<string, unknown>>;
}

export interface PassOutcome {
  readonly counts: ReadonlyMap<string, number>;
  /** `<outcome> <reason>` -> rows. */
  readonly byReason: ReadonlyMap<string, number>;
  /** Rows an earlier run finished (skipped). */
  readonly earlier: number;
  /** Rows an interrupted run left in doubt, decided again. */
  readonly inDoubt: number;
  readonly seconds: number;
  readonly stopped?: string;
}

export async function runPass<Row extends Sequenced & { readonly line: number }, Result extends RowResult>(spec: PassSpec<Row, Result>): Promise<PassOutcome> {
  const { io, journal } = spec;
  const counts = new Map<string, number>(spec.outcomes.map((outcome) => [outcome, 0]));
  const byReason = new Map<string, number>();
  const resume = journal?.resume;
  let earlier = 0;
  let inDoubt = 0;
  let decided = 0;
  const started = new Date();
  const report = spec.reportStream ? new JsonReport(spec.reportStream) : undefined;
  await report?.start({ ...spec.reportHeader, started: started.toISOString() });
  const progress = new Progress(io.stderr, spec.estimate, (io.stderr as { isTTY?: boolean }).isTTY === true, spec.command);
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);

  let outcome;
  try {
    outcome = await runBulk<Row, Result | 'done_earlier'>({
      source: spec.rows,
      concurrency: spec.concurrency,
      signal: stop.signal,
      keys: (row) => spec.keys(row),
      work: async (row): Promise<Result | 'done_earlier' | Retry> => {
        if (resume?.done.has(row.row)) return 'done_earlier';
        const doubted = resume?.inDoubt.has(row.row) === true;
        if (doubted) inDoubt += 1;
        const result = await spec.decide(row, doubted);
        if (journal && !('retry' in result)) await journal.done(row.row, result.outcome, spec.refusals.has(result.outcome) ? result.reason : undefined);
        return result;
      },
      emit: async (row, result) => {
        if (result === 'done_earlier') {
          earlier += 1;
          await report?.row({ row: row.row, line: row.line, outcome: 'done_earlier' });
        } else {
          decided += 1;
          counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
          if (spec.refusals.has(result.outcome)) {
            const key = `${result.outcome} ${result.reason ?? ''}`.trim();
            byReason.set(key, (byReason.get(key) ?? 0) + 1);
          }
          if (!spec.quiet) await write(io.stdout, spec.line(row, result));
          await report?.row(spec.reportRow(row, result));
        }
        progress.update(decided + earlier, Object.fromEntries(counts));
      },
    });
  } finally {
    process.removeListener('SIGINT', interrupt);
    progress.finish();
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  await report?.finish({
    counts: { ...Object.fromEntries(counts), done_earlier: earlier, in_doubt_rechecked: inDoubt },
    by_reason: Object.fromEntries(byReason),
    requests: requestStats(spec.target),
    seconds,
    stopped: outcome.stopped ?? null,
    finished: new Date().toISOString(),
  });
  return { counts, byReason, earlier, inDoubt, seconds, ...(outcome.stopped !== undefined ? { stopped: outcome.stopped } : {}) };
}

/** Requests sent (every attempt) and throttled per quota category, for the summary and the report. */
export function requestStats(target: CognitoTarget): Record<string, { requests: number; throttled: number }> {
  return Object.fromEntries(Object.entries(target.stats).filter(([, stat]) => stat.requests > 0).map(([category, stat]) => [category, { ...stat }]));
}

/** `  UserRead 300, UserUpdate 100 (2 throttled) requests in 12.5 s` */
export function requestsLine(target: CognitoTarget, seconds: number): string {
  const parts = Object.entries(requestStats(target)).map(([category, stat]) => `${category} ${stat.requests}${stat.throttled ? ` (${stat.throttled} throttled)` : ''}`);
  return `  ${parts.join(', ')} requests in ${seconds.toFixed(1)} s`;
}
