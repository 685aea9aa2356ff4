// End-to-end set-up: the example policies, the BUILT trigger artifact (as `npm run build:trigger`
// writes it) running in child-process Lambda containers, and a twin pool shaped by the same
// blueprint the stack deploys. The trigger reaches the twin through the real AWS SDK via
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (set by the twin's artifactLambda).
import { join } from 'node:path';
import type { CompiledPolicySet } from '../../../policy/compiled';
import { packageRoot } from '../../../policy/package-root';
import { poolBlueprint } from '../../../policy/pool-blueprint';
import { artifactLambda, parameterEnvironment, startTwin, writeStackParameters, type PoolOptions, type Twin, type TwinSwitches, type UserPool } from '../../../twin';
import { builtTrigger, loadOrThrow } from '../../support/trigger-artifact';

export const SAML_EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
export const SAML_OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';
export const PASSWORD = 'Corr3ct-Horse-Battery';
/** The log hash key every e2e deployment's operator put in Parameter Store. */
export const E2E_LOG_KEY = 'e2e-log-hash-key-e2e-log-hash-key';

let examples: CompiledPolicySet | undefined;
export function examplePolicies(): CompiledPolicySet {
  examples ??= loadOrThrow(join(packageRoot(), 'policies'));
  return examples;
}

export interface E2EPoolOptions {
  readonly switches?: Partial<TwinSwitches>;
  readonly env?: Readonly<Record<string, string>>;
  readonly policySet?: CompiledPolicySet;
  /** Cognito's wait per invocation (default 5000). */
  readonly triggerTimeoutMs?: number;
  /** The Lambda function's own timeout (default 5000, the stack's). */
  readonly functionTimeoutMs?: number;
  readonly listUsersPaging?: PoolOptions['listUsersPaging'];
  /** How far behind the live pool ListUsers answers (eventual consistency; default 0). */
  readonly listUsersLagMs?: number;
  /**
   * What the deployment put in Parameter Store: 'stack' (default) the client-kinds map and the log
   * hash key, as `terraform apply` and the operator do; 'key_only' the key alone (clients created
   * elsewhere: DescribeUserPoolClient is the only source); 'none' nothing.
   */
  readonly parameters?: 'stack' | 'key_only' | 'none';
}

export interface E2E {
  readonly twin: Twin;
  /** A fresh pool with its own trigger function (its own containers), closed after the test file. */
  pool(options?: E2EPoolOptions): UserPool;
}

/** One twin per test file; every pool gets its own Lambda function so per-container state never crosses pools. */
export function useE2E(seed = 11): E2E {
  const state: { twin?: Twin; deployments?: number } = {};
  beforeAll(async () => {
    state.twin = await startTwin({ seed });
  });
  afterEach(() => state.twin?.faults.clear());
  afterAll(async () => {
    await state.twin?.idle();
    await state.twin?.stop();
  });
  return {
    get twin() {
      if (!state.twin) throw new Error('twin not started');
      return state.twin;
    },
    pool(options: E2EPoolOptions = {}) {
      if (!state.twin) throw new Error('twin not started');
      const set = options.policySet ?? examplePolicies();
      // Each pool is its own deployment: its own name prefix, so its own parameters.
      const prefix = `e2e-${(state.deployments = (state.deployments ?? 0) + 1)}`;
      const trigger = artifactLambda(builtTrigger(set), {
        env: { ...parameterEnvironment(prefix), ...options.env },
        ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
      });
      const pool = state.twin.createPoolFromBlueprint(poolBlueprint(set), {
        trigger,
        ...(options.switches ? { switches: options.switches } : {}),
        ...(options.triggerTimeoutMs ? { triggerTimeoutMs: options.triggerTimeoutMs } : {}),
        ...(options.listUsersPaging ? { listUsersPaging: options.listUsersPaging } : {}),
        ...(options.listUsersLagMs ? { listUsersLagMs: options.listUsersLagMs } : {}),
      });
      const parameters = options.parameters ?? 'stack';
      if (parameters === 'stack') writeStackParameters(state.twin, pool, prefix, { policyDigest: set.digest, logHashKey: E2E_LOG_KEY });
      if (parameters === 'key_only') state.twin.parameters.put({ name: parameterEnvironment(prefix)['LINK_POLICY_LOG_HASH_KEY_PARAMETER']!, type: 'SecureString', value: E2E_LOG_KEY });
      return pool;
    },
  };
}

/**
 * SAML claims for AcmeEntraID: the object id also arrives as a claim, mapped to custom:idp_sub, and
 * the Entra app sends a constant email_verified "true" (acme-corp.yaml maps it, so Cognito does not
 * write "false" onto the linked user at every sign-in).
 */
export function acmeClaims(subject: string, email: string): Record<string, string> {
  return { [SAML_EMAIL]: email, [SAML_OID]: subject, email_verified: 'true' };
}

export function globexClaims(subject: string, email: string, verified: boolean | undefined = true): Record<string, string | boolean> {
  return { sub: subject, email, ...(verified === undefined ? {} : { email_verified: verified }) };
}

export function googleClaims(email: string, verified = true): Record<string, string | boolean> {
  return { email, email_verified: verified };
}

export function seedNative(pool: UserPool, username: string, email: string, options: { status?: 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD'; verified?: boolean; enabled?: boolean } = {}) {
  return pool.seedUser({
    username,
    password: PASSWORD,
    attributes: { email, email_verified: options.verified === false ? 'false' : 'true' },
    ...(options.status ? { status: options.status } : {}),
    ...(options.enabled === false ? { enabled: false } : {}),
  });
}

/** The trigger's log lines (one JSON object per invocation), parsed. */
export function decisionLogs(pool: UserPool): Record<string, any>[] {
  return pool.invocations.entries
    .flatMap((entry) => entry.logs)
    .filter((line) => line.startsWith('{') && line.includes('"link-policy decision"'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

export function lastDecision(pool: UserPool): Record<string, any> {
  const logs = decisionLogs(pool);
  const last = logs[logs.length - 1];
  if (!last) throw new Error(`no decision logged; invocations: ${JSON.stringify(pool.invocations.entries.map((e) => ({ outcome: e.cognitoOutcome, error: e.errorMessage, logs: e.logs })))}`);
  return last;
}

/** Identities of a user, as AdminGetUser shows them. */
export function identitiesOf(pool: UserPool, username: string) {
  return pool.user(username)?.identities.map(({ providerName, userId }) => ({ providerName, userId })) ?? [];
}

/** Operation names this pool's trigger sent to the twin, in order. */
export function cognitoCalls(pool: UserPool): string[] {
  return pool.requests.filter((r) => r.operation !== 'InitiateAuth' && r.operation !== 'AdminInitiateAuth').map((r) => r.operation);
}
