import type { ClientCapabilities } from '../../../lambda/engine/client-capabilities';
import type { LinkedIdentity } from '../../../lambda/engine/identities';
import { assessPreAuthentication, type PreAuthKnowledge } from '../../../lambda/engine/native-login';
import { indexPolicySet } from '../../../lambda/engine/policy-index';
import { identitiesJson, preAuthEvent } from '../fixtures/events';
import { allowingEveryProvider, policySet } from '../fixtures/policy-set';

// The password rules alone: sign_in_methods, which acme and globex also set, are
// test/lambda/engine/sign-in-methods.test.ts's.
const index = indexPolicySet(policySet(allowingEveryProvider()));
const SSO: ClientCapabilities = { password: false, federated: true };
const PASSWORD: ClientCapabilities = { password: true, federated: false };
const BOTH: ClientCapabilities = { password: true, federated: true };

interface Facts {
  client?: ClientCapabilities | 'unavailable';
  stored?: readonly LinkedIdentity[] | 'unavailable' | 'user_not_found';
  saw?: boolean;
}

/** Runs the staged engine like the handler does, answering its questions from `facts`; returns the decision and what it asked. */
function decide(userName: string, attributes: Record<string, string>, facts: Facts, clientId = 'client-1') {
  const asked: string[] = [];
  let knowledge: PreAuthKnowledge = { containerSawIdentities: facts.saw ?? false };
  for (;;) {
    const assessment = assessPreAuthentication(index, preAuthEvent(userName, attributes, clientId), knowledge);
    if (assessment.kind === 'decided') return { ...assessment.decision, asked, tenant: assessment.facts.tenant };
    asked.push(assessment.need);
    if (assessment.need === 'client_capabilities') {
      if (facts.client === undefined) throw new Error('client capabilities were not expected to be needed');
      knowledge = { ...knowledge, client: facts.client };
    } else {
      if (facts.stored === undefined) throw new Error('stored identities were not expected to be needed');
      knowledge = { ...knowledge, storedIdentities: facts.stored };
    }
  }
}

const acmeLinked = identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' });

