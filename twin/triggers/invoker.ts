// How Cognito calls a trigger (reference §8): synchronously, with a per-invocation limit (5 s), and
// on timeout again, three attempts in all, while the abandoned invocation keeps running. A function
// error is not retried. Every attempt is recorded for tests and benchmarks.

import { TRIGGER_ATTEMPTS, TRIGGER_WAIT_MS } from '../../policy/cognito-limits';
import { CognitoServiceError, errors } from '../errors';
import { randomUuid, type Random } from '../random';
import type { ContainerInfo, TriggerFunction, TriggerRunResult } from './types';

export type TriggerName = 'PreSignUp' | 'PreAuthentication';

/** GUIDE-2023 TRIGGERS: "After three unsuccessful attempts, the function times out." */
export const COGNITO_TRIGGER_ATTEMPTS = TRIGGER_ATTEMPTS;
/** TRIGGERS: the function must answer within 5 seconds. */
export const COGNITO_TRIGGER_TIMEOUT_MS = TRIGGER_WAIT_MS;

export interface TriggerInvocation {
  readonly seq: number;
  readonly triggerSource: string;
  /** 1..3 within one Cognito operation. */
  readonly attempt: number;
  readonly awsRequestId: string;
  /** The event as sent (a copy). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly startedAt: number;
  /** What Cognito concluded: it stops waiting after the timeout even though the function runs on. */
  cognitoOutcome: 'pending' | 'succeeded' | 'failed' | 'timed_out';
  /** How the function itself ended; undefined while it still runs. */
  functionResult?: TriggerRunResult['kind'];
  durationMs?: number;
  errorMessage?: string;
  /** The event the function returned. */
  returned?: unknown;
  logs: readonly string[];
  container?: ContainerInfo;
}

export class InvocationLog {
  private readonly list: TriggerInvocation[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private seq = 0;

  get entries(): readonly TriggerInvocation[] {
    return this.list;
  }

  clear(): void {
    this.list.length = 0;
  }

  /** Resolves once every invocation, including those Cognito gave up on, has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  start(entry: Omit<TriggerInvocation, 'seq'>): TriggerInvocation {
    const full: TriggerInvocation = { seq: ++this.seq, ...entry };
    this.list.push(full);
    return full;
  }

  track(run: Promise<unknown>): void {
    // Tracked for idle() only: a rejection is the caller's to handle, never an unhandled one here.
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }
}

export type TriggerOutcome =
  | { readonly ok: true; readonly event: Record<string, unknown> }
  | { readonly ok: false; readonly error: CognitoServiceError };

export interface InvokerOptions {
  readonly trigger: TriggerFunction;
  readonly timeoutMs: number;
  readonly log: InvocationLog;
  readonly random: Random;
}

export class TriggerInvoker {
  constructor(private readonly options: InvokerOptions) {}

  get functionName(): string {
    return this.options.trigger.functionName;
  }

  async invoke(triggerName: TriggerName, event: Record<string, unknown>): Promise<TriggerOutcome> {
    for (let attempt = 1; attempt <= COGNITO_TRIGGER_ATTEMPTS; attempt++) {
      const outcome = await this.attempt(triggerName, event, attempt);
      if (outcome !== 'timed_out') return outcome;
    }
    // sst #1815, furaiev/amazon-cognito-identity-dart-2 #204 (2022); keboola #305 (2019) shows an
    // older form naming the function ARN instead of the trigger.
    return {
      ok: false,
      error: errors.lambdaTimeout(`${triggerName} invocation failed due to error Socket timeout while invoking Lambda function.`),
    };
  }

  private async attempt(
    triggerName: TriggerName,
    event: Record<string, unknown>,
    attempt: number,
  ): Promise<TriggerOutcome | 'timed_out'> {
    const { trigger, timeoutMs, log, random } = this.options;
    const sent = structuredClone(event);
    const entry = log.start({
      triggerSource: String(event['triggerSource']),
      attempt,
      awsRequestId: randomUuid(random),
      event: structuredClone(event),
      startedAt: Date.now(),
      cognitoOutcome: 'pending',
      logs: [],
    });
    const run = trigger.invoke(sent, { awsRequestId: entry.awsRequestId }).then((result) => {
      entry.functionResult = result.kind;
      entry.durationMs = Date.now() - entry.startedAt;
      entry.logs = result.logs;
      if (result.container) entry.container = result.container;
      if (result.kind === 'returned') entry.returned = result.value;
      else entry.errorMessage = result.errorMessage;
      return result;
    });
    log.track(run);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), timeoutMs);
    });
    const result = await Promise.race([run, timeout]).finally(() => clearTimeout(timer));
    if (result === 'timed_out') {
      entry.cognitoOutcome = 'timed_out';
      return 'timed_out';
    }
    if (result.kind !== 'returned') {
      entry.cognitoOutcome = 'failed';
      // TRIGGERS / amplify-flutter #1051: "PreSignUp failed with error callback is not a function."
      return { ok: false, error: errors.lambdaValidation(`${triggerName} failed with error ${result.errorMessage}.`) };
    }
    const value = result.value;
    if (!isObject(value) || !isObject(value['response'])) {
      entry.cognitoOutcome = 'failed';
      return { ok: false, error: errors.lambdaBadResponse() };
    }
    entry.cognitoOutcome = 'succeeded';
    return { ok: true, event: value };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
