import { createHandler, type HandlerOptions } from '../../lambda/handler';
import { federatedSignUpEvent, identitiesJson, preAuthEvent, signUpEvent, type TestEvent } from './fixtures/events';
import { FakeDirectory, nativeUser } from './fixtures/fake-directory';
import { fakeParameters, withLogKey } from './fixtures/fake-parameters';
import { exampleParts, policySet } from './fixtures/policy-set';

const TEST_KEY = 'test-key-test-key-test-key-test-key';

function setup(logKey: string | null = TEST_KEY, extra: Partial<HandlerOptions> = {}) {
  const directory = new FakeDirectory();
  const lines: string[] = [];
  const keyed = logKey === null ? { env: {} } : withLogKey(logKey);
  const handler = createHandler({ policySet: policySet(), ...keyed, write: (line) => lines.push(line), openDirectory: directory.open, ...extra });
  const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 5000 };
  const run = (event: TestEvent) => handler(event, context);
  const lastLog = () => JSON.parse(lines[lines.length - 1]!) as Record<string, any>;
  return { directory, lines, run, lastLog };
}

const acmeSignIn = () => federatedSignUpEvent('acmeentraid_abc-123', { email: 'Alice@Acme.com', 'custom:idp_sub': 'AbC-123' });

describe('handler: PreSignUp_ExternalProvider', () => {
  it('links the one eligible user with the exact provider name and subject, and returns the event untouched', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com')];
    const event = acmeSignIn();
    const before = JSON.stringify(event);
    await expect(run(event)).resolves.toBe(event);
    expect(JSON.stringify(event)).toBe(before);
    expect(event.response).toEqual({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
    expect(directory.links).toEqual([{ destination: 'alice', provider: 'AcmeEntraID', subject: 'AbC-123' }]);
    expect(lastLog()).toMatchObject({
      trigger_source: 'PreSignUp_ExternalProvider',
      tenant: 'acme-corp',
      provider: 'AcmeEntraID',
      decision: 'continue',
      reason: 'linked',
      cognito_calls: { count: 4, names: ['ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser'] },
      email_domain: 'acme.com',
      policy_digest: 'test-digest',
      request_id: 'req-1',
      subject_from: 'attribute',
    });
  });

  it('after_link retry_code throws ACCOUNT_LINKED(provider): message', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('bob', 'bob@globex.example')];
    const event = federatedSignUpEvent('globexokta_00u1abcdef', { email: 'bob@globex.example', email_verified: 'true', 'custom:idp_sub': '00u1AbCdEf' });
    await expect(run(event)).rejects.toThrow(new Error('ACCOUNT_LINKED(GlobexOkta): Your Okta sign-in is now connected to your Globex account. Continuing..'));
    expect(lastLog()).toMatchObject({ decision: 'refuse', reason: 'linked', refusal: 'ACCOUNT_LINKED' });
  });

  it('"already linked" from Cognito is confirmed with AdminGetUser before counting as success', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com')];
    // Cognito's retry: the first invocation's link lands while this one is deciding.
    directory.fail('AdminLinkProviderForUser', 'already_linked', 'InvalidParameterException', () => {
      directory.users[0] = nativeUser('alice', 'alice@acme.com', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } });
    });
    await expect(run(acmeSignIn())).resolves.toBeDefined();
    expect(lastLog()).toMatchObject({
      reason: 'already_linked',
      cognito_calls: { names: ['ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser:InvalidParameterException', 'AdminGetUser'] },
      cognito_error: 'InvalidParameterException',
    });
  });

  it('"already linked" that AdminGetUser does not confirm is link_refused: LINK_DENIED even under create_user', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com')];
    directory.fail('AdminLinkProviderForUser', 'already_linked', 'InvalidParameterException');
    await expect(run(acmeSignIn())).rejects.toThrow('LINK_DENIED: We could not connect your Acme sign-in to an account. Please contact Acme IT');
    expect(lastLog()).toMatchObject({ decision: 'refuse', reason: 'link_refused', refusal: 'LINK_DENIED' });
  });

  it('other link refusals (limit, merge, alias) are link_refused, refused under create_user too: never a duplicate that cannot be merged (review finding 5)', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('bob', 'bob@globex.example'), nativeUser('frank', 'frank@acme.com', { status: 'FORCE_CHANGE_PASSWORD' })];
    directory.fail('AdminLinkProviderForUser', 'refused', 'AliasExistsException');
    const event = federatedSignUpEvent('globexokta_00u1abcdef', { email: 'bob@globex.example', email_verified: 'true', 'custom:idp_sub': '00u1AbCdEf' });
    await expect(run(event)).rejects.toThrow(/^LINK_DENIED: /);
    expect(lastLog()).toMatchObject({ reason: 'link_refused', cognito_error: 'AliasExistsException', cognito_failure: 'refused' });
    directory.fail('AdminLinkProviderForUser', 'refused', 'AliasExistsException');
    await expect(run(federatedSignUpEvent('acmeentraid_frank-1', { email: 'frank@acme.com', 'custom:idp_sub': 'Frank-1' }))).rejects.toThrow(/^LINK_DENIED: /);
    expect(lastLog()).toMatchObject({ decision: 'refuse', reason: 'link_refused', tenant: 'acme-corp' });
    expect(directory.links).toEqual([]);
  });

  it('cognito_unavailable: fail_closed throws TRY_AGAIN, fail_open returns the event', async () => {
    const closed = setup();
    closed.directory.fail('ListUsers', 'unavailable', 'TooManyRequestsException');
    await expect(closed.run(acmeSignIn())).rejects.toThrow(/^TRY_AGAIN: /);
    expect(closed.lastLog()).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', cognito_error: 'TooManyRequestsException' });

    const open = setup();
    open.directory.fail('AdminLinkProviderForUser', 'unavailable', 'InternalErrorException');
    open.directory.users = [nativeUser('carol', 'carol@gmail.com')];
    const event = federatedSignUpEvent('google_1048', { email: 'carol@gmail.com', email_verified: 'true' });
    await expect(open.run(event)).resolves.toBe(event);
    expect(open.lastLog()).toMatchObject({ reason: 'cognito_unavailable', failed: 'open' });
  });

  it('a replay after a successful link makes no link call', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } })];
    await run(acmeSignIn());
    expect(directory.links).toEqual([]);
    expect(lastLog()).toMatchObject({ reason: 'already_linked', cognito_calls: { names: ['ListUsers', 'ListUsers'] } });
  });

  describe('the selected user is re-read with AdminGetUser and judged again before the link (review finding 6)', () => {
    const linkedElsewhere = identitiesJson({ providerName: 'AcmeEntraID', userId: 'Other-Oid' });
    it.each([
      ['disabled a moment ago', nativeUser('alice', 'alice@acme.com', { enabled: false }), 'disabled'],
      ['unverified a moment ago', nativeUser('alice', 'alice@acme.com', { attributes: { email_verified: 'false' } }), 'unverified'],
      ['linked to another subject a moment ago', nativeUser('alice', 'alice@acme.com', { attributes: { identities: linkedElsewhere } }), 'linked_to_other_subject'],
    ])('ListUsers still shows the old record, AdminGetUser the user %s: no link', async (_label, now, reread) => {
      const { directory, run, lastLog } = setup();
      directory.listing = [nativeUser('alice', 'alice@acme.com')];
      directory.users = [now];
      await run(acmeSignIn());
      expect(directory.links).toEqual([]);
      expect(lastLog()).toMatchObject({
        decision: 'continue',
        reason: 'no_match_create',
        candidates: [{ verdict: 'eligible' }],
        reread,
        cognito_calls: { names: ['ListUsers', 'ListUsers', 'AdminGetUser'] },
      });
    });

    it('a user AdminGetUser no longer finds is not linked; one it shows already linked needs no link call', async () => {
      const gone = setup();
      gone.directory.listing = [nativeUser('alice', 'alice@acme.com')];
      await gone.run(acmeSignIn());
      expect(gone.lastLog()).toMatchObject({ reason: 'no_match_create', reread: 'not_found' });
      expect(gone.directory.links).toEqual([]);

      const linked = setup();
      linked.directory.listing = [nativeUser('alice', 'alice@acme.com')];
      linked.directory.users = [nativeUser('alice', 'alice@acme.com', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } })];
      await linked.run(acmeSignIn());
      expect(linked.lastLog()).toMatchObject({ reason: 'already_linked', reread: 'already_linked' });
      expect(linked.directory.links).toEqual([]);
    });

    it('AdminGetUser unavailable: the tenant\'s fail mode, nothing linked', async () => {
      const { directory, run, lastLog } = setup();
      directory.users = [nativeUser('alice', 'alice@acme.com')];
      directory.fail('AdminGetUser', 'unavailable', 'InternalErrorException');
      await expect(run(acmeSignIn())).rejects.toThrow(/^TRY_AGAIN: /);
      expect(lastLog()).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', cognito_error: 'InternalErrorException' });
      expect(directory.links).toEqual([]);
    });
  });

  describe('without the exact subject the lookup still runs (review finding 5)', () => {
    const noSubject = () => federatedSignUpEvent('acmeentraid_abc-123', { email: 'alice@acme.com' });
    const wrongSubject = () => federatedSignUpEvent('acmeentraid_abc-123', { email: 'alice@acme.com', 'custom:idp_sub': 'Someone-Else' });

    it.each([
      ['subject_unavailable', noSubject],
      ['subject_mismatch', wrongSubject],
    ])('%s with an eligible user: LINK_DENIED under create_user, nothing linked, no re-read', async (reason, event) => {
      const { directory, run, lastLog } = setup();
      directory.users = [nativeUser('alice', 'alice@acme.com')];
      await expect(run(event())).rejects.toThrow(/^LINK_DENIED: /);
      expect(lastLog()).toMatchObject({ decision: 'refuse', reason, refusal: 'LINK_DENIED', subject_unusable: reason, cognito_calls: { names: ['ListUsers'] } });
      expect(directory.links).toEqual([]);
    });

    it('with several eligible users: refused with the subject reason too', async () => {
      const { directory, run, lastLog } = setup();
      directory.users = [nativeUser('alice', 'alice@acme.com'), nativeUser('alice2', 'alice@acme.com')];
      await expect(run(noSubject())).rejects.toThrow(/^LINK_DENIED: /);
      expect(lastLog()).toMatchObject({ reason: 'subject_unavailable' });
    });

    it('with nobody to link: on_no_match as usual, and the log says the subject was unusable', async () => {
      const { directory, run, lastLog } = setup();
      directory.users = [nativeUser('alice', 'alice@acme.com', { status: 'UNCONFIRMED' })];
      await expect(run(noSubject())).resolves.toBeDefined();
      expect(lastLog()).toMatchObject({ decision: 'continue', reason: 'no_match_create', subject_unusable: 'subject_unavailable' });
    });

    it('a user holding any identity of the provider is not taken for a replay without the exact subject', async () => {
      const { directory, run, lastLog } = setup();
      directory.users = [nativeUser('alice', 'alice@acme.com', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'abc-123' }) } })];
      await run(noSubject());
      expect(lastLog()).toMatchObject({ reason: 'no_match_create', candidates: [{ verdict: 'excluded', exclusion: 'linked_to_other_subject' }] });
    });
  });

  describe('ListUsers reads at most 5 pages per lookup (review finding 10)', () => {
    const googleSignIn = () => federatedSignUpEvent('google_4242', { email: 'victim@gmail.com', email_verified: 'true' });

    it('more pages than that: the verified-email alias holder is read with AdminGetUser and linked (issue 13: the lookup cannot be starved)', async () => {
      const { directory, run, lastLog } = setup();
      directory.pageSize = 2;
      // Unconfirmed sign-ups never hold the verified alias (confirming would verify the address).
      const squatter = (i: number) => nativeUser(`squat${i}`, 'victim@gmail.com', { status: 'UNCONFIRMED', attributes: { email_verified: 'false' } });
      directory.users = [...Array.from({ length: 10 }, (_, i) => squatter(i)), nativeUser('victim', 'victim@gmail.com')];
      await run(googleSignIn());
      expect(lastLog()).toMatchObject({
        reason: 'linked',
        lookup_capped: true,
        lookup: 'alias',
        cognito_calls: { names: ['ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser'] },
      });
      expect(directory.links).toEqual([{ destination: 'victim', provider: 'Google', subject: '4242' }]);
    });

    it('more pages than that, and a match the alias cannot settle (not email, or require_verified false): LINK_DENIED ambiguous_match, even for a fail_open tenant', async () => {
      const parts = exampleParts();
      parts.tenants[2]!.linking.existing_user = { ...parts.tenants[2]!.linking.existing_user, require_verified: false };
      const { directory, run, lastLog } = setup(undefined, { policySet: policySet(parts) });
      directory.pageSize = 2;
      directory.users = [nativeUser('victim', 'victim@gmail.com'), ...Array.from({ length: 10 }, (_, i) => nativeUser(`squat${i}`, 'victim@gmail.com', { status: 'UNCONFIRMED' }))];
      await expect(run(googleSignIn())).rejects.toThrow(/^LINK_DENIED: /);
      expect(lastLog()).toMatchObject({ decision: 'refuse', reason: 'ambiguous_match', lookup_capped: true, cognito_calls: { count: 5 } });
      expect(directory.links).toEqual([]);
    });

    it('exactly 5 pages is a complete lookup', async () => {
      const { directory, run, lastLog } = setup();
      directory.pageSize = 2;
      directory.users = [nativeUser('victim', 'victim@gmail.com'), ...Array.from({ length: 9 }, (_, i) => nativeUser(`squat${i}`, 'victim@gmail.com', { status: 'UNCONFIRMED' }))];
      await run(googleSignIn());
      expect(lastLog()).toMatchObject({ reason: 'linked', cognito_calls: { names: ['ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser'] } });
    });

    it('the two spellings of a case-insensitive lookup share the 5 pages', async () => {
      const { directory, run, lastLog } = setup();
      directory.pageSize = 1;
      directory.users = Array.from({ length: 4 }, (_, i) => nativeUser(`a${i}`, 'alice@acme.com', { status: 'UNCONFIRMED' }));
      directory.users.push(...Array.from({ length: 2 }, (_, i) => nativeUser(`b${i}`, 'Alice@Acme.com', { status: 'UNCONFIRMED' })));
      await run(acmeSignIn());
      // Nobody holds the address verified: nobody qualifies, and acme creates a separate user.
      expect(lastLog()).toMatchObject({ reason: 'no_match_create', lookup_capped: true, lookup: 'alias', cognito_calls: { count: 6 } });
    });
  });

  it('a Globex identity asserting a non-email match value never reaches another tenant\'s user (review finding 2)', async () => {
    const parts = exampleParts();
    parts.tenants[1]!.linking.match = { attribute: 'preferred_username', from: 'preferred_username', case: 'exact' };
    const { directory, run, lastLog } = setup(undefined, { policySet: policySet(parts) });
    directory.users = [nativeUser('carol', 'carol@gmail.com', { attributes: { preferred_username: 'carol' } })];
    const event = federatedSignUpEvent('globexokta_00umal', { email: 'mal@globex.example', email_verified: 'true', 'custom:idp_sub': '00uMal', preferred_username: 'carol' });
    await expect(run(event)).rejects.toThrow(/^LINK_DENIED: /);
    expect(lastLog()).toMatchObject({ reason: 'no_match_denied', candidates: [{ verdict: 'excluded', exclusion: 'email_not_in_tenant' }] });
    expect(directory.links).toEqual([]);
  });

  it('logs every candidate with its verdict, hashed', async () => {
    const { directory, run, lastLog } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com', { status: 'UNCONFIRMED' }), nativeUser('alice2', 'alice@acme.com', { attributes: { email_verified: 'false' } })];
    await run(acmeSignIn());
    const log = lastLog();
    expect(log.reason).toBe('no_match_create');
    expect(log.candidates).toEqual([
      { user: expect.stringMatching(/^[0-9a-f]{16}$/), verdict: 'excluded', exclusion: 'unconfirmed' },
      { user: expect.stringMatching(/^[0-9a-f]{16}$/), verdict: 'excluded', exclusion: 'unverified' },
    ]);
  });
});

