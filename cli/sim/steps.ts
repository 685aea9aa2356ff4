// One scenario step on a twin pool, the way an app does it: a federated sign-in is restarted once
// on ACCOUNT_LINKED or "Already found an entry for username" (client/handleSignInCallback decides,
// exactly as in an app), password sign-in and sign-up read the trigger's refusal from Cognito's
// error text (client/parseTriggerError). The outcome is the step's final one; the decisive
// invocation is the first trigger invocation Cognito acted on during the step.
import { handleSignInCallback, parseTriggerError, type GuardStorage } from '../../client';
import { CognitoServiceError, type FaultRule, type FederatedSignInResult, type TriggerInvocation, type UserPool } from '../../twin';
import { stepKind, type Outcome, type RefusalCode, type Scenario, type Step, type StepFault, type StepKind } from '../scenarios/format';
import { providersOf, resolveClient } from '../scenarios/pool-view';
import { claimsFor } from './claims';
import { loggedDecision, type LoggedDecision, type UserNames } from './decision';
import { SCENARIO_PASSWORD, type Simulation } from './session';

export interface ActualOutcome {
  readonly outcome: Outcome;
  /** The user signed in or created. */
  readonly user?: string;
  readonly code?: RefusalCode;
  readonly provider?: string;
  /** What the user or app sees: the refusal's message, or Cognito's own error. */
  readonly message?: string;
  /** Cognito's error as the app receives it (`Type: message`), for refused and failed. */
  readonly cognitoError?: string;
}

/** One federated sign-in attempt: what Cognito answered, and what the app made of it. */
export interface Attempt {
  readonly result: FederatedSignInResult;
  readonly appAction: string;
}

export interface StepRun {
  readonly kind: StepKind;
  readonly actual: ActualOutcome;
  readonly attempts: readonly Attempt[];
  /** Every trigger invocation during the step (Cognito retries included). */
  readonly invocations: readonly TriggerInvocation[];
  readonly decisive?: LoggedDecision;
}

export interface StepContext {
  readonly simulation: Simulation;
  readonly pool: UserPool;
  readonly scenario: Pick<Scenario, 'unmanaged_providers'>;
  /** Lower-cased username -> password, for password sign-ins of seeded and signed-up users. */
  readonly passwords: Map<string, string>;
  readonly names: UserNames;
}

/** callerContext.awsSdkVersion of an administrator's SDK call (the twin's events carry the caller's). */
const ADMIN_SDK_VERSION = 'aws-sdk-js-3.1169.0';

const TRIGGER_OPERATIONS = ['ListUsers', 'AdminLinkProviderForUser', 'AdminGetUser', 'DescribeUserPoolClient'] as const;

export async function runStep(context: StepContext, step: Step): Promise<StepRun> {
  const { pool } = context;
  const before = pool.invocations.entries.length;
  const faults = addFaults(context, step.faults ?? []);
  let outcome: { actual: ActualOutcome; attempts: Attempt[] };
  try {
    outcome = await act(context, step);
  } finally {
    for (const fault of faults) context.simulation.twin.faults.remove(fault.id);
  }
  // Invocations Cognito gave up on still run; let them land before the next step.
  await pool.invocations.idle();
  const invocations = pool.invocations.entries.slice(before);
  const decided = invocations.find((invocation) => invocation.cognitoOutcome === 'succeeded' || invocation.cognitoOutcome === 'failed');
  const decisive = decided ? loggedDecision(decided.logs, context.names) : undefined;
  return { kind: stepKind(step), ...outcome, invocations, ...(decisive ? { decisive } : {}) };
}

/** '*' means each operation the trigger calls, not the runner's own AdminCreateUser. */
function addFaults(context: StepContext, faults: readonly StepFault[]): FaultRule[] {
  return faults.flatMap((fault) =>
    (fault.operation === '*' ? TRIGGER_OPERATIONS : [fault.operation]).map((operation) =>
      context.simulation.twin.faults.add({
        operation,
        kind: fault.kind,
        poolId: context.pool.id,
        ...(fault.times !== undefined ? { times: fault.times } : {}),
        ...(fault.latency_ms !== undefined ? { latencyMs: fault.latency_ms } : {}),
      }),
    ),
  );
}

