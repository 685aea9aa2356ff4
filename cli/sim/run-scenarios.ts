// Runs scenario files on the twin: each scenario on a fresh pool under each switch combination,
// step by step, checking outcomes and reason codes. A step that fails ends that scenario's run
// under that combination (later steps build on it). A reason a step expects must be checked in at
// least one combination: where Cognito never invokes the trigger for the step, it cannot be.
import { describeSwitches, type TwinSwitches } from '../../twin';
import type { Expectation, Scenario } from '../scenarios/format';
import type { LoadedScenarioFile } from '../scenarios/load';
import type { Simulation } from './session';
import { seedUsers } from './session';
import { runStep, type ActualOutcome, type StepRun } from './steps';
import { pinned } from './switch-plan';

export interface StepVerdict {
  readonly index: number;
  readonly run: StepRun;
  /** Empty when the step met its expectation. */
  readonly mismatches: readonly string[];
  /** Whether a decisive invocation let the expected reason be compared. */
  readonly reasonChecked: boolean;
}

export interface CombinationRun {
  readonly switches: TwinSwitches;
  readonly steps: readonly StepVerdict[];
  /** The run could not complete (a bug or a twin usage error), not a failed expectation. */
  readonly error?: string;
}

export interface ScenarioResult {
  readonly file: LoadedScenarioFile;
  readonly index: number;
  readonly scenario: Scenario;
  readonly runs: readonly CombinationRun[];
  /** Steps whose expected reason no combination could check. */
  readonly unchecked: readonly number[];
  readonly passed: boolean;
}

interface Job {
  readonly file: LoadedScenarioFile;
  readonly index: number;
  readonly scenario: Scenario;
  readonly switches: TwinSwitches;
}

/** Combinations run concurrently (each its own Lambda containers); scenarios within one run in order. */
const CONCURRENT_COMBINATIONS = 3;

/** Runs the selected scenarios of the files; results keep each scenario's index in its file. */
export async function runScenarios(
  simulation: Simulation,
  files: readonly LoadedScenarioFile[],
  plan: readonly TwinSwitches[],
  selected: (scenario: Scenario) => boolean = () => true,
): Promise<ScenarioResult[]> {
  const groups = new Map<string, Job[]>();
  for (const file of files) {
    file.scenarios.forEach((scenario, index) => {
      if (!selected(scenario)) return;
      for (const switches of pinned(plan, scenario.switches)) {
        const key = describeSwitches(switches);
        groups.set(key, [...(groups.get(key) ?? []), { file, index, scenario, switches }]);
      }
    });
  }
  const runs = new Map<Job, CombinationRun>();
  const queue = [...groups.values()];
  const worker = async (): Promise<void> => {
    for (let jobs = queue.shift(); jobs; jobs = queue.shift()) {
      for (const job of jobs) runs.set(job, await runScenario(simulation, job));
      await simulation.release(jobs[0]!.switches);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_COMBINATIONS, queue.length) }, worker));

  const results: ScenarioResult[] = [];
  for (const file of files) {
    file.scenarios.forEach((scenario, index) => {
      if (!selected(scenario)) return;
      const scenarioRuns = [...runs].filter(([job]) => job.file === file && job.index === index).map(([, run]) => run);
      const unchecked = scenario.steps.flatMap((step, stepIndex) => {
        if (step.expect.reason === undefined) return [];
        const ran = scenarioRuns.flatMap((run) => run.steps.filter((verdict) => verdict.index === stepIndex));
        return ran.length > 0 && ran.every((verdict) => !verdict.reasonChecked) ? [stepIndex] : [];
      });
      const passed = unchecked.length === 0 && scenarioRuns.every((run) => run.error === undefined && run.steps.every((step) => step.mismatches.length === 0));
      results.push({ file, index, scenario, runs: scenarioRuns, unchecked, passed });
    });
  }
  return results;
}

async function runScenario(simulation: Simulation, job: Job): Promise<CombinationRun> {
  const steps: StepVerdict[] = [];
  try {
    const pool = simulation.createPool(job.switches, job.scenario);
    const names = simulation.names();
    const passwords = seedUsers(pool, job.scenario.users ?? [], names);
    const context = { simulation, pool, scenario: job.scenario, passwords, names };
    for (const [index, step] of job.scenario.steps.entries()) {
      const run = await runStep(context, step);
      const verdict = judge(index, step.expect, run);
      steps.push(verdict);
      if (verdict.mismatches.length > 0) break;
    }
    return { switches: job.switches, steps };
  } catch (error) {
    return { switches: job.switches, steps, error: error instanceof Error ? error.message : String(error) };
  }
}

function judge(index: number, expect: Expectation, run: StepRun): StepVerdict {
  const mismatches: string[] = [];
  const actual = run.actual;
  const outcomeMatches =
    actual.outcome === expect.outcome &&
    (expect.user === undefined || actual.user?.toLowerCase() === expect.user.toLowerCase()) &&
    (expect.code === undefined || actual.code === expect.code) &&
    (expect.provider === undefined || actual.provider === expect.provider);
  if (!outcomeMatches) mismatches.push('outcome');
  const reasonChecked = expect.reason !== undefined && run.decisive !== undefined;
  if (reasonChecked && run.decisive!.reason !== expect.reason) mismatches.push('reason');
  return { index, run, mismatches, reasonChecked };
}

export function describeExpected(expect: Expectation): string {
  return describeOutcome(expect) + (expect.reason ? `, reason ${expect.reason}` : '');
}

export function describeActual(actual: ActualOutcome, run: StepRun): string {
  const reason = run.decisive ? `, reason ${run.decisive.reason}` : ', trigger not invoked';
  const message = actual.outcome === 'failed' && actual.message ? ` (${actual.message})` : '';
  return describeOutcome(actual) + message + reason;
}

function describeOutcome(outcome: Pick<Expectation, 'outcome' | 'user' | 'code' | 'provider'>): string {
  switch (outcome.outcome) {
    case 'refused':
      return `refused${outcome.code ? ` ${outcome.code}${outcome.provider ? `(${outcome.provider})` : ''}` : ''}`;
    case 'signed_in':
      return outcome.user ? `signed_in as ${outcome.user}` : 'signed_in';
    default:
      return outcome.outcome;
  }
}
