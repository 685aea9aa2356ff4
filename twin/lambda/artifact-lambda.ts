// A built Lambda artifact (a directory with index.js exporting `handler`) run the way Lambda runs
// it: each execution environment ("container") is a child process that loads the code once and
// serves one invocation at a time. Containers stay warm between invocations; when all are busy, for
// instance because Cognito retried an invocation that is still running, a new one cold-starts.

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import type { ContainerInfo, TriggerFunction, TriggerRunResult, TwinEndpoint } from '../triggers/types';
import { LineCollector } from './log-lines';

export interface ArtifactLambdaOptions {
  /** Extra environment for the function (it sees no other variables of this process). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default 'link-policy-trigger'. */
  readonly functionName?: string;
  /** Lambda's own timeout: context.getRemainingTimeInMillis() counts down from it, and Lambda ends the run at it. Default 5000 (the stack's). */
  readonly functionTimeoutMs?: number;
  /** Reported in context.memoryLimitInMB. Default 1024. */
  readonly memoryMb?: number;
  /** `file.export`, default 'index.handler'. */
  readonly handler?: string;
}

interface Pending {
  readonly resolve: (result: TriggerRunResult) => void;
  readonly lines: LineCollector;
  readonly info: ContainerInfo;
  readonly timer: NodeJS.Timeout;
}

type HostMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'log'; id: number | null; text: string }
  | { type: 'result'; id: number; kind: 'returned'; value: unknown }
  | { type: 'result'; id: number; kind: 'threw'; errorType: string; errorMessage: string };

class Container {
  readonly ready: Promise<number>;
  busy = false;
  served = 0;
  alive = true;
  pending?: Pending & { id: number };
  /** Lines written while the module loaded: Lambda shows them before the first invocation's. */
  private readonly initLines = new LineCollector();
  /** Why the environment is being ended, reported to the invocation it ends. */
  private endReason?: string;
  private stderr = '';
  private readonly exited: Promise<void>;

  constructor(
    readonly id: number,
    private readonly child: ChildProcess,
  ) {
    this.ready = new Promise((resolveReady, rejectReady) => {
      child.on('message', (message: HostMessage) => {
        if (message.type === 'ready') resolveReady(message.initDurationMs);
      });
      child.once('exit', () => rejectReady(new Error(`twin: Lambda environment ${id} exited during init: ${this.stderr.trim()}`)));
    });
    // Init failures surface on the first invocation, not here.
    this.ready.catch(() => undefined);
    child.on('message', (message: HostMessage) => this.onMessage(message));
    // A send to an environment that just died reports here; its 'exit' already settles the invocation.
    child.on('error', () => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.alive = false;
        const reason = signal ? `signal ${signal}` : `exit status ${code}`;
        this.settle({ kind: 'crashed', errorMessage: this.endReason ?? `Runtime exited with error: ${reason}` });
        resolveExit();
      });
    });
    // Idle environments must not keep the test process alive; the twin's server does while it runs.
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
  }

  run(id: number, event: unknown, awsRequestId: string, functionTimeoutMs: number, initDurationMs: number): Promise<TriggerRunResult> {
    const info: ContainerInfo = { id: this.id, coldStart: this.served === 0, ...(this.served === 0 ? { initDurationMs } : {}) };
    this.served++;
    this.busy = true;
    return new Promise((resolveRun) => {
      // Lambda ends a run at the function's own timeout and recycles the environment.
      const timer = setTimeout(() => {
        this.endReason = `Task timed out after ${(functionTimeoutMs / 1000).toFixed(2)} seconds`;
        void this.kill();
      }, functionTimeoutMs);
      timer.unref();
      const lines = new LineCollector();
      if (info.coldStart) for (const line of this.initLines.finish()) lines.push(`${line}\n`);
      this.pending = { id, resolve: resolveRun, lines, info, timer };
      this.child.send({ type: 'invoke', id, event, awsRequestId, functionTimeoutMs });
    });
  }

  kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  private onMessage(message: HostMessage): void {
    if (message.type === 'log') {
      if (this.pending && (message.id === this.pending.id || message.id === null)) this.pending.lines.push(message.text);
      else if (this.served === 0) this.initLines.push(message.text);
      return;
    }
    if (message.type === 'result' && this.pending?.id === message.id) {
      this.settle(message.kind === 'returned' ? { kind: 'returned', value: message.value } : { kind: 'threw', errorType: message.errorType, errorMessage: message.errorMessage });
    }
  }

  private settle(
    outcome: { kind: 'returned'; value: unknown } | { kind: 'threw'; errorType: string; errorMessage: string } | { kind: 'crashed'; errorMessage: string },
  ): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.busy = false;
    clearTimeout(pending.timer);
    pending.resolve({ ...outcome, logs: pending.lines.finish(), container: pending.info });
  }
}

const HOST_SCRIPT = 'twin/lambda/container-host.cjs';

export function artifactLambda(dir: string, options: ArtifactLambdaOptions = {}): TriggerFunction {
  const directory = resolve(dir);
  const handler = options.handler ?? 'index.handler';
  const moduleFile = join(directory, `${handler.slice(0, handler.lastIndexOf('.'))}.js`);
  if (!existsSync(moduleFile)) throw new Error(`twin: no Lambda code at ${moduleFile}`);
  const functionName = options.functionName ?? 'link-policy-trigger';
  const functionTimeoutMs = options.functionTimeoutMs ?? 5000;
  const host = join(packageRoot(), HOST_SCRIPT);
  const containers: Container[] = [];
  let twin: TwinEndpoint | undefined;
  let nextInvocation = 1;
  let closed = false;

  const environment = (): NodeJS.ProcessEnv => ({
    ...(process.env['PATH'] ? { PATH: process.env['PATH'] } : {}),
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    // Dummy credentials; no shared config files, so nothing of the developer's AWS setup leaks in.
    AWS_ACCESS_KEY_ID: 'twin-access-key-id',
    AWS_SECRET_ACCESS_KEY: 'twin-secret-access-key',
    AWS_SESSION_TOKEN: 'twin-session-token',
    AWS_CONFIG_FILE: '/nonexistent/twin-aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/twin-aws-credentials',
    ...(twin
      ? { AWS_REGION: twin.region, AWS_DEFAULT_REGION: twin.region, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: twin.endpoint, AWS_ENDPOINT_URL_SSM: twin.endpoint }
      : {}),
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb ?? 1024),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: directory,
    _HANDLER: handler,
    TWIN_LAMBDA_DIR: directory,
    ...options.env,
  });

  const spawn = (): Container => {
    const child = fork(host, [], { env: environment(), execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], cwd: directory });
    const container = new Container(containers.length + 1, child);
    containers.push(container);
    return container;
  };

  return {
    functionName,
    attach(endpoint) {
      twin = endpoint;
    },
    async invoke(event, { awsRequestId }) {
      if (closed) throw new Error('twin: this Lambda function was closed');
      const container = containers.find((candidate) => candidate.alive && !candidate.busy) ?? spawn();
      container.busy = true;
      let initDurationMs: number;
      try {
        initDurationMs = await container.ready;
      } catch (error) {
        container.busy = false;
        return { kind: 'crashed', errorMessage: (error as Error).message, logs: [] };
      }
      return container.run(nextInvocation++, event, awsRequestId, functionTimeoutMs, initDurationMs);
    },
    async close() {
      closed = true;
      await Promise.all(containers.map((container) => container.kill()));
    },
  };
}
