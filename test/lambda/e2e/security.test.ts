// The security catalogue, each on the twin with the built trigger, each ending with no
// wrong link (docs/cognito-facts.md §11, docs/peers.md "Cognito OSS triggers").
import {
  AdminDisableUserCommand,
  AdminLinkProviderForUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CompiledPolicySet } from '../../../policy/compiled';
import { describeSwitches, switchCombinations, type UserPool } from '../../../twin';
import { acmeClaims, cognitoCalls, decisionLogs, examplePolicies, globexClaims, googleClaims, identitiesOf, lastDecision, PASSWORD, seedNative, useE2E } from './harness';

const e2e = useE2E(31);

/** No user in the pool holds an identity except the ones listed. */
function expectLinks(pool: UserPool, expected: Record<string, { providerName: string; userId: string }[]>) {
  for (const username of pool.usernames) {
    const user = pool.user(username)!;
    if (user.status === 'EXTERNAL_PROVIDER') continue;
    expect({ username, identities: identitiesOf(pool, username) }).toEqual({ username, identities: expected[username] ?? [] });
  }
}

/** The example policies with a change; a new digest so the built artifact is the variant's. */
function variant(name: string, mutate: (set: { -readonly [K in keyof CompiledPolicySet]: any }) => void): CompiledPolicySet {
  const set = structuredClone(examplePolicies()) as { -readonly [K in keyof CompiledPolicySet]: any };
  mutate(set);
  set.digest = `${name}-${set.digest}`.slice(0, 64);
  return set as CompiledPolicySet;
}

/**
 * The examples with every tenant allowing every provider, for linking's own cross-tenant gates:
 * acme and globex refuse other providers first (sign_in_methods; test/lambda/e2e/sign-in-methods.test.ts).
 */
const everyProviderAllowed = () =>
  variant('open', (set) => {
    for (const tenant of Object.values(set.tenants) as { sign_in_methods: unknown }[]) tenant.sign_in_methods = { own_providers: 'allow', other_providers: 'allow' };
  });