describe('PreAuthentication_Authentication decision table', () => {
  describe('no rule applies -> not_blocked, with no call once identities are known', () => {
    it('identities in the event', () => {
      expect(decide('carol', { email: 'carol@gmail.com', identities: '[]' }, {})).toMatchObject({ action: 'continue', reason: 'not_blocked', asked: [] });
    });

    it('identities absent, but this container has seen Cognito include them', () => {
      expect(decide('carol', { email: 'carol@gmail.com' }, { saw: true })).toMatchObject({ reason: 'not_blocked', asked: [] });
    });

    it('identities absent and never seen: the client first (cached), then AdminGetUser only on a password client', () => {
      expect(decide('carol', { email: 'carol@gmail.com' }, { client: PASSWORD, stored: [] })).toMatchObject({
        reason: 'not_blocked',
        asked: ['client_capabilities', 'user_identities'],
      });
      expect(decide('carol', { email: 'carol@gmail.com' }, { client: SSO })).toMatchObject({ reason: 'federated_sign_in', asked: ['client_capabilities'] });
    });
  });

  describe('block_tenant_domains (globex)', () => {
    it('native_blocked on a password client, with the tenant message and SSO provider', () => {
      expect(decide('bob', { email: 'Bob@Globex.example' }, { client: PASSWORD })).toMatchObject({
        action: 'refuse',
        reason: 'native_blocked',
        refusal: { code: 'SSO_REQUIRED', provider: 'GlobexOkta', message: 'Globex accounts sign in with Okta.' },
        tenant: 'globex',
      });
    });

    it('federated_sign_in on an SSO client; ambiguous_client (allowed) on a client offering both', () => {
      expect(decide('bob', { email: 'bob@globex.example' }, { client: SSO })).toMatchObject({ action: 'continue', reason: 'federated_sign_in' });
      expect(decide('bob', { email: 'bob@globex.example' }, { client: BOTH })).toMatchObject({ action: 'continue', reason: 'ambiguous_client' });
    });

    it('exempt email -> exempt (no call when identities are known), only once verified (review finding 4)', () => {
      expect(decide('oncall', { email: 'PLATFORM-ONCALL@globex.example', email_verified: 'true', identities: '[]' }, {})).toMatchObject({ reason: 'exempt', asked: [] });
      // An IdP rewrote a linked user's email to the exempt address, unverified: not exempt.
      for (const verified of ['false', undefined]) {
        const attributes: Record<string, string> = { email: 'platform-oncall@globex.example', identities: '[]' };
        if (verified !== undefined) attributes.email_verified = verified;
        expect(decide('gina', attributes, { client: PASSWORD })).toMatchObject({ reason: 'native_blocked', tenant: 'globex' });
      }
    });

    it('an exempt email exempts only a user with no linked identity: an IdP can write any verified address onto a linked user', () => {
      const okta = identitiesJson({ providerName: 'GlobexOkta', userId: '00uGail' });
      expect(decide('gail', { email: 'platform-oncall@globex.example', email_verified: 'true', identities: okta }, { client: PASSWORD })).toMatchObject({
        action: 'refuse',
        reason: 'native_blocked',
        tenant: 'globex',
      });
      // Another tenant's IdP, or a social one, is no better: the address was written by an IdP.
      const acme = identitiesJson({ providerName: 'AcmeEntraID', userId: 'Oid-7' });
      expect(decide('gail', { email: 'platform-oncall@globex.example', email_verified: 'true', identities: acme }, { client: PASSWORD })).toMatchObject({ reason: 'native_blocked' });
      // Identities absent from the event: the email waits for AdminGetUser, which decides.
      expect(decide('oncall', { email: 'platform-oncall@globex.example', email_verified: 'true' }, { client: PASSWORD, stored: [] })).toMatchObject({
        reason: 'exempt',
        asked: ['client_capabilities', 'user_identities'],
      });
      expect(decide('gail', { email: 'platform-oncall@globex.example', email_verified: 'true' }, { client: PASSWORD, stored: [{ providerName: 'GlobexOkta', userId: '00uGail' }] })).toMatchObject({
        reason: 'native_blocked',
      });
      // ... and when it cannot answer, the tenant's fail mode (globex fails closed here).
      expect(decide('oncall', { email: 'platform-oncall@globex.example', email_verified: 'true' }, { client: PASSWORD, stored: 'unavailable' })).toMatchObject({
        action: 'refuse',
        reason: 'cognito_unavailable',
      });
      // The break-glass USERNAME still exempts a linked user: the policy names the account itself.
      expect(decide('acme-breakglass', { email: 'it@acme.com', identities: acmeLinked }, {})).toMatchObject({ reason: 'exempt', asked: [] });
    });

    it('applies to users linked to the tenant\'s providers, whatever email the IdP last wrote (review finding 4)', () => {
      const globexLinked = identitiesJson({ providerName: 'GlobexOkta', userId: '00uGina' });
      expect(decide('gina', { email: 'gina@elsewhere.example', email_verified: 'true', identities: globexLinked }, { client: PASSWORD })).toMatchObject({
        reason: 'native_blocked',
        tenant: 'globex',
        refusal: { provider: 'GlobexOkta' },
      });
      expect(decide('gina', { email: 'gina@elsewhere.example', identities: globexLinked }, { client: SSO })).toMatchObject({ reason: 'federated_sign_in' });
    });

    it.each([
      ['a trailing dot', 'bob@globex.example.'],
      ['a quoted local part holding @', '"a@b"@globex.example'],
      ['a subdomain', 'bob@eu.globex.example'],
      ['upper case', 'BOB@GLOBEX.EXAMPLE'],
      ['full-width letters (IDNA maps them)', 'bob@ｇｌｏｂｅｘ.example'],
      ['an ideographic full stop', 'bob@globex\u3002example'],
    ])('reads the domain leniently for blocking: %s is Globex\'s (review finding 9)', (_label, email) => {
      expect(decide('bob', { email, identities: '[]' }, { client: PASSWORD })).toMatchObject({ reason: 'native_blocked', tenant: 'globex' });
    });

    it('EXTERNAL_PROVIDER status -> federated_sign_in with no call', () => {
      expect(decide('globexokta_00u1abcdef', { email: 'bob@globex.example', 'cognito:user_status': 'EXTERNAL_PROVIDER' }, {})).toMatchObject({
        reason: 'federated_sign_in',
        asked: [],
      });
    });
  });

  describe('block_linked_users (acme), under each twin switch (a) x (e)', () => {
    it('(a) native_username, (e) present: a linked user\'s SSO sign-in is allowed by the client, a password sign-in refused', () => {
      expect(decide('alice', { email: 'alice@acme.com', identities: acmeLinked }, { client: SSO })).toMatchObject({ reason: 'federated_sign_in' });
      expect(decide('alice', { email: 'alice@acme.com', identities: acmeLinked }, { client: PASSWORD })).toMatchObject({
        action: 'refuse',
        reason: 'native_blocked',
        refusal: { code: 'SSO_REQUIRED', provider: 'AcmeEntraID' },
        asked: ['client_capabilities'],
      });
    });

    it('(a) native_username, (e) absent: SSO client needs no AdminGetUser; a password client does', () => {
      expect(decide('alice', { email: 'alice@acme.com' }, { client: SSO })).toMatchObject({ reason: 'federated_sign_in', asked: ['client_capabilities'] });
      expect(decide('alice', { email: 'alice@acme.com' }, { client: PASSWORD, stored: [{ providerName: 'AcmeEntraID', userId: 'AbC-123' }] })).toMatchObject({
        reason: 'native_blocked',
        asked: ['client_capabilities', 'user_identities'],
      });
    });

    it('(a) provider_username, (e) present: decided by the client, not by the userName', () => {
      expect(decide('acmeentraid_abc-123', { email: 'alice@acme.com', identities: acmeLinked }, { client: SSO })).toMatchObject({
        reason: 'federated_sign_in',
        asked: ['client_capabilities'],
      });
    });

    it('(a) provider_username, (e) absent: decided by the client', () => {
      expect(decide('acmeentraid_abc-123', { email: 'alice@acme.com' }, { client: SSO })).toMatchObject({ reason: 'federated_sign_in' });
    });

    it('the client decides before any username evidence (review finding 1)', () => {
      // A native user named like Cognito's federated name for its own pre-linked identity, and a
      // federated profile given a password (AdminSetUserPassword: CONFIRMED, API sign-in allowed).
      const bob = identitiesJson({ providerName: 'AcmeEntraID', userId: 'Oid-Bob-42' });
      expect(decide('acmeentraid_oid-bob-42', { email: 'bob@acme.com', identities: bob }, { client: PASSWORD })).toMatchObject({ action: 'refuse', reason: 'native_blocked' });
      const zed = identitiesJson({ providerName: 'GlobexOkta', userId: '00uZed' });
      expect(decide('globexokta_00uzed', { email: 'zed@globex.example', identities: zed }, { client: PASSWORD })).toMatchObject({ action: 'refuse', reason: 'native_blocked' });
      expect(decide('acmeentraid_oid-bob-42', { email: 'bob@acme.com', identities: bob }, { client: BOTH })).toMatchObject({ action: 'continue', reason: 'ambiguous_client' });
    });

    it('when the client is unknown, a linked user is never blocked (it may be SSO): the fail mode decides (fail_closed: TRY_AGAIN)', () => {
      // A backed Provider_subject userName is a federated sign-in, whatever the fail mode.
      expect(decide('acmeentraid_abc-123', { email: 'alice@acme.com', identities: acmeLinked }, { client: 'unavailable' })).toMatchObject({ action: 'continue', reason: 'federated_sign_in' });
      // Twin switch (a) native_username: password or SSO cannot be told apart; acme fails closed.
      expect(decide('alice', { email: 'alice@acme.com', identities: acmeLinked }, { client: 'unavailable' })).toMatchObject({
        action: 'refuse',
        reason: 'cognito_unavailable',
        refusal: { code: 'TRY_AGAIN' },
      });
      const otherSubject = identitiesJson({ providerName: 'AcmeEntraID', userId: 'real-subject' });
      expect(decide('acmeentraid_fake', { email: 'mallory@acme.com', identities: otherSubject }, { client: 'unavailable' })).toMatchObject({ action: 'refuse', reason: 'cognito_unavailable' });
      // Identities absent from the event: AdminGetUser decides; if it fails too, the fail mode.
      expect(decide('alice', { email: 'alice@acme.com' }, { client: 'unavailable', stored: [{ providerName: 'AcmeEntraID', userId: 'AbC-123' }] })).toMatchObject({
        action: 'refuse',
        reason: 'cognito_unavailable',
        asked: ['client_capabilities', 'user_identities'],
      });
      expect(decide('alice', { email: 'alice@acme.com' }, { client: 'unavailable', stored: 'unavailable' })).toMatchObject({ action: 'refuse', reason: 'cognito_unavailable' });
    });

    it('when the client is unknown, a fail_open tenant allows a linked user', () => {
      const parts = policySet();
      const tenants = Object.fromEntries(
        Object.entries(parts.tenants).map(([id, tenant]) => [id, { ...tenant, linking: { ...tenant.linking, on_cognito_unavailable: 'fail_open' as const } }]),
      );
      const open = indexPolicySet({ ...parts, tenants });
      const event = preAuthEvent('alice', { email: 'alice@acme.com', identities: acmeLinked }, 'c');
      expect(assessPreAuthentication(open, event, { containerSawIdentities: false, client: 'unavailable' })).toMatchObject({
        kind: 'decided',
        decision: { action: 'continue', reason: 'cognito_unavailable' },
      });
    });

    it('when DescribeUserPoolClient fails, a user with no linked identity is signing in with a password: blocked', () => {
      expect(decide('bob', { email: 'bob@globex.example', identities: '[]' }, { client: 'unavailable' })).toMatchObject({ action: 'refuse', reason: 'native_blocked', asked: ['client_capabilities'] });
      expect(decide('bob', { email: 'bob@globex.example' }, { client: 'unavailable', stored: [] })).toMatchObject({
        action: 'refuse',
        reason: 'native_blocked',
        asked: ['client_capabilities', 'user_identities'],
      });
      // "No identities" inferred from earlier events is not proof enough to refuse: AdminGetUser is asked.
      expect(decide('bob', { email: 'bob@globex.example' }, { client: 'unavailable', saw: true, stored: [] })).toMatchObject({ reason: 'native_blocked', asked: ['client_capabilities', 'user_identities'] });
      expect(decide('bob', { email: 'bob@globex.example' }, { client: 'unavailable', saw: true, stored: 'unavailable' })).toMatchObject({ action: 'refuse', reason: 'cognito_unavailable' });
    });

    it('when DescribeUserPoolClient fails, AdminGetUser finding no user by a federated userName proves nothing (switch (i) not_found)', () => {
      expect(decide('globexokta_00ugail', { email: 'gail@globex.example' }, { client: 'unavailable', stored: 'user_not_found' })).toMatchObject({
        action: 'continue',
        reason: 'cognito_unavailable',
        asked: ['client_capabilities', 'user_identities'],
      });
      // On a password-only client the same answer means "not linked", as before.
      expect(decide('carol', { email: 'carol@gmail.com' }, { client: PASSWORD, stored: 'user_not_found' })).toMatchObject({ action: 'continue', reason: 'not_blocked' });
    });

    it('a native user merely named like a federated one is not evidence', () => {
      const otherSubject = identitiesJson({ providerName: 'AcmeEntraID', userId: 'real-subject' });
      expect(decide('acmeentraid_fake', { email: 'mallory@acme.com', identities: otherSubject }, { client: PASSWORD })).toMatchObject({
        reason: 'native_blocked',
      });
    });

    it('an unlinked acme user is not blocked (only linked users are)', () => {
      expect(decide('dave', { email: 'dave@acme.com', identities: '[]' }, {})).toMatchObject({ reason: 'not_blocked', asked: [] });
    });

    it('the break-glass username is exempt', () => {
      expect(decide('Acme-BreakGlass', { email: 'it@acme.com', identities: acmeLinked }, {})).toMatchObject({ reason: 'exempt', asked: [] });
    });

    it('a tenant the user is exempt from needs no lookup even when the identities are unknown', () => {
      const parts = policySet();
      const acmeOnly = indexPolicySet({
        ...parts,
        tenants: { ...parts.tenants, globex: { ...parts.tenants.globex!, native_login: { ...parts.tenants.globex!.native_login, password_sign_in: 'allow' } } },
      });
      const event = preAuthEvent('acme-breakglass', { email: 'it@acme.com' }, 'client-1');
      expect(assessPreAuthentication(acmeOnly, event, { containerSawIdentities: false })).toMatchObject({ kind: 'decided', decision: { reason: 'not_blocked' } });
      // Globex blocks its linked users too (block_tenant_domains): the identities are needed.
      expect(assessPreAuthentication(index, event, { containerSawIdentities: false })).toMatchObject({ kind: 'need', need: 'client_capabilities' });
    });

    it('usernames fold A-Z only: a KELVIN SIGN does not make a username exempt', () => {
      const parts = policySet();
      const kept = indexPolicySet({
        ...parts,
        tenants: { ...parts.tenants, 'acme-corp': { ...parts.tenants['acme-corp']!, native_login: { ...parts.tenants['acme-corp']!.native_login, exempt: { usernames: ['kit'], emails: [] } } } },
      });
      const event = (userName: string) => preAuthEvent(userName, { email: 'kit@acme.com', identities: acmeLinked }, 'client-1');
      expect(assessPreAuthentication(kept, event('KIT'), { containerSawIdentities: false })).toMatchObject({ kind: 'decided', decision: { reason: 'exempt' } });
      expect(assessPreAuthentication(kept, event('\u212AIT'), { containerSawIdentities: false })).toMatchObject({ kind: 'need', need: 'client_capabilities' });
    });

    it('a linked user of a tenant that allows passwords is not blocked', () => {
      const google = identitiesJson({ providerName: 'Google', userId: '1048', providerType: 'Google' });
      expect(decide('carol', { email: 'carol@gmail.com', identities: google }, {})).toMatchObject({ reason: 'not_blocked', asked: [] });
    });
  });

  describe('Cognito unavailable: the applicable tenant\'s on_cognito_unavailable', () => {
    it('client unknown and AdminGetUser failing: the identities stay unknown, so the fail mode (fail_closed: TRY_AGAIN)', () => {
      expect(decide('bob', { email: 'bob@globex.example' }, { client: 'unavailable', stored: 'unavailable' })).toMatchObject({
        action: 'refuse',
        reason: 'cognito_unavailable',
        refusal: { code: 'TRY_AGAIN' },
      });
    });

    it('AdminGetUser fails while a block_linked_users tenant might apply: that tenant\'s fail mode', () => {
      expect(decide('carol', { email: 'carol@gmail.com' }, { client: PASSWORD, stored: 'unavailable' })).toMatchObject({ action: 'refuse', reason: 'cognito_unavailable' });
    });

    it('fail_open tenants allow', () => {
      const parts = policySet();
      const tenants = Object.fromEntries(
        Object.entries(parts.tenants).map(([id, tenant]) => [id, { ...tenant, linking: { ...tenant.linking, on_cognito_unavailable: 'fail_open' as const } }]),
      );
      const open = indexPolicySet({ ...parts, tenants });
      const event = preAuthEvent('carol', { email: 'carol@gmail.com' }, 'c');
      const assessment = assessPreAuthentication(open, event, { containerSawIdentities: false, client: PASSWORD, storedIdentities: 'unavailable' });
      expect(assessment).toMatchObject({ kind: 'decided', decision: { action: 'continue', reason: 'cognito_unavailable' } });
    });
  });

  it('an unknown user (PreventUserExistenceErrors: request.userNotFound) is left to Cognito, with no call', () => {
    const event = preAuthEvent('bob@globex.example', {}, 'client-1');
    const assessment = assessPreAuthentication(index, { ...event, request: { ...event.request, userNotFound: true } }, { containerSawIdentities: false });
    expect(assessment).toMatchObject({ kind: 'decided', decision: { action: 'continue', reason: 'not_blocked' } });
  });

  it('without a client id the sign-in cannot be judged: allowed as ambiguous_client', () => {
    expect(decide('bob', { email: 'bob@globex.example' }, {}, '')).toMatchObject({ reason: 'ambiguous_client', asked: [] });
  });

  it('unreadable identities in the event count as unknown', () => {
    expect(decide('alice', { email: 'alice@acme.com', identities: '{oops' }, { saw: true, client: PASSWORD, stored: [] })).toMatchObject({
      reason: 'not_blocked',
      asked: ['client_capabilities', 'user_identities'],
    });
  });
});