describe('handler: logging', () => {
  it('never writes a raw email, username or subject', async () => {
    const { directory, run, lines } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com')];
    await run(acmeSignIn());
    await run(signUpEvent('mallory', 'mallory@acme.com')).catch(() => undefined);
    await run(preAuthEvent('alice', { email: 'alice@acme.com', identities: '[]' }, 'c')).catch(() => undefined);
    const all = lines.join('');
    for (const secret of ['alice', 'Alice', 'mallory', 'AbC-123', 'abc-123']) expect(all).not.toContain(secret);
    expect(all).toContain('acme.com');
  });

  it('hashes users with the key (HMAC, 16 hex) and redacts without one', async () => {
    const keyed = setup();
    await keyed.run(signUpEvent('someone', 'x@elsewhere.org'));
    expect(keyed.lastLog().user).toMatch(/^[0-9a-f]{16}$/);
    const again = setup();
    await again.run(signUpEvent('someone', 'x@elsewhere.org'));
    expect(again.lastLog().user).toBe(keyed.lastLog().user);
    const otherKey = setup('another-key-another-key-another-key');
    await otherKey.run(signUpEvent('someone', 'x@elsewhere.org'));
    expect(otherKey.lastLog().user).not.toBe(keyed.lastLog().user);
    const unkeyed = setup(null);
    await unkeyed.run(signUpEvent('someone', 'x@elsewhere.org'));
    expect(unkeyed.lastLog().user).toBe('redacted');
  });

  it('reads the key once per container, by the parameter name it is configured with, and logs that read on the first line only', async () => {
    const { run, lastLog } = setup();
    await run(signUpEvent('a', 'a@elsewhere.org'));
    expect(lastLog()).toMatchObject({ config_calls: ['GetParameters'], cognito_calls: { count: 0 } });
    await run(signUpEvent('b', 'b@elsewhere.org'));
    expect(lastLog()).not.toHaveProperty('config_calls');
    expect(lastLog().user).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a key parameter that is missing or shorter than 32 characters hashes nobody: users are redacted and the problem is logged', async () => {
    const short = setup('too-short');
    await short.run(signUpEvent('a', 'a@elsewhere.org'));
    expect(short.lastLog()).toMatchObject({ user: 'redacted', log_hash_key: 'too_short' });
    const lines: string[] = [];
    const handler = createHandler({
      policySet: policySet(),
      env: { LINK_POLICY_LOG_HASH_KEY_PARAMETER: '/nowhere' },
      readParameters: fakeParameters({}).read,
      write: (line) => lines.push(line),
    });
    await handler(signUpEvent('a', 'a@elsewhere.org'));
    expect(JSON.parse(lines[0]!)).toMatchObject({ user: 'redacted', log_hash_key: 'missing' });
  });

  it('one line per invocation, cold_start only on the first, with latency', async () => {
    const { run, lines, lastLog } = setup();
    await run(signUpEvent('a', 'a@elsewhere.org'));
    expect(lastLog()).toMatchObject({ cold_start: true, reason: 'sign_up_allowed', cognito_calls: { count: 0, names: [] }, config_calls: ['GetParameters'] });
    expect(typeof lastLog().latency_ms).toBe('number');
    await run(signUpEvent('b', 'b@elsewhere.org'));
    expect(lastLog().cold_start).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  });
});

