// Cognito's request-rate quotas, enforced: each operation counts against its category's quota,
// shared by every pool of the twin (one account in one Region: "the aggregate of all requests from
// all user pools in your AWS account in one AWS Region", GUIDE-2023 limits.md); a request over the
// quota is answered TooManyRequestsException "Rate exceeded" (HTTP 400), which the SDK retries.
// Categories, rates, the per-pool 5 RPS of some categories and the challenge-response allowance
// are in policy/cognito-quotas.ts with their sources (docs/cognito-facts.md §7).
//
// How Cognito meters a second is not documented [INF]: each category here is a token bucket
// refilled at its rate and holding at most `burstSeconds` (default 1) of it, so a client keeping
// to the rate on average is never throttled, and one exceeding it is, within a second.
//
// Off unless configured: tests that are not about pace are never throttled. `scale` multiplies
// every rate: a twin at scale k serves k seconds of Cognito's quotas per second, a scaled clock
// for benchmarks (a run of W seconds there takes about k x W seconds against Cognito's defaults).

import {
  CHALLENGE_RESPONSE_FACTOR,
  CHALLENGE_RESPONSE_OPERATIONS,
  PER_POOL_LIMITED_CATEGORIES,
  PER_POOL_OPERATION_RPS,
  QUOTA_CATEGORIES,
  categoryOf,
  type QuotaCategory,
} from '../policy/cognito-quotas';

export interface QuotaOptions {
  /** Multiplies every rate (a scaled clock). Default 1. */
  readonly scale?: number;
  /** Rates (requests per second at scale 1) replacing the defaults, e.g. a raised quota. */
  readonly rates?: Partial<Readonly<Record<QuotaCategory, number>>>;
  /** Moves operations to another category: the variants where the category is inferred. */
  readonly categories?: Readonly<Record<string, QuotaCategory>>;
  /** Seconds of its rate a category may take at once. Default 1. [INF] */
  readonly burstSeconds?: number;
  /** Milliseconds; default performance.now. */
  readonly now?: () => number;
}

export interface QuotaCount {
  admitted: number;
  throttled: number;
}

class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.at = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class QuotaGate {
  private options: QuotaOptions | undefined;
  private buckets = new Map<string, TokenBucket>();
  private counts = new Map<QuotaCategory, QuotaCount>();

  /** Starts enforcing the quotas (again, with full buckets and zero counts); undefined stops. */
  configure(options: QuotaOptions | undefined): void {
    if (options?.scale !== undefined && !(options.scale > 0)) throw new Error('twin: quota scale must be positive');
    this.options = options;
    this.buckets = new Map();
    this.counts = new Map();
  }

  get enabled(): boolean {
    return this.options !== undefined;
  }

  /** Requests admitted and throttled per category since configure. */
  get stats(): Readonly<Partial<Record<QuotaCategory, Readonly<QuotaCount>>>> {
    return Object.fromEntries(this.counts);
  }

  /** The rate a category is enforced at (requests per second, scale included). */
  rate(category: QuotaCategory): number {
    const options = this.options ?? {};
    return (options.rates?.[category] ?? QUOTA_CATEGORIES[category].rps) * (options.scale ?? 1);
  }

  /** The category an operation counts against here (a configured variant, else the default); undefined: not metered. */
  categoryOf(operation: string): QuotaCategory | undefined {
    const moved = this.options?.categories;
    return moved && Object.hasOwn(moved, operation) ? moved[operation] : categoryOf(operation);
  }

  /** Whether this request is within the quotas (and counts it); false: throttle it. */
  admit(operation: string, poolId: string | undefined): boolean {
    if (!this.options) return true;
    const category = this.categoryOf(operation);
    if (category === undefined) return true;
    const count = this.counts.get(category) ?? { admitted: 0, throttled: 0 };
    this.counts.set(category, count);
    const admitted = this.take(operation, category, poolId);
    if (admitted) count.admitted += 1;
    else count.throttled += 1;
    return admitted;
  }

  private take(operation: string, category: QuotaCategory, poolId: string | undefined): boolean {
    const scale = this.options?.scale ?? 1;
    if (PER_POOL_LIMITED_CATEGORIES.includes(category) && !this.bucket(`pool:${poolId ?? ''}:${operation}`, PER_POOL_OPERATION_RPS * scale).take()) return false;
    // Challenge responses first spend their own allowance, three times the category's; beyond it, the category's.
    if (CHALLENGE_RESPONSE_OPERATIONS.includes(operation) && this.bucket('challenge', this.rate(category) * CHALLENGE_RESPONSE_FACTOR).take()) return true;
    return this.bucket(category, this.rate(category)).take();
  }

  private bucket(name: string, perSecond: number): TokenBucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      const burst = this.options?.burstSeconds ?? 1;
      bucket = new TokenBucket(perSecond, Math.max(1, perSecond * burst), this.options?.now ?? (() => performance.now()));
      this.buckets.set(name, bucket);
    }
    return bucket;
  }
}
