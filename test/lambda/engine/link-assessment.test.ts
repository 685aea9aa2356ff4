import { assessLink } from '../../../lambda/engine/link-assessment';
import { indexPolicySet } from '../../../lambda/engine/policy-index';
import { federatedSignUpEvent } from '../fixtures/events';
import { allowingEveryProvider, policySet, type SetParts } from '../fixtures/policy-set';

// Linking's own gates: several cases sign in through another tenant's provider on purpose, which
// acme's and globex's sign_in_methods refuse first (test/lambda/engine/sign-in-methods.test.ts).
function assess(userName: string, attributes: Record<string, string>, parts: SetParts = allowingEveryProvider()) {
  return assessLink(indexPolicySet(policySet(parts)), federatedSignUpEvent(userName, attributes));
}

function decided(userName: string, attributes: Record<string, string>, parts?: SetParts) {
  const result = assess(userName, attributes, parts);
  if (result.kind !== 'decided') throw new Error(`expected a decision, got a lookup for ${userName}`);
  return result;
}

const acmeAttributes = { email: 'Alice@Acme.com', 'custom:idp_sub': 'AbC-123' };
const globexAttributes = { email: 'bob@globex.example', email_verified: 'true', 'custom:idp_sub': '00u1AbCdEf' };

describe('PreSignUp_ExternalProvider before the lookup', () => {
  it('plans the lookup with the exact subject and exact-case provider for a lower-cased userName', () => {
    const result = assess('acmeentraid_abc-123', acmeAttributes);
    expect(result.kind).toBe('lookup');
    if (result.kind !== 'lookup') return;
    expect(result.plan.provider.name).toBe('AcmeEntraID');
    expect(result.plan.subject).toBe('AbC-123');
    expect(result.plan.filters).toEqual(['email = "alice@acme.com"', 'email = "Alice@Acme.com"']);
    expect(result.plan.subjectProblem).toBeUndefined();
    expect(result.facts).toEqual({ tenant: 'acme-corp', provider: 'AcmeEntraID', emailDomain: 'acme.com', subjectFrom: 'attribute' });
  });

  it('unknown_provider: the default lets the sign-up proceed unlinked', () => {
    expect(decided('okta_123', { email: 'x@acme.com' }).decision).toEqual({ action: 'continue', reason: 'unknown_provider' });
  });

  it('unknown_provider_denied: the settings message, as LINK_DENIED', () => {
    const parts = allowingEveryProvider();
    parts.unknownProvider = { action: 'deny', message: 'Not available.' };
    expect(decided('okta_123', {}, parts).decision).toEqual({
      action: 'refuse',
      reason: 'unknown_provider_denied',
      refusal: { code: 'LINK_DENIED', message: 'Not available.' },
    });
  });

  it('linking_disabled: proceeds unlinked', () => {
    const parts = allowingEveryProvider();
    parts.tenants[0]!.linking.enabled = false;
    expect(decided('acmeentraid_abc-123', acmeAttributes, parts).decision).toEqual({ action: 'continue', reason: 'linking_disabled' });
  });

  describe('a subject problem does not stop before the lookup (review finding 5): the lookup decides', () => {
    it.each([
      ['subject_unavailable', { email: 'alice@acme.com' }],
      ['subject_mismatch', { email: 'alice@acme.com', 'custom:idp_sub': 'Other' }],
    ])('%s: a plan without a subject', (reason, attributes) => {
      const result = assess('acmeentraid_abc-123', attributes);
      expect(result).toMatchObject({ kind: 'lookup', plan: { subject: undefined, subjectProblem: reason, filters: ['email = "alice@acme.com"'] } });
      expect(result.facts).toEqual({ tenant: 'acme-corp', provider: 'AcmeEntraID', emailDomain: 'acme.com', subjectProblem: reason });
    });

    it('the email trust gates still come first: an untrusted email means on_no_match, whatever the subject', () => {
      expect(decided('acmeentraid_abc-123', { email: 'victim@globex.example' }).decision).toEqual({ action: 'continue', reason: 'domain_not_owned' });
      expect(decided('globexokta_00u1abcdef', { email: 'bob@globex.example', email_verified: 'false' }).decision).toMatchObject({ action: 'refuse', reason: 'email_unverified' });
    });
  });

  describe('a failed gate means no link; on_no_match says whether Cognito creates a separate user', () => {
    it.each([
      ['email_missing', 'acmeentraid_abc-123', { 'custom:idp_sub': 'AbC-123' }],
      ['email_invalid', 'acmeentraid_abc-123', { email: 'a@b@acme.com', 'custom:idp_sub': 'AbC-123' }],
      ['domain_not_owned', 'acmeentraid_abc-123', { email: 'victim@globex.example', 'custom:idp_sub': 'AbC-123' }],
    ])('%s (acme: create_user -> continue)', (reason, userName, attributes) => {
      expect(decided(userName, attributes).decision).toEqual({ action: 'continue', reason });
    });

    it.each([
      ['email_unverified', { ...globexAttributes, email_verified: 'false' }],
      ['domain_not_owned', { ...globexAttributes, email: 'bob@acme.com' }],
    ])('%s (globex: deny -> LINK_DENIED)', (reason, attributes) => {
      expect(decided('globexokta_00u1abcdef', attributes).decision).toEqual({
        action: 'refuse',
        reason,
        refusal: { code: 'LINK_DENIED', message: 'Your Globex account is not set up yet. Ask your Globex administrator for access.' },
      });
    });

    it('email_untrusted for a provider whose emails never link', () => {
      const parts = allowingEveryProvider();
      parts.providers[0]!.email_trust = 'never';
      expect(decided('acmeentraid_abc-123', acmeAttributes, parts).decision.reason).toBe('email_untrusted');
    });

    it('match_value_missing and match_value_invalid', () => {
      const parts = allowingEveryProvider();
      parts.tenants[0]!.linking.match = { attribute: 'preferred_username', from: 'custom:upn', case: 'insensitive' };
      expect(decided('acmeentraid_abc-123', acmeAttributes, parts).decision.reason).toBe('match_value_missing');
      expect(decided('acmeentraid_abc-123', { ...acmeAttributes, 'custom:upn': 'a\u0007b' }, parts).decision.reason).toBe('match_value_invalid');
    });
  });

  it('the email domain is logged even when the email is refused, never the address', () => {
    const result = decided('acmeentraid_abc-123', { email: 'victim@globex.example', 'custom:idp_sub': 'AbC-123' });
    expect(result.facts).toEqual({ tenant: 'acme-corp', provider: 'AcmeEntraID', emailDomain: 'globex.example' });
  });

  it('the lower-cased query folds A-Z only: a KELVIN SIGN stays as asserted (review finding 11)', () => {
    const result = assess('google_8888', { email: '\u212Aim@gmail.com', email_verified: 'true' });
    expect(result.kind === 'lookup' && result.plan.filters).toEqual(['email = "\u212Aim@gmail.com"']);
  });

  it('a Google subject comes from the userName (case-stable digits)', () => {
    const result = assess('google_104882731', { email: 'Carol@gmail.com', email_verified: 'true' });
    expect(result.kind === 'lookup' && result.plan.subject).toBe('104882731');
  });

  it('ignores extra event fields and odd shapes (TRIGGERS: Cognito may add fields)', () => {
    const index = indexPolicySet(policySet());
    const event = { ...federatedSignUpEvent('acmeentraid_abc-123', acmeAttributes), newField: { x: 1 } };
    expect(assessLink(index, event).kind).toBe('lookup');
    expect(assessLink(index, { triggerSource: 'PreSignUp_ExternalProvider', request: null }).kind).toBe('decided');
    expect(assessLink(index, { userName: 42, request: { userAttributes: { email: 7 } } }).kind).toBe('decided');
  });
});
