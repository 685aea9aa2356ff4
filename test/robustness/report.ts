// The robustness run's results: JSON for machines, Markdown for docs/robustness.md and the README.
import type { MachineInfo } from '../../bench/measure/machine';
import type { Tally, Violation } from './world/tally';

export const ROBUSTNESS_FORMAT = 1;

export interface FaultRow {
  readonly kind: string;
  readonly expected: string;
  readonly runs: number;
  readonly passed: number;
}

export interface CorpusSummary {
  readonly files: number;
  readonly rejectedAsExpected: number;
  readonly mismatches: readonly string[];
  /** Files per rule id expected. */
  readonly byRule: Readonly<Record<string, number>>;
}

export interface RobustnessResults {
  readonly format: typeof ROBUSTNESS_FORMAT;
  readonly date: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly seeds: { readonly worlds: readonly number[]; readonly raw: number; readonly baseline: number };
  readonly worlds: Omit<Tally, 'violations'> & { readonly violations: number; readonly examples: readonly Violation[] };
  readonly raw: Omit<Tally, 'violations'> & { readonly violations: number; readonly examples: readonly Violation[] };
  readonly baseline: { readonly worlds: number; readonly events: number; readonly links: number; readonly violationsByProperty: Readonly<Record<string, number>>; readonly examples: readonly Violation[] };
  readonly faults: { readonly rounds: number; readonly rows: readonly FaultRow[]; readonly problems: readonly string[] };
  readonly corpus: CorpusSummary;
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function counts(record: Readonly<Record<string, number>>): [string, string][] {
  return Object.entries(record)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => [key, n(value)]);
}

export function renderRobustness(results: RobustnessResults): string {
  const { worlds, raw, baseline, faults, corpus, machine } = results;
  const reasonRows = Object.entries(worlds.byReason)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => {
      const [source, reason] = key.split(' ');
      return [source ?? key, `\`${reason ?? ''}\``, n(value)];
    });
  const faultTotal = faults.rows.reduce((sum, row) => sum + row.runs, 0);
  const faultPassed = faults.rows.reduce((sum, row) => sum + row.passed, 0);
  return [
    '# Robustness results',
    '',
    `Measured ${results.date.slice(0, 10)} by \`npm run robustness\` (${Math.round(results.durationSeconds)} s) on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}. World seeds ${results.seeds.worlds.join(', ')}; raw-event seed ${results.seeds.raw}.`,
    '',
    table(
      ['', 'Count', 'Violations'],
      [
        ['Generated events on the twin (trigger invocations)', n(worlds.events), n(worlds.violations)],
        ['Generated worlds (policy set + users + actions)', n(worlds.worlds), ''],
        ['Links made, each judged by the oracle (P2)', n(worlds.links), ''],
        ['Federated sign-ins\' pre authentications, none refused unless of a refused method (P3)', n(worlds.federatedPreAuthChecked), ''],
        ['Blocked users\' password sign-ins, each refused (P4)', n(worlds.passwordBlocksChecked), ''],
        ['Federated users created, each through a method the asserted email\'s tenant allows (P5)', n(worlds.accountsCreatedChecked), ''],
        ['Federated sign-ins into existing accounts judged (P5)', n(worlds.signInsIntoAccountsChecked), ''],
        ['... of them into an account of a refused method, each refused (P5)', n(worlds.refusedMethodSignInsChecked), ''],
        ['Raw generated events straight to the handler (P1)', n(raw.events), n(raw.violations)],
        [`Fault runs (${faults.rounds} rounds)`, n(faultTotal), n(faultTotal - faultPassed)],
        [`Hostile policy files rejected with rule and file:line:column`, `${n(corpus.rejectedAsExpected)} of ${n(corpus.files)}`, n(corpus.mismatches.length)],
      ],
    ),
    '',
    '## Generated events per trigger source',
    '',
    table(['Trigger source', 'Events'], counts(worlds.bySource)),
    '',
    'Worlds per value of the undocumented pre authentication switches (twin switches (a) and (e)), and with DescribeUserPoolClient failing throughout (every fifth world: P4 then checked for blocked users with no linked identity only):',
    '',
    table(['Switches', 'Worlds'], counts(worlds.bySwitches)),
    '',
    'Refusals by code:',
    '',
    table(['Code', 'Events'], counts(worlds.byRefusal)),
    '',
    '## Generated events per reason code',
    '',
    table(['Trigger source', 'Reason', 'Events'], reasonRows),
    '',
    '## Raw events',
    '',
    'Events with missing, mistyped and hostile fields, sent straight to the handler; reasons as the trigger logged them.',
    '',
    table(['Trigger source (as sent)', 'Events'], counts(raw.bySource)),
    '',
    table(['Trigger source, reason', 'Events'], counts(raw.byReason)),
    '',
    table(['Refusal code', 'Events'], counts(raw.byRefusal)),
    '',
    '## The same properties against the baseline',
    '',
    `The public-sample-style baseline (\`bench/baseline/\`), run through ${n(baseline.worlds)} of the same worlds (${n(baseline.events)} events, ${n(baseline.links)} links): violations by property (one per condition a decision broke).`,
    '',
    table(['Property', 'Violations'], counts(baseline.violationsByProperty)),
    '',
    ...(baseline.examples.length > 0 ? ['Examples:', '', ...baseline.examples.map((v) => `- ${v.property}: ${v.detail.slice(0, 240)}`), ''] : []),
    '## Fault runs',
    '',
    'The built artifact in Lambda containers on the twin; each run checks the first attempt against the policy and that the next attempt, with Cognito healthy, converges.',
    '',
    table(['Fault', 'Policy says', 'Runs', 'Passed'], faults.rows.map((row) => [row.kind, row.expected, n(row.runs), n(row.passed)])),
    '',
    ...(faults.problems.length > 0 ? ['Problems:', '', ...faults.problems.map((problem) => `- ${problem}`), ''] : []),
    '## Hostile policy corpus',
    '',
    `${n(corpus.files)} files under \`test/robustness/hostile-policies/\`; expected rule ids:`,
    '',
    table(['Rule', 'Files'], counts(corpus.byRule)),
    '',
    ...(corpus.mismatches.length > 0 ? ['Mismatches:', '', ...corpus.mismatches.map((mismatch) => `- ${mismatch}`), ''] : []),
    ...(worlds.examples.length + raw.examples.length > 0 ? ['## Violations', '', ...[...worlds.examples, ...raw.examples].map((v) => `- ${v.property}: ${v.detail.slice(0, 400)}`), ''] : []),
  ].join('\n');
}