describe('security catalogue: no wrong link', () => {
  it.each([
    ['UNCONFIRMED', { status: 'UNCONFIRMED' as const }, 'unconfirmed'],
    ['unverified', { verified: false }, 'unverified'],
  ])('pre-registration attack: the attacker\'s %s account with the victim\'s email is never linked', async (_label, account, exclusion) => {
    const pool = e2e.pool();
    seedNative(pool, 'attacker', 'victim@acme.com', account);
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Victim-Oid', claims: acmeClaims('Victim-Oid', 'victim@acme.com'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_create', candidates: [{ verdict: 'excluded', exclusion }] });
    // The victim gets their own federated account; the attacker's stays unlinked.
    expect(result).toMatchObject({ ok: true, via: 'new_user' });
    expectLinks(pool, {});
  });

  it('an IdP asserting an email outside its tenant\'s domains links nothing', async () => {
    const pool = e2e.pool();
    seedNative(pool, 'alice', 'alice@example.org');
    // Google (lumen) asserting an address no tenant owns: not lumen's domain.
    await pool.federatedSignIn({ provider: 'Google', subject: '1234', claims: googleClaims('alice@example.org'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'domain_not_owned', tenant: 'lumen', email_domain: 'example.org', cognito_calls: { count: 0 } });
    expectLinks(pool, {});
  });

  it.each(switchCombinations(['unmappedEmailVerified']).map((s) => [describeSwitches(s), s]))(
    'an IdP email that is not verified links nothing (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      seedNative(pool, 'gina', 'gina@globex.example');
      seedNative(pool, 'carol', 'carol@gmail.com');
      await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uGina', claims: globexClaims('00uGina', 'gina@globex.example', false), client: 'web' });
      expect(lastDecision(pool)).toMatchObject({ reason: 'email_unverified', decision: 'refuse' });
      // The IdP sent no email_verified at all: nothing says the address is verified.
      await pool.federatedSignIn({ provider: 'Google', subject: '5555', claims: { email: 'carol@gmail.com' }, client: 'web' });
      expect(lastDecision(pool)).toMatchObject({ reason: 'email_unverified', decision: 'continue' });
      expectLinks(pool, {});
    },
  );

  it.each(switchCombinations(['listUsersEmailMatch']).map((s) => [describeSwitches(s), s]))(
    'two native accounts with the same email: ambiguous, refused, neither linked (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      seedNative(pool, 'dana', 'dana@acme.com');
      seedNative(pool, 'dana2', 'dana@acme.com');
      const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Dana-Oid', claims: acmeClaims('Dana-Oid', 'DANA@acme.com'), client: 'web' });
      expect(result).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/^PreSignUp failed with error LINK_DENIED: /) });
      expect(lastDecision(pool)).toMatchObject({ reason: 'ambiguous_match', candidates: [{ verdict: 'eligible' }, { verdict: 'eligible' }] });
      expect(pool.usernames).toEqual(['dana', 'dana2']);
      expectLinks(pool, {});
    },
  );

  it('two native accounts whose emails differ only in case: ambiguous where ListUsers ignores case (the documented behaviour)', async () => {
    const pool = e2e.pool({ switches: { listUsersEmailMatch: 'case_insensitive' } });
    seedNative(pool, 'dana', 'dana@acme.com');
    seedNative(pool, 'dana2', 'Dana@Acme.com');
    await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Dana-Oid', claims: acmeClaims('Dana-Oid', 'DANA@acme.com'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'ambiguous_match' });
    expectLinks(pool, {});
  });

  it('known limit: where ListUsers matched email case-sensitively, a spelling that is neither lower-case nor as asserted stays unseen', async () => {
    // Only the lower-cased and the asserted spellings can be queried; 'Dana@Acme.com' is neither,
    // so the one verified, confirmed owner of the lower-case spelling is linked. Both accounts
    // proved the mailbox, so this is not a takeover, but the ambiguity goes unnoticed (docs/trigger.md).
    const pool = e2e.pool({ switches: { listUsersEmailMatch: 'case_sensitive' } });
    seedNative(pool, 'dana', 'dana@acme.com');
    seedNative(pool, 'dana2', 'Dana@Acme.com');
    await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Dana-Oid', claims: acmeClaims('Dana-Oid', 'DANA@acme.com'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'linked', candidates: [{ verdict: 'eligible' }] });
    expectLinks(pool, { dana: [{ providerName: 'AcmeEntraID', userId: 'Dana-Oid' }] });
  });

  it.each([
    ['a quote that would end the value', 'alice@acme.com" or email ^= "'],
    ['a backslash before the closing quote', 'alice@acme.com\\'],
    ['a prefix-match attempt', 'ali"ce@acme.com'],
  ])('filter injection (%s) matches nobody else', async (_label, email) => {
    const pool = e2e.pool();
    seedNative(pool, 'alice', 'alice@acme.com');
    await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Inj-1', claims: acmeClaims('Inj-1', email), client: 'web' });
    const decision = lastDecision(pool);
    expect(['no_match_create', 'email_invalid', 'match_value_invalid']).toContain(decision.reason);
    expect(pool.requests.filter((r) => r.operation === 'ListUsers' && r.errorType !== undefined)).toEqual([]);
    expectLinks(pool, {});
  });

  it('an over-long match value is refused before ListUsers (256-character filter)', async () => {
    const pool = e2e.pool();
    const email = `${'x'.repeat(250)}@acme.com`;
    await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Long-1', claims: acmeClaims('Long-1', email), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'match_value_invalid', cognito_calls: { count: 0 } });
  });

  it.each(switchCombinations(['caseMismatchedLinkSignIn']).map((s) => [describeSwitches(s), s]))(
    'a subject Cognito lower-cased: the link uses the exact subject, so the next sign-in matches (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      seedNative(pool, 'gina', 'gina@globex.example');
      const claims = globexClaims('00u1AbCdEfGhIjKl', 'gina@globex.example');
      await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00u1AbCdEfGhIjKl', claims, client: 'web' });
      expect(pool.invocations.entries[0]?.event).toMatchObject({ userName: 'globexokta_00u1abcdefghijkl' });
      expect(identitiesOf(pool, 'gina')).toEqual([{ providerName: 'GlobexOkta', userId: '00u1AbCdEfGhIjKl' }]);
      expect(await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00u1AbCdEfGhIjKl', claims, client: 'web' })).toMatchObject({ ok: true, username: 'gina', via: 'linked' });
    },
  );

  it('without the exact subject (custom:idp_sub not asserted) nothing is linked: subject_unavailable', async () => {
    const pool = e2e.pool();
    seedNative(pool, 'gina', 'gina@globex.example');
    const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00u1AbCd', claims: { email: 'gina@globex.example', email_verified: true }, client: 'web' });
    expect(result).toMatchObject({ ok: false });
    expect(lastDecision(pool)).toMatchObject({ reason: 'subject_unavailable', subject_unusable: 'subject_unavailable', cognito_calls: { names: ['ListUsers'] } });
    expectLinks(pool, {});
  });

  it('without the exact subject, a tenant that creates users refuses rather than create one that could never be merged (review finding 5)', async () => {
    const pool = e2e.pool();
    seedNative(pool, 'ivan', 'ivan@acme.com');
    const claims = { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'ivan@acme.com', email_verified: 'true' };
    const refused = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Ivan-Oid', claims, client: 'web' });
    expect(refused).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/^PreSignUp failed with error LINK_DENIED: /) });
    expect(lastDecision(pool)).toMatchObject({ reason: 'subject_unavailable', decision: 'refuse' });
    expect(pool.usernames).toEqual(['ivan']);
    // Nobody to link: the new user is harmless, and the log says the subject was unusable.
    const fresh = { ...claims, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'newbie@acme.com' };
    expect(await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'New-Oid', claims: fresh, client: 'web' })).toMatchObject({ ok: true, via: 'new_user' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_create', subject_unusable: 'subject_unavailable' });
    expectLinks(pool, {});
  });

  it('a sixth identity: a user at the 5-identity limit is not linked', async () => {
    const pool = e2e.pool();
    pool.seedUser({
      username: 'collector',
      password: 'Corr3ct-Horse-Battery',
      attributes: { email: 'collector@gmail.com', email_verified: 'true' },
      linkedIdentities: [
        { provider: 'AcmeEntraID', subject: 'a1' },
        { provider: 'GlobexOkta', subject: 'g1' },
        { provider: 'AcmeEntraID', subject: 'a2' },
        { provider: 'GlobexOkta', subject: 'g2' },
        { provider: 'AcmeEntraID', subject: 'a3' },
      ],
    });
    const result = await pool.federatedSignIn({ provider: 'Google', subject: '999', claims: googleClaims('collector@gmail.com'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_create', candidates: [{ verdict: 'excluded', exclusion: 'identity_limit' }] });
    expect(result).toMatchObject({ ok: true, via: 'new_user' });
    expect(identitiesOf(pool, 'collector')).toHaveLength(5);
  });

  it.each(switchCombinations(['secondLinkSameProvider']).map((s) => [describeSwitches(s), s]))(
    'a user already linked to another subject of the same provider is not linked again (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      pool.seedUser({
        username: 'gina',
        password: 'Corr3ct-Horse-Battery',
        attributes: { email: 'gina@globex.example', email_verified: 'true' },
        linkedIdentities: [{ provider: 'GlobexOkta', subject: '00uGinaOriginal', signedIn: true }],
      });
      const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uImpostor', claims: globexClaims('00uImpostor', 'gina@globex.example'), client: 'web' });
      expect(result).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/LINK_DENIED/) });
      expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_denied', candidates: [{ verdict: 'excluded', exclusion: 'linked_to_other_subject' }] });
      expect(identitiesOf(pool, 'gina')).toEqual([{ providerName: 'GlobexOkta', userId: '00uGinaOriginal' }]);
    },
  );

  it.each(switchCombinations(['linkSourceLengthLimit']).map((s) => [describeSwitches(s), s]))(
    'a subject too long for AdminLinkProviderForUser (provider + Cognito_Subject + subject > 128, aws-sdk-js-v3 #6985) is refused with its own reason, never a separate user (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      seedNative(pool, 'lena', 'lena@acme.com');
      const subject = `Long-${'n'.repeat(98)}`;
      const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject, claims: acmeClaims(subject, 'lena@acme.com'), client: 'web' });
      if (switches.linkSourceLengthLimit === 'unlimited') {
        expect(lastDecision(pool)).toMatchObject({ reason: 'linked' });
        expect(identitiesOf(pool, 'lena')).toEqual([{ providerName: 'AcmeEntraID', userId: subject }]);
      } else {
        expect(result).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/LINK_DENIED/) });
        expect(lastDecision(pool)).toMatchObject({ reason: 'link_source_too_long', decision: 'refuse', cognito_error: 'InvalidParameterException' });
        expect(identitiesOf(pool, 'lena')).toEqual([]);
        expect(pool.usernames).toEqual(['lena']);
      }
    },
  );

  it.each(switchCombinations(['repeatedLinkError']).map((s) => [describeSwitches(s), s]))(
    'a trigger replayed after a successful link makes no second link (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches });
      seedNative(pool, 'alice', 'alice@acme.com');
      await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'AbC-1', claims: acmeClaims('AbC-1', 'alice@acme.com'), client: 'web' });
      expect(lastDecision(pool)).toMatchObject({ reason: 'linked' });
      const original = pool.invocations.entries[0]!;
      const replay = await pool.trigger!.invoke(structuredClone(original.event), { awsRequestId: 'replayed-request' });
      expect(replay.kind).toBe('returned');
      const replayLog = JSON.parse(replay.logs.find((line) => line.includes('link-policy decision'))!);
      expect(replayLog).toMatchObject({ reason: 'already_linked', request_id: 'replayed-request' });
      expect(replayLog.cognito_calls.names).not.toContain('AdminLinkProviderForUser');
      expect(identitiesOf(pool, 'alice')).toEqual([{ providerName: 'AcmeEntraID', userId: 'AbC-1' }]);
    },
  );

  it('never sets autoVerifyEmail: the native user keeps its verified email alias (§11)', async () => {
    const pool = e2e.pool();
    seedNative(pool, 'newbie-native', 'other@acme.com');
    await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Fresh-1', claims: acmeClaims('Fresh-1', 'fresh@acme.com'), client: 'web' });
    const invocation = pool.invocations.entries[0]!;
    expect(invocation.returned).toMatchObject({ response: { autoVerifyEmail: false } });
    expect(cognitoCalls(pool).every((op) => op === 'ListUsers')).toBe(true);
  });
});

