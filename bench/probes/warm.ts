// Warm-latency probe: runs in its own process (spawned by bench/measure/warm.ts with an IPC
// channel and stdout discarded, as Lambda's log pipe would take it), loads one trigger artifact,
// and for each scenario warms up, tells the parent it starts measuring (so the parent can count the
// Cognito calls its twin receives from then on), then times every invocation with
// process.hrtime.bigint().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WarmScenario {
  readonly name: string;
  /** Invocations before measuring (events cycled). */
  readonly warmup: number;
  /** Measured invocations (events cycled). */
  readonly iterations: number;
  readonly events: readonly unknown[];
  /** Events used for the warm-up instead of `events` (when each measured event may run only once). */
  readonly warmupEvents?: readonly unknown[];
  /**
   * Swallow the trigger's stdout writes (its log line) instead of writing them: separates the
   * decision's own cost from the write system call, which Lambda's log pipe also charges.
   */
  readonly discardLogWrites?: boolean;
  /**
   * Not the trigger: a fixed loop of arithmetic, calibrated to the median of the named earlier
   * scenario and timed the same way (awaited, one sample per call). Its spread is the machine's
   * own jitter at that duration, the floor under any p99 measured here. `events` is ignored.
   */
  readonly referenceFor?: string;
}

export interface WarmProbeConfig {
  readonly artifactDir: string;
  readonly scenarios: readonly WarmScenario[];
}

export interface WarmSamples {
  readonly name: string;
  /** Microseconds, one per measured invocation, in order. */
  readonly micros: readonly number[];
  readonly refused: number;
  /** The median of each event's own invocations (events are cycled), fastest and slowest: how much the scenario's mix spreads. */
  readonly eventMedians?: { readonly min: number; readonly max: number };
}

export type ProbeMessage =
  | { readonly type: 'measuring'; readonly name: string }
  | { readonly type: 'samples'; readonly samples: WarmSamples }
  | { readonly type: 'done' };

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 5000 };

async function invoke(handler: Handler, event: unknown): Promise<boolean> {
  try {
    await handler(structuredClone(event), context);
    return false;
  } catch {
    return true;
  }
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** Sample i timed event i % count. */
function perEventMedians(micros: readonly number[], count: number): { min: number; max: number } {
  const byEvent: number[][] = Array.from({ length: count }, () => []);
  micros.forEach((value, i) => byEvent[i % count]!.push(value));
  const medians = byEvent.filter((values) => values.length > 0).map(median);
  return { min: Math.min(...medians), max: Math.max(...medians) };
}

/** An async function whose median run takes about `targetMicros`: a loop of integer arithmetic, no allocation. */
function calibratedWork(targetMicros: number | undefined): () => Promise<number> {
  if (targetMicros === undefined) throw new Error('referenceFor names a scenario that has not run before it');
  let sink = 0;
  const spin = (rounds: number): number => {
    let x = sink;
    for (let i = 0; i < rounds; i += 1) x = (x * 31 + i) | 0;
    sink = x;
    return x;
  };
  const trial = 100_000;
  const samples: number[] = [];
  for (let i = 0; i < 25; i += 1) {
    const start = process.hrtime.bigint();
    spin(trial);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  const perRound = samples.sort((a, b) => a - b)[12]! / trial;
  const rounds = Math.max(1, Math.round(targetMicros / perRound));
  return async () => spin(rounds);
}

function send(message: ProbeMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

function nextGo(): Promise<void> {
  return new Promise((resolve) => process.once('message', () => resolve()));
}

export async function main(argv: string[]): Promise<number> {
  const [configPath] = argv;
  if (!configPath || !process.send) {
    process.stderr.write('usage: (spawned by the bench with an IPC channel) warm.ts <config.json>\n');
    return 2;
  }
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as WarmProbeConfig;
  const { handler } = require(join(config.artifactDir, 'index.js')) as { handler: Handler };

  const write = process.stdout.write;
  const medians = new Map<string, number>();
  for (const scenario of config.scenarios) {
    process.stdout.write = scenario.discardLogWrites ? ((() => true) as typeof write) : write;
    const reference = scenario.referenceFor === undefined ? undefined : calibratedWork(medians.get(scenario.referenceFor));
    const warm = scenario.warmupEvents ?? scenario.events;
    for (let i = 0; i < scenario.warmup; i += 1) {
      if (reference) await reference();
      else await invoke(handler, warm[i % warm.length]);
    }
    const go = nextGo();
    await send({ type: 'measuring', name: scenario.name });
    await go;
    const micros: number[] = [];
    let refused = 0;
    for (let i = 0; i < scenario.iterations; i += 1) {
      const event = reference ? undefined : structuredClone(scenario.events[i % scenario.events.length]);
      const start = process.hrtime.bigint();
      try {
        if (reference) await reference();
        else await handler(event, context);
      } catch {
        refused += 1;
      }
      micros.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    medians.set(scenario.name, median(micros));
    const eventMedians = reference ? undefined : perEventMedians(micros, scenario.events.length);
    await send({ type: 'samples', samples: { name: scenario.name, micros, refused, ...(eventMedians ? { eventMedians } : {}) } });
  }
  await send({ type: 'done' });
  process.disconnect();
  return 0;
}
