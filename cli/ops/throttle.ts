// Pacing and retries for the operator commands' Cognito calls. Cognito's quotas are per account
// and Region, shared with production: ListUsers is in the UserList category (30 requests/s, not
// adjustable) that the trigger's own sign-in lookups use, and AdminLinkProviderForUser most likely
// in UserUpdate (25/s) (docs/cognito-facts.md §7). A bulk job therefore sends
// a few requests per second (RateLimiter) and, when throttled anyway, backs off exponentially with
// full jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** At most `perSecond` calls per second, evenly spaced (a burst would still hit a per-second quota). */
export class RateLimiter {
  private next = 0;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {
    if (!(perSecond > 0)) throw new Error('rate must be positive');
  }

  async take(): Promise<void> {
    const interval = 1000 / this.perSecond;
    const at = Math.max(this.now(), this.next);
    this.next = at + interval;
    const wait = at - this.now();
    if (wait > 0) await this.sleep(wait);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 250, capMs: 20_000 };

const RETRYABLE_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'InternalErrorException', 'ServiceUnavailableException', 'TimeoutError', 'RequestTimeout']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Throttling, 5xx and dropped connections are worth another try; a refusal is not. */
export function isRetryable(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  if (!e) return false;
  if (typeof e.name === 'string' && RETRYABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

export function isThrottling(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TooManyRequestsException' || name === 'ThrottlingException';
}

export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly last: unknown,
  ) {
    super(`gave up after ${attempts} attempts: ${errorText(last)}`);
    this.name = 'RetriesExhausted';
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export interface Pacer {
  /** Runs `call` once per attempt, each attempt paced by the limiter; retries per the policy. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Requests sent and retried so far (for the summary). */
  readonly requests: number;
  readonly retries: number;
}

export function pacer(limiter: RateLimiter, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random, sleep: Sleep = realSleep): Pacer {
  let retries = 0;
  let requests = 0;
  return {
    get requests() {
      return requests;
    },
    get retries() {
      return retries;
    },
    async run<T>(call: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt += 1) {
        await limiter.take();
        requests += 1;
        try {
          return await call();
        } catch (error) {
          if (!isRetryable(error)) throw error;
          if (attempt >= policy.maxAttempts) throw new RetriesExhausted(attempt, error);
          retries += 1;
          // Full jitter: anywhere between 0 and the exponential ceiling.
          await sleep(random() * Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1)));
        }
      }
    },
  };
}
