// The cost of the first Cognito call in a fresh container: loading the SDK (ours: sdk.js, required
// on first use; the baseline loaded it at cold start already) and opening the first connection.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lambdaLikeEnv, runProbe } from './cold-start';
import { median } from './stats';
import { firstCallEvents, type BenchPool } from './world';

export interface FirstCallFigure {
  /** Requiring sdk.js and creating the client, timed inside the probe (ours only). */
  readonly sdkLoadMs?: number;
  /** The first invocation that calls Cognito, end to end. */
  readonly firstCallMs: number;
  /** The next invocation with one call, same container. */
  readonly warmCallMs: number;
}

export async function measureFirstCall(bench: BenchPool, dir: string, scratch: string, runs: number, hasSdkFile: boolean): Promise<FirstCallFigure> {
  const eventsPath = join(scratch, 'first-call-events.json');
  writeFileSync(eventsPath, JSON.stringify(firstCallEvents(bench)));
  const env = lambdaLikeEnv({ AWS_REGION: bench.twin.region, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: bench.twin.endpoint });
  const sdk: number[] = [];
  const first: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    if (hasSdkFile) sdk.push((JSON.parse((await runProbe('sdk', [dir], env)).answer) as { sdkMs: number }).sdkMs);
    const { callsMs } = JSON.parse((await runProbe('first-call', [dir, eventsPath], env)).answer) as { callsMs: [number, number] };
    first.push(callsMs[0]);
    warm.push(callsMs[1]);
  }
  return { ...(hasSdkFile ? { sdkLoadMs: median(sdk) } : {}), firstCallMs: median(first), warmCallMs: median(warm) };
}
