// sign_in_methods in the engine: a first federated sign-in through a provider the email's tenant
// refuses is refused before any lookup, and an existing account of a refused method is refused at
// pre authentication, whatever Cognito puts in the event (twin switches (a), (e), (i)).
import type { ClientCapabilities } from '../../../lambda/engine/client-capabilities';
import type { LinkedIdentity } from '../../../lambda/engine/identities';
import { assessLink } from '../../../lambda/engine/link-assessment';
import { assessPreAuthentication, type PreAuthKnowledge } from '../../../lambda/engine/native-login';
import { indexPolicySet } from '../../../lambda/engine/policy-index';
import { refusesSomeProvider } from '../../../lambda/engine/sign-in-methods';
import { Trace } from '../../../lambda/engine/trace';
import { federatedSignUpEvent, identitiesJson, preAuthEvent } from '../fixtures/events';
import { exampleParts, policySet, type SetParts } from '../fixtures/policy-set';

const SSO: ClientCapabilities = { password: false, federated: true };
const PASSWORD: ClientCapabilities = { password: true, federated: false };
const BOTH: ClientCapabilities = { password: true, federated: true };

const GLOBEX_REFUSAL = { action: 'refuse', reason: 'method_refused', refusal: { code: 'SSO_REQUIRED', provider: 'GlobexOkta', message: 'Globex accounts sign in with Okta.' } };

function firstSignIn(userName: string, attributes: Record<string, string>, parts: SetParts = exampleParts()) {
  const trace = new Trace();
  const assessment = assessLink(indexPolicySet(policySet(parts)), federatedSignUpEvent(userName, attributes), trace);
  return { assessment, trace: trace.entries };
}

function refusedFirstSignIn(userName: string, attributes: Record<string, string>, parts?: SetParts) {
  const { assessment, trace } = firstSignIn(userName, attributes, parts);
  if (assessment.kind !== 'decided') throw new Error(`expected a decision before any lookup for ${userName}, got a lookup`);
  return { ...assessment, trace };
}

