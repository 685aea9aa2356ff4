import type { DirectoryUser } from '../../../lambda/engine/candidate-selection';
import { afterLink, confirmExistingLink, decideSelection, onCognitoUnavailable, onLookupCapped, onNoEligibleMatch, refuseLink, refusedLinkReason } from '../../../lambda/engine/link-outcome';
import { Trace } from '../../../lambda/engine/trace';
import { acmeProvider, acmeTenant, globexProvider, globexTenant, lumenTenant } from '../fixtures/policy-set';
import { identitiesJson } from '../fixtures/events';

describe('PreSignUp_ExternalProvider after the lookup', () => {
  it('no_match_create and no_match_denied follow on_no_match', () => {
    expect(onNoEligibleMatch(acmeTenant())).toEqual({ action: 'continue', reason: 'no_match_create' });
    expect(onNoEligibleMatch(globexTenant())).toMatchObject({ action: 'refuse', reason: 'no_match_denied', refusal: { code: 'LINK_DENIED' } });
  });

  it('ambiguous_match always refuses with LINK_DENIED', () => {
    expect(decideSelection(acmeTenant(), acmeProvider(), { kind: 'ambiguous', usernames: ['a', 'b'] })).toEqual({
      action: 'refuse',
      reason: 'ambiguous_match',
      refusal: { code: 'LINK_DENIED', message: 'We could not connect your Acme sign-in to an account. Please contact Acme IT.' },
    });
  });

  it('after_link continue returns the event; retry_code throws ACCOUNT_LINKED(provider)', () => {
    expect(afterLink(acmeTenant(), acmeProvider(), 'linked')).toEqual({ action: 'continue', reason: 'linked' });
    expect(afterLink(globexTenant(), globexProvider(), 'already_linked')).toEqual({
      action: 'refuse',
      reason: 'already_linked',
      refusal: { code: 'ACCOUNT_LINKED', provider: 'GlobexOkta', message: 'Your Okta sign-in is now connected to your Globex account. Continuing...' },
    });
    expect(decideSelection(acmeTenant(), acmeProvider(), { kind: 'already_linked', username: 'alice' })).toEqual({ action: 'continue', reason: 'already_linked' });
  });

  it('cognito_unavailable fails closed with TRY_AGAIN or open', () => {
    expect(onCognitoUnavailable(acmeTenant())).toMatchObject({ action: 'refuse', reason: 'cognito_unavailable', refusal: { code: 'TRY_AGAIN' } });
    expect(onCognitoUnavailable(lumenTenant())).toEqual({ action: 'continue', reason: 'cognito_unavailable' });
  });

  it.each(['link_refused', 'subject_unavailable', 'subject_mismatch'] as const)(
    '%s with a qualifying user refuses with LINK_DENIED whatever on_no_match says: never a duplicate that cannot be merged (review finding 5)',
    (reason) => {
      expect(refuseLink(acmeTenant(), reason)).toEqual({
        action: 'refuse',
        reason,
        refusal: { code: 'LINK_DENIED', message: 'We could not connect your Acme sign-in to an account. Please contact Acme IT.' },
      });
      expect(refuseLink(lumenTenant(), reason)).toMatchObject({ action: 'refuse', reason, refusal: { code: 'LINK_DENIED' } });
    },
  );

  it('a lookup capped at LOOKUP_MAX_PAGES refuses as ambiguous_match (review finding 10)', () => {
    const trace = new Trace();
    expect(onLookupCapped(lumenTenant(), trace)).toMatchObject({ action: 'refuse', reason: 'ambiguous_match', refusal: { code: 'LINK_DENIED' } });
    expect(trace.entries).toEqual([expect.objectContaining({ rule: 'linking.on_multiple_matches', outcome: 'fail', detail: expect.stringMatching(/^more than 300 users hold the value/) })]);
  });

  describe('confirming an "already linked" answer with AdminGetUser (§4: not idempotent)', () => {
    const destination = (identities?: string): DirectoryUser => ({
      username: 'alice',
      status: 'CONFIRMED',
      enabled: true,
      attributes: identities === undefined ? {} : { identities },
    });

    it('already_linked only when the destination holds this provider and exact subject', () => {
      expect(confirmExistingLink(destination(identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' })), acmeProvider(), 'AbC-123')).toBe('already_linked');
    });

    it('link_refused otherwise: another subject, a lower-cased subject, no identities, no user', () => {
      expect(confirmExistingLink(destination(identitiesJson({ providerName: 'AcmeEntraID', userId: 'abc-123' })), acmeProvider(), 'AbC-123')).toBe('link_refused');
      expect(confirmExistingLink(destination(identitiesJson({ providerName: 'GlobexOkta', userId: 'AbC-123' })), acmeProvider(), 'AbC-123')).toBe('link_refused');
      expect(confirmExistingLink(destination(), acmeProvider(), 'AbC-123')).toBe('link_refused');
      expect(confirmExistingLink(undefined, acmeProvider(), 'AbC-123')).toBe('link_refused');
    });
  });

  describe('a refused link: link_source_too_long when the source exceeds the observed 128 characters (aws-sdk-js-v3 #6985)', () => {
    it('AcmeEntraID (11) + Cognito_Subject (15) leaves 102 characters for the subject', () => {
      expect(refusedLinkReason('AcmeEntraID', 'x'.repeat(102))).toBe('link_refused');
      const trace = new Trace();
      expect(refusedLinkReason('AcmeEntraID', 'x'.repeat(103), trace)).toBe('link_source_too_long');
      expect(trace.entries).toEqual([
        expect.objectContaining({ rule: 'link.source_length', outcome: 'fail', detail: 'the subject has 103 characters; with AcmeEntraID and Cognito_Subject at most 102 fit in the 128 Cognito accepts' }),
      ]);
    });

    it('is refused with LINK_DENIED, never a separate user', () => {
      expect(refuseLink(acmeTenant(), 'link_source_too_long')).toMatchObject({ action: 'refuse', reason: 'link_source_too_long', refusal: { code: 'LINK_DENIED' } });
    });
  });
});
