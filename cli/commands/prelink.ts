// `link-policy prelink`: links native users to their IdP identities before a tenant moves to SSO,
// so their first federated sign-in needs no link in flight (docs/cognito-facts.md §5). Every row is
// decided by the trigger's own flow and engine, as that identity's first sign-in would be
// (cli/ops/prelink.ts), against IdP-side evidence. Dry run by default, printing every pair; --yes
// links, with a write-ahead journal (resumable after any interruption, nothing repeated or lost),
// at the pace of Cognito's quotas. Never creates or deletes users.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WriteStream } from 'node:fs';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import { commandArgs, type ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { Journal } from '../ops/bulk/journal';
import { BULK_OPTIONS, BULK_USAGE, bulkSettings, poolFacts, type BulkSettings } from '../ops/bulk/options';
import { JsonReport, openOutput, write } from '../ops/bulk/report';
import { InputError, inputDigest, readRows } from '../ops/bulk/rows';
import { runBulk, type Retry } from '../ops/bulk/runner';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget, type CognitoTarget } from '../ops/cognito';
import { FatalCognitoError } from '../ops/engine-directory';
import { decidePrelinkRow, maskedEvidence, shownUser, type PrelinkContext, type PrelinkOutcome, type PrelinkResult } from '../ops/prelink';
import { PRELINK_COLUMNS, prelinkRow, type PrelinkInput } from '../ops/prelink-input';
import { loadRules } from '../ops/policies';
import { Progress } from '../ops/progress';
import type { CompiledPolicySet } from '../../policy';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';

const MAX_INPUT_BYTES = 1024 * 1024 * 1024;
/** Exit code when every row ran and some were refused: nothing failed, but a person must look. */
const EXIT_REFUSED = 3;

const USAGE = `usage: link-policy prelink --user-pool-id ID --input FILE [--yes [--expect N]] [options]

Links native users to their identity provider identities before their first federated sign-in.
Each row is decided by the trigger's own rules, as that identity's first sign-in would be, and the
user the IdP's evidence finds must be the row's user. Dry run unless --yes: prints every pair.
Never creates or deletes users.

input (CSV with a header row, or JSON Lines), one identity per row:
  user                the native user: username, sub, or an email the user holds
  provider            the identity provider (as in the policies)
  subject             the IdP subject (SAML NameID, OIDC sub), exact case
  idp_email           the email the IdP asserts for this identity (from the IdP's own export, the
                      same record as the subject): the evidence, matched as the trigger matches it
  idp_email_verified  true/false, as the IdP asserts email_verified (for email_trust email_verified_claim)
  idp_match_value     the IdP's value of linking.match.from, for a tenant matching on another attribute
  attribute_name,     instead of subject, SAML/OIDC with email_trust always only: link on a user pool
  attribute_value     attribute mapped from an IdP claim (Cognito then links any identity asserting it)

options:
  --input FILE          the rows (.csv, or JSON Lines)
  --yes                 act (default: dry run: decide every row, link nothing, write no journal)
  --expect N            with --yes: decide every row first and link nothing unless exactly N would link
  --journal FILE        write-ahead journal, to resume an interrupted run (default: <input>.journal.jsonl)
  --report FILE         a JSON report: counts, and each row's outcome and reason code
  --policies DIR        tenant rules (default: policies/)
${BULK_USAGE}
${AWS_USAGE}
  -h, --help

exit codes: 0 every row linked or already linked (dry run: would link), 1 a row failed, the run
stopped (rerun to resume), --expect did not match or the policies do not load, 2 usage or input
error, 3 no row failed but some were refused (see the reasons)
`;

const OPTIONS = { ...AWS_OPTIONS, ...BULK_OPTIONS, input: 'value', yes: 'flag', expect: 'value', journal: 'value', report: 'value', policies: 'value' } as const;

