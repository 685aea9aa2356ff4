// Pre authentication and pre sign-up on the twin with the built trigger: password sign-in refused
// for users whose tenant requires SSO, and a linked user's SSO sign-in NEVER refused, under every
// setting of the switches that decide what pre authentication receives (docs/cognito-facts.md §1,
// §12: undocumented; twin switches (a), (e), (i)).
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describeSwitches, SWITCH_VALUES, switchCombinations, type UserPool } from '../../../twin';
import { acmeClaims, decisionLogs, globexClaims, googleClaims, lastDecision, PASSWORD, seedNative, useE2E } from './harness';

const e2e = useE2E(51);

function seedTenants(pool: UserPool): void {
  pool.seedUser({
    username: 'alice',
    password: PASSWORD,
    attributes: { email: 'alice@acme.com', email_verified: 'true' },
    linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'Alice-Oid', signedIn: true }],
  });
  pool.seedUser({
    username: 'acme-breakglass',
    password: PASSWORD,
    attributes: { email: 'it@acme.com', email_verified: 'true' },
    linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'It-Oid', signedIn: true }],
  });
  seedNative(pool, 'dave', 'dave@acme.com');
  seedNative(pool, 'bob', 'bob@globex.example');
  seedNative(pool, 'oncall', 'platform-oncall@globex.example');
  pool.seedUser({
    username: 'carol',
    password: PASSWORD,
    attributes: { email: 'carol@gmail.com', email_verified: 'true' },
    linkedIdentities: [{ provider: 'Google', subject: '1048', signedIn: true }],
  });
  seedNative(pool, 'erin', 'erin@example.org');
  pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'GlobexOkta', subject: '00uFedOnly' }, attributes: { email: 'fed@globex.example' } });
}

const password = (pool: UserPool, username: string) => pool.passwordSignIn({ username, password: PASSWORD, client: 'password' });
const refusedWith = (provider: string) => ({
  ok: false,
  error: { type: 'UserLambdaValidationException', message: expect.stringMatching(new RegExp(`^PreAuthentication failed with error SSO_REQUIRED\\(${provider}\\): .+\\.$`)) },
});

describe.each(
  switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities', 'linkedUsernameLookup']).map((s) => [describeSwitches(s), s] as const),
)('under %s', (_label, switches) => {
  let pool: UserPool;
  beforeAll(() => {
    pool = e2e.pool({ switches });
    seedTenants(pool);
  });

  it('a linked user\'s SSO sign-in is never refused, first or later', async () => {
    for (let i = 0; i < 2; i += 1) {
      const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Alice-Oid', claims: acmeClaims('Alice-Oid', 'alice@acme.com'), client: 'web' });
      expect(result).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
    }
    if (switches.linkedIdentityPreAuth !== 'not_invoked') expect(lastDecision(pool)).toMatchObject({ reason: 'federated_sign_in', decision: 'continue' });
    // The SSO client cannot do a password sign-in, so blocking needs no AdminGetUser. Acme refuses
    // other providers (sign_in_methods), so a sign-in Cognito names by the native username, with
    // identities absent from the event, reads them once: a Google identity on alice would be refused.
    const readsIdentities = switches.linkedIdentityPreAuth === 'native_username' && switches.preAuthIdentities === 'absent';
    for (const log of decisionLogs(pool)) expect(log.cognito_calls.names.filter((name: string) => name === 'AdminGetUser')).toHaveLength(readsIdentities ? 1 : 0);
  });

  it('the same user\'s password sign-in on the password client is refused with the tenant\'s message', async () => {
    expect(await password(pool, 'alice')).toMatchObject(refusedWith('AcmeEntraID'));
    expect(lastDecision(pool)).toMatchObject({ reason: 'native_blocked', tenant: 'acme-corp', refusal: 'SSO_REQUIRED' });
  });

  it('an unlinked user of a block_linked_users tenant signs in with a password', async () => {
    expect(await password(pool, 'dave')).toMatchObject({ ok: true });
    expect(lastDecision(pool)).toMatchObject({ reason: 'not_blocked' });
  });

  it('block_tenant_domains refuses every password sign-in in the domain, except the exempt', async () => {
    expect(await password(pool, 'bob')).toMatchObject(refusedWith('GlobexOkta'));
    expect(await password(pool, 'oncall')).toMatchObject({ ok: true });
    expect(lastDecision(pool)).toMatchObject({ reason: 'exempt' });
  });

  it('the break-glass user of a blocking tenant keeps the password', async () => {
    expect(await password(pool, 'acme-breakglass')).toMatchObject({ ok: true });
    expect(lastDecision(pool)).toMatchObject({ reason: 'exempt' });
  });

  it('tenants that allow passwords, and users of no tenant, are not blocked', async () => {
    expect(await password(pool, 'carol')).toMatchObject({ ok: true });
    expect(await password(pool, 'erin')).toMatchObject({ ok: true });
    expect(await pool.federatedSignIn({ provider: 'Google', subject: '1048', claims: googleClaims('carol@gmail.com'), client: 'web' })).toMatchObject({ ok: true, username: 'carol' });
  });

  it('a federated-only user\'s later sign-in is allowed without a call', async () => {
    const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uFedOnly', claims: globexClaims('00uFedOnly', 'fed@globex.example'), client: 'web' });
    expect(result).toMatchObject({ ok: true, via: 'federated_user' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'federated_sign_in', cognito_calls: { count: 0 } });
  });

  it('costs: no DescribeUserPoolClient (the stack\'s clients are in the configuration, read once per container); AdminGetUser only when identities are absent from events', () => {
    const logs = decisionLogs(pool).filter((log) => log.trigger_source === 'PreAuthentication_Authentication');
    const describes = logs.flatMap((log) => log.cognito_calls.names).filter((name: string) => name === 'DescribeUserPoolClient');
    expect(describes).toEqual([]);
    for (const log of logs.filter((l) => l.client !== undefined)) expect(log.client_source).toBe('configuration');
    const containers = new Set(pool.invocations.entries.map((entry) => entry.container?.id));
    const reads = decisionLogs(pool).flatMap((log) => log.config_calls ?? []);
    // At most one read per container (a container Lambda ended mid-run logs nothing).
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(containers.size);
    expect(new Set(reads)).toEqual(new Set(['GetParameters']));
    const getUsers = logs.flatMap((log) => log.cognito_calls.names).filter((name: string) => name === 'AdminGetUser');
    if (switches.preAuthIdentities === 'present') expect(getUsers.length).toBeLessThanOrEqual(1);
  });
});

