import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTwin, type UserPool } from '../../twin';
import { projectPoolOptions, sdk, seedNative, useTwin } from './helpers';

const h = useTwin();

/** Every timer API but Date, for tests that move the clock under a running twin. */
const REAL_TIMERS: NonNullable<FakeTimersConfig['doNotFake']> = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

async function usernames(pool: UserPool, filter: string, client: CognitoIdentityProviderClient = h.client): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: filter, PaginationToken: token }));
    names.push(...(page.Users ?? []).map((user) => user.Username as string));
    token = page.PaginationToken;
  } while (token);
  return names.sort();
}

function parseError(filter: string, pool: UserPool) {
  return expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: filter }))).rejects;
}

describe('ListUsers filter grammar (MODEL ListUsers: `AttributeName Filter-Type "AttributeValue"`)', () => {
  let pool: UserPool;
  beforeAll(() => {
    pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'amy', 'amy@acme.com', { given_name: 'Amy' });
    seedNative(pool, 'amos', 'amos@acme.com', { given_name: 'Amos' });
    seedNative(pool, 'quote', 'o"brien\\x@acme.com');
    pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '42' }, attributes: { email: 'amy@acme.com' } });
  });

  test('exact match with or without spaces, prefix match with ^=, empty filter lists everyone (MODEL ListUsers; reference §7)', async () => {
    expect(await usernames(pool, 'given_name = "Amy"')).toEqual(['amy']);
    expect(await usernames(pool, 'given_name="Amy"')).toEqual(['amy']);
    expect(await usernames(pool, 'given_name ^= "Am"')).toEqual(['amos', 'amy']);
    expect(await usernames(pool, '')).toEqual(['amos', 'amy', 'google_42', 'quote']);
  });

  test('federated (EXTERNAL_PROVIDER) users are listed too; the same email can match several users', async () => {
    expect(await usernames(pool, 'email = "amy@acme.com"')).toEqual(['amy', 'google_42']);
    expect(await usernames(pool, 'cognito:user_status = "EXTERNAL_PROVIDER"')).toEqual(['google_42']);
  });

  test('escapes: \\" and \\\\ inside the value (MODEL documents \\"; reference §7 advises both)', async () => {
    expect(await usernames(pool, 'email = "o\\"brien\\\\x@acme.com"')).toEqual(['quote']);
  });

  test('malformed filters: "Error while parsing filter." (aws-sdk-php #1088; moto test_list_users_incorrect_filter)', async () => {
    for (const filter of ['username = foo', 'username=', 'email = "unterminated', 'email = "a" junk', 'email = "bad \\n escape"', 'email != "x"']) {
      await parseError(filter, pool).toMatchObject({ name: 'InvalidParameterException', message: 'Error while parsing filter.' });
    }
  });

  test('only the searchable standard attributes: custom attributes and identities are refused (MODEL; moto test_list_users_invalid_attributes)', async () => {
    await parseError('custom:idp_sub = "x"', pool).toMatchObject({ message: 'Invalid search attribute: custom:idp_sub' });
    await parseError('identities ^= "x"', pool).toMatchObject({ message: 'Invalid search attribute: identities' });
  });

  test('AttributesToGet returns only the named attributes (MODEL ListUsers)', async () => {
    const page = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'username = "amy"', AttributesToGet: ['email'] }));
    expect(page.Users?.[0]?.Attributes).toEqual([{ Name: 'email', Value: 'amy@acme.com' }]);
  });
  test('AttributesToGet [] returns every attribute, like no AttributesToGet (docs/cognito-facts.md §13)', async () => {
    const page = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'username = "amy"', AttributesToGet: [] }));
    expect(page.Users?.[0]?.Attributes?.map((a) => a.Name)).toEqual(['sub', 'email', 'email_verified', 'given_name']);
  });

  test('AttributesToGet naming an attribute a listed user lacks is an error; a non-searchable one must be set on every user (MODEL ListUsers AttributesToGet)', async () => {
    await expect(
      h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'given_name ^= "Am"', AttributesToGet: ['given_name'] })),
    ).resolves.toMatchObject({ Users: expect.any(Array) });
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'username = "quote"', AttributesToGet: ['given_name'] }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'username = "amy"', AttributesToGet: ['custom:idp_sub'] }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  test('the listing order is seeded and unrelated to creation order ([INF]: the API promises none)', async () => {
    const listed = async (seed: number) => {
      const twin = await startTwin({ seed });
      const client = sdk(twin);
      try {
        const p = twin.createPool(projectPoolOptions({ listUsersPaging: 'full' }));
        for (let i = 0; i < 8; i++) p.seedUser({ username: `n${i}` });
        const page = await client.send(new ListUsersCommand({ UserPoolId: p.id }));
        return (page.Users ?? []).map((user) => user.Username);
      } finally {
        client.destroy();
        await twin.stop();
      }
    };
    const first = await listed(5);
    expect(await listed(5)).toEqual(first);
    expect(first).not.toEqual([...first].sort());
    expect(await listed(6)).not.toEqual(first);
  });
});

