// The invocation's time budget. Cognito waits 5 seconds for a trigger, whatever the function's own
// timeout, and retries a slow invocation (docs/cognito-facts.md §8): the trigger must answer well
// inside that, with Cognito's decision made by policy (fail open or closed) rather than by a timeout.

export const DEFAULT_DEADLINE_MS = 3500;
/** Left for logging and returning after the budget runs out. */
const MAX_SAFETY_MARGIN_MS = 300;

export interface Deadline {
  /** Aborted when the budget is spent: handed to every SDK call. Never aborts once disposed. */
  readonly signal: AbortSignal;
  remainingMs(): number;
  dispose(): void;
}

/** min(LINK_POLICY_DEADLINE_MS or 3500, the Lambda's remaining time less a margin). */
export function budgetMs(configured: string | undefined, lambdaRemainingMs: number | undefined): number {
  const parsed = configured === undefined ? NaN : Number(configured);
  const fromEnv = Number.isFinite(parsed) && parsed > 0 ? parsed : DEFAULT_DEADLINE_MS;
  if (lambdaRemainingMs === undefined || !Number.isFinite(lambdaRemainingMs)) return fromEnv;
  const margin = Math.min(MAX_SAFETY_MARGIN_MS, lambdaRemainingMs * 0.1);
  return Math.max(0, Math.min(fromEnv, lambdaRemainingMs - margin));
}

export function startDeadline(budget: number, now: () => number = Date.now): Deadline {
  return new LazyDeadline(now() + budget, now);
}

/**
 * The AbortController and its timer are made on first use of `signal`: most invocations make no
 * Cognito call, and the two cost more than the rest of a warm pre authentication decision
 * (docs/benchmarks.md). The timer then fires when the budget ends, as if started with it.
 */
class LazyDeadline implements Deadline {
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly endsAt: number,
    private readonly now: () => number,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      if (!this.disposed) this.timer = setTimeout(() => controller.abort(), this.remainingMs());
      this.controller = controller;
    }
    return this.controller.signal;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now());
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
