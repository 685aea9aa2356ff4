import { refusal, refusalText, ssoRequired } from '../../../lambda/engine/refusal';
import { acmeTenant } from '../fixtures/policy-set';

describe('refusal text (what users see: `<Trigger> failed with error <text>.`, docs/cognito-facts.md §8)', () => {
  it('CODE(Provider): message, or CODE: message', () => {
    expect(refusalText(refusal('ACCOUNT_LINKED', 'Continue', 'GlobexOkta'))).toBe('ACCOUNT_LINKED(GlobexOkta): Continue');
    expect(refusalText(refusal('LINK_DENIED', 'Ask IT'))).toBe('LINK_DENIED: Ask IT');
  });

  it('drops one trailing period (Cognito appends one) and keeps the text on one line', () => {
    expect(refusalText(refusal('TRY_AGAIN', 'Please try again.'))).toBe('TRY_AGAIN: Please try again');
    expect(refusalText(refusal('TRY_AGAIN', 'Line one\nline two  '))).toBe('TRY_AGAIN: Line one line two');
    expect(refusalText(refusal('TRY_AGAIN', ''))).toBe('TRY_AGAIN');
  });

  it('SSO_REQUIRED names the tenant\'s SSO provider and uses its message', () => {
    expect(refusalText(ssoRequired(acmeTenant()))).toBe('SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on. Choose "Sign in with Acme" and use your work account');
  });
});
