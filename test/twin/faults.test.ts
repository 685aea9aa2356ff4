import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTwin, type Twin, type UserPool } from '../../twin';
import { projectPoolOptions, sdk, seedNative, useTwin } from './helpers';

const h = useTwin();

function linkAlice(pool: UserPool, client: CognitoIdentityProviderClient) {
  return client.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: pool.id,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' },
      SourceUser: { ProviderName: 'AcmeEntraID', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'AbC-123' },
    }),
  );
}

describe('throttling: TooManyRequestsException, HTTP 400, retried by the SDK (standard retry, 3 attempts)', () => {
  test('two throttles then success are invisible to the caller', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const rule = h.twin.faults.add({ operation: 'ListUsers', kind: 'throttle', times: 2 });
    h.twin.requests.clear();
    const page = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id }));
    expect(page.$metadata.attempts).toBe(3);
    expect(h.twin.requests.entries.map((entry) => [entry.status, entry.errorType ?? null, entry.fault ?? null])).toEqual([
      [400, 'TooManyRequestsException', 'throttle'],
      [400, 'TooManyRequestsException', 'throttle'],
      [200, null, null],
    ]);
    expect(h.twin.faults.list.find((candidate) => candidate.id === rule.id)?.fired).toBe(2);
  });

  test('three throttles exhaust the retries: "Rate exceeded"', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    h.twin.faults.add({ operation: 'ListUsers', kind: 'throttle', times: 3, poolId: pool.id });
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400, attempts: 3 },
    });
  });

  test('faults are scoped by operation and pool', async () => {
    const a = h.twin.createPool(projectPoolOptions());
    const b = h.twin.createPool(projectPoolOptions());
    h.twin.faults.add({ operation: '*', kind: 'throttle', poolId: a.id });
    const once = sdk(h.twin, 1);
    try {
      await expect(once.send(new ListUsersCommand({ UserPoolId: a.id }))).rejects.toMatchObject({ name: 'TooManyRequestsException' });
      await expect(once.send(new ListUsersCommand({ UserPoolId: b.id }))).resolves.toBeDefined();
    } finally {
      once.destroy();
    }
  });
});

describe('internal errors: InternalErrorException, HTTP 500 (retried: 5xx is transient to the SDK)', () => {
  test('one 500 then success; with a single attempt the caller sees the 500', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'ann', 'ann@acme.com');
    h.twin.faults.add({ operation: 'AdminGetUser', kind: 'internal_error', times: 1 });
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'ann' }));
    expect(user.$metadata.attempts).toBe(2);
    h.twin.faults.add({ operation: 'AdminGetUser', kind: 'internal_error', times: 1 });
    const once = sdk(h.twin, 1);
    try {
      await expect(once.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'ann' }))).rejects.toMatchObject({
        name: 'InternalErrorException',
        $metadata: { httpStatusCode: 500 },
      });
    } finally {
      once.destroy();
    }
  });
});

describe('latency', () => {
  const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const impatientClient = (throwOnRequestTimeout: boolean) =>
    new CognitoIdentityProviderClient({
      endpoint: h.twin.endpoint,
      region: h.twin.region,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout, logger: silent },
    });

  test('added latency makes a client with a short request timeout give up, but only with throwOnRequestTimeout (@smithy/node-http-handler only warns otherwise)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    h.twin.faults.add({ operation: 'ListUsers', kind: 'latency', latencyMs: 400 });
    const warnsOnly = impatientClient(false);
    const throws = impatientClient(true);
    try {
      await expect(warnsOnly.send(new ListUsersCommand({ UserPoolId: pool.id }))).resolves.toMatchObject({ Users: [] });
      await expect(throws.send(new ListUsersCommand({ UserPoolId: pool.id }))).rejects.toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    } finally {
      warnsOnly.destroy();
      throws.destroy();
    }
    await h.twin.idle();
    const patient = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id }));
    expect(patient.Users).toEqual([]);
    expect(h.twin.requests.filter({ poolId: pool.id }).every((entry) => entry.fault === 'latency')).toBe(true);
  });
});

describe('lost responses: the write is applied, the answer never arrives', () => {
  test.each(['destroy_socket', 'internal_error'] as const)('%s: the SDK retries and the retry meets the link it already made (reference §4)', async (lostResponseAs) => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'alice', 'alice@acme.com');
    h.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'lost_response', times: 1, lostResponseAs });
    await expect(linkAlice(pool, h.client)).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'SourceUser is already linked to DestinationUser' });
    expect(pool.user('alice')?.identities).toEqual([{ providerName: 'AcmeEntraID', userId: 'AbC-123', primary: false }]);
    const attempts = pool.requests.filter((entry) => entry.operation === 'AdminLinkProviderForUser');
    expect(attempts.map((entry) => entry.status)).toEqual([lostResponseAs === 'destroy_socket' ? 0 : 500, 400]);
  });

  test('with one attempt the caller sees a network error although the link exists', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'alice', 'alice@acme.com');
    h.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'lost_response', times: 1 });
    const once = sdk(h.twin, 1);
    try {
      await expect(linkAlice(pool, once)).rejects.toMatchObject({ message: expect.stringMatching(/socket hang up/) });
    } finally {
      once.destroy();
    }
    expect(pool.user('alice')?.identities).toHaveLength(1);
  });
});

describe('probabilistic faults are deterministic for a seed', () => {
  async function pattern(seed: number): Promise<boolean[]> {
    const twin: Twin = await startTwin({ seed });
    const client = sdk(twin, 1);
    try {
      const pool = twin.createPool(projectPoolOptions());
      twin.faults.add({ operation: 'ListUsers', kind: 'throttle', probability: 0.5 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 16; i++) {
        outcomes.push(await client.send(new ListUsersCommand({ UserPoolId: pool.id })).then(() => true, () => false));
      }
      return outcomes;
    } finally {
      client.destroy();
      await twin.stop();
    }
  }

  test('the same seed throttles the same requests; the pattern is mixed', async () => {
    const first = await pattern(11);
    expect(await pattern(11)).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  test('rules are validated', () => {
    expect(() => h.twin.faults.add({ operation: 'ListUsers', kind: 'throttle', probability: 2 })).toThrow(/probability/);
    expect(() => h.twin.faults.add({ operation: 'ListUsers', kind: 'latency' })).toThrow(/latencyMs/);
  });
});