describe('ListUsers case rules', () => {
  test.each([
    ['case_insensitive', ['mixed']],
    ['case_sensitive', []],
  ] as const)('switch (d) listUsersEmailMatch=%s: email "user@example.com" vs stored "User@Example.com" (ministack PR #1465 vs the API reference)', async (listUsersEmailMatch, expected) => {
    const pool = h.twin.createPool(projectPoolOptions({ switches: { listUsersEmailMatch } }));
    seedNative(pool, 'mixed', 'User@Example.com');
    expect(await usernames(pool, 'email = "user@example.com"')).toEqual(expected);
    expect(await usernames(pool, 'email = "User@Example.com"')).toEqual(['mixed']);
  });

  test('preferred_username and the name attributes ignore case in a case-insensitive pool, not in a case-sensitive one (MODEL UsernameConfigurationType; GUIDE-2023 "All searches are case-insensitive")', async () => {
    const insensitive = h.twin.createPool(projectPoolOptions());
    const sensitive = h.twin.createPool(projectPoolOptions({ caseSensitive: true }));
    for (const pool of [insensitive, sensitive]) {
      pool.seedUser({ username: 'pat', attributes: { preferred_username: 'PatQ', name: 'Pat Quinn', given_name: 'Pat', family_name: 'Quinn' } });
    }
    for (const filter of ['preferred_username = "patq"', 'name = "pat quinn"', 'given_name = "PAT"', 'family_name ^= "qu"']) {
      expect([filter, await usernames(insensitive, filter)]).toEqual([filter, ['pat']]);
      expect([filter, await usernames(sensitive, filter)]).toEqual([filter, []]);
    }
    expect(await usernames(sensitive, 'preferred_username = "PatQ"')).toEqual(['pat']);
  });

  test('phone_number and sub match exactly', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const { sub } = pool.seedUser({ username: 'ph', attributes: { phone_number: '+15550100' } });
    expect(await usernames(pool, `sub = "${sub.toUpperCase()}"`)).toEqual([]);
    expect(await usernames(pool, `sub = "${sub}"`)).toEqual(['ph']);
  });

  test('cognito:user_status ignores case; status (Enabled/Disabled) does not (MODEL ListUsers)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'on', 'on@acme.com');
    pool.seedUser({ username: 'off', enabled: false, password: 'Passw0rd!' });
    expect(await usernames(pool, 'cognito:user_status = "confirmed"')).toEqual(['off', 'on']);
    expect(await usernames(pool, 'status = "Disabled"')).toEqual(['off']);
    expect(await usernames(pool, 'status = "disabled"')).toEqual([]);
  });

  test('username follows the pool case rule (GUIDE-2023 user-pool-case-sensitivity; reference §7, §10)', async () => {
    const insensitive = h.twin.createPool(projectPoolOptions());
    const sensitive = h.twin.createPool(projectPoolOptions({ caseSensitive: true }));
    for (const pool of [insensitive, sensitive]) pool.seedUser({ username: 'Quinn' });
    expect(await usernames(insensitive, 'username = "quinn"')).toEqual(['Quinn']);
    expect(await usernames(sensitive, 'username = "quinn"')).toEqual([]);
  });
});

