// The benchmark's results: one JSON document for machines, one Markdown page for the README.
// Every figure is reported against the baseline (ratio = baseline ÷ ours, so above 1 means ours is
// smaller or faster) and, where the issue sets one, against its goal: goals are reported, never
// asserted, and a missed goal says why.
import type { FirstCallFigure } from './measure/first-call';
import type { MachineInfo } from './measure/machine';
import type { WarmFigure } from './measure/warm';

import type { ConfigurationCost } from './measure/configuration';

export const RESULTS_FORMAT = 1;

export interface SizeRow {
  readonly tenants: number;
  readonly providers: number;
  readonly domains: number;
  /** Bytes of the whole compiled policy set as JSON; the artifact ships its trigger view as policy.json (policyBytes). */
  readonly policyJsonBytes: number;
  readonly ours: {
    readonly indexBytes: number;
    readonly policyBytes: number;
    readonly sdkBytes: number;
    readonly rawBytes: number;
    readonly zipBytes: number;
    readonly shippedZipBytes: number;
  };
  readonly baseline: { readonly rawBytes: number; readonly zipBytes: number };
}

export interface ToolingRow {
  readonly tenants: number;
  readonly validateCliMs: number;
  readonly validateInProcessMs: number;
  readonly synthCliMs: number;
}

export interface WarmRow {
  readonly triggerSource: string;
  readonly scenario: string;
  readonly how: string;
  readonly ours: WarmFigure;
  readonly baseline?: WarmFigure;
}

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
  /** Why, when missed (or what it hinges on). */
  readonly note?: string;
}

export interface BenchResults {
  readonly format: typeof RESULTS_FORMAT;
  readonly date: string;
  readonly durationSeconds: number;
  /** `--quick`: cut run counts, a smoke run whose figures are not for publishing. */
  readonly quick: boolean;
  readonly machine: MachineInfo & { readonly loadAverage: { readonly start: number; readonly end: number } };
  readonly sizes: readonly SizeRow[];
  readonly coldStart: { readonly runs: number; readonly bareNodeMs: number; readonly rows: readonly { tenants: number; ours: number; baseline: number; oursReadyMs: number; baselineReadyMs: number }[] };
  readonly firstCall: { readonly ours: FirstCallFigure; readonly baseline: FirstCallFigure; readonly runs: number };
  /** The configuration read (client kinds and log hash key): cold start and first pre authentication with and without it. */
  readonly configuration?: readonly ConfigurationCost[];
  readonly warm: { readonly tenants: number; readonly rows: readonly WarmRow[] };
  readonly tooling: readonly ToolingRow[];
  /** `link-policy --help`, spawn to exit: the start-up every validate pays. */
  readonly cliStartMs: number;
  readonly goals: readonly Goal[];
}

// ---- formatting -------------------------------------------------------------------------------

const KB = 1000;

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value).toLocaleString('en-US')} ms` : `${value.toFixed(1)} ms`;
}

function us(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(1)} µs`;
}

