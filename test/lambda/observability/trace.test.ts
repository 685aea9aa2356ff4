// The decision trace (LINK_POLICY_TRACE=1): each rule evaluated, in order, in the decision line;
// absent otherwise; never a raw email, username or subject.
import { createHandler } from '../../../lambda/handler';
import { federatedSignUpEvent, identitiesJson, preAuthEvent, signUpEvent, type TestEvent } from '../fixtures/events';
import { FakeDirectory, nativeUser } from '../fixtures/fake-directory';
import { withLogKey } from '../fixtures/fake-parameters';
import { exampleParts, policySet } from '../fixtures/policy-set';

const HASH_KEY = 'trace-key-trace-key-trace-key-trace-key';

function setup(trace = true) {
  const directory = new FakeDirectory();
  const lines: string[] = [];
  const keyed = withLogKey(HASH_KEY);
  const env = { ...keyed.env, ...(trace ? { LINK_POLICY_TRACE: '1' } : {}) };
  const handler = createHandler({ policySet: policySet(), env, readParameters: keyed.readParameters, write: (line) => lines.push(line), openDirectory: directory.open });
  const run = async (event: TestEvent) => {
    await handler(event, { awsRequestId: 'r', getRemainingTimeInMillis: () => 5000 }).catch(() => undefined);
    return { line: lines[lines.length - 1]!, log: JSON.parse(lines[lines.length - 1]!) as Record<string, any> };
  };
  return { directory, run };
}

type Entry = { rule: string; outcome: string; detail: string; user?: string };
const rules = (log: Record<string, any>) => (log.trace as Entry[]).map((entry) => `${entry.outcome} ${entry.rule}`);

const acmeEvent = () => federatedSignUpEvent('acmeentraid_abc-123', { email: 'Alice@Acme.com', 'custom:idp_sub': 'AbC-123' });

