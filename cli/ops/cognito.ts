// The one place the operator commands build their Cognito clients: the standard AWS credential
// chain and region, or the local twin through --endpoint. One SDK client per quota category
// (bulk/quota.ts), each in the SDK's adaptive retry mode and paced by its category's limiter, so
// every attempt, first or retried, is counted against the budget it spends.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ParsedArgs } from '../args';
import { OPERATION_CATEGORY, RateLimiter, type QuotaBudget, type QuotaCategory, type QuotaOperation } from './bulk/quota';

/** Options every AWS-facing command takes. */
export const AWS_OPTIONS = { region: 'value', endpoint: 'value', 'user-pool-id': 'value' } as const;

export const AWS_USAGE = `  --user-pool-id ID     the user pool (e.g. eu-west-1_AbCdEf123)
  --region REGION       default: AWS_REGION / AWS_DEFAULT_REGION (with --endpoint: us-east-1)
  --endpoint URL        a Cognito-compatible endpoint instead of AWS, e.g. the local twin
                        credentials: the standard AWS chain (environment, profile, SSO, instance role)`;

/** Attempts per request, the first included: the SDK backs off between them (adaptive mode). */
export const MAX_ATTEMPTS = 8;

export interface CognitoTarget {
  readonly poolId: string;
  readonly region: string;
  readonly endpoint?: string;
  /** Sends a command through its category's client: paced, retried by the SDK, counted. */
  send<Output>(operation: QuotaOperation, command: { readonly input: object }): Promise<Output>;
  /** Requests sent (every attempt) and throttled, per category. */
  readonly stats: Readonly<Record<QuotaCategory, { requests: number; throttled: number }>>;
  destroy(): void;
}

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

interface TargetSettings {
  readonly poolId: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** The pool, Region, endpoint and credentials the AWS options and the environment name. */
function targetSettings(args: ParsedArgs, env: NodeJS.ProcessEnv): TargetSettings | { readonly error: string } {
  const poolId = args.values.get('user-pool-id');
  if (poolId === undefined) return { error: '--user-pool-id is required' };
  if (!POOL_ID.test(poolId) || poolId.length > 55) return { error: `--user-pool-id '${poolId}' is not a user pool id (region_id, e.g. eu-west-1_AbCdEf123)` };
  const endpoint = args.values.get('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) return { error: `--endpoint '${endpoint}' is not an http(s) URL` };
  const region = args.values.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (endpoint ? 'us-east-1' : undefined);
  if (region === undefined) return { error: 'no region: pass --region or set AWS_REGION' };
  // The environment's keys are the chain's first link; passing them explicitly makes commands run
  // in-process (tests) see the environment they were given rather than the process's.
  const credentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
    : undefined;
  return { poolId, region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
}

/**
 * One SDK client in the standard retry mode, for a command that makes a few dozen calls across
 * many operations outside the bulk quota categories (`conformance`): no pacing needed.
 */
export function singleClientTarget(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv,
): { readonly client: CognitoIdentityProviderClient; readonly poolId: string; readonly region: string; readonly endpoint?: string } | { readonly error: string } {
  const settings = targetSettings(args, env);
  if ('error' in settings) return settings;
  const { poolId, region, endpoint, credentials } = settings;
  const client = new CognitoIdentityProviderClient({ region, maxAttempts: MAX_ATTEMPTS, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) });
  return { client, poolId, region, ...(endpoint ? { endpoint } : {}) };
}

export function cognitoTarget(args: ParsedArgs, env: NodeJS.ProcessEnv, budget: QuotaBudget): CognitoTarget | { readonly error: string } {
  const settings = targetSettings(args, env);
  if ('error' in settings) return settings;
  const { poolId, region, endpoint, credentials } = settings;

  const clients = new Map<QuotaCategory, CognitoIdentityProviderClient>();
  const stats = {} as Record<QuotaCategory, { requests: number; throttled: number }>;
  for (const category of Object.keys(budget) as QuotaCategory[]) stats[category] = { requests: 0, throttled: 0 };

  const clientFor = (category: QuotaCategory): CognitoIdentityProviderClient => {
    const existing = clients.get(category);
    if (existing) return existing;
    const client = new CognitoIdentityProviderClient({
      region,
      retryMode: 'adaptive',
      maxAttempts: MAX_ATTEMPTS,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
    });
    const limiter = new RateLimiter(budget[category]);
    const counted = stats[category];
    // After the retry middleware, so that each attempt waits for its own slot and is counted.
    const pacing = (next: (args: unknown) => Promise<unknown>) => async (input: unknown) => {
      await limiter.take();
      counted.requests += 1;
      try {
        return await next(input);
      } catch (error) {
        if ((error as { name?: unknown }).name === 'TooManyRequestsException') counted.throttled += 1;
        throw error;
      }
    };
    client.middlewareStack.addRelativeTo(pacing as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0], {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'linkPolicyQuotaPacing',
    });
    clients.set(category, client);
    return client;
  };

  return {
    poolId,
    region,
    ...(endpoint ? { endpoint } : {}),
    stats,
    send: (operation, command) => clientFor(OPERATION_CATEGORY[operation]).send(command as never) as never,
    destroy: () => {
      for (const client of clients.values()) client.destroy();
    },
  };
}
