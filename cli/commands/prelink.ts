// `link-policy prelink`: links many native users to their IdP identities before a tenant moves to
// SSO, so their first federated sign-in needs no link in flight (docs/cognito-facts.md §5, the
// "planned prestaging task" of LINKING). Dry run by default; paced well below Cognito's shared
// quotas with backoff on throttling; idempotent; resumable from its journal; progress on stderr; a
// summary and an optional JSON report. Never creates or deletes users.
import { statSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandArgs, positiveNumber } from '../args';
import { EXIT, type CliIo } from '../io';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget } from '../ops/cognito';
import { opsDirectory } from '../ops/directory';
import { Journal } from '../ops/journal';
import { prelinkRow, StopRun, type RowResult } from '../ops/prelink';
import { parseInput, type InputRow } from '../ops/prelink-input';
import { Progress } from '../ops/progress';
import { loadRules } from '../ops/policies';
import { pacer, RateLimiter } from '../ops/throttle';

const DEFAULT_RATE = 5;
const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** Exit code when every row ran and some were skipped: nothing failed, but a person must look. */
const EXIT_SKIPPED = 3;

const USAGE = `usage: link-policy prelink --user-pool-id ID --input FILE [--yes] [options]

Links native users to their identity provider identities before their first federated sign-in,
with the trigger's own safety checks. Dry run unless --yes. Never creates or deletes users.

input (CSV with a header row, or JSON Lines), one link per row:
  user              a username, or an email exactly one eligible user holds
  provider          the identity provider (as in the policies)
  subject           the IdP subject (SAML NameID, OIDC sub), exact case
  attribute_name,   or, SAML/OIDC: a user pool attribute mapped from an IdP claim, and its value
  attribute_value   (Cognito then matches the identity by that attribute)

options:
  --input FILE      the rows (.csv, or JSON Lines)
  --yes             act (default: dry run: check every row, link nothing, write no journal)
  --rate N          Cognito requests per second (default ${DEFAULT_RATE}; ListUsers shares a 30/s
                    account-wide quota with production sign-ins)
  --journal FILE    progress, to resume an interrupted run (default: <input>.journal.jsonl)
  --report FILE     write a JSON report (counts, and each row's outcome and reason)
  --policies DIR    tenant rules (default: policies/)
${AWS_USAGE}
  -h, --help

exit codes: 0 every row linked or already linked (dry run: would link), 1 a row failed, the run
stopped (rerun to resume) or the policies do not load, 2 usage or input error, 3 no row failed but some were skipped (see the reasons)
`;

const OPTIONS = { ...AWS_OPTIONS, input: 'value', yes: 'flag', rate: 'value', journal: 'value', report: 'value', policies: 'value' } as const;

type Outcome = RowResult['outcome'];

interface RowReport {
  readonly row: number;
  readonly line: number;
  readonly outcome: Outcome | 'done_earlier';
  readonly reason?: string;
  readonly detail?: string;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'prelink', usage: USAGE, options: OPTIONS }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const inputArg = args.values.get('input');
  if (inputArg === undefined) return usage('--input is required');
  const rate = positiveNumber(args, 'rate', DEFAULT_RATE);
  if (typeof rate === 'object') return usage(rate.error);
  const inputPath = resolve(io.cwd, inputArg);
  const stats = statSync(inputPath, { throwIfNoEntry: false });
  if (!stats?.isFile()) return usage(`--input: no file '${inputArg}'`);
  if (stats.size > MAX_INPUT_BYTES) return usage(`--input: more than ${MAX_INPUT_BYTES} bytes; split the file`);
  const input = parseInput(readFileSync(inputPath, 'utf8'), inputArg);
  if ('error' in input) return usage(`--input ${inputArg}: ${input.error}`);
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const target = cognitoTarget(args, io.env);
  if ('error' in target) return usage(target.error);
  const dryRun = !args.flags.has('yes');
  const journalArg = args.values.get('journal') ?? `${inputArg}.journal.jsonl`;
  let journal: Journal | undefined;
  if (!dryRun) {
    const opened = Journal.open(resolve(io.cwd, journalArg), target.poolId);
    if ('error' in opened) return usage(`--journal: ${opened.error}`);
    journal = opened;
  }

  const started = new Date();
  const paced = pacer(new RateLimiter(rate));
  const context = { set: rules.set, directory: opsDirectory(target, paced), dryRun };
  const counts: Record<Outcome, number> = { linked: 0, already_linked: 0, would_link: 0, skipped: 0, failed: 0 };
  const reports: RowReport[] = [];
  const pending = input.rows.filter((row) => !journal?.done.has(row.key));
  const earlier = input.rows.length - pending.length;
  for (const row of input.rows) if (journal?.done.has(row.key)) reports.push({ row: row.row, line: row.line, outcome: 'done_earlier' });
  const progress = new Progress(io.stderr, pending.length, (io.stderr as { isTTY?: boolean }).isTTY === true);
  let stopped: string | undefined;
  try {
    for (const [index, row] of pending.entries()) {
      let result: RowResult;
      try {
        result = 'problem' in row ? { outcome: 'skipped', reason: 'invalid_row', detail: row.problem } : await prelinkRow(context, row);
      } catch (error) {
        if (!(error instanceof StopRun)) throw error;
        stopped = error.message;
        break;
      }
      journal?.record({ row: row.row, key: row.key, outcome: result.outcome, ...('reason' in result ? { reason: result.reason } : {}) });
      counts[result.outcome] += 1;
      reports.push(rowReport(row, result));
      progress.update(index + 1, counts);
    }
  } finally {
    progress.finish();
    journal?.close();
    target.client.destroy();
  }

  reports.sort((a, b) => a.row - b.row);
  io.stdout.write(summary({ inputArg, poolId: target.poolId, dryRun, counts, earlier, reports, requests: paced.requests, retries: paced.retries, seconds: (Date.now() - started.getTime()) / 1000, journal: journal ? journalArg : undefined, stopped }));
  const reportArg = args.values.get('report');
  if (reportArg !== undefined) {
    const report = { format: 1, pool: target.poolId, input: inputArg, dry_run: dryRun, started: started.toISOString(), finished: new Date().toISOString(), counts: { ...counts, done_earlier: earlier }, skipped_by_reason: byReason(reports), stopped: stopped ?? null, rows: reports };
    writeFileSync(resolve(io.cwd, reportArg), `${JSON.stringify(report, null, 2)}\n`);
  }
  if (stopped !== undefined || counts.failed > 0) return EXIT.failed;
  return counts.skipped > 0 ? EXIT_SKIPPED : EXIT.ok;
}

