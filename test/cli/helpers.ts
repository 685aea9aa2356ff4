// Running `link-policy` commands in tests: in-process with captured output, or as the real
// `node bin/link-policy.cjs` child process. Operator commands reach a twin started in the test
// process through --endpoint, with dummy credentials in the environment they are given.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo, Command } from '../../cli/io';
import type { CompiledPolicySet } from '../../policy/compiled';
import { packageRoot } from '../../policy/package-root';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { startTwin, type Twin, type UserPool } from '../../twin';
import { loadOrThrow } from '../support/trigger-artifact';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// The SDK warns once per process that it will need Node 22; this test process runs the commands in-process.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test-key', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export async function runCommand(command: Command, argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<CommandResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.tty) stderr.isTTY = true;
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const io: CliIo = { stdout, stderr, cwd: options.cwd ?? packageRoot(), env: options.env ?? CREDENTIALS };
  const code = await command.run(argv, io);
  return { code, ...chunks };
}

export interface Spawned extends CommandResult {
  readonly signal: NodeJS.Signals | null;
}

/** `node bin/link-policy.cjs ...`; `onStdout`/`onStderr` see output as it comes (e.g. to kill the child mid-run). */
export function spawnCli(
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onOutput?: (child: ReturnType<typeof spawn>, text: string) => void } = {},
): Promise<Spawned> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'link-policy.cjs'), ...argv], {
    cwd: options.cwd ?? packageRoot(),
    env: { PATH: process.env['PATH'] ?? '', ...CREDENTIALS, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.stdout += chunk.toString();
    options.onOutput?.(child, chunk.toString());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    chunks.stderr += chunk.toString();
    options.onOutput?.(child, chunk.toString());
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, ...chunks }));
  });
}

let examples: CompiledPolicySet | undefined;
export function examplePolicies(): CompiledPolicySet {
  examples ??= loadOrThrow(join(packageRoot(), 'policies'));
  return examples;
}

/** One twin per test file, with a fresh pool shaped like the example stack's for each test that asks. */
export function useOpsTwin(): { readonly twin: Twin; pool(): UserPool; target(pool: UserPool): string[] } {
  const state: { twin?: Twin } = {};
  beforeAll(async () => {
    state.twin = await startTwin({ seed: 5 });
  });
  afterEach(() => state.twin?.faults.clear());
  afterAll(async () => {
    await state.twin?.stop();
  });
  const twin = (): Twin => {
    if (!state.twin) throw new Error('twin not started');
    return state.twin;
  };
  return {
    get twin() {
      return twin();
    },
    pool: () => twin().createPoolFromBlueprint(poolBlueprint(examplePolicies())),
    target: (pool) => ['--endpoint', twin().endpoint, '--region', twin().region, '--user-pool-id', pool.id],
  };
}

export const PASSWORD = 'Corr3ct-Horse-Battery';

export function seedNative(pool: UserPool, username: string, email: string, extra: { verified?: boolean; status?: 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD'; linked?: { provider: string; subject: string }[] } = {}) {
  return pool.seedUser({
    username,
    password: PASSWORD,
    attributes: { email, email_verified: extra.verified === false ? 'false' : 'true' },
    ...(extra.status ? { status: extra.status } : {}),
    ...(extra.linked ? { linkedIdentities: extra.linked } : {}),
  });
}

export function identities(pool: UserPool, username: string): string[] {
  return pool.user(username)?.identities.map((identity) => `${identity.providerName}:${identity.userId}`) ?? [];
}
