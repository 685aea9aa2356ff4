// Runs the warm-latency probe (bench/probes/warm.ts) in a child process against one artifact and
// the parent's twin, and counts the Cognito calls the twin receives while each scenario is
// measured: calls per decision come from the twin's request log, not from the trigger's own word.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import type { ProbeMessage, WarmProbeConfig, WarmSamples, WarmScenario } from '../probes/warm';
import { lambdaLikeEnv } from './cold-start';
import { percentile } from './stats';
import type { BenchPool } from './world';

export interface WarmFigure {
  readonly name: string;
  readonly iterations: number;
  readonly p50Micros: number;
  readonly p99Micros: number;
  readonly maxMicros: number;
  /** Invocations that ended in a refusal (thrown), out of `iterations`. */
  readonly refused: number;
  /** Requests the twin received from the trigger during the measured invocations, per invocation. */
  readonly cognitoCallsPerDecision: number;
  /** The same requests by operation, in total. */
  readonly cognitoCalls: Readonly<Record<string, number>>;
  /** Fastest and slowest of the events' own medians (in-process scenarios that cycle several events). */
  readonly eventMedianMicros?: { readonly min: number; readonly max: number };
}

export async function runWarmProbe(bench: BenchPool, artifactDir: string, scenarios: readonly WarmScenario[]): Promise<WarmFigure[]> {
  const root = packageRoot();
  const scratch = mkdtempSync(join(tmpdir(), 'link-policy-warm-'));
  const configPath = join(scratch, 'config.json');
  const config: WarmProbeConfig = { artifactDir, scenarios };
  writeFileSync(configPath, JSON.stringify(config));
  const requests = bench.twin.requests;
  const figures: WarmFigure[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'scripts', 'run-ts.cjs'), join(root, 'bench', 'probes', 'warm.ts'), configPath], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: lambdaLikeEnv({ AWS_REGION: bench.twin.region, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: bench.twin.endpoint }),
      });
      let mark = 0;
      child.on('message', (message: ProbeMessage) => {
        if (message.type === 'measuring') {
          mark = requests.entries.length;
          child.send('go');
        } else if (message.type === 'samples') {
          const made = requests.entries.slice(mark).filter((entry) => entry.poolId === bench.pool.id);
          figures.push(figure(message.samples, made.map((entry) => entry.operation)));
        }
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`warm probe exited with ${code}`))));
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return figures;
}

function figure(samples: WarmSamples, operations: readonly string[]): WarmFigure {
  const cognitoCalls: Record<string, number> = {};
  for (const operation of operations) cognitoCalls[operation] = (cognitoCalls[operation] ?? 0) + 1;
  return {
    name: samples.name,
    iterations: samples.micros.length,
    p50Micros: percentile(samples.micros, 50),
    p99Micros: percentile(samples.micros, 99),
    maxMicros: Math.max(...samples.micros),
    refused: samples.refused,
    cognitoCallsPerDecision: operations.length / samples.micros.length,
    cognitoCalls,
    ...(samples.eventMedians ? { eventMedianMicros: samples.eventMedians } : {}),
  };
}