// Review finding 2, issue 13: the stack's clients are known from the configuration, so a failing
// DescribeUserPoolClient changes nothing: SSO sign-ins go through, blocked passwords stay blocked.
describe.each(
  switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities', 'linkedUsernameLookup']).map((s) => [describeSwitches(s), s] as const),
)('DescribeUserPoolClient failing, the stack\'s clients configured, under %s', (_label, switches) => {
  let pool: UserPool;
  beforeAll(() => {
    pool = e2e.pool({ switches });
    seedTenants(pool);
    seedGail(pool);
  });
  beforeEach(() => e2e.twin.faults.add({ operation: 'DescribeUserPoolClient', kind: 'internal_error', poolId: pool.id }));

  it('linked users\' SSO sign-ins go through, decided by the configuration', async () => {
    const alice = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Alice-Oid', claims: acmeClaims('Alice-Oid', 'alice@acme.com'), client: 'web' });
    expect(alice).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
    if (switches.linkedIdentityPreAuth !== 'not_invoked') expect(lastDecision(pool)).toMatchObject({ decision: 'continue', reason: 'federated_sign_in', client_source: 'configuration' });
    const gail = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uGail', claims: globexClaims('00uGail', 'gail@globex.example'), client: 'web' });
    expect(gail).toMatchObject({ ok: true, via: 'linked', username: 'gail' });
  });

  it('a linked user\'s password sign-in is refused with SSO_REQUIRED, and so is an unlinked one in a blocked domain', async () => {
    expect(await password(pool, 'alice')).toMatchObject(refusedWith('AcmeEntraID'));
    expect(lastDecision(pool)).toMatchObject({ reason: 'native_blocked', client: 'password', client_source: 'configuration' });
    expect(await password(pool, 'bob')).toMatchObject(refusedWith('GlobexOkta'));
    for (const log of decisionLogs(pool)) expect(log.cognito_calls.names).not.toContain('DescribeUserPoolClient:InternalErrorException');
  });
});

