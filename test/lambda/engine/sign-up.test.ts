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

  it('exempt: AdminCreateUser of a listed username or email, ignoring case (how operators create break-glass accounts)', () => {
    const parts = policySet();
    const tenants = Object.fromEntries(
      Object.entries(parts.tenants).map(([id, tenant]) => [id, { ...tenant, native_login: { ...tenant.native_login, admin_create_user: 'block' as const } }]),
    );
    const blocking = indexPolicySet({ ...parts, tenants });
    expect(decideSignUp(blocking, signUpEvent('ACME-BreakGlass', 'it@acme.com'), 'admin_create').decision).toEqual({ action: 'continue', reason: 'exempt' });
    expect(decideSignUp(blocking, signUpEvent('oncall', 'Platform-Oncall@globex.example'), 'admin_create').decision).toEqual({ action: 'continue', reason: 'exempt' });
    expect(decideSignUp(blocking, signUpEvent('someone', 'someone@globex.example'), 'admin_create').decision).toMatchObject({ action: 'refuse', reason: 'admin_create_blocked' });
  });

  it('a self sign-up can never claim an exemption: an exempt username is reserved, whatever the email; an exempt email does not exempt', () => {
    for (const email of ['it@acme.com', 'someone@elsewhere.org', '']) {
      expect(decideSignUp(index, signUpEvent('ACME-BreakGlass', email), 'sign_up')).toEqual({
        decision: { action: 'refuse', reason: 'exempt_username_reserved', refusal: { code: 'USERNAME_RESERVED', message: 'This username is not available. Please choose another.' } },
        facts: { tenant: 'acme-corp' },
      });
    }
    expect(decideSignUp(index, signUpEvent('oncall', 'Platform-Oncall@globex.example'), 'sign_up').decision).toMatchObject({ action: 'refuse', reason: 'sign_up_blocked' });
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

  it.each([
    ['a trailing dot', 'bob@acme.com.'],
    ['a quoted local part holding @', '"a@b"@acme.com'],
    ['a subdomain', 'bob@eu.acme.com'],
    ['upper case', 'BOB@ACME.CO.UK'],
    ['an internationalised spelling IDNA maps to the domain', 'bob@ａｃｍｅ.com'],
  ])('reads the domain leniently: %s is still blocked (review finding 9)', (_label, email) => {
    expect(decideSignUp(index, signUpEvent('bob', email), 'sign_up')).toMatchObject({ decision: { action: 'refuse', reason: 'sign_up_blocked' }, facts: { tenant: 'acme-corp' } });
    const parts = exampleParts();
    parts.tenants[0]!.native_login.admin_create_user = 'block';
    expect(decideSignUp(indexPolicySet(policySet(parts)), signUpEvent('bob', email, 'PreSignUp_AdminCreateUser'), 'admin_create').decision.reason).toBe('admin_create_blocked');
  });

  it('a subdomain belongs to the tenant owning the closest domain', () => {
    const parts = exampleParts();
    parts.tenants[2]!.domains.push('eu.acme.com');
    const nested = indexPolicySet(policySet(parts));
    expect(decideSignUp(nested, signUpEvent('bob', 'bob@eu.acme.com'), 'sign_up')).toMatchObject({ decision: { reason: 'sign_up_allowed' }, facts: { tenant: 'lumen' } });
    expect(decideSignUp(nested, signUpEvent('bob', 'bob@x.eu.acme.com'), 'sign_up')).toMatchObject({ facts: { tenant: 'lumen' } });
    expect(decideSignUp(nested, signUpEvent('bob', 'bob@us.acme.com'), 'sign_up')).toMatchObject({ decision: { reason: 'sign_up_blocked' }, facts: { tenant: 'acme-corp' } });
  });

  it('the exemption reads the address strictly: a look-alike of an exempt email is not exempt', () => {
    expect(decideSignUp(index, signUpEvent('x', 'platform-oncall@globex.example.'), 'sign_up').decision.reason).toBe('sign_up_blocked');
    expect(decideSignUp(index, signUpEvent('x', 'platform-oncall@eu.globex.example'), 'sign_up').decision.reason).toBe('sign_up_blocked');
  });

  describe('username_reserved: `<provider>_…` is the federated users\' name space (review finding 1)', () => {
    it.each([
      ['acmeentraid_oid-bob-42', 'bob@acme.com', 'AcmeEntraID'],
      ['AcmeEntraID_x', 'someone@elsewhere.org', 'AcmeEntraID'],
      ['GLOBEXOKTA_00u1', 'x@gmail.com', 'GlobexOkta'],
      ['google_104882731449', 'carol@gmail.com', 'Google'],
      ['Google_', 'x@elsewhere.org', 'Google'],
      ['globexo\u212Ata_00uzed', 'x@elsewhere.org', 'GlobexOkta'],
    ])('%s is refused for sign-up and admin creation, whatever the email (a KELVIN SIGN too: refusing is the safe side)', (userName, email, provider) => {
      for (const [source, kind] of [['PreSignUp_SignUp', 'sign_up'], ['PreSignUp_AdminCreateUser', 'admin_create']] as const) {
        expect(decideSignUp(index, signUpEvent(userName, email, source), kind)).toMatchObject({
          decision: { action: 'refuse', reason: 'username_reserved', refusal: { code: 'USERNAME_RESERVED', message: 'This username is not available. Please choose another.' } },
          facts: { provider },
        });
      }
    });

    it.each(['google-fan', 'googl_e', 'my_google_x', 'alice'])('%s is not a provider prefix', (userName) => {
      expect(decideSignUp(index, signUpEvent(userName, 'x@elsewhere.org'), 'sign_up').decision.reason).toBe('sign_up_allowed');
    });
  });

  it('a domain named like an Object.prototype member is just unknown', () => {
    expect(decideSignUp(index, signUpEvent('x', 'x@constructor'), 'sign_up').decision.reason).toBe('sign_up_allowed');
    expect(decideSignUp(index, signUpEvent('x', 'x@__proto__'), 'sign_up').decision.reason).toBe('sign_up_allowed');
  });
});
