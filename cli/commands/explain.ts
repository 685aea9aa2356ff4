// `link-policy explain`: runs one sign-in (described with options, or a raw trigger event) on a
// local Cognito twin pool built from the policies, with the built trigger, and prints the decision,
// the reason code and its meaning, each rule evaluated in plain words, and what Cognito does next.
// Needs no AWS.
import { readFileSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { REASONS } from '../../lambda/engine/reasons';
import type { TraceEntry } from '../../lambda/engine/trace';
import { formatProblem, loadPolicySet, parsePolicyYaml, type CompiledPolicySet, type ParsedYaml, type Problem } from '../../policy';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { DEFAULT_SWITCHES, describeSwitches, type TwinSwitches, type UserPool } from '../../twin';
import { choice, commandArgs, type ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { OUTCOMES_BY_KIND, stepKind, type Scenario, type ScenarioUser, type Step } from '../scenarios/format';
import { checkScenario } from '../scenarios/load';
import { resolveClient } from '../scenarios/pool-view';
import { checkScenarioSchema, checkSettingSchema, checkUserListSchema } from '../scenarios/schema';
import { buildTrigger } from '../sim/artifact';
import { decidingRule, loggedDecision, renderTrace, type LoggedDecision } from '../sim/decision';
import { describeDecision, describeRun } from '../sim/narrative';
import { Simulation, seedUsers } from '../sim/session';
import { runStep, type ActualOutcome, type StepRun } from '../sim/steps';

const USAGE = `usage: link-policy explain --tenant ID [sign-in] [options]
       link-policy explain --event FILE [options]

Runs one sign-in on a local Cognito twin pool built from the policies, with the built trigger,
and explains the decision. Needs no AWS.

the sign-in (one of):
  --subject SUB [--provider NAME]    a federated sign-in (default provider: the tenant's sso_provider)
      --attribute NAME=VALUE         what the IdP asserts, by user pool attribute (repeatable);
                                     the provider's subject attribute defaults to --subject
      --omit-attribute NAME          an attribute whose claim does not arrive (repeatable)
      --claim NAME=VALUE             a raw IdP claim (repeatable)
  --password-sign-in USERNAME        a password sign-in [--password TEXT]
  --sign-up USERNAME --email ADDR    a password self sign-up
  --admin-create USERNAME --email ADDR
  --event FILE                       a raw trigger event (JSON), as Cognito sends it

options:
  --policies DIR          the policies (default: policies/)
  --client NAME           the app client (default: the first that fits the sign-in)
  --users FILE            existing users: a YAML or JSON list, as a scenario's users:
  --user KEY=VALUE,...    an existing user, e.g. username=alice,email=alice@acme.com,status=CONFIRMED
                          (keys: username, email, email_verified, status, enabled, password,
                          linked=Provider:subject, federated=Provider:subject for a
                          federated user, and attribute names) (repeatable)
  --switch NAME=VALUE     a twin switch (how Cognito behaves where that is unknown) (repeatable)
  --format text|json      (default text)
  -h, --help

exit codes: 0 explained, 1 the input or policies are invalid or the trigger gave no decision, 2 usage error
`;

const OPTIONS = {
  policies: 'value',
  tenant: 'value',
  provider: 'value',
  subject: 'value',
  attribute: 'list',
  'omit-attribute': 'list',
  claim: 'list',
  'password-sign-in': 'value',
  password: 'value',
  'sign-up': 'value',
  'admin-create': 'value',
  email: 'value',
  client: 'value',
  users: 'value',
  user: 'list',
  switch: 'list',
  event: 'value',
  format: 'value',
} as const;

type Format = 'text' | 'json';

class UsageError extends Error {}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'explain', usage: USAGE, options: OPTIONS }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const format = choice<Format>(args, 'format', ['text', 'json'], 'text');
  if (typeof format === 'object') return usage(format.error);
  const dirArg = args.values.get('policies') ?? 'policies';
  const dir = resolve(io.cwd, dirArg);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return usage(`'${dirArg}' is not a directory`);
  const loaded = loadPolicySet(dir, { displayDir: dirArg });
  if (!loaded.ok) return invalid(io, loaded.problems, `${dirArg}: the policies do not load; run link-policy validate ${dirArg}`);
  const set = loaded.set;

  let request: Request;
  try {
    request = describeRequest(args, set, io.cwd);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
  const problems = checkRequest(request, set);
  if (problems.length > 0) return invalid(io, problems, 'link-policy explain: the sign-in or the users are invalid');
  const eventClient = args.values.get('client');
  if (request.event) {
    const clients = poolBlueprint(set).app_clients.map((client) => client.name);
    if (eventClient !== undefined && !clients.includes(eventClient)) return usage(`--client: no app client '${eventClient}' (${clients.join(', ')})`);
    // Pre authentication's decision depends on the real client's capabilities: say which twin client it is.
    if (eventClient === undefined && request.event['triggerSource'] === 'PreAuthentication_Authentication') {
      return usage(`a pre authentication event needs --client: which of the pool's app clients (${clients.join(', ')}) it came through`);
    }
  }

  const simulation = await Simulation.start(set, buildTrigger(set));
  try {
    const switches: TwinSwitches = { ...DEFAULT_SWITCHES, ...request.scenario.switches };
    const pool = simulation.createPool(switches, request.scenario);
    const names = simulation.names();
    const passwords = seedUsers(pool, request.scenario.users ?? [], names);
    let explanation: Explanation;
    if (request.event) {
      const event = rawEvent(request.event, pool, eventClient);
      const result = await simulation.invoke(switches, event);
      const decision = loggedDecision(result.logs, names);
      if (!decision) {
        io.stderr.write(`link-policy explain: the trigger logged no decision (${result.kind}${result.kind === 'returned' ? '' : `: ${result.errorMessage}`})\n`);
        return EXIT.failed;
      }
      explanation = { request, switches, decision, next: describeDecision(decision, result.kind === 'threw' ? result.errorMessage : undefined) };
    } else {
      const step = request.scenario.steps[0]!;
      const stepRun = await runStep({ simulation, pool, scenario: request.scenario, passwords, names }, step);
      // E.g. a linked identity's later sign-in where Cognito runs no pre authentication (linkedIdentityPreAuth=not_invoked).
      explanation = { request, switches, ...(stepRun.decisive ? { decision: stepRun.decisive } : {}), next: describeRun(stepRun), run: stepRun };
    }
    io.stdout.write(format === 'json' ? renderJson(explanation) : renderText(explanation, set, dirArg));
    return EXIT.ok;
  } finally {
    await simulation.stop();
  }
}

function invalid(io: CliIo, problems: readonly Problem[], summary: string): number {
  io.stderr.write(problems.map((problem) => `${formatProblem(problem)}\n`).join('') + `${summary}\n`);
  return EXIT.failed;
}

// ---------------------------------------------------------------------------------------------
// The request: a one-step scenario built from the options, checked like a scenario file.

interface Request {
  readonly tenant?: string;
  /** One scenario with one step (none for a raw event): users, pinned switches, the sign-in. */
  readonly scenario: Scenario;
  /** The users file, parsed (its problems point into it). */
  readonly usersFile?: ParsedYaml;
  readonly event?: Record<string, unknown>;
  readonly eventFile?: string;
}

function describeRequest(args: ParsedArgs, set: CompiledPolicySet, cwd: string): Request {
  const tenant = args.values.get('tenant');
  if (tenant !== undefined && !Object.hasOwn(set.tenants, tenant)) throw new UsageError(`no tenant '${tenant}' (tenants: ${Object.keys(set.tenants).join(', ')})`);
  const kinds = ['subject', 'password-sign-in', 'sign-up', 'admin-create', 'event'].filter((name) => args.values.has(name));
  if (kinds.length !== 1) throw new UsageError('describe one sign-in: --subject, --password-sign-in, --sign-up, --admin-create or --event');
  const [kind] = kinds as [string];
  if (kind !== 'event' && tenant === undefined) throw new UsageError('--tenant is needed to describe a sign-in');

  const usersFile = args.values.has('users') ? readUsers(resolve(cwd, args.values.get('users')!), args.values.get('users')!) : undefined;
  const users = [...((usersFile?.data as ScenarioUser[] | undefined) ?? []), ...(args.lists.get('user') ?? []).map(userFromOption)];
  const switches = Object.fromEntries((args.lists.get('switch') ?? []).map((option) => pair(option, '--switch')));
  const client = args.values.get('client');
  const scenarioBase = { name: 'explain', users, switches: switches as Partial<TwinSwitches> };

  if (kind === 'event') {
    const file = args.values.get('event')!;
    return { ...(tenant ? { tenant } : {}), scenario: { ...scenarioBase, steps: [] }, ...(usersFile ? { usersFile } : {}), event: readEvent(resolve(cwd, file), file), eventFile: file };
  }
  let step: Omit<Step, 'expect'>;
  if (kind === 'subject') {
    const attributes: Record<string, string | null> = Object.fromEntries((args.lists.get('attribute') ?? []).map((option) => pair(option, '--attribute')));
    for (const name of args.lists.get('omit-attribute') ?? []) attributes[name] = null;
    const claims = Object.fromEntries((args.lists.get('claim') ?? []).map((option) => pair(option, '--claim')));
    step = {
      federated_sign_in: {
        provider: args.values.get('provider') ?? set.tenants[tenant!]!.native_login.sso_provider,
        subject: args.values.get('subject')!,
        ...(Object.keys(attributes).length ? { attributes } : {}),
        ...(Object.keys(claims).length ? { claims } : {}),
        ...(client ? { client } : {}),
      },
    };
  } else if (kind === 'password-sign-in') {
    const password = args.values.get('password');
    step = { password_sign_in: { username: args.values.get('password-sign-in')!, ...(password ? { password } : {}), ...(client ? { client } : {}) } };
  } else {
    const email = args.values.get('email');
    const username = args.values.get(kind)!;
    step = kind === 'sign-up'
      ? { sign_up: { username, ...(email ? { email } : {}), ...(client ? { client } : {}) } }
      : { admin_create_user: { username, ...(email ? { email } : {}) } };
  }
  const outcome = OUTCOMES_BY_KIND[stepKind(step as Step)][0]!;
  return { ...(tenant ? { tenant } : {}), scenario: { ...scenarioBase, steps: [{ ...step, expect: { outcome } }] }, ...(usersFile ? { usersFile } : {}) };
}

function pair(option: string, flag: string): [string, string] {
  const equals = option.indexOf('=');
  if (equals <= 0) throw new UsageError(`${flag} needs NAME=VALUE (got '${option}')`);
  return [option.slice(0, equals), option.slice(equals + 1)];
}

const BOOLEAN_KEYS = new Set(['email_verified', 'phone_number_verified', 'enabled']);
const USER_KEYS = new Set(['username', 'email', 'phone_number', 'status', 'password']);

/**
 * `username=alice,email=alice@acme.com,linked=AcmeEntraID:Obj-1`: other keys are attributes.
 * `federated=Google:1048` makes a federated user, named as Cognito names it unless username is given.
 */
function userFromOption(option: string): ScenarioUser {
  const user: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  const linked: { provider: string; subject: string }[] = [];
  for (const part of option.split(',')) {
    const [key, value] = pair(part, '--user');
    if (BOOLEAN_KEYS.has(key)) {
      if (value !== 'true' && value !== 'false') throw new UsageError(`--user ${key} needs true or false (got '${value}')`);
      user[key] = value === 'true';
    } else if (key === 'linked' || key === 'federated') {
      const colon = value.indexOf(':');
      if (colon <= 0) throw new UsageError(`--user ${key} needs Provider:subject (got '${value}')`);
      const identity = { provider: value.slice(0, colon), subject: value.slice(colon + 1) };
      if (key === 'linked') linked.push(identity);
      else user['federated_identity'] = identity;
    } else if (USER_KEYS.has(key)) {
      user[key] = value;
    } else {
      attributes[key] = value;
    }
  }
  if (Object.keys(attributes).length) user['attributes'] = attributes;
  if (linked.length) user['linked_identities'] = linked;
  const federated = user['federated_identity'] as ScenarioUser['federated_identity'];
  if (federated && user['username'] === undefined) user['username'] = `${federated.provider}_${federated.subject}`.toLowerCase();
  return user as unknown as ScenarioUser;
}

function readUsers(path: string, shown: string): ParsedYaml {
  const text = readText(path, shown, '--users');
  const result = parsePolicyYaml({ path: shown, text });
  if (!result.ok) throw new UsageError(result.problems.map(formatProblem).join('\n'));
  return result.parsed;
}

function readEvent(path: string, shown: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(readText(path, shown, '--event'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--event ${shown} is not JSON: ${(error as Error).message}`);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event) || typeof (event as Record<string, unknown>)['triggerSource'] !== 'string') {
    throw new UsageError(`--event ${shown} is not a trigger event (an object with a triggerSource)`);
  }
  return event as Record<string, unknown>;
}

const MAX_INPUT_BYTES = 256 * 1024;

function readText(path: string, shown: string, flag: string): string {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats?.isFile()) throw new UsageError(`${flag} ${shown}: no such file`);
  if (stats.size > MAX_INPUT_BYTES) throw new UsageError(`${flag} ${shown}: more than ${MAX_INPUT_BYTES} bytes`);
  return readFileSync(path, 'utf8');
}

/** The request as a scenario file: the schema and the policy checks, with positions in the users file where it came from. */
function checkRequest(request: Request, set: CompiledPolicySet): Problem[] {
  if (request.usersFile) {
    const problems = checkUserListSchema(request.usersFile);
    if (problems.length > 0) return problems;
  }
  const commandLine = (data: unknown): ParsedYaml => ({ file: '(command line)', data, locate: () => ({ line: 1, column: 1 }) });
  if (request.event) {
    const { users, switches } = request.scenario;
    return checkSettingSchema(commandLine({ users, switches }));
  }
  const shape = checkScenarioSchema(commandLine({ scenarios: [request.scenario] }));
  if (shape.length > 0) return shape;
  const problems: Problem[] = [];
  checkScenario(request.scenario, ['scenarios', 0], set, poolBlueprint(set), (path, spec) =>
    problems.push({ file: '(command line)', line: 1, column: 1, path: path.join('.'), rule: spec.rule, message: spec.message, hint: spec.hint, severity: 'error' }),
  );
  return problems;
}

/** The raw event on the twin pool: its pool id and region, and the named app client's id. */
function rawEvent(event: Record<string, unknown>, pool: UserPool, clientName: string | undefined): Record<string, unknown> {
  const caller = (typeof event['callerContext'] === 'object' && event['callerContext'] !== null ? event['callerContext'] : {}) as Record<string, unknown>;
  return {
    ...event,
    userPoolId: pool.id,
    region: pool.region,
    callerContext: { ...caller, ...(clientName !== undefined ? { clientId: pool.clientId(clientName) } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

interface Explanation {
  readonly request: Request;
  readonly switches: TwinSwitches;
  /** Absent when Cognito invoked no trigger for the sign-in. */
  readonly decision?: LoggedDecision;
  readonly next: readonly string[];
  readonly run?: StepRun;
}

function meaning(reason: string): string {
  return Object.hasOwn(REASONS, reason) ? REASONS[reason as keyof typeof REASONS] : 'not in the reasons catalogue';
}

function describeSignIn(request: Request, set: CompiledPolicySet, policiesDir: string): string {
  if (request.eventFile) return `the event in ${request.eventFile}`;
  const step = request.scenario.steps[0]!;
  const tenant = request.tenant ? set.tenants[request.tenant] : undefined;
  const where = tenant ? `tenant ${tenant.id} (${posix.join(policiesDir, tenant.source_file)})` : '';
  if (step.federated_sign_in) {
    const blueprint = poolBlueprint(set);
    const client = resolveClient(blueprint, request.scenario, 'federated', step.federated_sign_in.client, step.federated_sign_in.provider);
    const owner = Object.values(set.providers).find((provider) => provider.name === step.federated_sign_in!.provider)?.tenant_id;
    const note = owner && owner !== request.tenant ? ` (a provider of tenant ${owner})` : '';
    return `${where}: a federated sign-in through ${step.federated_sign_in.provider}${note} on app client ${client.ok ? client.name : '?'}`;
  }
  if (step.password_sign_in) return `${where}: a password sign-in by ${step.password_sign_in.username}`;
  if (step.sign_up) return `${where}: a password self sign-up by ${step.sign_up.username}`;
  return `${where}: AdminCreateUser for ${step.admin_create_user!.username}`;
}

function renderText(explanation: Explanation, set: CompiledPolicySet, policiesDir: string): string {
  const { decision, run } = explanation;
  const lines = [`link-policy explain: ${describeSignIn(explanation.request, set, policiesDir)}`, `switches: ${describeSwitches(explanation.switches)}`, ''];
  if (decision) {
    const decided = decidingRule(decision.trace);
    lines.push(
      `decision  ${decision.action === 'continue' ? 'continue: the trigger lets Cognito go on' : `refuse: the trigger refuses with ${decision.refusal ?? 'an error'}`}`,
      `reason    ${decision.reason}: ${meaning(decision.reason)}`,
      `trigger   ${decision.triggerSource}${decision.tenant ? `, tenant ${decision.tenant}` : ''}; Cognito calls: ${decision.calls.length ? decision.calls.join(', ') : 'none'}`,
      ...(decided ? [`decided   by ${decided.rule}${decided.user ? ` (${decided.user})` : ''}`] : []),
      '',
      'rules evaluated:',
      ...renderTrace(decision.trace, '  '),
    );
  } else {
    lines.push('decision  none: Cognito invoked no trigger for this sign-in under these switches');
  }
  lines.push('', 'what Cognito does next:', ...explanation.next.map((sentence, index) => `  ${index + 1}. ${sentence}`));
  if (run) lines.push('', `outcome   ${outcomeText(run.actual)}`);
  return `${lines.join('\n')}\n`;
}

function outcomeText(actual: ActualOutcome): string {
  switch (actual.outcome) {
    case 'refused':
      return `refused ${actual.code}${actual.provider ? `(${actual.provider})` : ''}: "${actual.message}"`;
    case 'failed':
      return `failed: ${actual.message}`;
    default:
      return `${actual.outcome}${actual.user ? ` (${actual.user})` : ''}`;
  }
}

/** Version of the JSON output's shape (docs/operator-commands.md). */
const JSON_FORMAT = 1;

function renderJson(explanation: Explanation): string {
  const { decision, run } = explanation;
  const rule = (entry: TraceEntry) => ({ rule: entry.rule, outcome: entry.outcome, detail: entry.detail, ...(entry.user ? { user: entry.user } : {}) });
  const decided = decision ? decidingRule(decision.trace) : undefined;
  return `${JSON.stringify(
    {
      format: JSON_FORMAT,
      tenant: explanation.request.tenant ?? decision?.tenant ?? null,
      switches: explanation.switches,
      decision: decision
        ? {
            trigger_source: decision.triggerSource,
            action: decision.action,
            reason: decision.reason,
            meaning: meaning(decision.reason),
            refusal: decision.refusal ?? null,
            tenant: decision.tenant ?? null,
            provider: decision.provider ?? null,
          }
        : null,
      deciding_rule: decided ? rule(decided) : null,
      rules: decision?.trace.map(rule) ?? [],
      candidates: decision?.candidates ?? [],
      cognito_calls: decision?.calls ?? [],
      cognito: {
        next: explanation.next,
        ...(run
          ? {
              outcome: run.actual,
              attempts: run.attempts.map(({ result, appAction }) =>
                result.ok ? { ok: true, via: result.via, user: result.username, app_action: appAction } : { ok: false, error_description: result.errorDescription, app_action: appAction },
              ),
            }
          : {}),
      },
    },
    null,
    2,
  )}\n`;
}
