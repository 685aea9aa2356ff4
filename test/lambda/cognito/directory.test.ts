// The real Cognito adapter (lambda/cognito/directory.ts) against the twin through the AWS SDK: the
// client-capability cache expires, caches successes only, and ListUsers stops at its page budget.
import { CLIENT_CAPABILITIES_TTL_MS, cognitoDirectory, type CognitoCall, type Directory } from '../../../lambda/cognito/directory';
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
    now: () => clock.now,
  });
  return { directory, calls };
}

describe('DescribeUserPoolClient cache (review finding 7)', () => {
  it('is kept for CLIENT_CAPABILITIES_TTL_MS (5 minutes), then asked again: a changed client is seen', async () => {
    expect(CLIENT_CAPABILITIES_TTL_MS).toBe(5 * 60 * 1000);
    const pool = twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()));
    const clock = { now: 1_000_000 };
    const clientId = pool.clientId('password');
    const first = open(pool, clock);
    expect(await first.directory.describeClient(clientId)).toEqual({ password: true, federated: false });
    clock.now += CLIENT_CAPABILITIES_TTL_MS - 1;
    const cached = open(pool, clock);
    await cached.directory.describeClient(clientId);
    expect(cached.calls).toEqual([]);
    clock.now += 1;
    const expired = open(pool, clock);
    await expired.directory.describeClient(clientId);
    expect(expired.calls).toEqual([{ operation: 'DescribeUserPoolClient', outcome: 'ok' }]);
  });

  it('caches successes only: after a failure the next invocation asks again', async () => {
    const pool = twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()));
    const clock = { now: 5_000_000 };
    twin.faults.add({ operation: 'DescribeUserPoolClient', kind: 'internal_error', times: 1, poolId: pool.id });
    const failed = open(pool, clock);
    await expect(failed.directory.describeClient(pool.clientId('web'))).rejects.toMatchObject({ name: 'CognitoCallError', kind: 'unavailable' });
    const retried = open(pool, clock);
    expect(await retried.directory.describeClient(pool.clientId('web'))).toEqual({ password: false, federated: true });
    expect(retried.calls).toEqual([{ operation: 'DescribeUserPoolClient', outcome: 'ok' }]);
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
