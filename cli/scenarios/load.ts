// Reads the scenario files of a policies directory (*.test.yaml), through the same hardened YAML
// parser as the policies, the scenario schema, and the checks that need the policy set: the
// tenant, providers, app clients and mapped attributes a scenario names must exist, each
// expectation must fit its step, and each reason code must be one the trigger logs for that step.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { LINKING_REASONS, METHOD_REASONS, PRE_AUTHENTICATION_REASONS, REASONS } from '../../lambda/engine/reasons';
import { MAX_POLICY_FILE_BYTES, compareProblems, parsePolicyYaml, problemAt, type CompiledPolicySet, type ParsedYaml, type Problem, type ProblemSpec } from '../../policy';
import type { DocPath } from '../../policy/json-path';
import type { PoolBlueprint } from '../../policy/pool-blueprint';
import { closest } from '../../policy/suggest';
import { OUTCOMES_BY_KIND, stepKind, type Scenario, type ScenarioFile, type ScenarioUser, type Step, type StepKind } from './format';
import { checkScenarioSchema } from './schema';
import { providersOf, resolveClient, type PoolProvider } from './pool-view';

export const SCENARIO_SUFFIX = '.test.yaml';
export const POOL_SCENARIOS = `_pool${SCENARIO_SUFFIX}`;

export interface LoadedScenarioFile {
  /** As shown in messages, e.g. 'policies/acme-corp.test.yaml'. */
  readonly file: string;
  readonly tenant?: string;
  readonly scenarios: readonly Scenario[];
  readonly parsed: ParsedYaml;
}

export interface ScenarioLoad {
  readonly files: readonly LoadedScenarioFile[];
  readonly problems: readonly Problem[];
}

/** The scenario files of `dir` (top level, sorted). */
export function loadScenarioDirectory(dir: string, displayDir: string, set: CompiledPolicySet, blueprint: PoolBlueprint): ScenarioLoad {
  const files: LoadedScenarioFile[] = [];
  const problems: Problem[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(SCENARIO_SUFFIX)) continue;
    const path = join(dir, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    const shown = posix.join(displayDir, name);
    if (stats.size > MAX_POLICY_FILE_BYTES) {
      problems.push(fileProblem(shown, 'scenario.too-large', `the file is ${stats.size} bytes; at most ${MAX_POLICY_FILE_BYTES}`, 'Split the scenarios.'));
      continue;
    }
    const loaded = loadScenarioSource({ path: shown, text: readFileSync(path, 'utf8') }, set, blueprint);
    problems.push(...loaded.problems);
    if (loaded.file) files.push(loaded.file);
  }
  return { files, problems: problems.sort(compareProblems) };
}

export function loadScenarioSource(
  source: { readonly path: string; readonly text: string },
  set: CompiledPolicySet,
  blueprint: PoolBlueprint,
): { readonly file?: LoadedScenarioFile; readonly problems: readonly Problem[] } {
  const result = parsePolicyYaml(source);
  if (!result.ok) return { problems: result.problems };
  const { parsed } = result;
  const shape = checkScenarioSchema(parsed);
  if (shape.length > 0) return { problems: shape };
  const data = parsed.data as ScenarioFile;
  const problems = checkFile(parsed, data, set, blueprint);
  if (problems.length > 0) return { problems };
  return { file: { file: source.path, ...(data.tenant ? { tenant: data.tenant } : {}), scenarios: data.scenarios, parsed }, problems: [] };
}

function fileProblem(file: string, rule: string, message: string, hint: string): Problem {
  return { file, line: 1, column: 1, path: '', rule, message, hint, severity: 'error' };
}

