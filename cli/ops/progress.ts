// Progress of a long run on stderr: on a terminal, one line redrawn in place (bar, count, rate,
// ETA, outcomes so far); otherwise (CI logs) a plain line at each tenth of the work and at least
// every 15 seconds, so a log is readable and never floods.

export interface ProgressCounts {
  readonly [outcome: string]: number;
}

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 15_000;
const BAR = 24;

export class Progress {
  private readonly started: number;
  private lastDraw = 0;
  private lastTenth = 0;
  private done = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly total: number,
    private readonly tty: boolean,
    /** The command's name, at the start of each plain line. */
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.lastDraw = this.started;
  }

  update(done: number, counts: ProgressCounts): void {
    this.done = done;
    const at = this.now();
    if (this.tty) {
      if (at - this.lastDraw < REDRAW_MS && done < this.total) return;
      this.lastDraw = at;
      const filled = this.total === 0 ? BAR : Math.round((done / this.total) * BAR);
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${this.status(at, counts)}\u001b[K`);
      return;
    }
    const tenth = this.total === 0 ? 10 : Math.floor((done * 10) / this.total);
    if (tenth > this.lastTenth || at - this.lastDraw >= PLAIN_EVERY_MS) {
      this.lastTenth = tenth;
      this.lastDraw = at;
      this.stream.write(`${this.label}: ${this.status(at, counts)}\n`);
    }
  }

  /** Ends the terminal line. */
  finish(): void {
    if (this.tty) this.stream.write('\n');
  }

  private status(at: number, counts: ProgressCounts): string {
    const seconds = Math.max((at - this.started) / 1000, 0.001);
    const rate = this.done / seconds;
    const left = this.total - this.done;
    const eta = rate > 0 ? duration(left / rate) : '?';
    const percent = this.total === 0 ? 100 : Math.floor((this.done * 100) / this.total);
    const outcomes = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([outcome, count]) => `${outcome.replace(/_/g, ' ')} ${count}`)
      .join(', ');
    return `${this.done}/${this.total} rows ${percent}%, ${rate.toFixed(1)} rows/s, ETA ${eta}${outcomes ? `; ${outcomes}` : ''}`;
  }
}

export function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
