// Issue 13 item 3: attributes users cannot write. The pool the stack deploys (its blueprint's
// client read/write attributes) on the twin, the built trigger attached: a signed-in user's own
// access token cannot set email_verified, phone_number_verified, a subject attribute or an
// attribute a tenant could match on, through any client; SSO clients' tokens cannot write at all.
import { CognitoIdentityProviderClient, SignUpCommand, UpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { poolBlueprint } from '../../../policy/pool-blueprint';
import { acmeClaims, examplePolicies, PASSWORD, seedNative, useE2E } from './harness';

const e2e = useE2E(79);
let sdk: CognitoIdentityProviderClient;
beforeAll(() => {
  sdk = new CognitoIdentityProviderClient({ endpoint: e2e.twin.endpoint, region: e2e.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
});
afterAll(() => sdk.destroy());

const update = (token: string, attributes: Record<string, string>) =>
  sdk.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) }));

describe('client write attributes, from the blueprint', () => {
  it('the password client lets users write email and profile attributes, never a verified flag, a subject attribute or a matchable one', () => {
    const blueprint = poolBlueprint(examplePolicies());
    const password = blueprint.app_clients.find((client) => client.name === 'password')!;
    expect(password.write_attributes).toContain('email');
    expect(password.write_attributes).toContain('name');
    for (const protectedName of ['email_verified', 'phone_number_verified', 'custom:idp_sub', 'preferred_username', 'phone_number']) expect(password.write_attributes).not.toContain(protectedName);
    // Every attribute a tenant matches on, except email (verified before it changes).
    for (const tenant of Object.values(examplePolicies().tenants)) {
      if (tenant.linking.match.attribute !== 'email') expect(password.write_attributes).not.toContain(tenant.linking.match.attribute);
    }
    // SSO clients: exactly what their providers map (Cognito writes it at each federated sign-in), no user-pool scope.
    const web = blueprint.app_clients.find((client) => client.name === 'web')!;
    const mapped = new Set(blueprint.identity_providers.flatMap((provider) => Object.keys(provider.attribute_mapping)));
    expect(new Set(web.write_attributes)).toEqual(mapped);
    expect(web.allowed_oauth_scopes).not.toContain('aws.cognito.signin.user.admin');
    for (const client of blueprint.app_clients) expect(client.read_attributes).toEqual(expect.arrayContaining([...client.write_attributes]));
  });
});

describe('on the twin, with the tokens users really get', () => {
  it('a password user cannot set email_verified, phone_number_verified, custom:idp_sub, preferred_username or phone_number; may set name', async () => {
    const pool = e2e.pool();
    seedNative(pool, 'mallory', 'mallory@elsewhere.example');
    const signedIn = await pool.passwordSignIn({ username: 'mallory', password: PASSWORD, client: 'password' });
    if (!signedIn.ok) throw new Error(JSON.stringify(signedIn.error));
    const token = signedIn.value.AuthenticationResult!.AccessToken;
    for (const [name, value] of [
      ['email_verified', 'true'],
      ['phone_number_verified', 'true'],
      ['custom:idp_sub', 'Colleague-Oid'],
      ['preferred_username', 'colleague'],
      ['phone_number', '+15555550100'],
    ]) {
      await expect(update(token, { [name!]: value! })).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
    }
    await update(token, { name: 'Mallory' });
    expect(pool.user('mallory')?.attributes).toMatchObject({ name: 'Mallory', email_verified: 'true' });
    expect(pool.user('mallory')?.attributes).not.toHaveProperty('custom:idp_sub');
    // A new email waits for verification (verification before update): the verified one stays.
    await update(token, { email: 'colleague@acme.com' });
    expect(pool.user('mallory')?.attributes).toMatchObject({ email: 'mallory@elsewhere.example', email_verified: 'true' });
  });

  it('an SSO user\'s managed-login token carries no user-pool scope: it writes nothing, not even the attributes Cognito maps', async () => {
    const pool = e2e.pool();
    const signedIn = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Sso-Oid', claims: acmeClaims('Sso-Oid', 'sso@acme.com'), client: 'web' });
    if (!signedIn.ok) throw new Error(signedIn.errorDescription);
    for (const attributes of [{ email_verified: 'true' }, { 'custom:idp_sub': 'Other-Oid' }, { name: 'Sso' }] as Record<string, string>[]) {
      await expect(update(signedIn.tokens.AccessToken, attributes)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token does not have required scopes' });
    }
  });

  it('self sign-up cannot set them either: SignUp goes through the client\'s write attributes', async () => {
    const pool = e2e.pool();
    await expect(
      sdk.send(
        new SignUpCommand({
          ClientId: pool.clientId('password'),
          Username: 'eve',
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: 'eve@elsewhere.example' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
    expect(pool.usernames).toEqual([]);
  });
});