describe('a provider prefix that belongs to another tenant (issue 4 catalogue, review finding 14)', () => {
  it('a Globex Okta identity asserting an @acme.com email is judged by Globex\'s rules: nothing linked, no lookup', async () => {
    const pool = e2e.pool({ policySet: everyProviderAllowed() });
    seedNative(pool, 'alice', 'alice@acme.com');
    const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uEvil', claims: globexClaims('00uEvil', 'alice@acme.com'), client: 'web' });
    expect(result).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/^PreSignUp failed with error LINK_DENIED: Your Globex account/) });
    expect(lastDecision(pool)).toMatchObject({ reason: 'domain_not_owned', tenant: 'globex', provider: 'GlobexOkta', email_domain: 'acme.com', cognito_calls: { count: 0 } });
    expect(pool.usernames).toEqual(['alice']);
    expectLinks(pool, {});
  });

  it.each([
    ['an AcmeEntraID userName with Globex attributes', 'acmeentraid_x-oid-1', { email: 'gina@globex.example', email_verified: 'true', 'custom:idp_sub': 'X-Oid-1' }, 'acme-corp', 'continue'],
    ['a GlobexOkta userName with Acme attributes', 'globexokta_00ux', { email: 'alice@acme.com', email_verified: 'true', 'custom:idp_sub': '00uX' }, 'globex', 'refuse'],
  ])('%s: the prefix names the tenant, and that tenant does not own the email', async (_label, userName, userAttributes, tenant, decision) => {
    const pool = e2e.pool({ policySet: everyProviderAllowed() });
    seedNative(pool, 'alice', 'alice@acme.com');
    seedNative(pool, 'gina', 'gina@globex.example');
    const event = {
      version: '1',
      triggerSource: 'PreSignUp_ExternalProvider',
      region: e2e.twin.region,
      userPoolId: pool.id,
      userName,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: pool.clientId('web') },
      request: { userAttributes, validationData: {} },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    };
    const run = await pool.trigger!.invoke(event, { awsRequestId: 'crafted' });
    const log = JSON.parse(run.logs.find((line) => line.includes('link-policy decision'))!);
    expect(log).toMatchObject({ reason: 'domain_not_owned', tenant, decision, cognito_calls: { count: 0 } });
    expectLinks(pool, {});
  });
});