describe('decision trace', () => {
  it('is absent from the decision line unless LINK_POLICY_TRACE=1', async () => {
    const { directory, run } = setup(false);
    directory.users = [nativeUser('alice', 'alice@acme.com')];
    const { log } = await run(acmeEvent());
    expect(log.reason).toBe('linked');
    expect(log).not.toHaveProperty('trace');
  });

  it('a link: provider, subject, email gates, lookup, each candidate (hashed), the link and after_link, in order', async () => {
    const { directory, run } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com'), nativeUser('mallory', 'alice@acme.com', { status: 'UNCONFIRMED' })];
    const { log, line } = await run(acmeEvent());
    expect(log.reason).toBe('linked');
    expect(rules(log)).toEqual([
      'pass provider',
      'pass linking.enabled',
      'pass email',
      'pass tenant.domains',
      'pass email_trust',
      'pass subject.source',
      'pass linking.match',
      'info linking.match',
      'pass candidate.eligible',
      'fail candidate.unconfirmed',
      'pass candidate.eligible',
      'pass link',
      'info linking.after_link',
    ]);
    const candidates = (log.trace as Entry[]).filter((entry) => entry.rule.startsWith('candidate.'));
    expect(candidates.slice(0, 2).map((entry) => entry.user)).toEqual(log.candidates.map((c: { user: string }) => c.user));
    expect(candidates[0]!.user).toMatch(/^[0-9a-f]{16}$/);
    // The re-read before the link names the selected user.
    expect(candidates[2]).toEqual({ rule: 'candidate.eligible', outcome: 'pass', detail: 'AdminGetUser re-read: eligible: CONFIRMED, enabled, passes every linking rule', user: candidates[0]!.user });
    expect((log.trace as Entry[])[3]!.detail).toBe("the asserted email's domain acme.com is one of tenant acme-corp's domains");
    // Never the raw identifiers.
    for (const secret of ['alice', 'mallory', 'AbC-123', 'abc-123']) expect(line.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('the gate that failed is the last rule before on_no_match', async () => {
    const { run } = setup();
    const { log } = await run(federatedSignUpEvent('globexokta_00u1abc', { email: 'bob@globex.example', email_verified: 'false', 'custom:idp_sub': '00u1Abc' }));
    expect(log.reason).toBe('email_unverified');
    expect(rules(log).slice(-2)).toEqual(['fail email_trust', 'fail linking.on_no_match']);
    expect((log.trace as Entry[]).at(-2)!.detail).toBe('email_verified_claim: email_verified is "false", and only "true" counts');
  });

  it('a lower-cased userName without the subject attribute fails subject.source; the lookup then says why it refuses', async () => {
    const { directory, run } = setup();
    directory.users = [nativeUser('bob', 'bob@globex.example')];
    const { log } = await run(federatedSignUpEvent('globexokta_00u1abc', { email: 'bob@globex.example', email_verified: 'true' }));
    expect(log.reason).toBe('subject_unavailable');
    expect((log.trace as Entry[]).find((entry) => entry.rule === 'subject.source')).toMatchObject({ outcome: 'fail', detail: expect.stringMatching(/^custom:idp_sub is absent/) });
    expect(rules(log).slice(-3)).toEqual(['pass candidate.eligible', 'fail linking.match', 'fail link']);
  });

  it('a candidate outside the tenant\'s domains is excluded under tenant.domains, naming its domain only', async () => {
    const parts = exampleParts();
    parts.tenants[1]!.linking.match = { attribute: 'preferred_username', from: 'preferred_username', case: 'exact' };
    const directory = new FakeDirectory();
    const lines: string[] = [];
    const handler = createHandler({ policySet: policySet(parts), env: { LINK_POLICY_TRACE: '1' }, write: (line) => lines.push(line), openDirectory: directory.open });
    directory.users = [nativeUser('carol', 'carol@gmail.com', { attributes: { preferred_username: 'carol' } })];
    await handler(federatedSignUpEvent('globexokta_00umal', { email: 'mal@globex.example', email_verified: 'true', 'custom:idp_sub': '00uMal', preferred_username: 'carol' })).catch(() => undefined);
    const log = JSON.parse(lines[0]!) as Record<string, any>;
    expect((log.trace as Entry[]).find((entry) => entry.rule === 'tenant.domains' && entry.user !== undefined)).toMatchObject({
      outcome: 'fail',
      detail: "excluded: its own email's domain gmail.com is not one of tenant globex's domains: only the tenant's own users are linked, whatever linking.match.attribute is",
    });
  });

  it('the re-read that finds the selected user changed ends the path: no link', async () => {
    const { directory, run } = setup();
    directory.listing = [nativeUser('alice', 'alice@acme.com')];
    directory.users = [nativeUser('alice', 'alice@acme.com', { enabled: false })];
    const { log } = await run(acmeEvent());
    expect(rules(log).slice(-4)).toEqual(['pass candidate.eligible', 'fail candidate.disabled', 'fail linking.match', 'info linking.on_no_match']);
    expect((log.trace as Entry[]).at(-3)!.detail).toBe('AdminGetUser re-read: excluded: the user is disabled');
  });

  it('a capped lookup says so', async () => {
    const { directory, run } = setup();
    directory.pageSize = 1;
    directory.users = Array.from({ length: 6 }, (_, i) => nativeUser(`squat${i}`, 'victim@gmail.com', { status: 'UNCONFIRMED' }));
    const { log } = await run(federatedSignUpEvent('google_4242', { email: 'victim@gmail.com', email_verified: 'true' }));
    const entries = log.trace as Entry[];
    const capped = entries.findIndex((entry) => entry.detail === 'ListUsers still had more pages after 5: the lookup stops there');
    expect(capped).toBeGreaterThan(0);
    expect(entries[capped + 1]).toMatchObject({ rule: 'linking.match', outcome: 'info', detail: expect.stringMatching(/AdminGetUser finds that user by the address/) });
  });

  it('a refused link refuses whatever on_no_match says, and says why', async () => {
    const { directory, run } = setup();
    directory.users = [nativeUser('alice', 'alice@acme.com')];
    directory.fail('AdminLinkProviderForUser', 'refused', 'AliasExistsException');
    const { log } = await run(acmeEvent());
    expect(rules(log).slice(-2)).toEqual(['fail link', 'fail link']);
    expect((log.trace as Entry[]).at(-1)!.detail).toMatch(/^refused with LINK_DENIED whatever on_no_match says/);
  });

  it('a reserved username names the provider whose name space it is in', async () => {
    const { run } = setup();
    const { log } = await run(signUpEvent('AcmeEntraID_me', 'me@elsewhere.org'));
    expect(log).toMatchObject({ reason: 'username_reserved', refusal: 'USERNAME_RESERVED', provider: 'AcmeEntraID', tenant: 'acme-corp' });
    expect(log.trace).toEqual([
      { rule: 'username', outcome: 'fail', detail: "the username starts with 'AcmeEntraID_' (any case), the name Cognito gives AcmeEntraID's federated users (tenant acme-corp): refused with USERNAME_RESERVED" },
    ]);
  });

  it('pre authentication: an exempt email that is not verified does not exempt, and the trace says so', async () => {
    const { directory, run } = setup();
    directory.clients.set('password-client', { password: true, federated: false });
    const { log } = await run(preAuthEvent('gina', { email: 'platform-oncall@globex.example', email_verified: 'false', identities: '[]' }, 'password-client'));
    expect(log.reason).toBe('native_blocked');
    expect(rules(log)).toEqual(['info identities', 'info native_login.password_sign_in', 'fail native_login.exempt', 'info app_client', 'fail native_login.password_sign_in']);
  });

  it('sign-up names the tenant rule that refused', async () => {
    const { run } = setup();
    const { log } = await run(signUpEvent('newbie', 'newbie@acme.com'));
    expect(log.reason).toBe('sign_up_blocked');
    expect(rules(log)).toEqual(['info tenant.domains', 'fail native_login.password_sign_up']);
  });

  it('pre authentication keeps the trace of its final round only (after DescribeUserPoolClient)', async () => {
    const { directory, run } = setup();
    directory.clients.set('password-client', { password: true, federated: false });
    const identities = identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' });
    const { log } = await run(preAuthEvent('alice', { email: 'alice@acme.com', identities }, 'password-client'));
    expect(log.reason).toBe('native_blocked');
    expect(rules(log)).toEqual(['info identities', 'info native_login.password_sign_in', 'info app_client', 'fail native_login.password_sign_in']);
  });

  it('an unknown provider and an ignored trigger source say so', async () => {
    const { run } = setup();
    expect(rules((await run(federatedSignUpEvent('partneridp_x1', { email: 'x@partner.example' }))).log)).toEqual(['fail provider', 'info unknown_provider.action']);
    const ignored = { ...signUpEvent('x', 'x@acme.com'), triggerSource: 'PostConfirmation_ConfirmSignUp' };
    expect(rules((await run(ignored)).log)).toEqual(['skip trigger_source']);
  });
});
