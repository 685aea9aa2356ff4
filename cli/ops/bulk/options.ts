// The options every bulk command shares (prelink, unlink --input, links, revoke-sessions): the quota
// budget, how many rows are in flight, the journal and the report.
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { ParsedArgs } from '../../args';
import type { CognitoTarget } from '../cognito';
import { classified } from '../engine-directory';
import { DEFAULT_QUOTA_SHARE, DEFAULT_QUOTAS, quotaBudget, type QuotaBudget } from './quota';

export const QUOTA_OPTIONS = { 'quota-share': 'value', quota: 'list' } as const;
export const BULK_OPTIONS = { ...QUOTA_OPTIONS, concurrency: 'value' } as const;

export const QUOTA_USAGE = `  --quota-share S       the share of each Cognito quota category this run may use (default ${DEFAULT_QUOTA_SHARE}:
                        production sign-ins share the account's quotas); throttling slows it down further
  --quota CAT=RPS       the account's quota for a category when raised (repeatable; defaults:
                        ${Object.entries(DEFAULT_QUOTAS).map(([name, rate]) => `${name}=${rate}`).join(', ')})`;

export const BULK_USAGE = `${QUOTA_USAGE}
  --concurrency N       rows in flight at once (default ${16}); the quotas set the pace`;

export interface BulkSettings {
  readonly budget: QuotaBudget;
  readonly concurrency: number;
}

export function quotaSettings(args: ParsedArgs): QuotaBudget | { readonly error: string } {
  const rawShare = args.values.get('quota-share');
  const share = rawShare === undefined ? DEFAULT_QUOTA_SHARE : Number(rawShare);
  if (rawShare !== undefined && !Number.isFinite(share)) return { error: `--quota-share needs a number (got '${rawShare}')` };
  return quotaBudget(share, args.lists.get('quota') ?? []);
}

export function bulkSettings(args: ParsedArgs): BulkSettings | { readonly error: string } {
  const budget = quotaSettings(args);
  if ('error' in budget) return budget;
  const raw = args.values.get('concurrency');
  const concurrency = raw === undefined ? 16 : Number(raw);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) return { error: `--concurrency needs a whole number from 1 to 256 (got '${raw}')` };
  return { budget, concurrency };
}

/** DescribeUserPool, once, before any row: the pool exists and is readable, and its username case rule. */
export async function poolFacts(target: CognitoTarget): Promise<{ readonly caseSensitive: boolean }> {
  const answer = await classified('DescribeUserPool', () =>
    target.send<{ UserPool?: { UsernameConfiguration?: { CaseSensitive?: boolean } } }>('DescribeUserPool', new DescribeUserPoolCommand({ UserPoolId: target.poolId })),
  );
  // A pool created without UsernameConfiguration is case-sensitive (the API's default).
  return { caseSensitive: answer.UserPool?.UsernameConfiguration?.CaseSensitive ?? true };
}