function rowReport(row: InputRow, result: RowResult): RowReport {
  return { row: row.row, line: row.line, outcome: result.outcome, ...('reason' in result ? { reason: result.reason, detail: result.detail } : {}) };
}

function byReason(reports: readonly RowReport[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const report of reports) if (report.outcome === 'skipped' && report.reason) counts[report.reason] = (counts[report.reason] ?? 0) + 1;
  return counts;
}

interface SummaryInput {
  readonly inputArg: string;
  readonly poolId: string;
  readonly dryRun: boolean;
  readonly counts: Record<Outcome, number>;
  readonly earlier: number;
  readonly reports: readonly RowReport[];
  readonly requests: number;
  readonly retries: number;
  readonly seconds: number;
  readonly journal: string | undefined;
  readonly stopped: string | undefined;
}

/** Rows listed per reason before "and N more" (the report has them all). */
const LISTED_ROWS = 10;

function summary(input: SummaryInput): string {
  const { counts } = input;
  const shown: readonly Outcome[] = input.dryRun ? ['would_link', 'already_linked', 'skipped', 'failed'] : ['linked', 'already_linked', 'skipped', 'failed'];
  const parts = shown.map((outcome) => `${counts[outcome]} ${outcome.replace(/_/g, ' ')}`);
  if (input.earlier > 0) parts.push(`${input.earlier} done in an earlier run`);
  const lines = [
    `prelink${input.dryRun ? ' (dry run)' : ''}: ${input.inputArg} -> pool ${input.poolId}: ${input.reports.length} rows: ${parts.join(', ')}`,
    `  ${input.requests} Cognito requests in ${input.seconds.toFixed(1)} s (${(input.requests / Math.max(input.seconds, 0.001)).toFixed(1)}/s), ${input.retries} retried after throttling or errors`,
  ];
  const groups = new Map<string, RowReport[]>();
  for (const report of input.reports) {
    if (report.outcome !== 'skipped' && report.outcome !== 'failed') continue;
    const key = `${report.outcome} ${report.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), report]);
  }
  for (const [key, rows] of groups) {
    const listed = rows.slice(0, LISTED_ROWS).map((report) => `${report.row} (line ${report.line})`).join(', ');
    lines.push(`  ${key} (${rows.length}): ${rows[0]!.detail ?? ''}`, `    rows ${listed}${rows.length > LISTED_ROWS ? ` and ${rows.length - LISTED_ROWS} more` : ''}`);
  }
  if (input.stopped !== undefined) lines.push(`stopped: ${input.stopped}`);
  if (input.journal) lines.push(`journal: ${input.journal} (rerun the same command to resume; linked rows are not repeated)`);
  if (input.dryRun) lines.push('dry run: nothing changed; add --yes to link');
  return `${lines.join('\n')}\n`;
}
