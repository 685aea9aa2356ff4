// A trigger run inside this process: for benchmarks and property tests, where a child process per
// environment would dominate the measurement. One shared "environment": the first invocation is
// the cold start, duplicate invocations run concurrently in it, and Lambda's function timeout is
// reported but cannot stop the handler.

import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ContainerInfo, TriggerFunction, TriggerRunResult, TwinEndpoint } from '../triggers/types';
import { LineCollector } from './log-lines';

export type LambdaHandler = (event: any, context: LambdaContext, callback: (error?: unknown, value?: unknown) => void) => unknown;

export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export interface InProcessOptions {
  /** Set on process.env before the module loads (restored by close()). */
  readonly env?: Readonly<Record<string, string>>;
  readonly functionName?: string;
  /** Lambda's own timeout, counted down by getRemainingTimeInMillis. Default 5000. */
  readonly functionTimeoutMs?: number;
  /** Capture the handler's stdout/stderr per invocation instead of printing it. Default true. */
  readonly captureLogs?: boolean;
}

// ---- per-invocation capture of process.stdout/stderr writes -------------------------------------

const capture = new AsyncLocalStorage<LineCollector>();
let captureUsers = 0;
let originalWrites: { stdout: typeof process.stdout.write; stderr: typeof process.stderr.write } | undefined;

function installCapture(): void {
  if (captureUsers++ > 0) return;
  originalWrites = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    const original = originalWrites[name];
    const stream = process[name];
    stream.write = function write(this: NodeJS.WriteStream, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const lines = capture.getStore();
      if (!lines) return (original as (...args: unknown[]) => boolean).call(this, chunk, encoding, callback);
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') (done as () => void)();
      return true;
    } as typeof stream.write;
  }
}

function removeCapture(): void {
  if (--captureUsers > 0 || !originalWrites) return;
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
  originalWrites = undefined;
}

// ---- the trigger --------------------------------------------------------------------------------

/** Wraps a handler function (async, or callback style) as a trigger. */
export function handlerTrigger(load: () => LambdaHandler, options: InProcessOptions = {}): TriggerFunction & { readonly env: Record<string, string> } {
  const functionName = options.functionName ?? 'link-policy-trigger';
  const functionTimeoutMs = options.functionTimeoutMs ?? 5000;
  const captureLogs = options.captureLogs ?? true;
  const env: Record<string, string> = { ...options.env };
  const saved = new Map<string, string | undefined>();
  let handler: LambdaHandler | undefined;
  let initDurationMs = 0;
  let served = 0;
  let closed = false;
  if (captureLogs) installCapture();

  const setEnv = (values: Readonly<Record<string, string>>) => {
    for (const [name, value] of Object.entries(values)) {
      if (!saved.has(name)) saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  };

  const run = (event: unknown, context: LambdaContext) =>
    new Promise<unknown>((resolveRun, rejectRun) => {
      let settled = false;
      const callback = (error?: unknown, value?: unknown) => {
        if (settled) return;
        settled = true;
        if (error) rejectRun(error);
        else resolveRun(value);
      };
      try {
        const returned = (handler as LambdaHandler)(event, context, callback);
        if (returned && typeof (returned as Promise<unknown>).then === 'function') {
          (returned as Promise<unknown>).then((value) => callback(undefined, value), (error) => callback(error ?? new Error('rejected')));
        }
      } catch (error) {
        callback(error);
      }
    });

  return {
    functionName,
    env,
    attach(twin: TwinEndpoint) {
      env['AWS_REGION'] ??= twin.region;
      env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'] ??= twin.endpoint;
      env['AWS_ENDPOINT_URL_SSM'] ??= twin.endpoint;
      env['AWS_ACCESS_KEY_ID'] ??= 'twin-access-key-id';
      env['AWS_SECRET_ACCESS_KEY'] ??= 'twin-secret-access-key';
    },
    async invoke(event, { awsRequestId }): Promise<TriggerRunResult> {
      if (closed) throw new Error('twin: this Lambda function was closed');
      const lines = new LineCollector();
      const coldStart = served === 0;
      served++;
      const body = async (): Promise<TriggerRunResult> => {
        if (!handler) {
          setEnv(env);
          const started = performance.now();
          handler = load();
          initDurationMs = performance.now() - started;
        }
        const info: ContainerInfo = { id: 1, coldStart, ...(coldStart ? { initDurationMs } : {}) };
        const deadline = Date.now() + functionTimeoutMs;
        const context: LambdaContext = {
          awsRequestId,
          functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:${env['AWS_REGION'] ?? 'eu-west-1'}:000000000000:function:${functionName}`,
          memoryLimitInMB: '1024',
          logGroupName: `/aws/lambda/${functionName}`,
          logStreamName: 'twin/[$LATEST]in-process',
          callbackWaitsForEmptyEventLoop: true,
          getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        };
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<TriggerRunResult>((resolveTimeout) => {
          timer = setTimeout(
            () => resolveTimeout({ kind: 'crashed', errorMessage: `Task timed out after ${(functionTimeoutMs / 1000).toFixed(2)} seconds`, logs: lines.finish(), container: info }),
            functionTimeoutMs,
          );
          timer.unref();
        });
        const finished = run(event, context).then(
          (value): TriggerRunResult => ({ kind: 'returned', value: value === undefined ? null : structuredClone(value), logs: lines.finish(), container: info }),
          (error: unknown): TriggerRunResult => ({
            kind: 'threw',
            errorType: error instanceof Error ? error.name : 'Error',
            errorMessage: error instanceof Error ? error.message : String(error),
            logs: lines.finish(),
            container: info,
          }),
        );
        return Promise.race([finished, timedOut]).finally(() => clearTimeout(timer));
      };
      return captureLogs ? capture.run(lines, body) : body();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (captureLogs) removeCapture();
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

/** The built artifact at `dir` (index.js exporting `handler`), required into this process on first use. */
export function inProcessLambda(dir: string, options: InProcessOptions = {}): TriggerFunction {
  const file = resolve(dir, 'index.js');
  return handlerTrigger(() => (require(file) as { handler: LambdaHandler }).handler, options);
}
