import { judgeCandidate, selectCandidate, type CandidateContext, type DirectoryUser } from '../../../lambda/engine/candidate-selection';
import type { CompiledLinking } from '../../../policy/compiled';
import { acmeProvider, acmeTenant, globexProvider, globexTenant } from '../fixtures/policy-set';
import { identitiesJson } from '../fixtures/events';

const tenant = acmeTenant();
const context: CandidateContext = { tenant, provider: acmeProvider(), subject: 'AbC-123', value: 'Alice@Acme.com' };

function withLinking(changes: Partial<CompiledLinking>, base: CandidateContext = context): CandidateContext {
  return { ...base, tenant: { ...base.tenant, linking: { ...base.tenant.linking, ...changes } } };
}

function user(username: string, overrides: Partial<DirectoryUser> & { attributes?: Record<string, string> } = {}): DirectoryUser {
  return {
    username,
    status: 'CONFIRMED',
    enabled: true,
    ...overrides,
    attributes: { email: 'alice@acme.com', email_verified: 'true', ...overrides.attributes },
  };
}

function exclusionOf(candidate: DirectoryUser, ctx: CandidateContext = context) {
  const verdict = judgeCandidate(ctx, candidate);
  return verdict.verdict === 'excluded' ? verdict.exclusion : verdict.verdict;
}

describe('candidate rules (docs/cognito-facts.md §11: the account-takeover paths)', () => {
  it('a confirmed, enabled, verified native user with the same email (ignoring case) is eligible', () => {
    expect(exclusionOf(user('alice', { attributes: { email: 'ALICE@acme.COM' } }))).toBe('eligible');
  });

  it('value_mismatch: ListUsers results are re-checked on our side', () => {
    expect(exclusionOf(user('a', { attributes: { email: 'alice2@acme.com' } }))).toBe('value_mismatch');
    expect(exclusionOf(user('a', { attributes: { email: 'ALICE@acme.com' } }), withLinking({ match: { ...tenant.linking.match, case: 'exact' } }))).toBe('value_mismatch');
  });

  it('case insensitive folds A-Z only: a KELVIN SIGN (U+212A) is not the letter k (review finding 11)', () => {
    const kim = { ...context, value: '\u212Aim@acme.com' };
    expect(exclusionOf(user('kim', { attributes: { email: 'kim@acme.com' } }), kim)).toBe('value_mismatch');
    expect(exclusionOf(user('kim', { attributes: { email: 'KIM@acme.com' } }), { ...context, value: 'kim@acme.com' })).toBe('eligible');
  });

  it('pre-registration attack: never an UNCONFIRMED account, whatever the policy lists', () => {
    const permissive = withLinking({ existing_user: { require_verified: false, statuses: ['CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED'] } });
    expect(exclusionOf(user('attacker', { status: 'UNCONFIRMED' }), permissive)).toBe('unconfirmed');
  });

  it('pre-registration attack: never an unverified email when require_verified', () => {
    expect(exclusionOf(user('attacker', { attributes: { email_verified: 'false' } }))).toBe('unverified');
    const noFlag: DirectoryUser = { username: 'attacker', status: 'CONFIRMED', enabled: true, attributes: { email: 'alice@acme.com' } };
    expect(exclusionOf(noFlag)).toBe('unverified');
  });

  describe('whatever the match attribute, the candidate\'s own email is in the tenant\'s domains (review finding 2)', () => {
    const globex = globexTenant();
    const byPreferredUsername: CandidateContext = {
      tenant: { ...globex, linking: { ...globex.linking, match: { attribute: 'preferred_username', from: 'preferred_username', case: 'exact' } } },
      provider: globexProvider(),
      subject: '00uMal',
      value: 'carol',
    };

    it('a Globex identity asserting preferred_username "carol" does not reach the Lumen consumer carol', () => {
      const carol = user('carol', { attributes: { email: 'carol@gmail.com', preferred_username: 'carol' } });
      expect(exclusionOf(carol, byPreferredUsername)).toBe('email_not_in_tenant');
      const globexCarol = user('carol-g', { attributes: { email: 'carol@globex.example', preferred_username: 'carol' } });
      expect(exclusionOf(globexCarol, byPreferredUsername)).toBe('eligible');
    });

    it('a user without an email, or with a malformed one, is not the tenant\'s', () => {
      const bare: DirectoryUser = { username: 'x', status: 'CONFIRMED', enabled: true, attributes: { preferred_username: 'carol', email_verified: 'true' } };
      expect(exclusionOf(bare, byPreferredUsername)).toBe('email_not_in_tenant');
      expect(exclusionOf(user('x', { attributes: { email: 'carol@globex.example@gmail.com', preferred_username: 'carol' } }), byPreferredUsername)).toBe('email_not_in_tenant');
    });

    it('exact domains only: a subdomain of a tenant domain is not the tenant\'s for linking', () => {
      expect(exclusionOf(user('x', { attributes: { email: 'carol@eu.globex.example', preferred_username: 'carol' } }), byPreferredUsername)).toBe('email_not_in_tenant');
    });

    it('without require_verified the domain still counts', () => {
      const lax = withLinking({ existing_user: { require_verified: false, statuses: ['CONFIRMED'] } }, byPreferredUsername);
      expect(exclusionOf(user('carol', { attributes: { email: 'carol@gmail.com', preferred_username: 'carol' } }), lax)).toBe('email_not_in_tenant');
    });
  });

  it('phone_number matches need phone_number_verified AND a verified email of the tenant\'s domains', () => {
    const ctx = { ...withLinking({ match: { attribute: 'phone_number', from: 'phone_number', case: 'exact' } }), value: '+441234567890' };
    const phoneUser = (verified: string, extra: Record<string, string> = {}) => user('p', { attributes: { phone_number: '+441234567890', phone_number_verified: verified, ...extra } });
    expect(exclusionOf(phoneUser('true'), ctx)).toBe('eligible');
    expect(exclusionOf(phoneUser('false'), ctx)).toBe('unverified');
    expect(exclusionOf(phoneUser('true', { email_verified: 'false' }), ctx)).toBe('unverified');
    // The reviewer's repro: a Globex identity asserting an Acme CFO's phone number.
    expect(exclusionOf(phoneUser('true', { email: 'cfo@globex.example' }), ctx)).toBe('email_not_in_tenant');
  });

  it('username matches compare the Username itself', () => {
    const ctx = { ...withLinking({ match: { attribute: 'username', from: 'custom:employee_id', case: 'exact' } }), value: 'E-42' };
    expect(exclusionOf(user('E-42'), ctx)).toBe('eligible');
    expect(exclusionOf(user('e-42'), ctx)).toBe('value_mismatch');
  });

  it('statuses outside existing_user.statuses are excluded', () => {
    expect(exclusionOf(user('a', { status: 'RESET_REQUIRED' }))).toBe('status_not_allowed');
    expect(exclusionOf(user('a', { status: 'FORCE_CHANGE_PASSWORD' }))).toBe('eligible');
    expect(exclusionOf(user('a', { status: undefined }))).toBe('status_not_allowed');
  });

  it('federated profiles and disabled users are excluded', () => {
    expect(exclusionOf(user('google_1', { status: 'EXTERNAL_PROVIDER' }))).toBe('federated_user');
    expect(exclusionOf(user('a', { enabled: false }))).toBe('disabled');
  });

  it('a user already linked to a different subject of the same provider is excluded', () => {
    const linked = user('a', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'someone-else' }) } });
    expect(exclusionOf(linked)).toBe('linked_to_other_subject');
    const lowerCasedLink = user('a', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'abc-123' }) } });
    expect(exclusionOf(lowerCasedLink)).toBe('linked_to_other_subject');
  });

  it('a sixth identity: users at the 5-identity limit are excluded (docs/cognito-facts.md §4: 5, not adjustable)', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ providerName: `Other${i}`, userId: `s${i}` }));
    expect(exclusionOf(user('a', { attributes: { identities: identitiesJson(...five) } }))).toBe('identity_limit');
    expect(exclusionOf(user('a', { attributes: { identities: identitiesJson(...five.slice(0, 4)) } }))).toBe('eligible');
  });

  it('unreadable identities exclude the user: the limits cannot be checked', () => {
    expect(exclusionOf(user('a', { attributes: { identities: 'not json' } }))).toBe('identities_unreadable');
  });

  it('already linked to this provider and exact subject is a replay, whatever else holds', () => {
    const linked = user('a', { status: 'CONFIRMED', attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } });
    expect(exclusionOf(linked)).toBe('already_linked');
  });

  it('without the exact subject no replay is recognised, and any identity of the provider counts as another subject\'s (review finding 5)', () => {
    const noSubject: CandidateContext = { ...context, subject: undefined };
    const linked = user('a', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } });
    expect(exclusionOf(linked, noSubject)).toBe('linked_to_other_subject');
    expect(exclusionOf(user('alice'), noSubject)).toBe('eligible');
  });
});