// Clients created elsewhere (no client-kinds map) while DescribeUserPoolClient fails and nothing
// was described before: the kind is unknown. A fail_closed tenant's blocked password never goes
// through; no sign-in is ever refused with SSO_REQUIRED unless it is provably a password one. The
// price, documented: a linked user's SSO sign-in whose event carries the native username (switch a)
// meets the tenant's fail mode (TRY_AGAIN for fail_closed) until Cognito answers again.
describe.each(
  switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities', 'linkedUsernameLookup']).map((s) => [describeSwitches(s), s] as const),
)('DescribeUserPoolClient failing, no client-kinds map, under %s', (_label, switches) => {
  let pool: UserPool;
  beforeAll(() => {
    pool = e2e.pool({ switches, parameters: 'key_only' });
    seedTenants(pool);
    seedGail(pool);
  });
  beforeEach(() => e2e.twin.faults.add({ operation: 'DescribeUserPoolClient', kind: 'internal_error', poolId: pool.id }));

  it('a linked user\'s SSO sign-in is never refused with SSO_REQUIRED; it goes through unless only the fail mode can decide', async () => {
    for (const [provider, subject, claims, username] of [
      ['AcmeEntraID', 'Alice-Oid', acmeClaims('Alice-Oid', 'alice@acme.com'), 'alice'],
      ['GlobexOkta', '00uGail', globexClaims('00uGail', 'gail@globex.example'), 'gail'],
    ] as const) {
      const result = await pool.federatedSignIn({ provider, subject, claims, client: 'web' });
      if (result.ok) {
        expect(result).toMatchObject({ via: 'linked', username });
        continue;
      }
      expect(switches.linkedIdentityPreAuth).toBe('native_username');
      expect(result.errorDescription).toMatch(/^PreAuthentication failed with error TRY_AGAIN: /);
      expect(lastDecision(pool)).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', client_source: 'unknown' });
    }
  });

  it('a fail_closed tenant\'s blocked password never goes through: SSO_REQUIRED when provable, TRY_AGAIN otherwise', async () => {
    expect(await password(pool, 'bob')).toMatchObject(refusedWith('GlobexOkta'));
    const alice = await password(pool, 'alice');
    expect(alice).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^PreAuthentication failed with error TRY_AGAIN: /) } });
    expect(lastDecision(pool)).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', client_source: 'unknown' });
    // Not asked again on every invocation: the failed describe backs off.
    const describes = decisionLogs(pool).flatMap((log) => log.cognito_calls.names).filter((name: string) => name.startsWith('DescribeUserPoolClient'));
    const containers = new Set(pool.invocations.entries.map((entry) => entry.container?.id));
    expect(describes.length).toBeLessThanOrEqual(2 * containers.size);
  });
});

function seedGail(pool: UserPool): void {
  pool.seedUser({
    username: 'gail',
    password: PASSWORD,
    attributes: { email: 'gail@globex.example', email_verified: 'true' },
    linkedIdentities: [{ provider: 'GlobexOkta', subject: '00uGail', signedIn: true }],
  });
}

describe('PreSignUp_SignUp and PreSignUp_AdminCreateUser', () => {
  it('password self sign-up in a blocking tenant\'s domain is refused; elsewhere allowed; AdminCreateUser allowed', async () => {
    const pool = e2e.pool();
    const refused = await pool.signUp({ username: 'newbie', password: PASSWORD, client: 'password', attributes: { email: 'newbie@acme.co.uk' } });
    expect(refused).toMatchObject({
      ok: false,
      error: { type: 'UserLambdaValidationException', message: 'PreSignUp failed with error SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on. Choose "Sign in with Acme" and use your work account.' },
    });
    expect(lastDecision(pool)).toMatchObject({ reason: 'sign_up_blocked', tenant: 'acme-corp', cognito_calls: { count: 0 } });
    expect(await pool.signUp({ username: 'consumer', password: PASSWORD, client: 'password', attributes: { email: 'consumer@gmail.com' } })).toMatchObject({ ok: true });
    expect(lastDecision(pool)).toMatchObject({ reason: 'sign_up_allowed' });

    const sdk = new CognitoIdentityProviderClient({ endpoint: e2e.twin.endpoint, region: e2e.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      await sdk.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: 'contractor', UserAttributes: [{ Name: 'email', Value: 'contractor@acme.com' }], MessageAction: 'SUPPRESS' }));
    } finally {
      sdk.destroy();
    }
    expect(lastDecision(pool)).toMatchObject({ reason: 'admin_create_allowed', tenant: 'acme-corp' });
    expect(pool.usernames).toEqual(['consumer', 'contractor']);
  });
});

