// `npm run robustness [-- --events N] [--raw N] [--fault-rounds N] [--baseline-worlds N] [--seed N] [--out DIR]`:
// the long run of the robustness suite. Generated worlds on the twin until at least N trigger
// invocations (default 100,000) with P1-P5 checked after every action, raw generated events
// straight to the handler, the same worlds against the sample-style baseline (to show what the
// properties catch), every fault run, and the hostile policy corpus. Writes
// bench/results/robustness.md and robustness.json; exits 1 on any violation or mismatch.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { machineInfo } from '../../bench/measure/machine';
import { packageRoot } from '../../policy/package-root';
import { startTwin, SWITCH_VALUES, type Twin } from '../../twin';
import { builtTrigger } from '../support/trigger-artifact';
import { faultPolicySet, faultRuns, runFault } from './faults/fault-runs';
import { expectedProblems, hostileCases, validateCase } from './hostile/corpus';
import { renderRobustness, ROBUSTNESS_FORMAT, type CorpusSummary, type FaultRow, type RobustnessResults } from './report';
import { worldArbitrary } from './world/arbitraries';
import { baselineTriggers } from './world/baseline-trigger';
import { checkRawResult, rawEventArbitrary, startRawTarget } from './world/raw-events';
import { runWorld } from './world/simulate';
import { addCount, newTally, type Tally } from './world/tally';

interface Options {
  readonly events: number;
  readonly raw: number;
  readonly faultRounds: number;
  readonly baselineWorlds: number;
  readonly seed: number;
  readonly outDir: string;
}

const USAGE = 'usage: npm run robustness -- [--events N] [--raw N] [--fault-rounds N] [--baseline-worlds N] [--seed N] [--out DIR]';
const WORLD_BATCH = 200;
const EXAMPLES = 20;

function parseArgs(argv: readonly string[]): Options | string {
  const options = { events: 100_000, raw: 20_000, faultRounds: 2, baselineWorlds: 20, seed: 20261122, outDir: join(packageRoot(), 'bench', 'results') };
  const numeric: Record<string, keyof typeof options> = { '--events': 'events', '--raw': 'raw', '--fault-rounds': 'faultRounds', '--baseline-worlds': 'baselineWorlds', '--seed': 'seed' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const value = argv[i + 1];
    if (arg === '--out' && value !== undefined) {
      options.outDir = resolve(value);
      i += 1;
    } else if (numeric[arg] && value !== undefined && Number.isInteger(Number(value)) && Number(value) >= 0) {
      (options[numeric[arg]] as number) = Number(value);
      i += 1;
    } else {
      return `unknown or incomplete argument ${arg}\n${USAGE}`;
    }
  }
  return options;
}

function progress(message: string): void {
  process.stderr.write(`robustness: ${message}\n`);
}

/** Every value pair of switches (a) and (e), in turn: the properties must hold under each. */
const PRE_AUTH_COMBOS = SWITCH_VALUES.linkedIdentityPreAuth.flatMap((linkedIdentityPreAuth) =>
  SWITCH_VALUES.preAuthIdentities.map((preAuthIdentities) => ({ linkedIdentityPreAuth, preAuthIdentities })),
);

async function runWorlds(twin: Twin, options: Options): Promise<{ tally: Tally; seeds: number[] }> {
  const tally = newTally();
  const seeds: number[] = [];
  for (let batch = 0; tally.events < options.events; batch += 1) {
    const seed = options.seed + batch;
    seeds.push(seed);
    const worlds = fc.sample(worldArbitrary({ maxActions: 100 }), { numRuns: WORLD_BATCH, seed });
    for (const [index, world] of worlds.entries()) {
      const position = batch * WORLD_BATCH + index;
      const combo = PRE_AUTH_COMBOS[position % PRE_AUTH_COMBOS.length]!;
      // Two worlds in five, DescribeUserPoolClient fails throughout; in one of them the clients were
      // created elsewhere (no client-kinds map), so their kind is unknown (simulate.ts).
      const describeClientFails = position % 5 >= 3;
      const clientKindsAbsent = position % 5 === 3;
      const label = `world seed ${seed} #${index}, ${JSON.stringify(combo)}${describeClientFails ? `, DescribeUserPoolClient failing${clientKindsAbsent ? ', no client-kinds map' : ''}` : ''}`;
      await runWorld(twin, { ...world, switches: { ...world.switches, ...combo } }, tally, { label, describeClientFails, clientKindsAbsent });
      if (tally.events >= options.events) break;
    }
    progress(`${tally.events.toLocaleString('en-US')} events, ${tally.worlds} worlds, ${tally.violations.length} violations`);
  }
  return { tally, seeds };
}

async function runRaw(twin: Twin, options: Options): Promise<Tally> {
  const tally = newTally();
  const target = startRawTarget(twin);
  try {
    for (const event of fc.sample(rawEventArbitrary(target.set, target.pool), { numRuns: options.raw, seed: options.seed })) {
      checkRawResult(event, await target.invoke(event), tally);
      target.pool.invocations.clear();
    }
    twin.requests.clear();
  } finally {
    await target.pool.trigger?.close();
  }
  return tally;
}

