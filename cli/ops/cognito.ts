// The one place the operator commands build their Cognito client: the standard AWS credential chain
// and region, or the local twin through --endpoint. The SDK's own retries are off (maxAttempts 1):
// the commands pace and retry every call themselves (throttle.ts), so a throttled bulk run backs
// off instead of the SDK hammering a shared quota three times per call.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ParsedArgs } from '../args';

/** Options every AWS-facing command takes. */
export const AWS_OPTIONS = { region: 'value', endpoint: 'value', 'user-pool-id': 'value' } as const;

export const AWS_USAGE = `  --user-pool-id ID     the user pool (e.g. eu-west-1_AbCdEf123)
  --region REGION       default: AWS_REGION / AWS_DEFAULT_REGION (with --endpoint: us-east-1)
  --endpoint URL        a Cognito-compatible endpoint instead of AWS, e.g. the local twin
                        credentials: the standard AWS chain (environment, profile, SSO, instance role)`;

export interface CognitoTarget {
  readonly client: CognitoIdentityProviderClient;
  readonly poolId: string;
  readonly region: string;
  readonly endpoint?: string;
}

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

export function cognitoTarget(args: ParsedArgs, env: NodeJS.ProcessEnv): CognitoTarget | { readonly error: string } {
  const poolId = args.values.get('user-pool-id');
  if (poolId === undefined) return { error: '--user-pool-id is required' };
  if (!POOL_ID.test(poolId) || poolId.length > 55) return { error: `--user-pool-id '${poolId}' is not a user pool id (region_id, e.g. eu-west-1_AbCdEf123)` };
  const endpoint = args.values.get('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) return { error: `--endpoint '${endpoint}' is not an http(s) URL` };
  const region = args.values.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (endpoint ? 'us-east-1' : undefined);
  if (region === undefined) return { error: 'no region: pass --region or set AWS_REGION' };
  // The environment's keys are the chain's first link; passing them explicitly makes commands run
  // in-process (tests) see the environment they were given rather than the process's.
  const keys = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
    : undefined;
  const client = new CognitoIdentityProviderClient({
    region,
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
    ...(keys ? { credentials: keys } : {}),
  });
  return { client, poolId, region, ...(endpoint ? { endpoint } : {}) };
}
