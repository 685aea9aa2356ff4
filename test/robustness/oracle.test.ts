// The oracle that judges every link in the property runs must itself reject each kind of wrong
// link: one case per condition (docs/trigger.md "Candidates"; docs/cognito-facts.md §11).
import type { UserSnapshot } from '../../twin';
import type { TenantRecipe } from '../../bench/tenants/recipe';
import { emailDomain, linkViolations, passwordSignInBlocked } from './world/oracle';
import { worldPolicySet } from './world/simulate';

function recipe(id: string, overrides: Partial<TenantRecipe> = {}): TenantRecipe {
  return {
    id,
    displayName: id,
    domains: [`${id}.com`],
    providers: [{ kind: 'oidc_okta', name: `${id.charAt(0).toUpperCase()}${id.slice(1)}Okta`, trusted: true, connection: false }],
    linking: { enabled: true, matchCase: 'insensitive', statuses: ['CONFIRMED'], onNoMatch: 'create_user', afterLink: 'continue', onUnavailable: 'fail_closed' },
    nativeLogin: { passwordSignIn: 'block_linked_users', passwordSignUp: 'allow', adminCreateUser: 'allow', exemptUsernames: ['breakglass'], exemptEmails: [] },
    customMessages: false,
    ...overrides,
  };
}

const set = worldPolicySet({
  tenants: [recipe('acme'), recipe('globex', { nativeLogin: { passwordSignIn: 'block_tenant_domains', passwordSignUp: 'block', adminCreateUser: 'allow', exemptUsernames: [], exemptEmails: ['oncall@globex.com'] } })],
  unknownProvider: 'allow',
  switches: {},
  subjects: [],
  users: [],
  actions: [],
});

function user(username: string, overrides: Partial<UserSnapshot> & { email?: string; verified?: string } = {}): UserSnapshot {
  const { email = 'dana@acme.com', verified = 'true', ...rest } = overrides;
  return { username, sub: `sub-${username}`, status: 'CONFIRMED', enabled: true, attributes: { email, email_verified: verified }, identities: [], nativeSignInDisabled: false, ...rest };
}

const signIn = { providerName: 'AcmeOkta', subject: '00uAbC', attributes: { email: 'Dana@acme.com', email_verified: 'true', 'custom:idp_sub': '00uAbC' } };
const link = { username: 'dana', providerName: 'AcmeOkta', userId: '00uAbC' };

describe('the link oracle', () => {
  it('accepts the one eligible user', () => {
    expect(linkViolations(set, link, signIn, [user('dana'), user('other', { email: 'someone@acme.com' })], 'case_insensitive')).toEqual([]);
  });

  it.each<[string, Partial<typeof link>, Partial<typeof signIn> | undefined, UserSnapshot[], RegExp]>([
    ['a lower-cased subject', { userId: '00uabc' }, undefined, [user('dana')], /not the exact subject/],
    ['another provider than the sign-in\'s', { providerName: 'GlobexOkta' }, undefined, [user('dana')], /not the exact name/],
    ['a foreign domain', {}, { attributes: { ...signIn.attributes, email: 'dana@globex.com' } }, [user('dana', { email: 'dana@globex.com' })], /not owned by acme/],
    ['a look-alike domain', {}, { attributes: { ...signIn.attributes, email: 'dana@\u0430cme.com' } }, [user('dana')], /not owned by acme/],
    ['an unverified IdP email', {}, { attributes: { ...signIn.attributes, email_verified: 'false' } }, [user('dana')], /email_verified is not "true"/],
    ['an UNCONFIRMED destination (pre-registration attack)', {}, undefined, [user('dana', { status: 'UNCONFIRMED' })], /UNCONFIRMED/],
    ['an unverified destination', {}, undefined, [user('dana', { verified: 'false' })], /not verified/],
    ['a disabled destination', {}, undefined, [user('dana', { enabled: false })], /disabled/],
    ['a status the tenant does not allow', {}, undefined, [user('dana', { status: 'FORCE_CHANGE_PASSWORD' })], /status FORCE_CHANGE_PASSWORD not allowed/],
    ['a federated destination', {}, undefined, [user('dana', { status: 'EXTERNAL_PROVIDER' })], /federated user/],
    ['a destination with another email', {}, undefined, [user('dana', { email: 'dan@acme.com' })], /email differs/],
    ['two eligible users', {}, undefined, [user('dana'), user('dana2')], /2 eligible users/],
    ['a destination already holding this provider', {}, undefined, [user('dana', { identities: [{ providerName: 'AcmeOkta', userId: 'old', primary: false }] })], /already holds an identity/],
    [
      'a destination at the 5-identity limit',
      {},
      undefined,
      [user('dana', { identities: ['A', 'B', 'C', 'D', 'E'].map((p) => ({ providerName: `${p}Idp`, userId: p, primary: false })) })],
      /5 identities/,
    ],
  ])('rejects %s', (_label, linkChange, signInChange, before, problem) => {
    const problems = linkViolations(set, { ...link, ...linkChange }, { ...signIn, ...signInChange }, before, 'case_insensitive');
    expect(problems.join('; ')).toMatch(problem);
  });

  it('counts only the users ListUsers can return where it matches email case-sensitively (switch d)', () => {
    const before = [user('dana'), user('dana2', { email: 'DANA@acme.com' })];
    const lower = { ...signIn, attributes: { ...signIn.attributes, email: 'dana@acme.com' } };
    expect(linkViolations(set, link, lower, before, 'case_sensitive')).toEqual([]);
    expect(linkViolations(set, link, lower, before, 'case_insensitive')).toEqual(['2 eligible users, not exactly one']);
  });
});

describe('the password-blocking oracle', () => {
  it.each([
    ['a user linked to a block_linked_users tenant', true, user('dana', { identities: [{ providerName: 'AcmeOkta', userId: 'x', primary: false }] })],
    ['an unlinked user of that tenant', false, user('dana')],
    ['its break-glass user', false, user('breakglass', { identities: [{ providerName: 'AcmeOkta', userId: 'x', primary: false }] })],
    ['a user in a block_tenant_domains domain', true, user('gina', { email: 'Gina@Globex.com' })],
    ['that tenant\'s exempt email', false, user('oncall', { email: 'oncall@globex.com' })],
  ])('%s: blocked %s', (_label, blocked, snapshot) => {
    expect(passwordSignInBlocked(set, snapshot)).toBe(blocked);
  });

  it('reads domains as the policy stores them', () => {
    expect([emailDomain(' Dana@Acme.COM '), emailDomain('a@b@acme.com'), emailDomain('dana@acme.com\u202e'), emailDomain('dana@b\u00fccher.example')]).toEqual([
      'acme.com',
      undefined,
      undefined,
      'xn--bcher-kva.example',
    ]);
  });
});
