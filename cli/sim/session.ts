// A local Cognito twin running the built trigger, for `link-policy test` and `explain`. Each switch
// combination gets its own Lambda function (its own warm containers): a container remembers what
// Cognito sent it (e.g. whether pre authentication events carry `identities`), and a real pool
// behaves one way only, so containers are never shared across combinations. Pools are shaped by
// the stack's blueprint, so scenarios run against the providers, mappings and clients Terraform
// creates. The trigger logs its decision trace (LINK_POLICY_TRACE=1) with user hashes keyed by a
// per-run key, which the session turns back into the usernames it seeded. Like a deployment, the
// function reads that key and the app clients' sign-in kinds from Parameter Store (the twin's),
// written for each pool as `terraform apply` and the operator would.
import { randomBytes, randomUUID } from 'node:crypto';
import type { CompiledPolicySet } from '../../policy/compiled';
import { poolBlueprint, type PoolBlueprint } from '../../policy/pool-blueprint';
import {
  artifactLambda,
  describeSwitches,
  parameterEnvironment,
  startTwin,
  writeStackParameters,
  type TriggerFunction,
  type TriggerRunResult,
  type Twin,
  type TwinSwitches,
  type UserPool,
} from '../../twin';
import type { Scenario, ScenarioUser } from '../scenarios/format';
import { scenarioBlueprint } from '../scenarios/pool-view';
import { UserNames } from './decision';

/** Users seeded without a password of their own sign in with this one. */
export const SCENARIO_PASSWORD = 'Scenario-Passw0rd!';
/** The name prefix of the simulated deployments: their parameters are /cognito-link-policy/link-policy-test-<n>/…. */
const DEPLOYMENT_PREFIX = 'link-policy-test';

export class Simulation {
  readonly blueprint: PoolBlueprint;
  private readonly triggers = new Map<string, TriggerFunction>();
  private readonly prefixes = new Map<string, string>();
  private readonly hashKey = randomBytes(16).toString('hex');

  private constructor(
    readonly twin: Twin,
    readonly set: CompiledPolicySet,
    private readonly artifactDir: string,
  ) {
    this.blueprint = poolBlueprint(set);
  }

  static async start(set: CompiledPolicySet, artifactDir: string): Promise<Simulation> {
    return new Simulation(await startTwin({ seed: 7 }), set, artifactDir);
  }

  /** A name book for one pool's hashed users. */
  names(): UserNames {
    return new UserNames(this.hashKey);
  }

  /** A fresh pool for a scenario, on the function of its switch combination. */
  createPool(switches: TwinSwitches, scenario: Pick<Scenario, 'unmanaged_providers'>): UserPool {
    const pool = this.twin.createPoolFromBlueprint(scenarioBlueprint(this.blueprint, scenario), { switches, trigger: this.trigger(switches) });
    // A warm container that read the map before this pool existed reads it again at its clients' first sign-in.
    writeStackParameters(this.twin, pool, this.prefix(switches), { policyDigest: this.set.digest, logHashKey: this.hashKey });
    return pool;
  }

  /** Sends a raw trigger event to the function of this combination (create its pool first). */
  invoke(switches: TwinSwitches, event: unknown): Promise<TriggerRunResult> {
    return this.trigger(switches).invoke(event, { awsRequestId: randomUUID() });
  }

  /** Ends the containers of a combination that has finished. */
  async release(switches: TwinSwitches): Promise<void> {
    const key = describeSwitches(switches);
    const trigger = this.triggers.get(key);
    this.triggers.delete(key);
    await trigger?.close();
  }

  async stop(): Promise<void> {
    await this.twin.idle();
    await Promise.all([...this.triggers.values()].map((trigger) => trigger.close()));
    await this.twin.stop();
  }

  /** Each combination's function is its own deployment (combinations may run side by side). */
  private prefix(switches: TwinSwitches): string {
    const key = describeSwitches(switches);
    let prefix = this.prefixes.get(key);
    if (prefix === undefined) this.prefixes.set(key, (prefix = `${DEPLOYMENT_PREFIX}-${this.prefixes.size + 1}`));
    return prefix;
  }

  private trigger(switches: TwinSwitches): TriggerFunction {
    const key = describeSwitches(switches);
    let trigger = this.triggers.get(key);
    if (!trigger) {
      trigger = artifactLambda(this.artifactDir, { env: { LINK_POLICY_TRACE: '1', ...parameterEnvironment(this.prefix(switches)) } });
      this.triggers.set(key, trigger);
    }
    return trigger;
  }
}

/** Puts the scenario's existing users into the pool; returns each one's password. */
export function seedUsers(pool: UserPool, users: readonly ScenarioUser[], names: UserNames): Map<string, string> {
  const passwords = new Map<string, string>();
  for (const user of users) {
    const attributes: Record<string, string> = { ...user.attributes };
    if (user.email !== undefined) {
      attributes['email'] = user.email;
      attributes['email_verified'] = String(user.email_verified ?? true);
    }
    if (user.phone_number !== undefined) {
      attributes['phone_number'] = user.phone_number;
      attributes['phone_number_verified'] = String(user.phone_number_verified ?? true);
    }
    names.add(user.username);
    if (user.federated_identity) {
      pool.seedUser({ attributes, status: 'EXTERNAL_PROVIDER', enabled: user.enabled ?? true, federatedIdentity: user.federated_identity });
      continue;
    }
    const password = user.password ?? SCENARIO_PASSWORD;
    pool.seedUser({
      username: user.username,
      password,
      attributes,
      status: user.status ?? 'CONFIRMED',
      enabled: user.enabled ?? true,
      linkedIdentities: (user.linked_identities ?? []).map((identity) => ({ provider: identity.provider, subject: identity.subject })),
    });
    passwords.set(user.username.toLowerCase(), password);
  }
  return passwords;
}