describe('handler: other trigger sources and failures', () => {
  it('ignored_trigger returns the event unchanged', async () => {
    const { run, lastLog } = setup();
    const event = { ...signUpEvent('a', 'a@acme.com'), triggerSource: 'PostConfirmation_ConfirmSignUp' };
    await expect(run(event)).resolves.toBe(event);
    expect(lastLog()).toMatchObject({ reason: 'ignored_trigger', decision: 'continue' });
  });

  it('PreSignUp_SignUp refusal is thrown as SSO_REQUIRED', async () => {
    const { run } = setup();
    await expect(run(signUpEvent('a', 'a@acme.com'))).rejects.toThrow(
      'SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on. Choose "Sign in with Acme" and use your work account',
    );
  });

  it('a bug becomes internal_error with the generic TRY_AGAIN text; the log has the error name, never its message', async () => {
    const { directory, run, lastLog, lines } = setup();
    directory.fail('ListUsers', 'bug');
    await expect(run(acmeSignIn())).rejects.toThrow(/^TRY_AGAIN: Sign-in is briefly unavailable/);
    expect(lastLog()).toMatchObject({ reason: 'internal_error', error: 'TypeError' });
    expect(lines.join('')).not.toContain('alice@acme.com');
  });
});

describe('handler: PreAuthentication_Authentication', () => {
  it('learns from a password-client event that Cognito includes identities, then skips AdminGetUser for events without them', async () => {
    const { directory, run, lastLog } = setup();
    directory.clients.set('password-client', { password: true, federated: false });
    directory.users = [nativeUser('carol', 'carol@gmail.com')];
    await run(preAuthEvent('carol', { email: 'carol@gmail.com' }, 'password-client'));
    expect(lastLog()).toMatchObject({ reason: 'not_blocked', cognito_calls: { names: ['DescribeUserPoolClient', 'AdminGetUser'] }, identities: 'stored', client: 'password' });
    const acmeLinked = identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' });
    await expect(run(preAuthEvent('alice', { email: 'alice@acme.com', identities: acmeLinked }, 'password-client'))).rejects.toThrow(/^SSO_REQUIRED/);
    await run(preAuthEvent('carol', { email: 'carol@gmail.com' }, 'password-client'));
    expect(lastLog()).toMatchObject({ reason: 'not_blocked', cognito_calls: { count: 0 }, identities: 'inferred_none' });
  });

  it('never learns it from an SSO-client event (review finding 8: the reviewer\'s repro)', async () => {
    const { directory, run, lastLog } = setup();
    directory.clients.set('web-client', { password: false, federated: true });
    directory.clients.set('pw-client', { password: true, federated: false });
    directory.users = [nativeUser('alice', 'alice@acme.com', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-1' }) } })];
    // Fresh container, password event without identities: AdminGetUser is asked, alice is refused.
    await expect(run(preAuthEvent('alice', { email: 'alice@acme.com' }, 'pw-client'))).rejects.toThrow(/SSO_REQUIRED/);
    // A linked user's SSO sign-in carries identities (Cognito might add them on the federated path only).
    await run(preAuthEvent('bob', { email: 'bob@acme.com', identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'B-1' }) }, 'web-client'));
    expect(lastLog()).toMatchObject({ reason: 'federated_sign_in' });
    // The same password event for alice is still refused, after asking AdminGetUser again.
    await expect(run(preAuthEvent('alice', { email: 'alice@acme.com' }, 'pw-client'))).rejects.toThrow(/SSO_REQUIRED/);
    expect(lastLog()).toMatchObject({ reason: 'native_blocked', identities: 'stored' });
  });

  it('refuses a linked user\'s password sign-in found through AdminGetUser', async () => {
    const { directory, run, lastLog } = setup();
    directory.clients.set('password-client', { password: true, federated: false });
    directory.users = [nativeUser('alice', 'alice@acme.com', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } })];
    await expect(run(preAuthEvent('alice', { email: 'alice@acme.com' }, 'password-client'))).rejects.toThrow(/^SSO_REQUIRED\(AcmeEntraID\): /);
    expect(lastLog()).toMatchObject({ reason: 'native_blocked', tenant: 'acme-corp' });
  });

  it('client kind unknown: an unlinked user is still blocked; a linked one, maybe on SSO, meets the fail mode, never SSO_REQUIRED', async () => {
    const { run, lastLog } = setup();
    await expect(run(preAuthEvent('bob', { email: 'bob@globex.example', identities: '[]' }, 'unknown-client'))).rejects.toThrow(/^SSO_REQUIRED\(GlobexOkta\): /);
    expect(lastLog()).toMatchObject({ reason: 'native_blocked', tenant: 'globex' });
    const acmeLinked = identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' });
    const event = preAuthEvent('alice', { email: 'alice@acme.com', identities: acmeLinked }, 'unknown-client');
    await expect(run(event)).rejects.toThrow(/^TRY_AGAIN: /);
    expect(lastLog()).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', decision: 'refuse' });
  });
});

