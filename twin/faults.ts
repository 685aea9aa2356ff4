// Injected faults per operation, deterministic for a seed: throttling, internal errors, added
// latency, and "the write happened but the response was lost".

import { stream, type Random } from './random';

export type FaultKind = 'throttle' | 'internal_error' | 'latency' | 'lost_response';

export interface FaultSpec {
  /** Operation name (e.g. 'AdminLinkProviderForUser') or '*' for every operation. */
  readonly operation: string;
  readonly kind: FaultKind;
  /** Only requests for this pool. */
  readonly poolId?: string;
  /** Fire on the first N matching requests only. */
  readonly times?: number;
  /** Fire with this probability (0..1), drawn from the twin's seeded fault stream. */
  readonly probability?: number;
  /** For 'latency': milliseconds added before the request is handled. */
  readonly latencyMs?: number;
  /**
   * For 'lost_response': after the operation is applied, destroy the socket (the SDK sees
   * ECONNRESET and retries) or answer 500 InternalErrorException (also retried). Default 'destroy_socket'.
   */
  readonly lostResponseAs?: 'destroy_socket' | 'internal_error';
}

export interface FaultRule extends FaultSpec {
  readonly id: number;
  /** How many requests this rule has fired on. */
  readonly fired: number;
}

interface MutableRule extends FaultSpec {
  id: number;
  fired: number;
}

export class FaultInjector {
  private rules: MutableRule[] = [];
  private nextId = 1;
  private readonly random: Random;

  constructor(seed: number) {
    this.random = stream(seed, 'faults');
  }

  add(spec: FaultSpec): FaultRule {
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
      throw new Error(`twin: fault probability must be within 0..1, got ${spec.probability}`);
    }
    if (spec.kind === 'latency' && !(spec.latencyMs !== undefined && spec.latencyMs >= 0)) {
      throw new Error('twin: a latency fault needs latencyMs >= 0');
    }
    const rule: MutableRule = { ...spec, id: this.nextId++, fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((rule) => rule.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  get list(): readonly FaultRule[] {
    return this.rules;
  }

  /**
   * The faults that fire for this request, in rule order. Latency composes with the others; of
   * throttle / internal_error / lost_response the first rule that fires wins.
   */
  decide(operation: string, poolId: string | undefined): { latencyMs: number; fault?: MutableRule } {
    let latencyMs = 0;
    let fault: MutableRule | undefined;
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.poolId !== undefined && rule.poolId !== poolId) continue;
      if (rule.kind !== 'latency' && fault) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      // Draw only for probabilistic rules so that `times` rules do not consume the stream.
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.fired++;
      if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? 0;
      else fault = rule;
    }
    return fault ? { latencyMs, fault } : { latencyMs };
  }
}
