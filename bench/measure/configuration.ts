// The cost of reading the function's configuration (the client-kinds map and the log hash key,
// one GetParameters call per container; docs/trigger.md, "Configuration"), measured from outside
// like the cold start: spawn to the first decision of a fresh `node` that needs no Cognito call,
// with and without the parameter names in its environment, against the twin's Parameter Store
// over loopback HTTP. Also the first pre authentication of a container on the password client:
// with the map it needs no call; without it, DescribeUserPoolClient (the old path).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterNames } from '../../lambda/runtime/configuration';
import type { CompiledPolicySet } from '../../policy/compiled';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { parameterEnvironment, startTwin, writeStackParameters } from '../../twin';
import { lambdaLikeEnv, runProbe } from './cold-start';
import { median } from './stats';

export interface ConfigurationCost {
  readonly tenants: number;
  /** Spawn to first decision minus bare node, median over rounds, without / with the read. */
  readonly coldStartMs: { readonly withoutParameters: number; readonly withParameters: number };
  /** A fresh container's first pre authentication on the password client (twin over HTTP). */
  readonly firstPreAuthMs: { readonly described: number; readonly configured: number };
}

export async function measureConfigurationCost(set: CompiledPolicySet, artifactDir: string, scratch: string, rounds = 9): Promise<ConfigurationCost> {
  const twin = await startTwin({ seed: 97 });
  try {
    const pool = twin.createPoolFromBlueprint(poolBlueprint(set));
    writeStackParameters(twin, pool, 'bench', { policyDigest: set.digest, logHashKey: 'bench-log-hash-key-bench-log-hash-key' });
    const twinEnv = { AWS_REGION: twin.region, AWS_ENDPOINT_URL_SSM: twin.endpoint, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: twin.endpoint };
    const plain = lambdaLikeEnv(twinEnv);
    const configured = lambdaLikeEnv({ ...twinEnv, ...parameterEnvironment('bench') });
    const onlyKey = lambdaLikeEnv({ ...twinEnv, LINK_POLICY_LOG_HASH_KEY_PARAMETER: parameterNames('bench').logHashKey });
    const without: number[] = [];
    const withParameters: number[] = [];
    await runProbe('load', [artifactDir], plain);
    for (let round = 0; round < rounds; round += 1) {
      const bare = (await runProbe('bare', [], plain)).elapsedMs;
      without.push((await runProbe('load', [artifactDir], plain)).elapsedMs - bare);
      withParameters.push((await runProbe('load', [artifactDir], configured)).elapsedMs - bare);
    }
    // A password sign-in's pre authentication by a user no rule reaches: the client's kind is asked.
    const event = {
      version: '1',
      region: twin.region,
      userPoolId: pool.id,
      userName: 'bench-user',
      callerContext: { awsSdkVersion: 'aws-sdk-js-3.1169.0', clientId: pool.clientId('password') },
      triggerSource: 'PreAuthentication_Authentication',
      request: { userAttributes: { email: 'someone@unlisted.example', email_verified: 'true' }, validationData: {}, userNotFound: false },
      response: {},
    };
    const eventsFile = join(scratch, 'configuration-events.json');
    writeFileSync(eventsFile, JSON.stringify([event]));
    const described: number[] = [];
    const configuredFirst: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      described.push((JSON.parse((await runProbe('first-call', [artifactDir, eventsFile], onlyKey)).answer) as { callsMs: number[] }).callsMs[0]!);
      configuredFirst.push((JSON.parse((await runProbe('first-call', [artifactDir, eventsFile], configured)).answer) as { callsMs: number[] }).callsMs[0]!);
    }
    return {
      tenants: Object.keys(set.tenants).length,
      coldStartMs: { withoutParameters: median(without), withParameters: median(withParameters) },
      firstPreAuthMs: { described: median(described), configured: median(configuredFirst) },
    };
  } finally {
    await twin.stop();
  }
}