describe('review regressions: no wrong link', () => {
  it('a non-email match never crosses tenants: the candidate\'s own verified email must be the tenant\'s (finding 2)', async () => {
    const set = variant('phone', (s) => {
      s.tenants.globex.linking.match = { attribute: 'phone_number', from: 'phone_number', case: 'exact' };
      s.providers.globexokta.attribute_mapping.phone_number = 'phone_number';
    });
    const pool = e2e.pool({ policySet: set });
    pool.seedUser({
      username: 'acme-cfo',
      password: PASSWORD,
      attributes: { email: 'cfo@acme.com', email_verified: 'true', phone_number: '+15550001111', phone_number_verified: 'true' },
    });
    const claims = { ...globexClaims('00uMallory', 'mallory@globex.example'), phone_number: '+15550001111' };
    const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uMallory', claims, client: 'web' });
    expect(result).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/LINK_DENIED/) });
    expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_denied', candidates: [{ verdict: 'excluded', exclusion: 'email_not_in_tenant' }] });
    expectLinks(pool, {});
  });

  it('a KELVIN SIGN in the asserted address does not find the ASCII k account (finding 11)', async () => {
    const pool = e2e.pool();
    seedNative(pool, 'kim', 'kim@gmail.com');
    await pool.federatedSignIn({ provider: 'Google', subject: '8888', claims: googleClaims('\u212Aim@gmail.com'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_create' });
    expectLinks(pool, {});
  });

  it('300 sign-ups with the victim\'s address: the lookup stops after 5 pages, and the verified-email alias holder is linked, never a squatter (finding 10, issue 13)', async () => {
    const pool = e2e.pool({ listUsersPaging: 'full' });
    seedNative(pool, 'victim', 'victim@gmail.com');
    for (let i = 0; i < 300; i += 1) seedNative(pool, `squat${i}`, 'victim@gmail.com', { status: 'UNCONFIRMED', verified: false });
    await pool.federatedSignIn({ provider: 'Google', subject: '4242', claims: googleClaims('victim@gmail.com'), client: 'web' });
    expect(decisionLogs(pool).find((log) => log.trigger_source === 'PreSignUp_ExternalProvider')).toMatchObject({ reason: 'linked', lookup_capped: true, lookup: 'alias' });
    expect(cognitoCalls(pool).slice(0, 7)).toEqual(['ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser']);
    expect(pool.usernames).not.toContain('google_4242');
    expectLinks(pool, { victim: [{ providerName: 'Google', userId: '4242' }] });
  });

  describe('ListUsers shows a record older than the user (eventual consistency): AdminGetUser decides (finding 6)', () => {
    // ListUsers answers LAG_MS behind (twin: listUsersLagMs); each user is changed right before its
    // sign-in, so ListUsers still shows it eligible while AdminGetUser shows the change.
    const LAG_MS = 2500;
    let pool: UserPool;
    let sdk: CognitoIdentityProviderClient;
    beforeAll(async () => {
      pool = e2e.pool({ listUsersLagMs: LAG_MS });
      for (const name of ['dora', 'vera', 'lina']) seedNative(pool, name, `${name}@acme.com`);
      sdk = new CognitoIdentityProviderClient({ endpoint: e2e.twin.endpoint, region: e2e.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      await new Promise((resolve) => setTimeout(resolve, LAG_MS + 100));
    });
    afterAll(() => sdk.destroy());

    it.each([
      ['disabled', 'dora', () => new AdminDisableUserCommand({ UserPoolId: pool.id, Username: 'dora' }), 'disabled'],
      ['unverified', 'vera', () => new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'vera', UserAttributes: [{ Name: 'email_verified', Value: 'false' }] }), 'unverified'],
      [
        'linked to another subject',
        'lina',
        () =>
          new AdminLinkProviderForUserCommand({
            UserPoolId: pool.id,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'lina' },
            SourceUser: { ProviderName: 'AcmeEntraID', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'Other-Oid' },
          }),
        'linked_to_other_subject',
      ],
    ] as const)('a user %s a moment ago is not linked', async (_label, name, change, reread) => {
      await sdk.send(change() as AdminDisableUserCommand);
      const before = cognitoCalls(pool).length;
      await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: `${name}-Oid`, claims: acmeClaims(`${name}-Oid`, `${name}@acme.com`), client: 'web' });
      expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_create', candidates: [{ verdict: 'eligible' }], reread });
      expect(cognitoCalls(pool).slice(before)).toEqual(['ListUsers', 'AdminGetUser']);
      expect(identitiesOf(pool, name)).toEqual(name === 'lina' ? [{ providerName: 'AcmeEntraID', userId: 'Other-Oid' }] : []);
    });
  });
});