function ratio(baseline: number | undefined, ours: number): string {
  if (baseline === undefined || ours <= 0) return 'n/a';
  const r = baseline / ours;
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(2)}×`;
}

function calls(figure: WarmFigure): string {
  const names = Object.entries(figure.cognitoCalls).map(([name, count]) => `${name} ${count}`).join(', ');
  const perDecision = Number.isInteger(figure.cognitoCallsPerDecision) ? String(figure.cognitoCallsPerDecision) : figure.cognitoCallsPerDecision.toFixed(2);
  return names === '' ? '0' : `${perDecision} (${names})`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  const largest = results.sizes[results.sizes.length - 1]!;
  const tenantsList = results.sizes.map((size) => size.tenants.toLocaleString('en-US')).join(' / ');
  const coldRows = results.coldStart.rows;
  const coldLargest = coldRows[coldRows.length - 1]!;
  const summary: string[][] = [
    [`Artifact zipped (${largest.tenants.toLocaleString('en-US')} tenants)`, kb(largest.ours.shippedZipBytes), kb(largest.baseline.zipBytes), ratio(largest.baseline.zipBytes, largest.ours.shippedZipBytes)],
    [
      `Cold start overhead (${tenantsList} tenants)`,
      coldRows.map((row) => ms(row.ours)).join(' / '),
      coldRows.map((row) => ms(row.baseline)).join(' / '),
      coldRows.map((row) => ratio(row.baseline, row.ours)).join(' / '),
    ],
    [
      'First Cognito call in a container',
      `${ms(results.firstCall.ours.firstCallMs)} (warm call ${ms(results.firstCall.ours.warmCallMs)})`,
      `${ms(results.firstCall.baseline.firstCallMs)} (warm call ${ms(results.firstCall.baseline.warmCallMs)})`,
      ratio(results.firstCall.baseline.firstCallMs, results.firstCall.ours.firstCallMs),
    ],
    [
      `Cold start + first Cognito call (${largest.tenants.toLocaleString('en-US')} tenants; the sum of the two rows)`,
      ms(coldLargest.ours + results.firstCall.ours.firstCallMs),
      ms(coldLargest.baseline + results.firstCall.baseline.firstCallMs),
      ratio(coldLargest.baseline + results.firstCall.baseline.firstCallMs, coldLargest.ours + results.firstCall.ours.firstCallMs),
    ],
    ...results.warm.rows.map((row) => [
      `${row.scenario}: p50 / p99, Cognito calls per decision`,
      `${us(row.ours.p50Micros)} / ${us(row.ours.p99Micros)}, ${calls(row.ours)}`,
      row.baseline ? `${us(row.baseline.p50Micros)} / ${us(row.baseline.p99Micros)}, ${calls(row.baseline)}` : 'n/a',
      row.baseline ? `${ratio(row.baseline.p50Micros, row.ours.p50Micros)} / ${ratio(row.baseline.p99Micros, row.ours.p99Micros)}` : 'n/a',
    ]),
    [`validate (${tenantsList} tenants)`, results.tooling.map((row) => ms(row.validateCliMs)).join(' / '), 'n/a (no validator)', 'n/a'],
    [`synth (${tenantsList} tenants)`, results.tooling.map((row) => ms(row.synthCliMs)).join(' / '), 'n/a (no stack)', 'n/a'],
  ];

  const sizeRows = results.sizes.map((size) => [
    size.tenants.toLocaleString('en-US'),
    `${size.providers.toLocaleString('en-US')} / ${size.domains.toLocaleString('en-US')}`,
    kb(size.policyJsonBytes),
    `${kb(size.ours.indexBytes)} + ${kb(size.ours.policyBytes)} + ${kb(size.ours.sdkBytes)}`,
    kb(size.ours.shippedZipBytes),
    kb(size.baseline.rawBytes),
    kb(size.baseline.zipBytes),
  ]);
  const coldDetail = coldRows.map((row) => [row.tenants.toLocaleString('en-US'), ms(row.oursReadyMs), ms(row.ours), ms(row.baselineReadyMs), ms(row.baseline)]);
  const warmDetail = results.warm.rows.map((row) => [
    row.triggerSource,
    row.scenario,
    row.how,
    `${row.ours.iterations.toLocaleString('en-US')}`,
    `${us(row.ours.p50Micros)} / ${us(row.ours.p99Micros)} / ${us(row.ours.maxMicros)}`,
    calls(row.ours),
    row.baseline ? `${us(row.baseline.p50Micros)} / ${us(row.baseline.p99Micros)}` : 'n/a',
    row.baseline ? calls(row.baseline) : 'n/a',
  ]);
  const toolingRows = results.tooling.map((row) => [row.tenants.toLocaleString('en-US'), ms(row.validateCliMs), ms(row.validateInProcessMs), ms(row.synthCliMs)]);
  const goalRows = results.goals.map((goal) => [goal.goal, goal.measured, goal.met ? 'met' : '**missed**', goal.note ?? '']);

  return [
    '# Benchmark results',
    '',
    `Measured ${results.date.slice(0, 10)} by \`npm run bench\` (${Math.round(results.durationSeconds)} s) on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end. Figures compare only on the same machine.`,
    '',
    ...(results.quick ? ['**Quick run (`--quick`): run counts cut, figures not for publishing.**', ''] : []),
    'Baseline: `bench/baseline/`, a trigger in the style of the public samples (new SDK client per call, AdminGetUser on every pre authentication, `Array.find` over the tenants, SDK bundled and loaded at start), built from the same policies and measured in the same harness. Ratio = baseline ÷ ours: above 1, ours is smaller or faster.',
    '',
    table(['Figure', 'Ours', 'Baseline', 'Ratio'], summary),
    '',
    '## Goals',
    '',
    table(['Goal', 'Measured', 'Result', 'Why / note'], goalRows),
    '',
    '## Artifact size',
    '',
    'Zipped with the stack\'s own archiver (cdktf `TerraformAsset`, archiver at zlib level 9); "shipped" is the `archive.zip` that `npm run synth` wrote for that policy set. KB = 1,000 bytes.',
    '',
    table(['Tenants', 'Providers / domains', 'Compiled set as JSON', 'Ours raw (index.js + policy.json + sdk.js)', 'Ours zipped (shipped)', 'Baseline raw', 'Baseline zipped'], sizeRows),
    '',
    '## Cold start',
    '',
    `Spawn of \`node\` to the trigger's first decision (the module loaded, then one self sign-up that needs no Cognito call), ${results.coldStart.runs} interleaved rounds: ready is the median; overhead is the median of each run minus the bare \`node\` start of its round (bare median ${ms(results.coldStart.bareNodeMs)}).`,
    '',
    table(['Tenants', 'Ours ready', 'Ours overhead', 'Baseline ready', 'Baseline overhead'], coldDetail),
    '',
    `First Cognito call (median of ${results.firstCall.runs} fresh processes, twin over HTTP): ours loads \`sdk.js\` and creates the client on first use${results.firstCall.ours.sdkLoadMs !== undefined ? ` (${ms(results.firstCall.ours.sdkLoadMs)} of it)` : ''}; the baseline loaded its SDK at cold start and creates a client per call.`,
    '',
    ...(results.configuration
      ? [
          '## Configuration read',
          '',
          "The client-kinds map and the log hash key, read with one `GetParameters` per container (docs/trigger.md, \"Configuration\"), against the twin's Parameter Store over loopback HTTP. Cold start as above (overhead over a bare `node`, a self sign-up that needs no Cognito call), with and without the parameter names in the environment; and a fresh container's first pre authentication of a password sign-in, whose client's kind comes from the map (no Cognito call) or, without it, from `DescribeUserPoolClient` (the log hash key read in both).",
          '',
          table(
            ['Tenants', 'Cold start without the read', 'Cold start with the read', 'First pre authentication, kind described', 'First pre authentication, kind configured'],
            results.configuration.map((row) => [
              row.tenants.toLocaleString('en-US'),
              ms(row.coldStartMs.withoutParameters),
              ms(row.coldStartMs.withParameters),
              ms(row.firstPreAuthMs.described),
              ms(row.firstPreAuthMs.configured),
            ]),
          ),
          '',
        ]
      : []),
    '## Warm decision latency',
    '',
    `${results.warm.tenants.toLocaleString('en-US')} tenants; each invocation timed with \`process.hrtime.bigint()\` in a separate process after a warm-up, its log line written to /dev/null; Cognito calls counted from the twin's request log while measuring.`,
    '',
    table(['Trigger source', 'Scenario', 'How', 'Runs', 'Ours p50 / p99 / max', 'Ours calls per decision', 'Baseline p50 / p99', 'Baseline calls per decision'], warmDetail),
    '',
    '## validate and synth',
    '',
    `Wall time of \`node bin/link-policy.cjs validate DIR\` and of the synth entry point (\`scripts/run-ts.cjs main.ts --policies DIR --outdir OUT\`, what \`npm run synth\` runs), spawn to exit; in process: \`loadPolicySet(DIR)\` once warm. The CLI's own start-up (\`link-policy --help\`) is ${ms(results.cliStartMs)}.`,
    '',
    table(['Tenants', 'validate (process)', 'validate (in process)', 'synth (process)'], toolingRows),
    '',
  ].join('\n');
}