describe('a first federated sign-in through a provider the email\'s tenant refuses', () => {
  it('the Globex example: an @globex Google sign-in is refused with SSO_REQUIRED(GlobexOkta), before any lookup', () => {
    const result = refusedFirstSignIn('google_104882731449000000001', { email: 'bob@globex.example', email_verified: 'true' });
    expect(result.decision).toEqual(GLOBEX_REFUSAL);
    expect(result.facts).toEqual({ tenant: 'globex', provider: 'Google', emailDomain: 'globex.example' });
    expect(result.trace.at(-1)).toMatchObject({ rule: 'sign_in_methods.other_providers', outcome: 'fail' });
    expect(result.trace.at(-1)!.detail).toContain("tenant lumen's provider");
    expect(result.trace.at(-1)!.detail).not.toContain('bob@');
  });

  it.each([
    ['unverified', { email: 'bob@globex.example', email_verified: 'false' }],
    ['without email_verified', { email: 'bob@globex.example' }],
    ['upper case and padded', { email: '  BOB@GLOBEX.EXAMPLE ', email_verified: 'true' }],
    ['on a subdomain', { email: 'bob@eu.globex.example', email_verified: 'true' }],
    ['with a trailing dot', { email: 'bob@globex.example.', email_verified: 'true' }],
    ['with a quoted local part holding @', { email: '"a@b"@globex-labs.example', email_verified: 'true' }],
    ['in full-width letters', { email: 'bob@ｇｌｏｂｅｘ.example', email_verified: 'true' }],
  ])('an address %s still counts for refusing', (_label, attributes) => {
    expect(refusedFirstSignIn('google_104882731449000000001', attributes).decision).toEqual(GLOBEX_REFUSAL);
  });

  it('another tenant\'s IdP is refused too, whatever that tenant says about unknown users (acme: create_user)', () => {
    const result = refusedFirstSignIn('acmeentraid_abc-123', { email: 'victim@globex.example', 'custom:idp_sub': 'AbC-123' });
    expect(result.decision).toEqual(GLOBEX_REFUSAL);
    expect(result.facts.tenant).toBe('globex');
  });

  it.each(['allow', 'deny'] as const)('a provider no tenant declares is refused, whatever unknown_provider says (%s)', (action) => {
    const parts = { ...exampleParts(), unknownProvider: { action, message: 'Not here.' } };
    const result = refusedFirstSignIn('legacyokta_00u1abc', { email: 'bob@globex.example' }, parts);
    expect(result.decision).toEqual(GLOBEX_REFUSAL);
    expect(result.facts).toEqual({ tenant: 'globex', emailDomain: 'globex.example' });
    expect(result.trace.at(-1)!.detail).toContain("the undeclared provider 'legacyokta'");
  });

  it('acme refuses other providers too: SSO_REQUIRED(AcmeEntraID) with acme\'s message', () => {
    expect(refusedFirstSignIn('google_104882731449000000002', { email: 'dana@acme.co.uk', email_verified: 'true' }).decision).toEqual({
      action: 'refuse',
      reason: 'method_refused',
      refusal: { code: 'SSO_REQUIRED', provider: 'AcmeEntraID', message: 'Acme uses single sign-on. Choose "Sign in with Acme" and use your work account.' },
    });
  });

  it('an exempt username (a federated user is <provider>_<subject>) may use any provider; an exempt email never exempts a provider\'s sign-in', () => {
    const parts = exampleParts();
    parts.tenants[1]!.native_login.exempt.usernames = ['google_104882731449000000009'];
    const exempt = firstSignIn('google_104882731449000000009', { email: 'bob@globex.example', email_verified: 'true' }, parts);
    // On to Google's tenant's linking rules: lumen does not own globex.example, and creates a separate user.
    expect(exempt.assessment).toMatchObject({ kind: 'decided', decision: { action: 'continue', reason: 'domain_not_owned' } });
    expect(exempt.trace).toContainEqual(expect.objectContaining({ rule: 'native_login.exempt', outcome: 'pass' }));
    // platform-oncall@globex.example is on globex's exempt emails.
    expect(refusedFirstSignIn('google_104882731449000000008', { email: 'platform-oncall@globex.example', email_verified: 'true' }).decision).toEqual(GLOBEX_REFUSAL);
  });

  it('is decided from the event alone: zero lookups planned', () => {
    expect(firstSignIn('google_104882731449000000001', { email: 'bob@globex.example', email_verified: 'true' }).assessment.kind).toBe('decided');
  });
});

