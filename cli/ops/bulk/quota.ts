// Cognito's request-rate quotas as the operator commands budget them. Quotas are per account and
// Region, per category of operations, shared with production (docs/cognito-facts.md §7): a bulk job
// may use a share of each category (--quota-share, default half) so sign-ins keep the rest. Each
// category gets its own limiter (requests evenly spaced at the budgeted rate: a burst would still
// exceed a per-second quota) and its own SDK client in the SDK's `adaptive` retry mode, whose client
// side rate limiter (CUBIC, @smithy/core DefaultRateLimiter) backs that category off when Cognito
// throttles anyway (production traffic took the quota) and recovers after. Retries, backoff and
// jitter are the SDK's; nothing here retries by hand.
import { OPERATION_CATEGORIES, QUOTA_CATEGORIES, type QuotaCategory as CognitoQuotaCategory } from '../../../policy/cognito-quotas';

/** The categories the operator commands spend, with Cognito's default quotas (requests per second). */
export const DEFAULT_QUOTAS = {
  UserList: QUOTA_CATEGORIES.UserList.rps,
  UserRead: QUOTA_CATEGORIES.UserRead.rps,
  UserUpdate: QUOTA_CATEGORIES.UserUpdate.rps,
  UserPoolRead: QUOTA_CATEGORIES.UserPoolRead.rps,
} as const satisfies Partial<Record<CognitoQuotaCategory, number>>;

export type QuotaCategory = keyof typeof DEFAULT_QUOTAS;

/**
 * The operations the commands send, each with the category it counts against
 * (policy/cognito-quotas.ts: inferred from the categories' descriptions where the guide does not
 * say; the three writes are taken to be UserUpdate, the lowest plausible quota, so a wrong guess
 * errs on the slow side, and a throttle then slows the category down further).
 */
export const OPERATION_CATEGORY = {
  ListUsers: OPERATION_CATEGORIES.ListUsers.category,
  AdminGetUser: OPERATION_CATEGORIES.AdminGetUser.category,
  AdminLinkProviderForUser: OPERATION_CATEGORIES.AdminLinkProviderForUser.category,
  AdminDisableProviderForUser: OPERATION_CATEGORIES.AdminDisableProviderForUser.category,
  AdminUserGlobalSignOut: OPERATION_CATEGORIES.AdminUserGlobalSignOut.category,
  DescribeUserPool: OPERATION_CATEGORIES.DescribeUserPool.category,
} as const satisfies Readonly<Record<string, QuotaCategory>>;

export type QuotaOperation = keyof typeof OPERATION_CATEGORY;

export const DEFAULT_QUOTA_SHARE = 0.5;

/** Requests per second each category may use in this run. */
export type QuotaBudget = Readonly<Record<QuotaCategory, number>>;

export function isQuotaCategory(name: string): name is QuotaCategory {
  return Object.hasOwn(DEFAULT_QUOTAS, name);
}

/**
 * The budget from the account's quotas (defaults, or `Category=RPS` overrides for raised ones) and
 * the share of them this run may use.
 */
export function quotaBudget(share: number, overrides: readonly string[]): QuotaBudget | { readonly error: string } {
  if (!(share > 0 && share <= 1)) return { error: `--quota-share needs a number in (0, 1] (got ${share})` };
  const quotas: Record<QuotaCategory, number> = { ...DEFAULT_QUOTAS };
  for (const override of overrides) {
    const match = /^([A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(override);
    if (!match) return { error: `--quota needs Category=RPS, e.g. UserList=30 (got '${override}')` };
    const [, name = '', value = ''] = match;
    if (!isQuotaCategory(name)) return { error: `--quota: unknown category '${name}' (${Object.keys(DEFAULT_QUOTAS).join(', ')})` };
    if (!(Number(value) > 0)) return { error: `--quota ${name} needs a positive rate` };
    quotas[name] = Number(value);
  }
  const budget = {} as Record<QuotaCategory, number>;
  for (const category of Object.keys(quotas) as QuotaCategory[]) budget[category] = quotas[category] * share;
  return budget;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * At most `perSecond` requests per second, evenly spaced: each caller waits for its own slot. A slot
 * left unused while the process was busy (a garbage collection, a loaded machine) may still be taken
 * for up to `catchUpMs` afterwards, so short stalls do not lengthen the run; that burst stays within
 * what a quota allows in any second (docs/cognito-facts.md §7).
 */
export class RateLimiter {
  private next: number | undefined;
  private readonly interval: number;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
    private readonly catchUpMs = 250,
  ) {
    if (!(perSecond > 0)) throw new Error('rate must be positive');
    this.interval = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.now();
    const at = this.next === undefined ? now : Math.max(now - this.catchUpMs, this.next);
    this.next = at + this.interval;
    const wait = at - now;
    if (wait > 0) await this.sleep(wait);
  }
}

/**
 * The least time `calls` requests per category can take under `budget`: the categories run in
 * parallel, so the slowest one bounds the run. Benchmarks compare wall time with it.
 */
export function quotaBoundSeconds(calls: Partial<Record<QuotaCategory, number>>, budget: QuotaBudget): number {
  let bound = 0;
  for (const [category, count] of Object.entries(calls) as [QuotaCategory, number][]) bound = Math.max(bound, count / budget[category]);
  return bound;
}