async function act(context: StepContext, step: Step): Promise<{ actual: ActualOutcome; attempts: Attempt[] }> {
  const { pool, scenario, simulation, passwords, names } = context;
  const blueprint = simulation.blueprint;
  if (step.federated_sign_in) {
    const signIn = step.federated_sign_in;
    const provider = providersOf(simulation.set, scenario).get(signIn.provider);
    if (!provider) throw new Error(`scenario names unknown provider ${signIn.provider}`);
    const client = resolveClient(blueprint, scenario, 'federated', signIn.client, provider.name);
    if (!client.ok) throw new Error(client.message);
    const input = { provider: provider.name, subject: signIn.subject, claims: claimsFor(provider, signIn), client: client.name };
    return federated(pool, input);
  }
  if (step.password_sign_in) {
    const signIn = step.password_sign_in;
    const client = resolveClient(blueprint, scenario, 'password', signIn.client, undefined);
    if (!client.ok) throw new Error(client.message);
    const password = signIn.password ?? passwords.get(signIn.username.toLowerCase()) ?? SCENARIO_PASSWORD;
    const result = await pool.passwordSignIn({ username: signIn.username, password, client: client.name, api: client.api });
    return { actual: result.ok ? { outcome: 'signed_in', user: signIn.username } : fromError(result.error.type, result.error.message), attempts: [] };
  }
  if (step.sign_up) {
    const signUp = step.sign_up;
    const client = resolveClient(blueprint, scenario, 'sign_up', signUp.client, undefined);
    if (!client.ok) throw new Error(client.message);
    const password = signUp.password ?? SCENARIO_PASSWORD;
    names.add(signUp.username);
    const attributes = { ...signUp.attributes, ...(signUp.email !== undefined ? { email: signUp.email } : {}) };
    const result = await pool.signUp({ username: signUp.username, password, client: client.name, attributes });
    if (!result.ok) return { actual: fromError(result.error.type, result.error.message), attempts: [] };
    passwords.set(signUp.username.toLowerCase(), password);
    return { actual: { outcome: 'signed_up', user: signUp.username }, attempts: [] };
  }
  const create = step.admin_create_user!;
  names.add(create.username);
  const attributes = { ...create.attributes, ...(create.email !== undefined ? { email: create.email } : {}) };
  try {
    // Through the pool's operation table, as the wire server dispatches an SDK call.
    await pool.handle(
      'AdminCreateUser',
      {
        UserPoolId: pool.id,
        Username: create.username,
        TemporaryPassword: SCENARIO_PASSWORD,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      },
      { awsSdkVersion: ADMIN_SDK_VERSION },
    );
    passwords.set(create.username.toLowerCase(), SCENARIO_PASSWORD);
    return { actual: { outcome: 'created', user: create.username }, attempts: [] };
  } catch (error) {
    if (!(error instanceof CognitoServiceError)) throw error;
    return { actual: fromError(error.type, error.message), attempts: [] };
  }
}

async function federated(pool: UserPool, input: Parameters<UserPool['federatedSignIn']>[0]): Promise<{ actual: ActualOutcome; attempts: Attempt[] }> {
  const storage = memoryStorage();
  const attempt = async (): Promise<Attempt> => {
    const result = await pool.federatedSignIn(input);
    return { result, appAction: handleSignInCallback(result.redirectUrl, { storage, provider: input.provider }).action };
  };
  const attempts = [await attempt()];
  // The client helper restarts once; a second failure comes back to it as show_error.
  if (attempts[0]!.appAction === 'restart_sign_in') attempts.push(await attempt());
  const { result } = attempts[attempts.length - 1]!;
  if (result.ok) return { actual: { outcome: result.via === 'new_user' ? 'created' : 'signed_in', user: result.username }, attempts };
  return { actual: fromError('invalid_request', result.errorDescription), attempts };
}

function fromError(type: string, message: string): ActualOutcome {
  const parsed = parseTriggerError(message);
  const cognitoError = `${type}: ${message.trim()}`;
  if (parsed?.kind === 'refusal') {
    return { outcome: 'refused', code: parsed.code, ...(parsed.provider ? { provider: parsed.provider } : {}), message: parsed.message, cognitoError };
  }
  return { outcome: 'failed', message: cognitoError, cognitoError };
}

function memoryStorage(): GuardStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}