describe('handler: any event', () => {
  it.each([
    ['null', null],
    ['an array', [{ triggerSource: 'PreAuthentication_Authentication' }]],
    ['a number', 42],
    ['a string', 'PreAuthentication_Authentication'],
    ['a boolean', true],
  ])('%s is returned unchanged with one log line, never a runtime error', async (_label, event) => {
    const { run, lines, lastLog } = setup();
    await expect(run(event as unknown as TestEvent)).resolves.toBe(event);
    expect(lines).toHaveLength(1);
    expect(lastLog()).toMatchObject({ trigger_source: '', decision: 'continue', reason: 'malformed_event', user: null });
  });

  it.each([
    ['no triggerSource', {}],
    ['a numeric triggerSource', { triggerSource: 7 }],
    ['request null', { triggerSource: 'PreAuthentication_Authentication', userName: 'alice', request: null, callerContext: null }],
    ['request a number', { triggerSource: 'PreSignUp_SignUp', userName: 5, request: 5 }],
    ['userAttributes an array', { triggerSource: 'PreSignUp_ExternalProvider', userName: ['x'], request: { userAttributes: ['a'] } }],
    ['callerContext a string', { triggerSource: 'PreAuthentication_Authentication', userName: 'bob', callerContext: 'x', request: { userAttributes: { email: 'bob@globex.example' } } }],
  ])('%s: a coded decision or refusal and one log line', async (_label, event) => {
    const { run, lines, lastLog } = setup();
    await run(event as unknown as TestEvent).catch((error: Error) => expect(error.message).toMatch(/^(SSO_REQUIRED|LINK_DENIED|TRY_AGAIN|USERNAME_RESERVED|ACCOUNT_LINKED)\b/));
    expect(lines).toHaveLength(1);
    expect(lastLog().reason).not.toBe('internal_error');
  });
});
