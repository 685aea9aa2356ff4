// The real Cognito adapter (lambda/cognito/directory.ts) against the twin through the AWS SDK:
// what a container keeps of DescribeUserPoolClient (described-clients.ts: expiry, last good answer,
// back-off, configuration errors), and ListUsers stopping at its page budget.
import { CLIENT_CAPABILITIES_TTL_MS, DESCRIBE_RETRY_BASE_MS, describedClients } from '../../../lambda/cognito/described-clients';
import { cognitoDirectory, type CognitoCall, type Directory } from '../../../lambda/cognito/directory';
import { startDeadline, type Deadline } from '../../../lambda/runtime/deadline';
import { poolBlueprint } from '../../../policy/pool-blueprint';
import { startTwin, type Twin, type UserPool } from '../../../twin';
import { examplePolicies, seedNative } from '../e2e/harness';

let twin: Twin;
const saved = { ...process.env };
const deadlines: Deadline[] = [];

beforeAll(async () => {
  twin = await startTwin({ seed: 61 });
  // What the SDK reads inside Lambda; one attempt per call, so a fault is one failed call.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: twin.endpoint,
    AWS_REGION: twin.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});

afterEach(() => {
  twin.faults.clear();
  for (const deadline of deadlines.splice(0)) deadline.dispose();
});

afterAll(async () => {
  process.env = saved;
  await twin.stop();
});

function open(pool: UserPool, clock: { now: number }): { directory: Directory; calls: CognitoCall[] } {
  const calls: CognitoCall[] = [];
  const deadline = startDeadline(5000);
  deadlines.push(deadline);
  const directory = cognitoDirectory({
    poolId: pool.id,
    settings: { region: twin.region, callTimeoutMs: 2000, maxAttempts: 1 },
    deadline,
    calls,
  });
  void clock;
  return { directory, calls };
}

describe('DescribeUserPoolClient, for clients the configuration does not list (review finding 7)', () => {
  function ask(pool: UserPool, clock: { now: number }, cache: ReturnType<typeof describedClients>, clientName: string) {
    const opened = open(pool, clock);
    return cache.answer(pool.id, pool.clientId(clientName), () => opened.directory).then((answer) => ({ answer, calls: opened.calls }));
  }

  it('an answer is trusted for CLIENT_CAPABILITIES_TTL_MS (5 minutes), then asked again: a changed client is seen', async () => {
    expect(CLIENT_CAPABILITIES_TTL_MS).toBe(5 * 60 * 1000);
    const pool = twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()));
    const clock = { now: 1_000_000 };
    const cache = describedClients(() => clock.now);
    expect(await ask(pool, clock, cache, 'password')).toEqual({
      answer: { capabilities: { password: true, federated: false }, source: 'described' },
      calls: [{ operation: 'DescribeUserPoolClient', outcome: 'ok' }],
    });
    clock.now += CLIENT_CAPABILITIES_TTL_MS - 1;
    expect((await ask(pool, clock, cache, 'password')).calls).toEqual([]);
    clock.now += 1;
    expect((await ask(pool, clock, cache, 'password')).calls).toEqual([{ operation: 'DescribeUserPoolClient', outcome: 'ok' }]);
  });

  it('keeps the last good answer across failures, and does not ask again before the back-off ends', async () => {
    const pool = twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()));
    const clock = { now: 2_000_000 };
    const cache = describedClients(() => clock.now);
    await ask(pool, clock, cache, 'web');
    clock.now += CLIENT_CAPABILITIES_TTL_MS;
    twin.faults.add({ operation: 'DescribeUserPoolClient', kind: 'throttle', poolId: pool.id });
    expect(await ask(pool, clock, cache, 'web')).toEqual({
      answer: { capabilities: { password: false, federated: true }, source: 'last_described', failure: { error: 'TooManyRequestsException', kind: 'unavailable' } },
      calls: [{ operation: 'DescribeUserPoolClient', outcome: 'TooManyRequestsException' }],
    });
    // Within the back-off: no call at all, the kept answer.
    clock.now += DESCRIBE_RETRY_BASE_MS - 1;
    expect(await ask(pool, clock, cache, 'web')).toMatchObject({ answer: { source: 'last_described', failure: { kind: 'backing_off' } }, calls: [] });
    // After it: asked once more; failing again doubles the back-off.
    clock.now += 1;
    expect((await ask(pool, clock, cache, 'web')).calls).toHaveLength(1);
    clock.now += 2 * DESCRIBE_RETRY_BASE_MS - 1;
    expect((await ask(pool, clock, cache, 'web')).calls).toEqual([]);
    twin.faults.clear();
    clock.now += 1;
    expect(await ask(pool, clock, cache, 'web')).toEqual({ answer: { capabilities: { password: false, federated: true }, source: 'described' }, calls: [expect.anything()] });
  });

  it('never described and failing: unknown; AccessDenied and ResourceNotFound are configuration errors', async () => {
    const pool = twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()));
    const clock = { now: 3_000_000 };
    const cache = describedClients(() => clock.now);
    twin.faults.add({ operation: 'DescribeUserPoolClient', kind: 'internal_error', poolId: pool.id, times: 1 });
    expect((await ask(pool, clock, cache, 'web')).answer).toEqual({ capabilities: 'unavailable', source: 'unknown', failure: { error: 'InternalErrorException', kind: 'unavailable' } });
    // A client id Cognito does not know (deleted, or another pool's): ResourceNotFoundException.
    const opened = open(pool, clock);
    expect(await cache.answer(pool.id, '1example23456789deleted0client', () => opened.directory)).toEqual({
      capabilities: 'unavailable',
      source: 'unknown',
      failure: { error: 'ResourceNotFoundException', kind: 'configuration' },
    });
  });
});

describe('ListUsers page budget (review finding 10)', () => {
  it('stops after maxPages pages and says the listing is incomplete; reads to the end within the budget', async () => {
    const pool = twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()), { listUsersPaging: 'full' });
    for (let i = 0; i < 130; i += 1) seedNative(pool, `user${i}`, 'same@gmail.com', { status: 'UNCONFIRMED' });
    const clock = { now: 0 };
    const capped = open(pool, clock);
    const partial = await capped.directory.listUsers('email = "same@gmail.com"', 2);
    expect(partial).toMatchObject({ pages: 2, complete: false });
    expect(partial.users).toHaveLength(120);
    expect(capped.calls.map((c) => c.operation)).toEqual(['ListUsers', 'ListUsers']);
    const whole = await open(pool, clock).directory.listUsers('email = "same@gmail.com"', 3);
    expect(whole).toMatchObject({ pages: 3, complete: true });
    expect(whole.users).toHaveLength(130);
  });
});

describe('a client whose SupportedIdentityProviders were never set (docs/cognito-facts.md §13)', () => {
  it('DescribeUserPoolClient omits them, so the client offers no SSO; its flows alone decide password sign-in', async () => {
    const pool = twin.createPool({
      appClients: [
        { name: 'bare', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
        { name: 'refresh-only', explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] },
      ],
    });
    const clock = { now: 9_000_000 };
    expect(await open(pool, clock).directory.describeClient(pool.clientId('bare'))).toEqual({ password: true, federated: false });
    expect(await open(pool, clock).directory.describeClient(pool.clientId('refresh-only'))).toEqual({ password: false, federated: false });
  });
});
