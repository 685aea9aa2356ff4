// prelink's journal: append-only JSON Lines, one line per finished row, written and fsync'ed
// before the next row starts, so a run killed at any moment (Ctrl-C, SIGKILL, a lost terminal)
// resumes where it stopped. Rows are identified by a hash of their content, not by raw usernames
// or subjects. A row interrupted between its link call and its journal line is found linked by
// the pre-check on the rerun: never linked twice.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

export const JOURNAL_KIND = 'link-policy prelink';
const FORMAT = 1;

/** Outcomes that mean the row's work is done: a rerun skips them. */
const DONE = new Set(['linked', 'already_linked']);

export interface JournalEntry {
  readonly row: number;
  readonly key: string;
  readonly outcome: string;
  readonly reason?: string;
}

export class Journal {
  private constructor(
    private readonly fd: number,
    /** Row keys finished in earlier runs. */
    readonly done: ReadonlySet<string>,
  ) {}

  static open(path: string, poolId: string): Journal | { readonly error: string } {
    const done = new Set<string>();
    let needsNewline = false;
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const fresh = text.trim() === '';
    if (!fresh) {
      const lines = text.split('\n').filter((line) => line.trim() !== '');
      const [first, ...entries] = lines.map((line, index) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          // Only the last line can be torn (a kill mid-write); anything else is not our journal.
          return index === lines.length - 1 ? undefined : null;
        }
      });
      if (!first || first['journal'] !== JOURNAL_KIND) return { error: `${path} is not a prelink journal` };
      if (first['pool'] !== poolId) return { error: `${path} is the journal of pool ${String(first['pool'])}, not ${poolId}: pass another --journal` };
      if (entries.includes(null)) return { error: `${path} has unreadable lines` };
      for (const entry of entries) if (entry && typeof entry['key'] === 'string' && DONE.has(String(entry['outcome']))) done.add(entry['key']);
      needsNewline = !text.endsWith('\n');
    }
    const fd = openSync(path, 'a');
    const journal = new Journal(fd, done);
    if (needsNewline) journal.write('\n');
    if (fresh) {
      journal.write(`${JSON.stringify({ journal: JOURNAL_KIND, format: FORMAT, pool: poolId, started: new Date().toISOString() })}\n`);
    }
    return journal;
  }

  record(entry: JournalEntry): void {
    this.write(`${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(text: string): void {
    writeSync(this.fd, text);
    fsyncSync(this.fd);
  }
}