function checkFile(parsed: ParsedYaml, data: ScenarioFile, set: CompiledPolicySet, blueprint: PoolBlueprint): Problem[] {
  const problems: Problem[] = [];
  const report = (path: DocPath, spec: ProblemSpec) => problems.push(problemAt(parsed, path, spec));
  const name = posix.basename(parsed.file);
  if (name === POOL_SCENARIOS) {
    if (data.tenant !== undefined) {
      report(['tenant'], { rule: 'scenario.tenant', message: `${POOL_SCENARIOS} is about pool-wide settings and names no tenant`, hint: `Move tenant scenarios to <tenant>${SCENARIO_SUFFIX}.`, part: 'key' });
    }
  } else {
    const expected = name.slice(0, -SCENARIO_SUFFIX.length);
    if (expected.startsWith('_')) {
      report([], { rule: 'scenario.file-name', message: `'${name}' is not a scenario file name`, hint: `Name scenario files <tenant>${SCENARIO_SUFFIX}, or ${POOL_SCENARIOS} for pool-wide settings.` });
    } else if (data.tenant === undefined) {
      report([], { rule: 'scenario.tenant', message: `the file has no tenant: key`, hint: `Add tenant: ${expected}.`, part: 'key' });
    } else if (data.tenant !== expected) {
      report(['tenant'], { rule: 'scenario.tenant', message: `tenant '${data.tenant}' does not match the file name '${name}'`, hint: `Name the file ${data.tenant}${SCENARIO_SUFFIX}, or set tenant: ${expected}.` });
    } else if (!Object.hasOwn(set.tenants, data.tenant)) {
      const suggestion = closest(data.tenant, Object.keys(set.tenants));
      report(['tenant'], { rule: 'scenario.tenant', message: `no policy declares tenant '${data.tenant}'`, hint: suggestion ? `Did you mean '${suggestion}'?` : `Tenants: ${Object.keys(set.tenants).join(', ')}.` });
    }
  }
  const names = new Map<string, number>();
  data.scenarios.forEach((scenario, index) => {
    const previous = names.get(scenario.name);
    if (previous !== undefined) {
      report(['scenarios', index, 'name'], { rule: 'scenario.duplicate-name', message: `another scenario is named '${scenario.name}' (scenarios[${previous}])`, hint: 'Give each scenario its own name: failures are reported by name.' });
    }
    names.set(scenario.name, index);
    checkScenario(scenario, ['scenarios', index], set, blueprint, report);
  });
  return problems;
}

export type Report = (path: DocPath, spec: ProblemSpec) => void;

/** The checks that need the policy set, for one scenario at `at` in its document. */
export function checkScenario(scenario: Scenario, at: DocPath, set: CompiledPolicySet, blueprint: PoolBlueprint, report: Report): void {
  const managed = new Set(Object.values(set.providers).map((provider) => provider.name.toLowerCase()));
  (scenario.unmanaged_providers ?? []).forEach((provider, index) => {
    if (managed.has(provider.name.toLowerCase())) {
      report([...at, 'unmanaged_providers', index, 'name'], { rule: 'scenario.provider', message: `${provider.name} is declared by a tenant policy`, hint: 'An unmanaged provider is one no tenant declares; pick another name.' });
    }
  });
  const providers = providersOf(set, scenario);
  const usernames = new Set<string>();
  (scenario.users ?? []).forEach((user, index) => {
    const key = user.username.toLowerCase();
    if (usernames.has(key)) {
      report([...at, 'users', index, 'username'], { rule: 'scenario.duplicate-user', message: `user '${user.username}' is listed twice (usernames ignore case in the pool)`, hint: 'Remove one.' });
    }
    usernames.add(key);
    (user.linked_identities ?? []).forEach((identity, i) => checkProvider(identity.provider, [...at, 'users', index, 'linked_identities', i, 'provider'], providers, report));
    if (user.federated_identity) checkFederatedUser(user, [...at, 'users', index], providers, report);
  });
  scenario.steps.forEach((step, index) => checkStep(step, [...at, 'steps', index], providers, blueprint, scenario, report));
}

/** A federated user is named as Cognito names it, and holds nothing a federated user cannot. */
function checkFederatedUser(user: ScenarioUser, at: DocPath, providers: ReadonlyMap<string, PoolProvider>, report: Report): void {
  const identity = user.federated_identity!;
  const provider = checkProvider(identity.provider, [...at, 'federated_identity', 'provider'], providers, report);
  const expected = `${provider?.name ?? identity.provider}_${identity.subject}`.toLowerCase();
  if (user.username !== expected) {
    report([...at, 'username'], {
      rule: 'scenario.federated-username',
      message: `a federated user of ${identity.provider} with subject ${identity.subject} is named '${expected}' by Cognito, not '${user.username}'`,
      hint: `Set username: ${expected} (the pool is case-insensitive, so Cognito lower-cases the name).`,
    });
  }
  for (const key of ['password', 'status', 'linked_identities'] as const) {
    if (user[key] === undefined) continue;
    report([...at, key], {
      rule: 'scenario.federated-user',
      message: `${key}: does not go with federated_identity`,
      hint: 'A federated user is EXTERNAL_PROVIDER, has no password and is never a link destination: remove it.',
      part: 'key',
    });
  }
}

function checkProvider(name: string, at: DocPath, providers: ReadonlyMap<string, PoolProvider>, report: Report): PoolProvider | undefined {
  const provider = providers.get(name);
  if (provider) return provider;
  const suggestion = closest(name, [...providers.keys()]);
  report(at, {
    rule: 'scenario.provider',
    message: `the pool has no identity provider named exactly '${name}'`,
    hint: suggestion ? `Did you mean '${suggestion}'? Provider names are case-sensitive.` : `Providers: ${[...providers.keys()].join(', ')}.`,
  });
  return undefined;
}