async function runBaseline(twin: Twin, options: Options, scratch: string): Promise<RobustnessResults['baseline']> {
  const tally = newTally();
  const trigger = baselineTriggers(scratch);
  const worlds = fc.sample(worldArbitrary({ maxActions: 60 }), { numRuns: options.baselineWorlds, seed: options.seed });
  for (const world of worlds) await runWorld(twin, world, tally, { trigger, decisionLog: false });
  const violationsByProperty: Record<string, number> = {};
  for (const violation of tally.violations) addCount(violationsByProperty, violation.property);
  const examples = ['P1', 'P2', 'P3', 'P4'].flatMap((property) => tally.violations.filter((v) => v.property === property).slice(0, 2));
  return { worlds: tally.worlds, events: tally.events, links: tally.links, violationsByProperty, examples };
}

async function runFaults(twin: Twin, options: Options): Promise<RobustnessResults['faults']> {
  const set = faultPolicySet();
  const artifact = builtTrigger(set);
  const rows = new Map<string, FaultRow>();
  const problems: string[] = [];
  let sequence = 0;
  for (let round = 0; round < options.faultRounds; round += 1) {
    for (const run of faultRuns()) {
      const outcome = await runFault(twin, set, artifact, run, (sequence += 1));
      const key = `${run.kind}\u0000${run.expected}`;
      const row = rows.get(key) ?? { kind: run.kind, expected: run.expected, runs: 0, passed: 0 };
      rows.set(key, { ...row, runs: row.runs + 1, passed: row.passed + (outcome.problems.length === 0 ? 1 : 0) });
      problems.push(...outcome.problems.map((problem) => `${run.kind}, ${run.name} (${run.tenant}, ${run.path}): ${problem}`));
    }
    twin.requests.clear();
    progress(`fault round ${round + 1} of ${options.faultRounds}: ${problems.length} problems`);
  }
  const kinds: readonly string[] = ['throttling', '5xx', 'slow response', 'lost response', 'Cognito retry'];
  const ordered = [...rows.values()].sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || (a.expected < b.expected ? -1 : 1));
  return { rounds: options.faultRounds, rows: ordered, problems };
}

function runCorpus(scratch: string): CorpusSummary {
  const cases = hostileCases();
  const mismatches: string[] = [];
  const byRule: Record<string, number> = {};
  let rejectedAsExpected = 0;
  for (const hostile of cases) {
    for (const expectation of hostile.expectations) addCount(byRule, expectation.rule);
    const expected = expectedProblems(hostile);
    const result = validateCase(hostile, scratch);
    const found = result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.rule}`);
    const missing = expected.filter((problem) => !found.includes(problem));
    if (missing.length === 0) rejectedAsExpected += 1;
    else mismatches.push(`${hostile.name}: expected ${missing.join(', ')}; got ${found.join(', ') || 'no error'}`);
  }
  return { files: cases.length, rejectedAsExpected, mismatches, byRule };
}

function summary(tally: Tally): RobustnessResults['worlds'] {
  const { violations, ...counts } = tally;
  return { ...counts, violations: violations.length, examples: violations.slice(0, EXAMPLES) };
}

export async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const started = process.hrtime.bigint();
  const date = new Date().toISOString();
  const scratch = mkdtempSync(join(tmpdir(), 'link-policy-robustness-'));
  const twin = await startTwin({ seed: options.seed });
  try {
    progress(`generated worlds until ${options.events.toLocaleString('en-US')} events`);
    const worlds = await runWorlds(twin, options);
    progress(`${options.raw.toLocaleString('en-US')} raw events`);
    const raw = await runRaw(twin, options);
    progress(`the baseline through ${options.baselineWorlds} worlds`);
    const baseline = await runBaseline(twin, options, scratch);
    progress(`fault runs, ${options.faultRounds} rounds`);
    const faults = await runFaults(twin, options);
    progress('hostile policy corpus');
    const corpus = runCorpus(scratch);

    const results: RobustnessResults = {
      format: ROBUSTNESS_FORMAT,
      date,
      durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      machine: machineInfo(),
      seeds: { worlds: worlds.seeds, raw: options.seed, baseline: options.seed },
      worlds: summary(worlds.tally),
      raw: summary(raw),
      baseline,
      faults,
      corpus,
    };
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, 'robustness.json'), `${JSON.stringify(results, null, 2)}\n`);
    const markdown = renderRobustness(results);
    writeFileSync(join(options.outDir, 'robustness.md'), markdown);
    process.stdout.write(markdown);
    const clean = results.worlds.violations === 0 && results.raw.violations === 0 && faults.problems.length === 0 && corpus.mismatches.length === 0;
    progress(clean ? 'clean' : 'NOT clean: see the report');
    return clean ? 0 : 1;
  } finally {
    await twin.idle();
    await twin.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
