// A bulk run's write-ahead journal: append-only JSON Lines, tied to one command, pool and input
// (its sha256). Before a row's write is sent, an `intent` line is on disk; after Cognito answered, a
// `done` line with the outcome. A run killed at any moment (Ctrl-C, SIGKILL, a lost terminal)
// therefore resumes exactly: rows done are skipped (never repeated), a row with an intent but no
// done line is "in doubt" and decided again (the engine then finds the write made, or makes it: never
// lost). Lines are group-committed: the lines appended while one fsync runs share the next one, so
// many rows in flight cost one disk flush, not one each. No raw usernames, subjects or emails: rows
// are named by their number in the input.
import { createReadStream } from 'node:fs';
import { open, stat, truncate, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';

const FORMAT = 2;

/** Outcomes after which a row's work is finished: a rerun skips the row. */
export const FINISHED = new Set(['linked', 'already_linked', 'unlinked', 'already_unlinked', 'revoked']);

export interface JournalHeader {
  /** e.g. 'link-policy prelink'. */
  readonly journal: string;
  readonly pool: string;
  readonly input_sha256: string;
}

export interface ResumeState {
  /** Rows finished in earlier runs. */
  readonly done: RowSet;
  /** Rows whose write was sent (intent on disk) but never confirmed. */
  readonly inDoubt: RowSet;
}

/** Row numbers as a bit set: 100,000 rows cost 12.5 KB. */
export class RowSet {
  private bits = new Uint8Array(1024);
  private count = 0;

  add(row: number): void {
    if (row >= this.bits.length * 8) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, (row >> 3) + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    if (!this.has(row)) this.count += 1;
    this.bits[row >> 3]! |= 1 << (row & 7);
  }

  delete(row: number): void {
    if (!this.has(row)) return;
    this.count -= 1;
    this.bits[row >> 3]! &= ~(1 << (row & 7));
  }

  has(row: number): boolean {
    return row < this.bits.length * 8 && (this.bits[row >> 3]! & (1 << (row & 7))) !== 0;
  }

  get size(): number {
    return this.count;
  }
}

export class Journal {
  private queue: string[] = [];
  private flushing: Promise<void> | undefined;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  private constructor(
    private readonly file: FileHandle,
    readonly resume: ResumeState,
  ) {}

  /**
   * Opens (or starts) the journal at `path` for this header. A journal of another command, pool or
   * input is refused rather than applied to the wrong rows.
   */
  static async open(path: string, header: JournalHeader): Promise<Journal | { readonly error: string }> {
    const state = await readJournal(path, header);
    if ('error' in state) return state;
    // A line torn by a kill mid-write is cut off: the row it named was not confirmed, so it is redone.
    if (state.tornAt !== undefined) await truncate(path, state.tornAt);
    const file = await open(path, 'a');
    const journal = new Journal(file, state.resume);
    if (state.fresh) await journal.append({ ...header, format: FORMAT, started: new Date().toISOString() });
    return journal;
  }

  /** The write for `row` is about to be sent: resolved once the line is on disk. */
  intent(row: number): Promise<void> {
    return this.append({ row, phase: 'intent' });
  }

  /** The row is decided (after its write, if it made one): resolved once the line is on disk. */
  done(row: number, outcome: string, reason?: string): Promise<void> {
    return this.append({ row, phase: 'done', outcome, ...(reason ? { reason } : {}) });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.file.close();
  }

  private append(entry: object): Promise<void> {
    return this.appendRaw(`${JSON.stringify(entry)}\n`);
  }

  private appendRaw(text: string): Promise<void> {
    this.queue.push(text);
    const written = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.flushing ??= this.flush();
    return written;
  }

  /** Writes everything queued and fsyncs once; lines queued meanwhile go in the next round. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const text = this.queue.join('');
      const waiters = this.waiters;
      this.queue = [];
      this.waiters = [];
      try {
        await this.file.write(text);
        await this.file.datasync();
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.flushing = undefined;
  }
}

type ReadResult = { readonly fresh: boolean; readonly tornAt?: number; readonly resume: ResumeState } | { readonly error: string };

async function readJournal(path: string, header: JournalHeader): Promise<ReadResult> {
  const done = new RowSet();
  const inDoubt = new RowSet();
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { fresh: true, resume: { done, inDoubt } };
    throw error;
  }
  let first: Record<string, unknown> | undefined;
  let lineNumber = 0;
  let bytes = 0;
  /** Bytes up to the end of the last line read whole (parsed, and its newline written). */
  let good = 0;
  let torn = false;
  for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    lineNumber += 1;
    bytes += Buffer.byteLength(line) + 1;
    if (torn) return { error: `${path}: line ${lineNumber - 1} is unreadable` };
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // Only the last line can be torn (a kill mid-write); an unreadable line before it is not ours.
      torn = true;
      continue;
    }
    // A last line without its newline was torn too, even if it parses: it is redone.
    if (bytes > size) {
      torn = true;
      continue;
    }
    good = bytes;
    if (!first) {
      first = entry;
      const mismatch = headerMismatch(path, entry, header);
      if (mismatch) return { error: mismatch };
      continue;
    }
    const row = entry['row'];
    if (typeof row !== 'number' || !Number.isInteger(row) || row < 1) return { error: `${path}: line ${lineNumber} names no row` };
    if (entry['phase'] === 'intent') {
      inDoubt.add(row);
    } else if (entry['phase'] === 'done') {
      inDoubt.delete(row);
      if (FINISHED.has(String(entry['outcome']))) done.add(row);
    }
  }
  return { fresh: !first, ...(torn ? { tornAt: good } : {}), resume: { done, inDoubt } };
}

function headerMismatch(path: string, entry: Record<string, unknown>, header: JournalHeader): string | undefined {
  if (entry['journal'] !== header.journal) return `${path} is not a ${header.journal} journal`;
  if (entry['pool'] !== header.pool) return `${path} is the journal of pool ${String(entry['pool'])}, not ${header.pool}: pass another --journal`;
  if (entry['input_sha256'] !== header.input_sha256) return `${path} was started with another input (the file changed since): restore it, or pass another --journal`;
  return undefined;
}