describe('ListUsers paging (MODEL: a page may hold fewer than Limit users and still have more)', () => {
  async function pageSizes(seed: number): Promise<number[]> {
    const twin = await startTwin({ seed });
    const client = sdk(twin);
    try {
      const pool = twin.createPool(projectPoolOptions());
      for (let i = 0; i < 12; i++) seedNative(pool, `user${String(i).padStart(2, '0')}`, `same@acme.com`);
      const sizes: number[] = [];
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'email = "same@acme.com"', Limit: 5, PaginationToken: token }));
        sizes.push(page.Users?.length ?? 0);
        seen.push(...(page.Users ?? []).map((user) => user.Username as string));
        token = page.PaginationToken;
      } while (token);
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      return sizes;
    } finally {
      client.destroy();
      await twin.stop();
    }
  }

  test('short pages are seeded: the same seed gives the same pages, and callers must follow PaginationToken (reference §7)', async () => {
    const first = await pageSizes(3);
    expect(await pageSizes(3)).toEqual(first);
    expect(first.every((size) => size >= 1 && size <= 5)).toBe(true);
    // Some page before the last one is short, yet a token followed it.
    expect(first.slice(0, -1).some((size) => size < 5)).toBe(true);
  });

  test("listUsersPaging 'full' returns pages of Limit (for call-count benchmarks)", async () => {
    const pool = h.twin.createPool(projectPoolOptions({ listUsersPaging: 'full' }));
    for (let i = 0; i < 7; i++) pool.seedUser({ username: `u${i}` });
    const page = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Limit: 5 }));
    expect(page.Users).toHaveLength(5);
    const rest = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Limit: 5, PaginationToken: page.PaginationToken }));
    expect(rest.Users).toHaveLength(2);
    expect(rest.PaginationToken).toBeUndefined();
  });

  test('listUsersLagMs: a just-created user is not listed yet, AdminGetUser finds it (MODEL: ListUsers is eventually consistent)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ listUsersLagMs: 60_000 }));
    seedNative(pool, 'fresh', 'fresh@acme.com');
    expect(await usernames(pool, 'email = "fresh@acme.com"')).toEqual([]);
    expect(pool.user('fresh')).toBeDefined();
  });

  test('listUsersLagMs: changed attributes, status, enabled flag, links and deletions are listed as they were; AdminGetUser is current (MODEL: "use AdminGetUser to check one user")', async () => {
    // Only Date is faked: the lag is measured on the clock, while the SDK and the server keep real timers.
    jest.useFakeTimers({ doNotFake: REAL_TIMERS, now: Date.now() });
    try {
      await staleListing();
    } finally {
      jest.useRealTimers();
    }
  });

  async function staleListing() {
    const pool = h.twin.createPool(projectPoolOptions({ listUsersLagMs: 60_000 }));
    seedNative(pool, 'old', 'old@acme.com');
    seedNative(pool, 'gone', 'gone@acme.com');
    jest.setSystemTime(Date.now() + 120_000);
    const listed = async (filter: string) => {
      const page = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: filter, Limit: 60 }));
      return page.Users ?? [];
    };
    expect((await listed('username = "old"'))[0]).toMatchObject({ UserStatus: 'CONFIRMED', Enabled: true });

    await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'old', UserAttributes: [{ Name: 'email_verified', Value: 'false' }] }));
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: pool.id, Username: 'old' }));
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.id, Username: 'old', Password: 'Temp0rary!', Permanent: false }));
    await h.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: pool.id,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'old' },
        SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '4242' },
      }),
    );
    await h.client.send(new AdminDeleteUserCommand({ UserPoolId: pool.id, Username: 'gone' }));

    const [stale] = await listed('username = "old"');
    expect(stale).toMatchObject({ UserStatus: 'CONFIRMED', Enabled: true });
    expect(Object.fromEntries((stale?.Attributes ?? []).map((a) => [a.Name, a.Value]))).toMatchObject({ email_verified: 'true' });
    expect(stale?.Attributes?.some((a) => a.Name === 'identities')).toBe(false);
    expect(await listed('username = "gone"')).toHaveLength(1);

    const current = await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'old' }));
    expect(current).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: false });
    expect(current.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'false' }, expect.objectContaining({ Name: 'identities' })]));
    await expect(h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'gone' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });

    // Once the lag has passed, ListUsers shows the changes.
    jest.setSystemTime(Date.now() + 60_000);
    const [fresh] = await listed('username = "old"');
    expect(fresh).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: false });
    expect(fresh?.Attributes?.some((a) => a.Name === 'identities')).toBe(true);
    expect(await listed('username = "gone"')).toEqual([]);
  }

  test('without AttributesToGet every attribute is listed, identities included ("Amazon Cognito returns all attributes for each user", MODEL ListUsers)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    pool.seedUser({ username: 'lin', attributes: { email: 'lin@acme.com', email_verified: 'true' }, linkedIdentities: [{ provider: 'Google', subject: '77' }] });
    const page = await h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: 'username = "lin"' }));
    const attributes = Object.fromEntries((page.Users?.[0]?.Attributes ?? []).map((a) => [a.Name, a.Value]));
    expect(Object.keys(attributes).sort()).toEqual(['email', 'email_verified', 'identities', 'sub']);
    expect(JSON.parse(attributes['identities'] as string)).toEqual([expect.objectContaining({ providerName: 'Google', userId: '77', primary: false })]);
  });

  test('a token from another pool is refused', async () => {
    const a = h.twin.createPool(projectPoolOptions({ listUsersPaging: 'full' }));
    const b = h.twin.createPool(projectPoolOptions());
    for (let i = 0; i < 3; i++) a.seedUser({ username: `u${i}` });
    const page = await h.client.send(new ListUsersCommand({ UserPoolId: a.id, Limit: 1 }));
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: b.id, PaginationToken: page.PaginationToken }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