type Counts = Record<PrelinkOutcome, number>;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'prelink', usage: USAGE, options: OPTIONS }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const inputArg = args.values.get('input');
  if (inputArg === undefined) return usage('--input is required');
  const settings = bulkSettings(args);
  if ('error' in settings) return usage(settings.error);
  const dryRun = !args.flags.has('yes');
  const expect = expected(args, dryRun);
  if (typeof expect === 'object') return usage(expect.error);
  const inputPath = resolve(io.cwd, inputArg);
  const stats = statSync(inputPath, { throwIfNoEntry: false });
  if (!stats?.isFile()) return usage(`--input: no file '${inputArg}'`);
  if (stats.size > MAX_INPUT_BYTES) return usage(`--input: more than ${MAX_INPUT_BYTES} bytes; split the file`);
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const target = cognitoTarget(args, io.env, settings.budget);
  if ('error' in target) return usage(target.error);

  // Every output is opened before the first request to Cognito.
  const reportArg = args.values.get('report');
  const reportStream = reportArg === undefined ? undefined : await openOutput(resolve(io.cwd, reportArg), '--report');
  if (reportStream && 'error' in reportStream) return usage(reportStream.error);
  const digest = await inputDigest(inputPath);
  const header = await checkHeader(inputPath, inputArg);
  if (header !== undefined) {
    reportStream?.destroy();
    return usage(`--input ${inputArg}: ${header}`);
  }
  const journalArg = args.values.get('journal') ?? `${inputArg}.journal.jsonl`;
  let journal: Journal | undefined;
  if (!dryRun) {
    const opened = await Journal.open(resolve(io.cwd, journalArg), { journal: 'link-policy prelink', pool: target.poolId, input_sha256: digest.sha256 }).catch((error: Error) => ({ error: error.message }));
    if ('error' in opened) {
      reportStream?.destroy();
      return usage(`--journal: ${opened.error}`);
    }
    journal = opened;
  }

  const run = { io, args, inputArg, inputPath, target, settings, set: rules.set, estimate: Math.max(digest.lines - 1, 0), reportStream, journal, journalArg };
  try {
    const { caseSensitive } = await poolFacts(target);
    if (expect !== undefined) {
      const planned = await pass({ ...run, dryRun: true, caseSensitive, quiet: true, journal: undefined, reportStream: undefined });
      if (planned.stopped !== undefined) return finish(io, planned.stopped, EXIT.failed);
      if (planned.counts.would_link !== expect) {
        reportStream?.destroy();
        io.stdout.write(`prelink: ${planned.counts.would_link} rows would link, not the ${expect} expected (--expect): nothing linked\n`);
        return EXIT.failed;
      }
    }
    const result = await pass({ ...run, dryRun, caseSensitive, quiet: false });
    if (result.stopped !== undefined || result.counts.failed > 0) return EXIT.failed;
    return result.counts.refused > 0 ? EXIT_REFUSED : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) return usage(`--input ${inputArg}: ${error.message}`);
    if (error instanceof FatalCognitoError) return finish(io, `Cognito refused every request: ${error.message}`, EXIT.failed);
    throw error;
  } finally {
    await journal?.close();
    target.destroy();
  }
}

/** The header (or the first record) read now: a bad input is a usage error before any request. */
async function checkHeader(path: string, name: string): Promise<string | undefined> {
  const rows = readRows(path, name, PRELINK_COLUMNS);
  try {
    await rows.next();
    return undefined;
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  } finally {
    await rows.return(undefined);
  }
}

function finish(io: CliIo, message: string, code: number): number {
  io.stderr.write(`link-policy prelink: ${message}\n`);
  return code;
}

function expected(args: ParsedArgs, dryRun: boolean): number | undefined | { error: string } {
  const raw = args.values.get('expect');
  if (raw === undefined) return undefined;
  if (dryRun) return { error: '--expect goes with --yes (a dry run prints the count)' };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) return { error: `--expect needs a whole number (got '${raw}')` };
  return value;
}

interface PassInput {
  readonly io: CliIo;
  readonly inputArg: string;
  readonly inputPath: string;
  readonly target: CognitoTarget;
  readonly settings: BulkSettings;
  readonly set: CompiledPolicySet;
  readonly estimate: number;
  readonly reportStream: WriteStream | undefined;
  readonly journal: Journal | undefined;
  readonly journalArg: string;
  readonly dryRun: boolean;
  readonly caseSensitive: boolean;
  /** The --expect pass: counts only. */
  readonly quiet: boolean;
}