describe('a first federated sign-in the email\'s tenant allows goes on to linking', () => {
  it.each([
    ['its own provider (globex, own_providers allow)', 'globexokta_00u1abcdef', { email: 'bob@globex.example', email_verified: 'true', 'custom:idp_sub': '00u1AbCdEf' }],
    ['Google with a gmail.com address (lumen\'s own)', 'google_104882731449000000001', { email: 'carol@gmail.com', email_verified: 'true' }],
  ])('%s: the lookup is planned, with no trace entry for an own provider under allow', (_label, userName, attributes) => {
    const { assessment, trace } = firstSignIn(userName, attributes);
    expect(assessment.kind).toBe('lookup');
    expect(trace.some((entry) => entry.rule.startsWith('sign_in_methods'))).toBe(false);
  });

  it('a domain no tenant owns: no tenant rule, today\'s behaviour', () => {
    expect(firstSignIn('google_104882731449000000001', { email: 'erin@example.org', email_verified: 'true' }).assessment).toMatchObject({ kind: 'decided', decision: { reason: 'domain_not_owned' } });
  });

  it('lumen (a consumer tenant) allows every provider: an Okta identity with a gmail.com address meets Globex\'s linking rules, not a refusal', () => {
    const { assessment, trace } = firstSignIn('globexokta_00u1abcdef', { email: 'carol@gmail.com', email_verified: 'true', 'custom:idp_sub': '00u1AbCdEf' });
    expect(assessment).toMatchObject({ kind: 'decided', decision: { action: 'refuse', reason: 'domain_not_owned', refusal: { code: 'LINK_DENIED' } } });
    // The method rule is the first one evaluated.
    expect(trace[0]).toMatchObject({ rule: 'sign_in_methods.other_providers', outcome: 'pass' });
  });

  it('other_providers allow_only lets the listed provider in and refuses the rest', () => {
    const parts = exampleParts();
    parts.tenants[1]!.sign_in_methods = { own_providers: 'allow', other_providers: { allow_only: ['AcmeEntraID'] } };
    expect(firstSignIn('acmeentraid_abc-123', { email: 'bob@globex.example', 'custom:idp_sub': 'AbC-123' }, parts).assessment).toMatchObject({
      kind: 'decided',
      decision: { reason: 'domain_not_owned' },
    });
    expect(refusedFirstSignIn('google_104882731449000000001', { email: 'bob@globex.example', email_verified: 'true' }, parts).decision).toEqual(GLOBEX_REFUSAL);
  });

  it('own_providers allow_only retires an own provider: its first sign-in is refused, naming the one kept', () => {
    const parts = exampleParts();
    const globex = parts.tenants[1]!;
    globex.providers = ['GlobexOkta', 'GlobexLegacy'];
    globex.sign_in_methods = { own_providers: { allow_only: ['GlobexOkta'] }, other_providers: 'refuse' };
    parts.providers.push({ ...parts.providers[1]!, name: 'GlobexLegacy' });
    const result = refusedFirstSignIn('globexlegacy_00u1abcdef', { email: 'bob@globex.example', email_verified: 'true', 'custom:idp_sub': '00u1AbCdEf' }, parts);
    expect(result.decision).toEqual(GLOBEX_REFUSAL);
    expect(result.trace.at(-1)).toMatchObject({ rule: 'sign_in_methods.own_providers', outcome: 'fail' });
  });
});

interface Facts {
  client?: ClientCapabilities | 'unavailable';
  stored?: readonly LinkedIdentity[] | 'unavailable' | 'user_not_found';
  saw?: boolean;
}

