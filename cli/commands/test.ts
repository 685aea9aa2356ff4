// `link-policy test [dir]`: runs the policy test scenarios (<tenant>.test.yaml) end to end on the
// local Cognito twin with the built trigger, under several combinations of the twin's switches,
// and reports per tenant and scenario. A failure shows the step, expected and actual outcome, the
// switch combinations it happened under, and which rule decided and why (the trigger's trace).
import { readFileSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { formatProblem, loadPolicySet, type Problem } from '../../policy';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { choice, commandArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { loadScenarioDirectory, POOL_SCENARIOS, SCENARIO_SUFFIX } from '../scenarios/load';
import { stepKind, type Scenario } from '../scenarios/format';
import { buildTrigger } from '../sim/artifact';
import { decidingRule, renderTrace } from '../sim/decision';
import { describeActual, describeExpected, runScenarios, type ScenarioResult, type StepVerdict } from '../sim/run-scenarios';
import { Simulation } from '../sim/session';
import { pinned, SIGN_IN_SWITCHES, SWITCH_MODES, switchPlan, type SwitchMode } from '../sim/switch-plan';
import { describeSwitches, parseSwitchReport, type TwinSwitches } from '../../twin';
import { displayPath } from './paths';

const USAGE = `usage: link-policy test [dir] [--switches pairwise|default|all] [--switches-from REPORT] [--tenant ID]... [--scenario TEXT]

Runs the scenario files in dir (default: policies/): <tenant>.test.yaml and _pool.test.yaml.
Each scenario runs on a fresh local Cognito twin pool built from the policies, with the built
trigger, under several combinations of the twin's switches (Cognito behaviours no source settles).

options:
  --switches pairwise  every pair of values of the ${SIGN_IN_SWITCHES.length} switches that affect sign-in (default)
  --switches default   the twin's best-supported values only (fastest)
  --switches all       every combination (hundreds: minutes)
  --switches-from REPORT  pin the switches a \`link-policy conformance\` report observed in your
                       pool; the others vary as --switches says
  --tenant ID          only this tenant's scenarios (repeatable)
  --scenario TEXT      only scenarios whose name contains TEXT
  -h, --help           show this help

exit codes: 0 every scenario passed, 1 a scenario failed or a file is invalid, 2 usage error
`;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs(
    { name: 'test', usage: USAGE, options: { switches: 'value', 'switches-from': 'value', tenant: 'list', scenario: 'value' }, maxPositionals: 1 },
    argv,
    io,
  );
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const mode = choice<SwitchMode>(args, 'switches', SWITCH_MODES, 'pairwise');
  if (typeof mode === 'object') return usage(mode.error);
  const observed = observedSwitches(args.values.get('switches-from'), io);
  if ('error' in observed) return usage(observed.error);
  const dirArg = args.positionals[0] ?? 'policies';
  const dir = resolve(io.cwd, dirArg);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return usage(`'${dirArg}' is not a directory`);
  const shown = displayPath(io.cwd, dir);
  const started = Date.now();

  const loaded = loadPolicySet(dir, { displayDir: shown });
  if (!loaded.ok) return invalid(io, loaded.problems, `${shown}: the policies do not load; run link-policy validate ${shown}`);
  const set = loaded.set;
  const scenarios = loadScenarioDirectory(dir, shown, set, poolBlueprint(set));
  if (scenarios.problems.length > 0) return invalid(io, scenarios.problems, `${shown}: invalid scenario files`);

  const tenants = args.lists.get('tenant') ?? [];
  const unknown = tenants.filter((tenant) => !Object.hasOwn(set.tenants, tenant));
  if (unknown.length > 0) return usage(`no tenant ${unknown.join(', ')} in ${shown}`);
  const nameFilter = args.values.get('scenario');
  const selected = (scenario: Scenario) => nameFilter === undefined || scenario.name.includes(nameFilter);
  const files = scenarios.files.filter(
    (file) => (tenants.length === 0 || (file.tenant !== undefined && tenants.includes(file.tenant))) && file.scenarios.some(selected),
  );
  const count = files.reduce((sum, file) => sum + file.scenarios.filter(selected).length, 0);
  if (count === 0) return usage('no scenario matches');

  const plan = pinned(switchPlan(mode), observed.switches);
  const pins = Object.keys(observed.switches);
  io.stdout.write(
    `link-policy test: ${shown}: ${count} scenario${count === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}; ` +
      `${plan.length} switch combination${plan.length === 1 ? '' : 's'} (${mode}${mode === 'default' ? '' : ` over ${SIGN_IN_SWITCHES.length} switches`})` +
      `${pins.length > 0 ? `; ${pins.length} switch${pins.length === 1 ? '' : 'es'} pinned from ${observed.origin} (${describeSwitches(observed.switches)})` : ''}\n`,
  );
  const simulation = await Simulation.start(set, buildTrigger(set));
  let results: ScenarioResult[];
  try {
    results = await runScenarios(simulation, files, plan, selected);
  } finally {
    await simulation.stop();
  }

  for (const file of files) {
    io.stdout.write(`\n${file.tenant ?? 'pool settings'}  ${file.file}\n`);
    for (const result of results.filter((candidate) => candidate.file === file)) io.stdout.write(renderResult(result));
  }
  const missing = Object.keys(set.tenants).filter((tenant) => tenants.length === 0 && !scenarios.files.some((file) => file.tenant === tenant));
  for (const tenant of missing) io.stdout.write(`\nnote: tenant ${tenant} has no scenarios (${posix.join(shown, `${tenant}${SCENARIO_SUFFIX}`)})\n`);
  if (tenants.length === 0 && !scenarios.files.some((file) => file.file.endsWith(POOL_SCENARIOS)) && !nameFilter) {
    io.stdout.write(`note: no ${POOL_SCENARIOS}: pool-wide settings (unknown_provider) are not tested\n`);
  }

  const failed = results.filter((result) => !result.passed).length;
  const runCount = results.reduce((sum, result) => sum + result.runs.length, 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stdout.write(
    `\n${count} scenario${count === 1 ? '' : 's'}: ${count - failed} passed, ${failed} failed; ` +
      `${plan.length} switch combination${plan.length === 1 ? '' : 's'}, ${runCount} scenario runs, ${seconds} s\n`,
  );
  return failed === 0 ? EXIT.ok : EXIT.failed;
}

/** The switches a conformance report observed (none without --switches-from). */
function observedSwitches(path: string | undefined, io: CliIo): { switches: Partial<TwinSwitches>; origin: string } | { error: string } {
  if (path === undefined) return { switches: {}, origin: '' };
  const origin = displayPath(io.cwd, resolve(io.cwd, path));
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    return { error: `--switches-from: cannot read ${origin} (${(error as Error).message})` };
  }
  const parsed = parseSwitchReport(text, origin);
  return 'error' in parsed && typeof parsed.error === 'string' ? { error: `--switches-from: ${parsed.error}` } : { switches: parsed as Partial<TwinSwitches>, origin };
}

function invalid(io: CliIo, problems: readonly Problem[], summary: string): number {
  io.stdout.write(problems.map((problem) => `${formatProblem(problem)}\n`).join('') + `${summary}\n`);
  return EXIT.failed;
}

function renderResult(result: ScenarioResult): string {
  if (result.passed) return `  PASS  ${result.scenario.name}\n`;
  const lines = [`  FAIL  ${result.scenario.name}`];
  const total = result.runs.length;
  for (const run of result.runs.filter((candidate) => candidate.error !== undefined)) {
    lines.push(`        could not run under ${describeSwitches(run.switches)}: ${run.error}`);
  }
  // The same failure under several combinations is shown once, with the combinations listed.
  const groups = new Map<string, { verdict: StepVerdict; under: string[] }>();
  for (const run of result.runs) {
    for (const verdict of run.steps.filter((candidate) => candidate.mismatches.length > 0)) {
      const key = `${verdict.index}\u0000${describeActual(verdict.run.actual, verdict.run)}`;
      const group = groups.get(key) ?? { verdict, under: [] };
      group.under.push(describeSwitches(run.switches));
      groups.set(key, group);
    }
  }
  for (const { verdict, under } of groups.values()) lines.push(...renderMismatch(result, verdict, under, total));
  for (const index of result.unchecked) {
    const step = result.scenario.steps[index]!;
    lines.push(
      `        ${stepLabel(result, index)}`,
      `          reason ${step.expect.reason} was never checked: Cognito invoked no trigger for this step under any switch combination`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderMismatch(result: ScenarioResult, verdict: StepVerdict, under: readonly string[], total: number): string[] {
  const step = result.scenario.steps[verdict.index]!;
  const lines = [
    `        ${stepLabel(result, verdict.index)}`,
    `          expected: ${describeExpected(step.expect)}`,
    `          actual:   ${describeActual(verdict.run.actual, verdict.run)}`,
    ...underLines(under, total),
  ];
  const decisive = verdict.run.decisive;
  if (!decisive) return [...lines, '          no trigger invocation decided this step'];
  const rule = decidingRule(decisive.trace);
  if (rule) lines.push(`          decided by ${rule.rule}: ${rule.user ? `${rule.user}: ` : ''}${rule.detail}`);
  lines.push(`          trace (${decisive.triggerSource}, ${decisive.action} ${decisive.reason}):`, ...renderTrace(decisive.trace, '            '));
  return lines;
}

/** Which switch combinations showed the failure: all, or the first few, one per line. */
function underLines(under: readonly string[], total: number): string[] {
  if (under.length === total) return [`          under:    all ${total} switch combination${total === 1 ? '' : 's'}`];
  const shown = under.slice(0, 3).map((switches) => `            ${switches}`);
  return [`          under:    ${under.length} of ${total} switch combinations:`, ...shown, ...(under.length > 3 ? [`            and ${under.length - 3} more`] : [])];
}

function stepLabel(result: ScenarioResult, index: number): string {
  const step = result.scenario.steps[index]!;
  const { line, column } = result.file.parsed.locate(['scenarios', result.index, 'steps', index]);
  return `step ${index + 1} ${stepKind(step)} (${result.file.file}:${line}:${column})${step.note ? `: ${step.note}` : ''}`;
}
