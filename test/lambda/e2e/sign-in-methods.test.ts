// Allowed sign-in methods (sign_in_methods) on the twin with the BUILT trigger and the example
// policies: a first federated sign-in through a provider the email's tenant refuses is refused
// before any Cognito call, and an account of a refused method made before the policy changed is
// refused at its later sign-ins, under every setting of the switches that decide what pre
// authentication receives (twin switches (a), (e), (i)).
import { AdminDisableProviderForUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describeSwitches, switchCombinations, type UserPool } from '../../../twin';
import { acmeClaims, cognitoCalls, globexClaims, googleClaims, lastDecision, PASSWORD, useE2E } from './harness';

const e2e = useE2E(61);

const refusedWith = (provider: string) => ({
  ok: false,
  errorDescription: expect.stringMatching(new RegExp(`^(PreSignUp|PreAuthentication) failed with error SSO_REQUIRED\\(${provider}\\): .+\\. $`)),
});

describe.each(switchCombinations(['unmappedEmailVerified']).map((s) => [describeSwitches(s), s] as const))('a first federated sign-in (%s)', (_label, switches) => {
  let pool: UserPool;
  beforeAll(() => {
    pool = e2e.pool({ switches });
    pool.seedUser({ username: 'bob', password: PASSWORD, attributes: { email: 'bob@globex.example', email_verified: 'true' } });
  });

  it('the Globex example: an @globex Google sign-in is refused with SSO_REQUIRED(GlobexOkta), with zero Cognito calls and no user created', async () => {
    const result = await pool.federatedSignIn({ provider: 'Google', subject: '104882731449000000001', claims: googleClaims('bob@globex.example'), client: 'web' });
    expect(result).toMatchObject(refusedWith('GlobexOkta'));
    expect(lastDecision(pool)).toMatchObject({ reason: 'method_refused', tenant: 'globex', provider: 'Google', email_domain: 'globex.example', cognito_calls: { count: 0 } });
    expect(cognitoCalls(pool)).toEqual([]);
    expect(pool.usernames).toEqual(['bob']);
  });

  it('whether or not Google vouches for the address, and whatever case it is in', async () => {
    for (const claims of [googleClaims('Bob@GLOBEX.example', false), { email: 'bob@globex-labs.example' }]) {
      expect(await pool.federatedSignIn({ provider: 'Google', subject: '104882731449000000002', claims, client: 'web' })).toMatchObject(refusedWith('GlobexOkta'));
    }
    expect(pool.usernames).toEqual(['bob']);
  });

  it("another tenant's IdP asserting an @globex address, whatever that tenant says about unknown users (acme creates them)", async () => {
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Oid-9', claims: acmeClaims('Oid-9', 'bob@globex.example'), client: 'web' });
    expect(result).toMatchObject(refusedWith('GlobexOkta'));
    expect(pool.usernames).toEqual(['bob']);
  });

  it('GlobexOkta, the tenant\'s own provider, links as before', async () => {
    const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00u1Bob', claims: globexClaims('00u1Bob', 'bob@globex.example'), client: 'web' });
    // globex's after_link retry_code: the app restarts, and the restart lands in bob.
    expect(result).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/ACCOUNT_LINKED\(GlobexOkta\)/) });
    expect(await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00u1Bob', claims: globexClaims('00u1Bob', 'bob@globex.example'), client: 'web' })).toMatchObject({ ok: true, username: 'bob' });
  });

  it('lumen allows every provider: an Acme identity asserting a gmail.com address gets its own account by Acme\'s rules', async () => {
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Oid-10', claims: acmeClaims('Oid-10', 'ann@gmail.com'), client: 'web' });
    expect(result).toMatchObject({ ok: true, via: 'new_user' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'domain_not_owned', tenant: 'acme-corp' });
  });
});

describe.each(
  switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities', 'linkedUsernameLookup']).map((s) => [describeSwitches(s), s] as const),
)('an account of a refused method made before the policy changed (%s)', (_label, switches) => {
  let pool: UserPool;
  beforeAll(() => {
    pool = e2e.pool({ switches });
    // A separate Google account with a Globex address: what Globex's policy allowed before.
    pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '104882731449000000003' }, attributes: { email: 'early@globex.example', email_verified: 'true' } });
    // A Globex user linked to GlobexOkta and, from before, to Google.
    pool.seedUser({
      username: 'gwen',
      password: PASSWORD,
      attributes: { email: 'gwen@globex.example', email_verified: 'true' },
      linkedIdentities: [
        { provider: 'GlobexOkta', subject: '00u1GwEn', signedIn: true },
        { provider: 'Google', subject: '104882731449000000004', signedIn: true },
      ],
    });
    // An Acme employee linked to Entra only: its SSO sign-ins are untouched.
    pool.seedUser({
      username: 'alice',
      password: PASSWORD,
      attributes: { email: 'alice@acme.com', email_verified: 'true' },
      linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'Alice-Oid', signedIn: true }],
    });
  });

  it('the Google profile\'s later sign-in is refused at pre authentication, with no Cognito call', async () => {
    const result = await pool.federatedSignIn({ provider: 'Google', subject: '104882731449000000003', claims: googleClaims('early@globex.example'), client: 'web' });
    expect(result).toMatchObject(refusedWith('GlobexOkta'));
    expect(lastDecision(pool)).toMatchObject({ trigger_source: 'PreAuthentication_Authentication', reason: 'method_refused', cognito_calls: { count: 0 } });
  });

  // With linkedIdentityPreAuth=not_invoked Cognito runs no pre authentication for a linked identity:
  // only the token the sign-in produces can be refused (pre token generation).
  const invoked = switches.linkedIdentityPreAuth !== 'not_invoked';
  (invoked ? it : it.skip)("the linked Google identity's sign-in into gwen's account is refused", async () => {
    const result = await pool.federatedSignIn({ provider: 'Google', subject: '104882731449000000004', claims: googleClaims('gwen@globex.example'), client: 'web' });
    expect(result).toMatchObject(refusedWith('GlobexOkta'));
    expect(lastDecision(pool)).toMatchObject({ reason: 'method_refused' });
  });

  it('an Acme employee\'s SSO sign-in is never refused', async () => {
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Alice-Oid', claims: acmeClaims('Alice-Oid', 'alice@acme.com'), client: 'web' });
    expect(result).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
  });

  it('once the Google identity is removed (link-policy unlink), gwen signs in with Okta', async () => {
    const sdk = new CognitoIdentityProviderClient({ endpoint: e2e.twin.endpoint, region: e2e.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      await sdk.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId: pool.id,
          User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '104882731449000000004' },
        }),
      );
    } finally {
      sdk.destroy();
    }
    const result = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00u1GwEn', claims: globexClaims('00u1GwEn', 'gwen@globex.example'), client: 'web' });
    expect(result).toMatchObject({ ok: true, via: 'linked', username: 'gwen' });
  });
});
