// `link-policy prelink`: links native users to their IdP identities before a tenant moves to SSO,
// so their first federated sign-in needs no link in flight (docs/cognito-facts.md §5). Every row is
// decided by the trigger's own flow and engine, as that identity's first sign-in would be
// (cli/ops/prelink.ts), against IdP-side evidence. Dry run by default, printing every pair; --yes
// links, with a write-ahead journal (resumable after any interruption, nothing repeated or lost),
// at the pace of Cognito's quotas. Never creates or deletes users.
import { indexPolicySet } from '../../lambda/engine/policy-index';
import { commandArgs, type ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { BULK_OPTIONS, BULK_USAGE, bulkSettings, poolFacts, type BulkSettings } from '../ops/bulk/options';
import { requestsLine, runPass } from '../ops/bulk/pass';
import { InputError, readRows } from '../ops/bulk/rows';
import type { Retry } from '../ops/bulk/runner';
import { openBulkFiles, type BulkFiles } from '../ops/bulk/setup';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget, type CognitoTarget } from '../ops/cognito';
import { FatalCognitoError } from '../ops/engine-directory';
import { decidePrelinkRow, maskedEvidence, shownUser, type PrelinkContext, type PrelinkOutcome, type PrelinkResult } from '../ops/prelink';
import { PRELINK_COLUMNS, prelinkRow, type PrelinkInput } from '../ops/prelink-input';
import { loadRules } from '../ops/policies';
import type { CompiledPolicySet } from '../../policy';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';

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
  if (!args.values.has('input')) return usage('--input is required');
  const settings = bulkSettings(args);
  if ('error' in settings) return usage(settings.error);
  const dryRun = !args.flags.has('yes');
  const expect = expected(args, dryRun);
  if (typeof expect === 'object') return usage(expect.error);
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const target = cognitoTarget(args, io.env, settings.budget);
  if ('error' in target) return usage(target.error);
  // Every output is opened before the first request to Cognito.
  const files = await openBulkFiles(args, io.cwd, { journalName: 'link-policy prelink', columns: PRELINK_COLUMNS, dryRun, poolId: target.poolId });
  if ('usage' in files) {
    target.destroy();
    return usage(files.usage);
  }

  const run = { io, files, target, settings, set: rules.set };
  try {
    const { caseSensitive } = await poolFacts(target);
    if (expect !== undefined) {
      const { journal: _journal, reportStream: _report, ...planning } = files;
      const planned = await pass({ ...run, files: planning, dryRun: true, caseSensitive, quiet: true });
      if (planned.stopped !== undefined) return finish(io, planned.stopped, EXIT.failed);
      if (planned.counts.would_link !== expect) {
        files.reportStream?.destroy();
        io.stdout.write(`prelink: ${planned.counts.would_link} rows would link, not the ${expect} expected (--expect): nothing linked\n`);
        return EXIT.failed;
      }
    }
    const result = await pass({ ...run, dryRun, caseSensitive, quiet: false });
    if (result.stopped !== undefined || result.counts.failed > 0) return EXIT.failed;
    return result.counts.refused > 0 ? EXIT_REFUSED : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) return usage(`--input ${files.inputArg}: ${error.message}`);
    if (error instanceof FatalCognitoError) return finish(io, `Cognito refused every request: ${error.message}`, EXIT.failed);
    throw error;
  } finally {
    await files.journal?.close();
    target.destroy();
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
  readonly files: Omit<BulkFiles, 'journal' | 'reportStream'> & Partial<Pick<BulkFiles, 'journal' | 'reportStream'>>;
  readonly target: CognitoTarget;
  readonly settings: BulkSettings;
  readonly set: CompiledPolicySet;
  readonly dryRun: boolean;
  readonly caseSensitive: boolean;
  /** The --expect pass: counts only. */
  readonly quiet: boolean;
}

async function pass(input: PassInput): Promise<{ readonly counts: Counts; readonly stopped?: string }> {
  const { io, target, dryRun, files } = input;
  const journal = files.journal;
  const context: PrelinkContext = { index: indexPolicySet(input.set), target, caseSensitivePool: input.caseSensitive, dryRun, ...(journal ? { journal } : {}) };
  if (!input.quiet) io.stdout.write(`prelink${dryRun ? ' (dry run)' : ''}: ${files.inputArg} -> pool ${target.poolId}\n`);
  const outcome = await runPass<PrelinkInput, PrelinkResult>({
    command: 'prelink',
    io,
    target,
    rows: rowsOf(files.inputPath, files.inputArg),
    estimate: files.estimate,
    concurrency: input.settings.concurrency,
    ...(journal ? { journal } : {}),
    ...(files.reportStream ? { reportStream: files.reportStream } : {}),
    reportHeader: { format: 2, command: 'prelink', pool: target.poolId, input: files.inputArg, dry_run: dryRun },
    quiet: input.quiet,
    // Two rows for one user, or for one identity, never run at once.
    keys: (row) => ('problem' in row ? [] : [`user:${asciiLowerCase(row.user)}`, `identity:${asciiLowerCase(row.provider)}:${row.link.kind === 'subject' ? row.link.subject : row.link.value}`]),
    decide: (row): Promise<PrelinkResult | Retry> => decidePrelinkRow(context, row),
    outcomes: ['linked', 'already_linked', 'would_link', 'refused', 'failed'],
    refusals: new Set(['refused', 'failed']),
    line: pairLine,
    reportRow: (row, result) => ({
      row: row.row,
      line: row.line,
      user: shownUser(row.user),
      identity: identityOf(row),
      evidence: maskedEvidence(row),
      outcome: result.outcome,
      reason: result.reason,
      ...(result.detail ? { detail: result.detail } : {}),
    }),
  });
  const counts = Object.fromEntries(outcome.counts) as Counts;
  if (!input.quiet) io.stdout.write(summary(input, counts, outcome.byReason, outcome.earlier, outcome.inDoubt, outcome.seconds, outcome.stopped));
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
  const lines = [`prelink${input.dryRun ? ' (dry run)' : ''}: ${parts.join(', ')}`, requestsLine(input.target, seconds)];
  for (const [key, count] of byReason) lines.push(`  ${key}: ${count}`);
  if (stopped !== undefined) lines.push(`stopped: ${stopped}; rerun the same command to resume`);
  if (input.files.journal) lines.push(`journal: ${input.files.journalArg} (a rerun resumes: linked rows are not repeated)`);
  if (input.dryRun) lines.push('dry run: nothing changed; add --yes to link');
  return `${lines.join('\n')}\n`;
}
