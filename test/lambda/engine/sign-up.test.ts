import { indexPolicySet } from '../../../lambda/engine/policy-index';
import { decideSignUp } from '../../../lambda/engine/sign-up';
import { signUpEvent } from '../fixtures/events';
import { exampleParts, policySet } from '../fixtures/policy-set';

const index = indexPolicySet(policySet());

describe('PreSignUp_SignUp and PreSignUp_AdminCreateUser', () => {
  it('sign_up_blocked: a password sign-up in a tenant domain that blocks it -> SSO_REQUIRED(provider)', () => {
    expect(decideSignUp(index, signUpEvent('alice', 'Alice@ACME.com'), 'sign_up')).toEqual({
      decision: {
        action: 'refuse',
        reason: 'sign_up_blocked',
        refusal: { code: 'SSO_REQUIRED', provider: 'AcmeEntraID', message: 'Acme uses single sign-on. Choose "Sign in with Acme" and use your work account.' },
      },
      facts: { tenant: 'acme-corp', emailDomain: 'acme.com' },
    });
  });

  it('sign_up_allowed: unknown domains, allowing tenants, no email', () => {
    expect(decideSignUp(index, signUpEvent('x', 'x@elsewhere.org'), 'sign_up').decision).toEqual({ action: 'continue', reason: 'sign_up_allowed' });
    expect(decideSignUp(index, signUpEvent('x', 'x@gmail.com'), 'sign_up').decision).toEqual({ action: 'continue', reason: 'sign_up_allowed' });
    expect(decideSignUp(index, { ...signUpEvent('x', ''), request: { userAttributes: {} } }, 'sign_up').decision.reason).toBe('sign_up_allowed');
  });

  it('exempt: listed usernames and emails, ignoring case', () => {
    expect(decideSignUp(index, signUpEvent('ACME-BreakGlass', 'it@acme.com'), 'sign_up').decision).toEqual({ action: 'continue', reason: 'exempt' });
    expect(decideSignUp(index, signUpEvent('oncall', 'Platform-Oncall@globex.example'), 'sign_up').decision).toEqual({ action: 'continue', reason: 'exempt' });
  });

  it('admin_create_allowed by default; admin_create_blocked when the tenant says so', () => {
    expect(decideSignUp(index, signUpEvent('a', 'a@acme.com', 'PreSignUp_AdminCreateUser'), 'admin_create').decision).toEqual({
      action: 'continue',
      reason: 'admin_create_allowed',
    });
    const parts = exampleParts();
    parts.tenants[0]!.native_login.admin_create_user = 'block';
    expect(decideSignUp(indexPolicySet(policySet(parts)), signUpEvent('a', 'a@acme.com'), 'admin_create').decision).toMatchObject({
      action: 'refuse',
      reason: 'admin_create_blocked',
      refusal: { code: 'SSO_REQUIRED', provider: 'AcmeEntraID' },
    });
  });

  it('a domain named like an Object.prototype member is just unknown', () => {
    expect(decideSignUp(index, signUpEvent('x', 'x@constructor'), 'sign_up').decision.reason).toBe('sign_up_allowed');
    expect(decideSignUp(index, signUpEvent('x', 'x@__proto__'), 'sign_up').decision.reason).toBe('sign_up_allowed');
  });
});