function checkStep(step: Step, at: DocPath, providers: ReadonlyMap<string, PoolProvider>, blueprint: PoolBlueprint, scenario: Scenario, report: Report): void {
  const kind = stepKind(step);
  const action = [...at, kind];
  if (step.federated_sign_in) {
    const signIn = step.federated_sign_in;
    const provider = checkProvider(signIn.provider, [...action, 'provider'], providers, report);
    if (provider) {
      for (const name of Object.keys(signIn.attributes ?? {})) {
        if (!Object.hasOwn(provider.attribute_mapping, name)) {
          report([...action, 'attributes', name], {
            rule: 'scenario.unmapped-attribute',
            message: `${provider.name} does not map ${name}, so the IdP cannot assert it`,
            hint: `Mapped attributes: ${Object.keys(provider.attribute_mapping).join(', ')}. Give a raw IdP claim under claims: instead.`,
            part: 'key',
          });
        }
      }
      const client = resolveClient(blueprint, scenario, 'federated', signIn.client, provider.name);
      if (!client.ok) report([...action, signIn.client ? 'client' : 'provider'], { rule: 'scenario.client', message: client.message, hint: client.hint });
    }
  }
  const passwordClient = step.password_sign_in?.client ?? step.sign_up?.client;
  if (step.password_sign_in || step.sign_up) {
    const client = resolveClient(blueprint, scenario, kind === 'sign_up' ? 'sign_up' : 'password', passwordClient, undefined);
    if (!client.ok) report(passwordClient ? [...action, 'client'] : action, { rule: 'scenario.client', message: client.message, hint: client.hint });
  }
  (step.faults ?? []).forEach((fault, index) => {
    if (fault.kind === 'latency' && fault.latency_ms === undefined) {
      report([...at, 'faults', index], { rule: 'scenario.fault', message: 'a latency fault needs latency_ms', hint: 'Add latency_ms: (milliseconds added before Cognito answers).' });
    }
  });
  checkExpectation(step, kind, [...at, 'expect'], report);
}

/** The reason codes the trigger can log for the invocations each kind of step causes. */
const REASONS_BY_KIND: Readonly<Record<StepKind, ReadonlySet<string>>> = {
  federated_sign_in: new Set([...Object.keys(LINKING_REASONS), ...Object.keys(PRE_AUTHENTICATION_REASONS), ...Object.keys(METHOD_REASONS), 'internal_error']),
  password_sign_in: new Set([...Object.keys(PRE_AUTHENTICATION_REASONS), ...Object.keys(METHOD_REASONS), 'cognito_unavailable', 'internal_error']),
  sign_up: new Set(['sign_up_allowed', 'sign_up_blocked', 'username_reserved', 'exempt_username_reserved', 'internal_error']),
  admin_create_user: new Set(['admin_create_allowed', 'admin_create_blocked', 'username_reserved', 'exempt', 'internal_error']),
};

function checkExpectation(step: Step, kind: StepKind, at: DocPath, report: Report): void {
  const expect = step.expect;
  const outcomes = OUTCOMES_BY_KIND[kind];
  if (!outcomes.includes(expect.outcome)) {
    report([...at, 'outcome'], { rule: 'scenario.outcome', message: `a ${kind} step cannot end '${expect.outcome}'`, hint: `Use one of: ${outcomes.join(', ')}.` });
  }
  if (expect.user !== undefined && expect.outcome !== 'signed_in') {
    report([...at, 'user'], { rule: 'scenario.expect', message: 'user: goes with outcome signed_in', hint: 'Remove it, or expect signed_in.', part: 'key' });
  }
  if (expect.code !== undefined && expect.outcome !== 'refused') {
    report([...at, 'code'], { rule: 'scenario.expect', message: 'code: goes with outcome refused', hint: 'Remove it, or expect refused.', part: 'key' });
  }
  if (expect.provider !== undefined && expect.code !== 'SSO_REQUIRED' && expect.code !== 'ACCOUNT_LINKED') {
    report([...at, 'provider'], { rule: 'scenario.expect', message: 'provider: goes with code SSO_REQUIRED or ACCOUNT_LINKED', hint: 'Only those refusals name a provider.', part: 'key' });
  }
  if (expect.reason !== undefined) {
    if (!Object.hasOwn(REASONS, expect.reason)) {
      const suggestion = closest(expect.reason, Object.keys(REASONS));
      report([...at, 'reason'], { rule: 'scenario.reason', message: `'${expect.reason}' is not a reason code`, hint: suggestion ? `Did you mean '${suggestion}'?` : 'See the reason codes in docs/trigger.md.' });
    } else if (!REASONS_BY_KIND[kind].has(expect.reason)) {
      report([...at, 'reason'], {
        rule: 'scenario.reason',
        message: `the trigger never logs '${expect.reason}' for a ${kind} step`,
        hint: `Reasons for ${kind}: ${[...REASONS_BY_KIND[kind]].join(', ')}.`,
      });
    }
  }
}
