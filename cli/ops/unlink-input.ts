// `link-policy unlink --input FILE`: the single unlink's rules (cli/ops/unlink.ts) for every row of
// a file, on the bulk machinery: rows streamed, paced per quota category, rows of one user never
// at once, a write-ahead journal (a rerun resumes: nothing unlinked twice, no session left open), a
// line per row with its outcome and reason code, a JSON report. Dry run unless --yes.
import { indexPolicySet } from '../../lambda/engine/policy-index';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import type { ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { bulkSettings, poolFacts } from './bulk/options';
import { requestsLine, runPass } from './bulk/pass';
import { InputError, readRows } from './bulk/rows';
import { openBulkFiles } from './bulk/setup';
import { cognitoTarget } from './cognito';
import { FatalCognitoError } from './engine-directory';
import { loadRules } from './policies';
import { maskEmail } from './prelink';
import { decideUnlinkRow, UNLINK_COLUMNS, unlinkRow, type UnlinkContext, type UnlinkInput, type UnlinkResult } from './unlink';

/** Options naming one identity: with --input, every row names its own. */
export const UNLINK_ONE_ONLY = ['user', 'provider', 'subject', 'attribute-name', 'attribute-value', 'record', 'note'] as const;
/** Options of the bulk form only. */
export const UNLINK_INPUT_ONLY = ['journal', 'report', 'concurrency'] as const;

/** Every row unlinked and none failed, but some refused: a person must look. */
const EXIT_REFUSED = 3;

const VERB: Record<UnlinkResult['outcome'], string> = { unlinked: 'unlinked, sessions ended', would_unlink: 'would unlink', refused: 'refused', failed: 'FAILED' };

export async function runUnlinkInput(args: ParsedArgs, io: CliIo, usage: (message: string) => number): Promise<number> {
  const settings = bulkSettings(args);
  if ('error' in settings) return usage(settings.error);
  const dryRun = !args.flags.has('yes');
  if (args.flags.has('allow-relink') && dryRun) return usage('--allow-relink goes with --yes');
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const target = cognitoTarget(args, io.env, settings.budget);
  if ('error' in target) return usage(target.error);
  const files = await openBulkFiles(args, io.cwd, { journalName: 'link-policy unlink', columns: UNLINK_COLUMNS, dryRun, poolId: target.poolId });
  if ('usage' in files) {
    target.destroy();
    return usage(files.usage);
  }
  const context: UnlinkContext = { index: indexPolicySet(rules.set), target, dryRun, allowRelink: args.flags.has('allow-relink'), ...(files.journal ? { journal: files.journal } : {}) };
  try {
    await poolFacts(target);
    io.stdout.write(`unlink${dryRun ? ' (dry run)' : ''}: ${files.inputArg} -> pool ${target.poolId}\n`);
    const result = await runPass<UnlinkInput, UnlinkResult>({
      command: 'unlink',
      io,
      target,
      rows: rowsOf(files.inputPath, files.inputArg),
      estimate: files.estimate,
      concurrency: settings.concurrency,
      ...(files.journal ? { journal: files.journal } : {}),
      ...(files.reportStream ? { reportStream: files.reportStream } : {}),
      reportHeader: { format: 1, command: 'unlink', pool: target.poolId, input: files.inputArg, dry_run: dryRun },
      // Two rows for one user never run at once: each reads the user's identities, then changes them.
      keys: (row) => ('problem' in row ? [] : [`user:${asciiLowerCase(row.user)}`]),
      decide: (row, inDoubt) => decideUnlinkRow(context, row, inDoubt),
      outcomes: dryRun ? ['would_unlink', 'refused', 'failed'] : ['unlinked', 'refused', 'failed'],
      refusals: new Set(['refused', 'failed']),
      line: (row, outcome) => {
        const head = `row ${row.row} (line ${row.line}): ${shown(row.user)} -/- ${outcome.identity ?? identityOf(row)}: ${VERB[outcome.outcome]}`;
        return outcome.outcome === 'refused' || outcome.outcome === 'failed' ? `${head} [${outcome.reason}]${outcome.detail ? `: ${outcome.detail}` : ''}\n` : `${head}\n`;
      },
      reportRow: (row, outcome) => ({
        row: row.row,
        line: row.line,
        user: shown(row.user),
        identity: outcome.identity ?? identityOf(row),
        outcome: outcome.outcome,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        ...(outcome.detail ? { detail: outcome.detail } : {}),
      }),
    });
    const count = (outcome: string) => result.counts.get(outcome) ?? 0;
    const parts = (dryRun ? ['would_unlink', 'refused', 'failed'] : ['unlinked', 'refused', 'failed']).map((outcome) => `${count(outcome)} ${outcome.replace('_', ' ')}`);
    if (result.earlier > 0) parts.push(`${result.earlier} done in an earlier run`);
    if (result.inDoubt > 0) parts.push(`${result.inDoubt} in doubt from the interrupted run, checked again`);
    const lines = [`unlink${dryRun ? ' (dry run)' : ''}: ${parts.join(', ')}`, requestsLine(target, result.seconds)];
    for (const [key, rows] of result.byReason) lines.push(`  ${key}: ${rows}`);
    if (result.stopped !== undefined) lines.push(`stopped: ${result.stopped}; rerun the same command to resume`);
    if (files.journal) lines.push(`journal: ${files.journalArg} (a rerun resumes: unlinked rows are not repeated)`);
    if (dryRun) lines.push('dry run: nothing changed; add --yes to unlink');
    io.stdout.write(`${lines.join('\n')}\n`);
    if (result.stopped !== undefined || count('failed') > 0) return EXIT.failed;
    return count('refused') > 0 ? EXIT_REFUSED : EXIT.ok;
  } catch (error) {
    if (error instanceof InputError) return usage(`--input ${files.inputArg}: ${error.message}`);
    if (error instanceof FatalCognitoError) {
      io.stderr.write(`link-policy unlink: Cognito refused every request: ${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    await files.journal?.close();
    target.destroy();
  }
}

async function* rowsOf(path: string, name: string): AsyncGenerator<UnlinkInput> {
  for await (const record of readRows(path, name, UNLINK_COLUMNS)) yield unlinkRow(record);
}

function identityOf(row: UnlinkInput): string {
  if ('problem' in row) return row.provider ?? '?';
  if (row.attribute) return `${row.provider}:${row.attribute.name}=${row.attribute.value}`;
  return `${row.provider}:${row.subject ?? '?'}`;
}

/** A user given by email is shown masked, as prelink shows it. */
function shown(user: string | undefined): string {
  if (user === undefined) return '?';
  return user.includes('@') ? maskEmail(user) : user;
}
