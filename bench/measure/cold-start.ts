// Cold start, measured from outside: the time from spawning `node` to the probe reporting the
// trigger's first decision (one invocation that needs no Cognito call), minus the same for a bare
// `node` that loads nothing. Runs are interleaved (bare, then each artifact, round after round)
// and each run is compared with the bare run of its own round, so drift on a shared machine
// cancels out.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import { median } from './stats';

export type ProbeMode = 'bare' | 'load' | 'sdk' | 'first-call';

export interface ProbeResult {
  /** Spawn to the probe's answer line, in milliseconds. */
  readonly elapsedMs: number;
  /** The probe's answer: 'ready' or a JSON document. */
  readonly answer: string;
}

/** Only what Lambda would give the function: no NODE_OPTIONS or tooling variables from this shell. */
export function lambdaLikeEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench-access-key-id',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    // The SDK warns once that it will need Node 22 (Lambda runs nodejs22.x): keep stderr readable.
    NODE_NO_WARNINGS: '1',
    ...extra,
  };
}

export function runProbe(mode: ProbeMode, args: readonly string[] = [], env: NodeJS.ProcessEnv = lambdaLikeEnv()): Promise<ProbeResult> {
  const probe = join(packageRoot(), 'bench', 'probes', 'cold-start.cjs');
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [probe, mode, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    let answer: ProbeResult | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (answer || !stderr.endsWith('\n')) return;
      const lines = stderr.trimEnd().split('\n');
      answer = { elapsedMs: Number(process.hrtime.bigint() - start) / 1e6, answer: lines[lines.length - 1] ?? '' };
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && answer) resolve(answer);
      else reject(new Error(`cold-start probe ${mode} ${args.join(' ')} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

export interface ColdStartTarget {
  readonly label: string;
  readonly dir: string;
}

export interface ColdStartFigure {
  readonly label: string;
  /** Median spawn to the first decision. */
  readonly readyMs: number;
  /**
   * What loading the trigger adds: the median over rounds of (this round's run minus the bare run
   * just before it). Pairing each run with its neighbour cancels the machine's drift between
   * rounds, which a difference of two medians does not: on a loaded machine that one even came
   * out below zero for the 3-tenant artifact.
   */
  readonly overheadMs: number;
  readonly samplesMs: readonly number[];
}

export interface ColdStartResult {
  readonly runs: number;
  readonly bareNodeMs: number;
  readonly bareSamplesMs: readonly number[];
  readonly targets: readonly ColdStartFigure[];
}

export async function measureColdStarts(targets: readonly ColdStartTarget[], runs: number): Promise<ColdStartResult> {
  const bare: number[] = [];
  const samples = new Map<string, number[]>(targets.map((target) => [target.label, []]));
  // One unmeasured round first: the file system cache then holds every artifact.
  await runProbe('bare');
  for (const target of targets) await runProbe('load', [target.dir]);
  for (let round = 0; round < runs; round += 1) {
    bare.push((await runProbe('bare')).elapsedMs);
    for (const target of targets) {
      const result = await runProbe('load', [target.dir]);
      if (result.answer !== 'ready') throw new Error(`${target.label}: the probe answered ${result.answer}`);
      samples.get(target.label)!.push(result.elapsedMs);
    }
  }
  return {
    runs,
    bareNodeMs: median(bare),
    bareSamplesMs: bare,
    targets: targets.map((target) => {
      const own = samples.get(target.label)!;
      return { label: target.label, readyMs: median(own), overheadMs: median(own.map((ms, round) => ms - bare[round]!)), samplesMs: own };
    }),
  };
}
