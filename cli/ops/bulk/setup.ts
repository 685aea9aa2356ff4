// What a bulk command (prelink, unlink --input) checks and opens before its first request to
// Cognito: the input (a readable file under the size limit, its header or first record readable),
// the JSON report (created now, so an unwritable path stops the run while nothing has changed), and
// the write-ahead journal (tied to the command, the pool and the input's sha256).
import { statSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { ParsedArgs } from '../../args';
import { Journal } from './journal';
import { openOutput } from './report';
import { InputError, inputDigest, readRows } from './rows';

const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

export interface BulkFiles {
  readonly inputArg: string;
  readonly inputPath: string;
  /** Data rows expected: the input's lines less the header, for the progress line. */
  readonly estimate: number;
  readonly reportStream?: WriteStream;
  /** Absent in a dry run: nothing is written to Cognito, so nothing is journaled. */
  readonly journal?: Journal;
  readonly journalArg: string;
}

export interface BulkFilesSpec {
  /** e.g. 'link-policy prelink': the journal's header. */
  readonly journalName: string;
  readonly columns: readonly string[];
  readonly dryRun: boolean;
  readonly poolId: string;
}

/** Opens everything the run writes, or says what is wrong (a usage error: nothing was sent). */
export async function openBulkFiles(args: ParsedArgs, cwd: string, spec: BulkFilesSpec): Promise<BulkFiles | { readonly usage: string }> {
  const inputArg = args.values.get('input');
  if (inputArg === undefined) return { usage: '--input is required' };
  const inputPath = resolve(cwd, inputArg);
  const stats = statSync(inputPath, { throwIfNoEntry: false });
  if (!stats?.isFile()) return { usage: `--input: no file '${inputArg}'` };
  if (stats.size > MAX_INPUT_BYTES) return { usage: `--input: more than ${MAX_INPUT_BYTES} bytes; split the file` };

  const reportArg = args.values.get('report');
  const reportStream = reportArg === undefined ? undefined : await openOutput(resolve(cwd, reportArg), '--report');
  if (reportStream && 'error' in reportStream) return { usage: reportStream.error };
  const digest = await inputDigest(inputPath);
  const header = await checkHeader(inputPath, inputArg, spec.columns);
  if (header !== undefined) {
    reportStream?.destroy();
    return { usage: `--input ${inputArg}: ${header}` };
  }
  const journalArg = args.values.get('journal') ?? `${inputArg}.journal.jsonl`;
  let journal: Journal | undefined;
  if (!spec.dryRun) {
    const opened = await Journal.open(resolve(cwd, journalArg), { journal: spec.journalName, pool: spec.poolId, input_sha256: digest.sha256 }).catch((error: Error) => ({ error: error.message }));
    if ('error' in opened) {
      reportStream?.destroy();
      return { usage: `--journal: ${opened.error}` };
    }
    journal = opened;
  }
  return { inputArg, inputPath, estimate: Math.max(digest.lines - 1, 0), journalArg, ...(reportStream ? { reportStream } : {}), ...(journal ? { journal } : {}) };
}

/** The header (or the first record) read now: a bad input is a usage error before any request. */
async function checkHeader(path: string, name: string, columns: readonly string[]): Promise<string | undefined> {
  const rows = readRows(path, name, columns);
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