describe('selection', () => {
  it('exactly one eligible -> link, listing why the others were excluded', () => {
    const { selection, verdicts } = selectCandidate(context, [user('alice'), user('attacker', { status: 'UNCONFIRMED' })]);
    expect(selection).toEqual({ kind: 'link', username: 'alice' });
    expect(verdicts).toEqual([
      { username: 'alice', verdict: 'eligible' },
      { username: 'attacker', verdict: 'excluded', exclusion: 'unconfirmed' },
    ]);
  });

  it('two native accounts with the same email -> ambiguous, never the first one', () => {
    expect(selectCandidate(context, [user('alice'), user('alice2')]).selection).toEqual({ kind: 'ambiguous', usernames: ['alice', 'alice2'] });
  });

  it('the same user returned by two queries or pages counts once', () => {
    expect(selectCandidate(context, [user('alice'), user('alice')]).selection).toEqual({ kind: 'link', username: 'alice' });
  });

  it('none eligible -> none', () => {
    expect(selectCandidate(context, []).selection).toEqual({ kind: 'none' });
    expect(selectCandidate(context, [user('x', { enabled: false })]).selection).toEqual({ kind: 'none' });
  });

  it('an existing link wins over other eligible users', () => {
    const linked = user('alice', { attributes: { identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) } });
    expect(selectCandidate(context, [user('other'), linked]).selection).toEqual({ kind: 'already_linked', username: 'alice' });
  });
});