describe('review regressions: the client decides, not the username or a rewritable email', () => {
  const adminSdk = () => new CognitoIdentityProviderClient({ endpoint: e2e.twin.endpoint, region: e2e.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

  it.each(SWITCH_VALUES.linkedIdentityPreAuth.map((mode) => [mode]))(
    'a native user named like Cognito\'s federated name for its own linked identity is still blocked on the password client (finding 1, linkedIdentityPreAuth=%s)',
    async (mode) => {
      const pool = e2e.pool({ switches: { linkedIdentityPreAuth: mode } });
      pool.seedUser({
        username: 'acmeentraid_oid-bob-42',
        password: PASSWORD,
        attributes: { email: 'bob@acme.com', email_verified: 'true' },
        linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'Oid-Bob-42' }],
      });
      const sso = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Oid-Bob-42', claims: acmeClaims('Oid-Bob-42', 'bob@acme.com'), client: 'web' });
      expect(sso).toMatchObject({ ok: true, username: 'acmeentraid_oid-bob-42' });
      expect(await password(pool, 'acmeentraid_oid-bob-42')).toMatchObject(refusedWith('AcmeEntraID'));
      expect(lastDecision(pool)).toMatchObject({ reason: 'native_blocked', decision: 'refuse' });
    },
  );

  it.each([
    ['acme (block_linked_users)', 'AcmeEntraID', 'Zed-1', 'zed@acme.com', 'acmeentraid_zed-1'],
    ['globex (block_tenant_domains)', 'GlobexOkta', '00uZed', 'zed@globex.example', 'globexokta_00uzed'],
  ])('%s: a federated profile given a password (AdminSetUserPassword: CONFIRMED, LINKING) is blocked on the password client (finding 1)', async (_label, provider, subject, email, username) => {
    const pool = e2e.pool();
    pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider, subject }, attributes: { email } });
    expect(pool.usernames).toEqual([username]);
    const sdk = adminSdk();
    try {
      await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.id, Username: username, Password: PASSWORD, Permanent: true }));
    } finally {
      sdk.destroy();
    }
    expect(pool.user(username)?.status).toBe('CONFIRMED');
    expect(await password(pool, username)).toMatchObject(refusedWith(provider));
    expect(lastDecision(pool)).toMatchObject({ reason: 'native_blocked' });
  });

  it.each(switchCombinations(['preAuthIdentities']).map((s) => [describeSwitches(s), s]))(
    'an IdP-rewritten email neither exempts a linked user nor takes it out of block_tenant_domains (finding 4, %s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      pool.seedUser({
        username: 'gina',
        password: PASSWORD,
        attributes: { email: 'gina@globex.example', email_verified: 'true' },
        linkedIdentities: [{ provider: 'GlobexOkta', subject: '00uGina', signedIn: true }],
      });
      // Okta now asserts the exempt on-call address, unverified; Cognito writes it onto gina.
      expect(await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uGina', claims: globexClaims('00uGina', 'platform-oncall@globex.example', false), client: 'web' })).toMatchObject({
        ok: true,
        username: 'gina',
      });
      expect(pool.user('gina')!.attributes).toMatchObject({ email: 'platform-oncall@globex.example', email_verified: 'false' });
      expect(await password(pool, 'gina')).toMatchObject(refusedWith('GlobexOkta'));
      expect(lastDecision(pool)).toMatchObject({ reason: 'native_blocked' });
      // Then an address outside Globex's domains: still a linked Globex user.
      await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uGina', claims: globexClaims('00uGina', 'gina@elsewhere.example'), client: 'web' });
      expect(pool.user('gina')!.attributes).toMatchObject({ email: 'gina@elsewhere.example' });
      expect(await password(pool, 'gina')).toMatchObject(refusedWith('GlobexOkta'));
    },
  );

  it('sign-up: a username in a provider\'s federated name space is refused with USERNAME_RESERVED (finding 1)', async () => {
    const pool = e2e.pool();
    const refused = await pool.signUp({ username: 'AcmeEntraID_oid-bob-42', password: PASSWORD, client: 'password', attributes: { email: 'bob@elsewhere.example' } });
    expect(refused).toMatchObject({
      ok: false,
      error: { type: 'UserLambdaValidationException', message: 'PreSignUp failed with error USERNAME_RESERVED: This username is not available. Please choose another.' },
    });
    expect(lastDecision(pool)).toMatchObject({ reason: 'username_reserved', provider: 'AcmeEntraID', cognito_calls: { count: 0 } });
    expect(pool.usernames).toEqual([]);
  });

  it.each(['bob@acme.com.', 'bob@eu.acme.com', 'BOB@ACME.CO.UK'])('sign-up: %s is read as Acme\'s and refused (finding 9)', async (email) => {
    const pool = e2e.pool();
    const result = await pool.signUp({ username: 'bob', password: PASSWORD, client: 'password', attributes: { email } });
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^PreSignUp failed with error SSO_REQUIRED\(AcmeEntraID\)/) } });
    expect(lastDecision(pool)).toMatchObject({ reason: 'sign_up_blocked', tenant: 'acme-corp' });
  });
});