/** Runs the staged pre authentication like the flow does, answering its questions from `facts`. */
function preAuth(userName: string, attributes: Record<string, string>, facts: Facts, options: { clientId?: string; parts?: SetParts } = {}) {
  const index = indexPolicySet(policySet(options.parts ?? exampleParts()));
  const asked: string[] = [];
  let knowledge: PreAuthKnowledge = { containerSawIdentities: facts.saw ?? false };
  for (;;) {
    const trace = new Trace();
    const assessment = assessPreAuthentication(index, preAuthEvent(userName, attributes, options.clientId ?? 'client-1'), knowledge, trace);
    if (assessment.kind === 'decided') return { ...assessment.decision, asked, tenant: assessment.facts.tenant, trace: trace.entries };
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

const googleIdentity = identitiesJson({ providerName: 'Google', userId: '104882731449000000001', providerType: 'Google' });
const oktaIdentity = identitiesJson({ providerName: 'GlobexOkta', userId: '00u1AbCdEf', providerType: 'OIDC' });
const bothIdentities = identitiesJson({ providerName: 'GlobexOkta', userId: '00u1AbCdEf', providerType: 'OIDC' }, { providerName: 'Google', userId: '104882731449000000001', providerType: 'Google' });
const profile = (identities: string) => ({ 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'bob@globex.example', email_verified: 'true', identities });

describe('an existing account of a refused method, at pre authentication', () => {
  it('a Google profile (EXTERNAL_PROVIDER) with an @globex address, made before the policy changed: refused with no Cognito call', () => {
    const result = preAuth('google_104882731449000000001', profile(googleIdentity), {});
    expect(result).toMatchObject({ ...GLOBEX_REFUSAL, asked: [], tenant: 'globex' });
    expect(result.trace.at(-1)).toMatchObject({ rule: 'sign_in_methods.other_providers', outcome: 'fail' });
  });

  it.each(['present', 'absent'])('whether identities are in the event or not (switch (e) %s), the profile\'s userName names its provider', (e) => {
    const attributes = e === 'present' ? profile(googleIdentity) : { 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'bob@globex.example' };
    expect(preAuth('google_104882731449000000001', attributes, {})).toMatchObject({ ...GLOBEX_REFUSAL, asked: [] });
  });

  it('a profile of a provider no tenant declares is refused; a GlobexOkta profile is a federated sign-in as before', () => {
    expect(preAuth('legacyokta_00u1xyz', { 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'bob@globex.example' }, {})).toMatchObject(GLOBEX_REFUSAL);
    expect(preAuth('globexokta_00u1abcdef', profile(oktaIdentity), {})).toMatchObject({ action: 'continue', reason: 'federated_sign_in', asked: [] });
  });

  it('a profile whose email is outside every tenant (or a tenant that allows every provider) is not judged', () => {
    expect(preAuth('google_104882731449000000001', { ...profile(googleIdentity), email: 'erin@example.org' }, {})).toMatchObject({ reason: 'not_blocked' });
    expect(preAuth('google_104882731449000000001', { ...profile(googleIdentity), email: 'carol@gmail.com' }, {})).toMatchObject({ reason: 'not_blocked' });
  });

  it('a native Globex user holding a Google identity: refused on the SSO client (which identity signs in is not in the event)', () => {
    const result = preAuth('bob', { email: 'bob@globex.example', email_verified: 'true', identities: googleIdentity }, { client: SSO });
    expect(result).toMatchObject({ ...GLOBEX_REFUSAL, asked: ['client_capabilities'] });
    expect(result.trace.at(-1)!.detail).toContain('link-policy unlink');
  });

  it('... and when it holds an allowed identity too (switch (a) native_username): still refused, until the Google identity is removed', () => {
    expect(preAuth('bob', { email: 'bob@globex.example', identities: bothIdentities }, { client: SSO })).toMatchObject(GLOBEX_REFUSAL);
  });

  it('... a sign-in Cognito names after the allowed identity (switch (a) provider_username) is proven allowed: federated_sign_in', () => {
    expect(preAuth('globexokta_00u1abcdef', { email: 'bob@globex.example', identities: bothIdentities }, { client: SSO })).toMatchObject({ action: 'continue', reason: 'federated_sign_in' });
  });

  it('... and one named after the Google identity is refused, with no need to ask the client when it is a provider_username sign-in on an SSO client', () => {
    expect(preAuth('google_104882731449000000001', { email: 'bob@globex.example', identities: bothIdentities }, { client: SSO })).toMatchObject(GLOBEX_REFUSAL);
  });

  it('a password-only client\'s sign-in is a password one: native_login decides (globex blocks it as native_blocked)', () => {
    expect(preAuth('bob', { email: 'bob@globex.example', identities: googleIdentity }, { client: PASSWORD })).toMatchObject({ reason: 'native_blocked' });
  });

  it('a client offering both, or an event naming no client, cannot tell: refused', () => {
    expect(preAuth('bob', { email: 'bob@globex.example', identities: googleIdentity }, { client: BOTH })).toMatchObject(GLOBEX_REFUSAL);
    expect(preAuth('bob', { email: 'bob@globex.example', identities: googleIdentity }, {}, { clientId: '' })).toMatchObject(GLOBEX_REFUSAL);
  });

  describe('identities absent from the event (switch (e) absent)', () => {
    it('the client first (cached): a password client needs no identities for the method rule', () => {
      const result = preAuth('bob', { email: 'bob@globex.example' }, { client: PASSWORD });
      expect(result).toMatchObject({ reason: 'native_blocked' });
      expect(result.asked[0]).toBe('client_capabilities');
    });

    it('on the SSO client, AdminGetUser reads them: a Google identity is refused, GlobexOkta alone is a federated sign-in', () => {
      const google: LinkedIdentity[] = [{ providerName: 'Google', userId: '104882731449000000001' }];
      const okta: LinkedIdentity[] = [{ providerName: 'GlobexOkta', userId: '00u1AbCdEf' }];
      expect(preAuth('bob', { email: 'bob@globex.example' }, { client: SSO, stored: google })).toMatchObject({ ...GLOBEX_REFUSAL, asked: ['client_capabilities', 'user_identities'] });
      expect(preAuth('bob', { email: 'bob@globex.example' }, { client: SSO, stored: okta })).toMatchObject({ reason: 'federated_sign_in' });
    });

    it('AdminGetUser finding nobody by a <provider>_<subject> name (switch (i) not_found) means that linked identity signs in', () => {
      expect(preAuth('google_104882731449000000001', { email: 'bob@globex.example' }, { client: SSO, stored: 'user_not_found' })).toMatchObject(GLOBEX_REFUSAL);
      expect(preAuth('globexokta_00u1abcdef', { email: 'bob@globex.example' }, { client: SSO, stored: 'user_not_found' })).toMatchObject({ reason: 'federated_sign_in' });
    });

    it('AdminGetUser failing: the tenant\'s fail mode (globex: fail_closed -> TRY_AGAIN)', () => {
      expect(preAuth('bob', { email: 'bob@globex.example' }, { client: SSO, stored: 'unavailable' })).toMatchObject({ action: 'refuse', reason: 'cognito_unavailable', refusal: { code: 'TRY_AGAIN' } });
    });
  });

  it('the client cannot be described and the user holds a refused identity: the tenant\'s fail mode', () => {
    expect(preAuth('bob', { email: 'bob@globex.example', identities: googleIdentity }, { client: 'unavailable' })).toMatchObject({ reason: 'cognito_unavailable', refusal: { code: 'TRY_AGAIN' } });
    const parts = exampleParts();
    parts.tenants[1]!.linking.on_cognito_unavailable = 'fail_open';
    parts.tenants[1]!.native_login.password_sign_in = 'allow';
    expect(preAuth('bob', { email: 'bob@globex.example', identities: googleIdentity }, { client: 'unavailable' }, { parts })).toMatchObject({ action: 'continue' });
  });

  it('an exempt username is never refused by sign_in_methods', () => {
    const parts = exampleParts();
    parts.tenants[1]!.native_login.exempt.usernames = ['google_104882731449000000001'];
    expect(preAuth('google_104882731449000000001', profile(googleIdentity), {}, { parts })).toMatchObject({ action: 'continue', reason: 'exempt' });
  });

  it('Cognito\'s own unknown-user invocations are left to Cognito', () => {
    const event = preAuthEvent('google_104882731449000000001', profile(googleIdentity), 'client-1') as ReturnType<typeof preAuthEvent> & { request: { userNotFound?: boolean } };
    event.request.userNotFound = true;
    const assessment = assessPreAuthentication(indexPolicySet(policySet()), event, { containerSawIdentities: false });
    expect(assessment).toMatchObject({ kind: 'decided', decision: { reason: 'not_blocked' } });
  });
});

describe('refusesSomeProvider', () => {
  it('is false for a tenant allowing every provider, and for own allow_only listing every own provider', () => {
    const [acme, globex, lumen] = exampleParts().tenants;
    expect([acme, globex, lumen].map((tenant) => refusesSomeProvider(tenant!))).toEqual([true, true, false]);
    lumen!.sign_in_methods = { own_providers: { allow_only: ['Google'] }, other_providers: 'allow' };
    expect(refusesSomeProvider(lumen!)).toBe(false);
  });
});