async function pass(input: PassInput): Promise<{ readonly counts: Counts; readonly stopped?: string }> {
  const { io, target, journal, dryRun } = input;
  const context: PrelinkContext = { index: indexPolicySet(input.set), target, caseSensitivePool: input.caseSensitive, dryRun, ...(journal ? { journal } : {}) };
  const counts: Counts = { linked: 0, already_linked: 0, would_link: 0, refused: 0, failed: 0 };
  const byReason = new Map<string, number>();
  const resume = journal?.resume;
  let earlier = 0;
  let inDoubt = 0;
  const started = new Date();
  const report = input.reportStream ? new JsonReport(input.reportStream) : undefined;
  await report?.start({ format: 2, command: 'prelink', pool: target.poolId, input: input.inputArg, dry_run: dryRun, started: started.toISOString() });
  const progress = new Progress(io.stderr, input.estimate, (io.stderr as { isTTY?: boolean }).isTTY === true, 'prelink');
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  if (!input.quiet) io.stdout.write(`prelink${dryRun ? ' (dry run)' : ''}: ${input.inputArg} -> pool ${target.poolId}\n`);

  let outcome;
  try {
    outcome = await runBulk<PrelinkInput & { readonly earlier?: boolean }, PrelinkResult | 'done_earlier'>({
      source: rowsOf(input.inputPath, input.inputArg),
      concurrency: input.settings.concurrency,
      signal: stop.signal,
      // Two rows for one user, or for one identity, never run at once.
      keys: (row) => ('problem' in row ? [] : [`user:${asciiLowerCase(row.user)}`, `identity:${asciiLowerCase(row.provider)}:${row.link.kind === 'subject' ? row.link.subject : row.link.value}`]),
      work: async (row): Promise<PrelinkResult | 'done_earlier' | Retry> => {
        if (resume?.done.has(row.row)) return 'done_earlier';
        if (resume?.inDoubt.has(row.row)) inDoubt += 1;
        const result = await decidePrelinkRow(context, row);
        if (journal && !('retry' in result)) await journal.done(row.row, result.outcome, result.outcome === 'refused' || result.outcome === 'failed' ? result.reason : undefined);
        return result;
      },
      emit: async (row, result) => {
        if (result === 'done_earlier') {
          earlier += 1;
          await report?.row({ row: row.row, line: row.line, outcome: 'done_earlier' });
          return;
        }
        counts[result.outcome] += 1;
        if (result.outcome === 'refused' || result.outcome === 'failed') byReason.set(`${result.outcome} ${result.reason}`, (byReason.get(`${result.outcome} ${result.reason}`) ?? 0) + 1);
        progress.update(counts.linked + counts.already_linked + counts.would_link + counts.refused + counts.failed + earlier, counts);
        if (!input.quiet) await write(io.stdout, pairLine(row, result));
        await report?.row({ row: row.row, line: row.line, user: shownUser(row.user), identity: identityOf(row), evidence: maskedEvidence(row), outcome: result.outcome, reason: result.reason, ...(result.detail ? { detail: result.detail } : {}) });
      },
    });
  } finally {
    process.removeListener('SIGINT', interrupt);
    progress.finish();
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  await report?.finish({ counts: { ...counts, done_earlier: earlier, in_doubt_rechecked: inDoubt }, by_reason: Object.fromEntries(byReason), stopped: outcome.stopped ?? null, finished: new Date().toISOString() });
  if (!input.quiet) io.stdout.write(summary(input, counts, byReason, earlier, inDoubt, seconds, outcome.stopped));
  return { counts, ...(outcome.stopped !== undefined ? { stopped: outcome.stopped } : {}) };
}

async function* rowsOf(path: string, name: string): AsyncGenerator<PrelinkInput> {
  for await (const record of readRows(path, name, PRELINK_COLUMNS)) yield prelinkRow(record);
}

function identityOf(row: PrelinkInput): string | null {
  if ('problem' in row) return row.provider ?? null;
  return row.link.kind === 'subject' ? `${row.provider}:${row.link.subject}` : `${row.provider}:${row.link.name}=${row.link.value}`;
}

const VERB: Record<PrelinkOutcome, string> = { linked: 'linked', already_linked: 'already linked', would_link: 'would link', refused: 'refused', failed: 'FAILED' };

/** One line per row: `row 3 (line 4): alice <- AcmeEntraID:Obj-1 (evidence a…@acme.com): would link`. */
function pairLine(row: PrelinkInput, result: PrelinkResult): string {
  const who = shownUser(row.user);
  const head = `row ${row.row} (line ${row.line}): ${who} <- ${identityOf(row) ?? '?'} (evidence ${maskedEvidence(row)}): ${VERB[result.outcome]}`;
  if (result.outcome !== 'refused' && result.outcome !== 'failed') return `${head}\n`;
  return `${head} [${result.reason}]${result.detail ? `: ${result.detail}` : ''}\n`;
}

function summary(input: PassInput, counts: Counts, byReason: ReadonlyMap<string, number>, earlier: number, inDoubt: number, seconds: number, stopped: string | undefined): string {
  const shown: readonly PrelinkOutcome[] = input.dryRun ? ['would_link', 'already_linked', 'refused', 'failed'] : ['linked', 'already_linked', 'refused', 'failed'];
  const parts = shown.map((outcome) => `${counts[outcome]} ${VERB[outcome].toLowerCase()}`);
  if (earlier > 0) parts.push(`${earlier} done in an earlier run`);
  if (inDoubt > 0) parts.push(`${inDoubt} in doubt from the interrupted run, checked again`);
  const requests = Object.entries(input.target.stats).filter(([, stat]) => stat.requests > 0);
  const lines = [
    `prelink${input.dryRun ? ' (dry run)' : ''}: ${parts.join(', ')}`,
    `  ${requests.map(([category, stat]) => `${category} ${stat.requests}${stat.throttled ? ` (${stat.throttled} throttled)` : ''}`).join(', ')} requests in ${seconds.toFixed(1)} s`,
  ];
  for (const [key, count] of byReason) lines.push(`  ${key}: ${count}`);
  if (stopped !== undefined) lines.push(`stopped: ${stopped}; rerun the same command to resume`);
  if (input.journal) lines.push(`journal: ${input.journalArg} (a rerun resumes: linked rows are not repeated)`);
  if (input.dryRun) lines.push('dry run: nothing changed; add --yes to link');
  return `${lines.join('\n')}\n`;
}
