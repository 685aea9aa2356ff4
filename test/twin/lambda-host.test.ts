import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactLambda, handlerTrigger, inProcessLambda, type TriggerFunction, type UserPool } from '../../twin';
import { FIXTURES, acmeClaims, parseLogLines, projectPoolOptions, seedNative, useTwin } from './helpers';

const h = useTwin();
const opened: TriggerFunction[] = [];
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'twin-lambda-'));
});
afterAll(async () => {
  await Promise.all(opened.map((trigger) => trigger.close()));
  rmSync(scratch, { recursive: true, force: true });
});

function artifact(name: string, env: Record<string, string> = {}, functionTimeoutMs?: number): TriggerFunction {
  const trigger = artifactLambda(join(FIXTURES, name), { env, ...(functionTimeoutMs ? { functionTimeoutMs } : {}) });
  opened.push(trigger);
  return trigger;
}

function firstSignIn(pool: UserPool, subject: string, email = `${subject.toLowerCase()}@acme.com`) {
  return pool.federatedSignIn({ provider: 'AcmeEntraID', subject, claims: acmeClaims(subject, email), client: 'web' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('artifactLambda: a built artifact in child-process execution environments', () => {
  test('cold start, then warm reuse of the same environment; one JSON log line per invocation captured; the twin\'s endpoint and region in the environment, nothing else of this process', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ trigger: artifact('recorder', { FIXTURE_SETTING: 'on' }) }));
    await firstSignIn(pool, 'Warm-1');
    await firstSignIn(pool, 'Warm-2');
    const [cold, warm] = pool.invocations.entries;
    expect(cold?.container).toMatchObject({ id: 1, coldStart: true, initDurationMs: expect.any(Number) });
    expect(warm?.container).toEqual({ id: 1, coldStart: false });
    const coldLines = parseLogLines(cold?.logs ?? []);
    // The module's init line comes first, as Lambda shows init output before the first invocation's.
    expect(coldLines[0]).toMatchObject({ init: true });
    const [first] = coldLines.slice(1);
    const [second] = parseLogLines(warm?.logs ?? []);
    expect(first).toMatchObject({
      triggerSource: 'PreSignUp_ExternalProvider',
      userName: 'acmeentraid_warm-1',
      served: 1,
      requestId: cold?.awsRequestId,
      endpoint: h.twin.endpoint,
      region: h.twin.region,
      home: null,
      custom: 'on',
    });
    expect(first?.['remainingMs']).toBeGreaterThan(4000);
    expect(second).toMatchObject({ served: 2, pid: first?.['pid'] });
  });

  test('Cognito retries a timed-out invocation on ANOTHER environment while the first keeps running (TRIGGERS; amplify-js #13334)', async () => {
    const trigger = artifact('sleeper', { SLEEP_MS: '700', SLEEP_ONCE_MARKER: join(scratch, 'slow-once') });
    const pool = h.twin.createPool(projectPoolOptions({ trigger, triggerTimeoutMs: 300 }));
    const result = await firstSignIn(pool, 'Slow-1');
    expect(result).toMatchObject({ ok: true, via: 'new_user' });
    const [first, retry] = pool.invocations.entries;
    expect(first).toMatchObject({ attempt: 1, cognitoOutcome: 'timed_out' });
    expect(first?.functionResult).toBeUndefined();
    expect(retry).toMatchObject({ attempt: 2, cognitoOutcome: 'succeeded', functionResult: 'returned', container: { id: 2, coldStart: true } });
    // The duplicate saw the same event.
    expect(retry?.event).toEqual(first?.event);
    await pool.invocations.idle();
    expect(first).toMatchObject({ functionResult: 'returned', container: { id: 1 } });
    expect(first?.durationMs).toBeGreaterThanOrEqual(700);
    expect(parseLogLines(first?.logs ?? [])).toEqual([expect.objectContaining({ sleeping: 700 }), expect.objectContaining({ woke: true })]);
  });

  test('three timeouts: "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function." (sst #1815; amplify-js #4805: three invocations)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ trigger: artifact('sleeper', { SLEEP_MS: '600' }), triggerTimeoutMs: 150 }));
    const result = await firstSignIn(pool, 'Slow-2');
    expect(result).toMatchObject({
      ok: false,
      errorDescription: 'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.',
    });
    expect(pool.invocations.entries.map((entry) => [entry.attempt, entry.cognitoOutcome, entry.container?.id ?? null])).toEqual([
      [1, 'timed_out', null],
      [2, 'timed_out', null],
      [3, 'timed_out', null],
    ]);
    await pool.invocations.idle();
    expect(new Set(pool.invocations.entries.map((entry) => entry.container?.id)).size).toBe(3);
    expect(pool.usernames).toEqual([]);
  });

  test('a function error is not retried (TRIGGERS) and reads "<Trigger> failed with error <message>."', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ trigger: artifact('thrower', { THROW_MESSAGE: 'LINK_DENIED: ask IT' }) }));
    seedNative(pool, 'tom', 'tom@acme.com');
    expect(await pool.passwordSignIn({ username: 'tom', password: 'Passw0rd!', client: 'password' })).toEqual({
      ok: false,
      error: { type: 'UserLambdaValidationException', message: 'PreAuthentication failed with error LINK_DENIED: ask IT.' },
    });
    expect(pool.invocations.entries).toHaveLength(1);
  });

  test('a runtime that dies fails the invocation, and the next one cold-starts a new environment', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ trigger: artifact('crasher') }));
    const first = await firstSignIn(pool, 'Crash-1');
    expect(first).toMatchObject({ ok: false, errorDescription: 'PreSignUp failed with error Runtime exited with error: exit status 3. ' });
    await firstSignIn(pool, 'Crash-2');
    expect(pool.invocations.entries.map((entry) => entry.container)).toEqual([
      expect.objectContaining({ id: 1, coldStart: true }),
      expect.objectContaining({ id: 2, coldStart: true }),
    ]);
    expect(pool.invocations.entries[0]?.logs).toEqual(['about to crash']);
  });

  test('Lambda\'s own function timeout ends the run ("Task timed out after 0.20 seconds") and recycles the environment', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ trigger: artifact('sleeper', { SLEEP_MS: '2000' }, 200), triggerTimeoutMs: 1000 }));
    expect(await firstSignIn(pool, 'Slow-3')).toMatchObject({ ok: false, errorDescription: 'PreSignUp failed with error Task timed out after 0.20 seconds. ' });
    const [entry] = pool.invocations.entries;
    const pid = Number(parseLogLines(entry?.logs ?? [])[0]?.['pid']);
    expect(alive(pid)).toBe(false);
  });

  test('end to end with the real SDK inside the function: a slow linking trigger is retried, the retry sees "already linked", and the first sign-in fails once (switch (b) default; reference §5)', async () => {
    const trigger = artifact('linker', { PROVIDER_NAME: 'AcmeEntraID', LINK_DELAY_MS: '1200' });
    const pool = h.twin.createPool(projectPoolOptions({ trigger, triggerTimeoutMs: 1000 }));
    seedNative(pool, 'alice', 'alice@acme.com');
    const first = await firstSignIn(pool, 'AbC-123', 'alice@acme.com');
    await pool.invocations.idle();
    expect(first).toMatchObject({ ok: false, errorDescription: 'Already found an entry for username acmeentraid_abc-123' });
    expect(pool.invocations.entries.map((entry) => parseLogLines(entry.logs)[0]?.['outcome'])).toEqual(['linked', 'already_linked']);
    expect(pool.requests.filter((entry) => entry.operation === 'AdminLinkProviderForUser').map((entry) => entry.errorType ?? 'ok')).toEqual([
      'ok',
      'InvalidParameterException',
    ]);
    expect(await firstSignIn(pool, 'AbC-123', 'alice@acme.com')).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
  });

  test('close() ends every environment: no process outlives the function', async () => {
    const trigger = artifactLambda(join(FIXTURES, 'recorder'));
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    await firstSignIn(pool, 'Close-1');
    const pid = Number(parseLogLines(pool.invocations.entries[0]?.logs ?? [])[1]?.['pid']);
    expect(alive(pid)).toBe(true);
    await trigger.close();
    expect(alive(pid)).toBe(false);
    await expect(trigger.invoke({}, { awsRequestId: 'x' })).rejects.toThrow(/closed/);
  });
});

