import type { DirectoryUser } from '../../../lambda/engine/candidate-selection';
import { afterLink, confirmExistingLink, decideSelection, onCognitoUnavailable, onNoEligibleMatch } from '../../../lambda/engine/link-outcome';
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

  it('link_refused follows on_no_match', () => {
    expect(onNoEligibleMatch(acmeTenant(), 'link_refused')).toEqual({ action: 'continue', reason: 'link_refused' });
    expect(onNoEligibleMatch(globexTenant(), 'link_refused')).toMatchObject({ action: 'refuse', reason: 'link_refused' });
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
});
