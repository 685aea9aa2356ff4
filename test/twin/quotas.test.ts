// The twin's request-rate quotas (twin/quotas.ts): each operation counts against its category's
// quota, account-wide across pools, and a request over it is TooManyRequestsException "Rate
// exceeded" through the real SDK. Sources: GUIDE-2023 limits.md (categories, default rates, "the
// aggregate of all requests from all user pools in your AWS account in one AWS Region", the per-pool
// 5 RPS footnote, the challenge-response allowance); docs/cognito-facts.md §7 for the categories
// inferred per operation. A fake clock makes every count exact.
import { AdminGetUserCommand, DescribeUserPoolCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { QUOTA_CATEGORIES } from '../../policy/cognito-quotas';
import { QuotaGate } from '../../twin';
import { projectPoolOptions, sdk, seedNative, useTwin } from './helpers';

const h = useTwin();
let now = 0;
afterEach(() => h.twin.quotas.configure(undefined));

async function outcome(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
    return 'ok';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('quota categories per account and Region, over the wire (GUIDE-2023 limits.md)', () => {
  test('ListUsers counts against UserList across every pool of the account: the request over the quota is TooManyRequestsException "Rate exceeded", HTTP 400', async () => {
    const a = h.twin.createPool(projectPoolOptions());
    const b = h.twin.createPool(projectPoolOptions());
    seedNative(a, 'alice', 'alice@acme.com');
    h.twin.quotas.configure({ rates: { UserList: 3 }, now: () => now });
    const client = sdk(h.twin, 1);
    try {
      const list = (poolId: string) => outcome(() => client.send(new ListUsersCommand({ UserPoolId: poolId })));
      expect([await list(a.id), await list(b.id), await list(a.id), await list(b.id)]).toEqual(['ok', 'ok', 'ok', 'TooManyRequestsException: Rate exceeded']);
      // Another category is not touched: AdminGetUser counts against UserRead.
      expect(await outcome(() => client.send(new AdminGetUserCommand({ UserPoolId: a.id, Username: 'alice' })))).toBe('ok');
      const throttled = h.twin.requests.entries.filter((entry) => entry.errorType === 'TooManyRequestsException');
      expect(throttled.at(-1)).toMatchObject({ operation: 'ListUsers', status: 400 });
      expect(h.twin.quotas.stats).toEqual({ UserList: { admitted: 3, throttled: 1 }, UserRead: { admitted: 1, throttled: 0 } });
      // The bucket refills at the rate: a third of a second later, one more request fits.
      now += 1000 / 3;
      expect(await list(b.id)).toBe('ok');
      expect(await list(b.id)).toBe('TooManyRequestsException: Rate exceeded');
    } finally {
      client.destroy();
    }
  });

  test('the SDK retries a throttled request with backoff until the quota has room again', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    // The real clock: one DescribeUserPool a second, the bucket holding one.
    h.twin.quotas.configure({ rates: { UserPoolRead: 1 } });
    const client = sdk(h.twin, 10);
    try {
      h.twin.requests.clear();
      await client.send(new DescribeUserPoolCommand({ UserPoolId: pool.id }));
      const second = await client.send(new DescribeUserPoolCommand({ UserPoolId: pool.id }));
      expect(second.$metadata.attempts).toBeGreaterThanOrEqual(2);
      const statuses = h.twin.requests.entries.map((entry) => entry.errorType ?? entry.status);
      expect(statuses[0]).toBe(200);
      expect(statuses.slice(1, -1).every((status) => status === 'TooManyRequestsException')).toBe(true);
      expect(statuses.at(-1)).toBe(200);
    } finally {
      client.destroy();
    }
  });

  test('off unless configured: no request is throttled', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    for (let i = 0; i < 40; i += 1) await h.client.send(new ListUsersCommand({ UserPoolId: pool.id }));
    expect(h.twin.quotas.enabled).toBe(false);
    expect(h.twin.quotas.stats).toEqual({});
  });
});

describe('the quota gate (twin/quotas.ts)', () => {
  const gate = (options: Parameters<QuotaGate['configure']>[0]) => {
    const quotas = new QuotaGate();
    quotas.configure({ now: () => now, ...options });
    return quotas;
  };
  const admitted = (quotas: QuotaGate, operation: string, times: number, poolId = 'eu-west-1_A') =>
    Array.from({ length: times }, () => quotas.admit(operation, poolId)).filter(Boolean).length;

  test('default rates are the documented defaults (GUIDE-2023 limits.md): UserUpdate 25 RPS, UserList 30, UserRead 120', () => {
    const quotas = gate({});
    expect(admitted(quotas, 'AdminLinkProviderForUser', 40)).toBe(QUOTA_CATEGORIES.UserUpdate.rps);
    expect(admitted(quotas, 'ListUsers', 40)).toBe(QUOTA_CATEGORIES.UserList.rps);
    expect(admitted(quotas, 'AdminGetUser', 200)).toBe(QUOTA_CATEGORIES.UserRead.rps);
    // The writes share one category: their sum is the quota (UserUpdate inferred, docs/cognito-facts.md §7).
    const shared = gate({});
    expect(admitted(shared, 'AdminDisableProviderForUser', 20) + admitted(shared, 'AdminUserGlobalSignOut', 20)).toBe(25);
  });

  test('scale multiplies every rate (a scaled clock): at scale 4, UserUpdate admits 100 a second', () => {
    const quotas = gate({ scale: 4 });
    expect(admitted(quotas, 'AdminLinkProviderForUser', 150)).toBe(100);
    now += 10;
    expect(admitted(quotas, 'AdminLinkProviderForUser', 5)).toBe(1);
  });

  test('a variant moves an inferred operation to another category: AdminUserGlobalSignOut under UserToken (120 RPS)', () => {
    const quotas = gate({ categories: { AdminUserGlobalSignOut: 'UserToken' } });
    expect(admitted(quotas, 'AdminUserGlobalSignOut', 200)).toBe(120);
    expect(admitted(quotas, 'AdminLinkProviderForUser', 40)).toBe(25);
  });

  test('footnote 1: an operation of UserPoolClientRead is also held to 5 RPS in one user pool', () => {
    const quotas = gate({});
    expect(admitted(quotas, 'DescribeUserPoolClient', 10, 'eu-west-1_A')).toBe(5);
    expect(admitted(quotas, 'DescribeUserPoolClient', 10, 'eu-west-1_B')).toBe(5);
    // Both pools' requests count against the category's 15 RPS.
    expect(admitted(quotas, 'ListUserPoolClients', 10, 'eu-west-1_C')).toBe(5);
    expect(admitted(quotas, 'ListUserPoolClients', 10, 'eu-west-1_D')).toBe(0);
  });

  test('special handling: challenge responses have three times UserAuthentication, then count against it', () => {
    const quotas = gate({ rates: { UserAuthentication: 10 } });
    expect(admitted(quotas, 'RespondToAuthChallenge', 30)).toBe(30);
    // Beyond 3 x 10, responses spend the category's own 10, shared with InitiateAuth.
    expect(admitted(quotas, 'RespondToAuthChallenge', 5)).toBe(5);
    expect(admitted(quotas, 'InitiateAuth', 10)).toBe(5);
  });

  test('operations with no category are not metered', () => {
    const quotas = gate({ rates: { UserList: 1 } });
    expect(admitted(quotas, 'NoSuchOperation', 50)).toBe(50);
  });
});