describe('inProcessLambda: the artifact required into this process (benchmarks, property tests)', () => {
  test('per-invocation log capture, one cold start, environment set while open and restored by close()', async () => {
    const trigger = inProcessLambda(join(FIXTURES, 'recorder'), { env: { FIXTURE_SETTING: 'in-process' } });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    await firstSignIn(pool, 'In-1');
    await firstSignIn(pool, 'In-2');
    const [cold, warm] = pool.invocations.entries;
    expect(cold?.container?.coldStart).toBe(true);
    expect(warm?.container?.coldStart).toBe(false);
    expect(parseLogLines(warm?.logs ?? [])).toEqual([expect.objectContaining({ userName: 'acmeentraid_in-2', custom: 'in-process', endpoint: h.twin.endpoint })]);
    expect(process.env['FIXTURE_SETTING']).toBe('in-process');
    await trigger.close();
    expect(process.env['FIXTURE_SETTING']).toBeUndefined();
  });
});

describe('what Cognito makes of a function\'s answer', () => {
  test('an answer that is not an event: InvalidLambdaResponseException "Unrecognizable lambda output" (type: MODEL, reference §8)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ trigger: handlerTrigger(() => async () => 'ok') }));
    seedNative(pool, 'una', 'una@acme.com');
    expect(await pool.passwordSignIn({ username: 'una', password: 'Passw0rd!', client: 'password' })).toEqual({
      ok: false,
      error: { type: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' },
    });
  });
});
