// A running twin: one HTTP endpoint, any number of pools, a request log and fault injection.

import { FaultInjector } from './faults';
import { QuotaGate, type QuotaOptions } from './quotas';
import { poolId as newPoolId, stream, type Random } from './random';
import { RequestLog } from './request-log';
import { UserPool, type PoolOptions } from './pool/pool';
import { WireServer } from './wire/server';
import { ParameterStore } from './ssm/parameter-store';
import { blueprintPoolOptions, type BlueprintPoolOptions } from './blueprint';
import type { PoolBlueprint } from '../policy/pool-blueprint';

export interface TwinOptions {
  /** Seeds ids, short ListUsers pages and probabilistic faults. Default 1. */
  readonly seed?: number;
  /** Default 'eu-west-1'. */
  readonly region?: string;
  /** Enforce Cognito's request-rate quotas (twin/quotas.ts); default off. */
  readonly quotas?: QuotaOptions;
}

export class Twin {
  readonly region: string;
  readonly seed: number;
  /** Every wire request answered (all pools). */
  readonly requests = new RequestLog();
  /** Injected faults, per operation, deterministic for the seed. */
  readonly faults: FaultInjector;
  /** Systems Manager Parameter Store on the same endpoint (AWS_ENDPOINT_URL_SSM): what the stack writes and the trigger reads. */
  readonly parameters: ParameterStore;
  /** Cognito's request-rate quotas per category, account-wide; off until configured. */
  readonly quotas = new QuotaGate();
  private readonly pools = new Map<string, UserPool>();
  private readonly poolIds: Random;
  private readonly server: WireServer;
  private url?: string;

  constructor(options: TwinOptions = {}) {
    this.seed = options.seed ?? 1;
    this.region = options.region ?? 'eu-west-1';
    this.faults = new FaultInjector(this.seed);
    this.poolIds = stream(this.seed, 'pools');
    this.parameters = new ParameterStore(this.region);
    this.quotas.configure(options.quotas);
    this.server = new WireServer(
      {
        poolById: (id) => this.pools.get(id),
        poolByClientId: (clientId) => [...this.pools.values()].find((pool) => pool.hasClient(clientId)),
      },
      this.faults,
      this.requests,
      this.parameters,
      this.quotas,
    );
  }

  /** 'http://127.0.0.1:PORT': pass as the SDK's `endpoint` or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. */
  get endpoint(): string {
    if (!this.url) throw new Error('twin: not started');
    return this.url;
  }

  async start(): Promise<this> {
    this.url = await this.server.listen();
    return this;
  }

  createPool(options: PoolOptions = {}): UserPool {
    let id = newPoolId(this.poolIds, this.region);
    while (this.pools.has(id)) id = newPoolId(this.poolIds, this.region);
    const pool = new UserPool({ id, region: this.region, endpoint: this.endpoint, seed: this.seed, requests: this.requests }, options);
    this.pools.set(id, pool);
    return pool;
  }

  /** A pool shaped like the one the stack deploys for these policies (policy/pool-blueprint.ts). */
  createPoolFromBlueprint(blueprint: PoolBlueprint, options: BlueprintPoolOptions = {}): UserPool {
    return this.createPool(blueprintPoolOptions(blueprint, options));
  }

  pool(id: string): UserPool | undefined {
    return this.pools.get(id);
  }

  /**
   * Waits for every trigger invocation still running, including those Cognito stopped waiting for,
   * and every API request still being handled, including those whose caller timed out.
   */
  async idle(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.invocations.idle()));
    await this.server.idle();
  }

  /** Closes the server and every pool's trigger function (their execution environments end). */
  async stop(): Promise<void> {
    await this.server.close();
    const triggers = new Set([...this.pools.values()].flatMap((pool) => (pool.trigger ? [pool.trigger] : [])));
    await Promise.all([...triggers].map((trigger) => trigger.close()));
  }
}

export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  return new Twin(options).start();
}
