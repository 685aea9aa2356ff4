import { join } from 'node:path';
import { DescribeIdentityProviderCommand, DescribeUserPoolClientCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { formatProblem, loadPolicySet } from '../../policy/index';
import { packageRoot } from '../../policy/package-root';
import { poolBlueprint, type PoolBlueprint } from '../../policy/pool-blueprint';
import { decodeToken, TwinUsageError } from '../../twin';
import { SAML_EMAIL_CLAIM, SAML_OID_CLAIM, useTwin } from './helpers';

const h = useTwin();

const blueprint: PoolBlueprint = {
  username: { case_sensitive: false, alias_attributes: ['email'] },
  auto_verified_attributes: ['email'],
  attributes_require_verification_before_update: ['email'],
  allow_self_sign_up: true,
  custom_attributes: ['custom:idp_sub'],
  identity_providers: [
    {
      name: 'AcmeEntraID',
      type: 'SAML',
      tenant_id: 'acme-corp',
      attribute_mapping: { email: 'mail', 'custom:idp_sub': 'oid' },
      idp_identifiers: ['acme.com', 'acme.co.uk'],
      connection: { metadata_url: 'https://idp.example/metadata.xml' },
    },
    {
      name: 'GlobexOkta',
      type: 'OIDC',
      tenant_id: 'globex',
      attribute_mapping: { email: 'email', email_verified: 'email_verified', 'custom:idp_sub': 'sub' },
      idp_identifiers: [],
      connection: { issuer: 'https://globex.okta.example', client_id: 'cid', client_secret: { terraform_variable: 'globex_secret' } },
    },
  ],
  app_clients: [
    {
      name: 'web',
      sign_in: 'sso',
      supported_identity_providers: ['AcmeEntraID', 'GlobexOkta'],
      explicit_auth_flows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      generate_secret: false,
      prevent_user_existence_errors: true,
      read_attributes: ['email', 'email_verified', 'custom:idp_sub'],
      write_attributes: ['custom:idp_sub', 'email', 'email_verified'],
      allowed_oauth_scopes: ['openid', 'email', 'profile'],
    },
    {
      name: 'password',
      sign_in: 'password',
      supported_identity_providers: ['COGNITO'],
      explicit_auth_flows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
      generate_secret: false,
      prevent_user_existence_errors: true,
      read_attributes: ['email', 'email_verified', 'custom:idp_sub'],
      write_attributes: ['email', 'name'],
      allowed_oauth_scopes: ['openid', 'email', 'profile'],
    },
  ],
};

describe('createPoolFromBlueprint: the pool the stack deploys, on the twin', () => {
  test('providers, mappings, identifiers, clients and custom attributes come from the blueprint; the pool is case-insensitive like the stack\'s', async () => {
    const pool = h.twin.createPoolFromBlueprint(blueprint, { callbackUrls: ['https://app.example/cb'] });
    expect(pool.caseSensitive).toBe(false);
    expect(pool.providerNames).toEqual(['AcmeEntraID', 'GlobexOkta']);
    expect(pool.clientNames).toEqual(['web', 'password']);
    const client = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.clientId('password') }));
    expect(client.UserPoolClient).toMatchObject({
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
      CallbackURLs: ['https://app.example/cb'],
    });
    const oidc = await h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.id, ProviderName: 'GlobexOkta' }));
    // Connection details become ProviderDetails; secret references never do.
    expect(oidc.IdentityProvider?.ProviderDetails).toEqual({ oidc_issuer: 'https://globex.okta.example', client_id: 'cid' });
    const saml = await h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.id, ProviderName: 'AcmeEntraID' }));
    expect(saml.IdentityProvider).toMatchObject({ IdpIdentifiers: ['acme.com', 'acme.co.uk'], AttributeMapping: { email: 'mail', 'custom:idp_sub': 'oid' } });

    const signIn = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: 'Gx-1', claims: { sub: 'Gx-1', email: 'g@globex.example', email_verified: true }, client: 'web' });
    expect(signIn).toMatchObject({ ok: true, redirectUrl: expect.stringMatching(/^https:\/\/app\.example\/cb\?code=/) });
    // LINKING's example carries the OIDC issuer in identities[].issuer.
    expect(JSON.parse(pool.user('globexokta_gx-1')?.attributes['identities'] as string)[0].issuer).toBe('https://globex.okta.example');
  });

  test('Cognito\'s configuration rules are enforced at creation (MODEL ProviderNameTypeV2, fixed social names, IdP identifiers unique)', () => {
    const broken = (change: Partial<PoolBlueprint['identity_providers'][number]>) => ({
      ...blueprint,
      identity_providers: [{ ...blueprint.identity_providers[0]!, ...change }],
      app_clients: [],
    });
    expect(() => h.twin.createPoolFromBlueprint(broken({ name: 'A'.repeat(33) }))).toThrow(TwinUsageError);
    expect(() => h.twin.createPoolFromBlueprint(broken({ name: 'Ac_me' }))).toThrow(/ProviderNameTypeV2/);
    expect(() => h.twin.createPoolFromBlueprint(broken({ name: 'Gmail', type: 'Google' }))).toThrow(/must be named Google/);
    expect(() => h.twin.createPoolFromBlueprint(broken({ attribute_mapping: { 'custom:other': 'x' } }))).toThrow(/does not have/);
    expect(() =>
      h.twin.createPoolFromBlueprint({
        ...blueprint,
        identity_providers: [blueprint.identity_providers[0]!, { ...blueprint.identity_providers[1]!, idp_identifiers: ['acme.com'] }],
      }),
    ).toThrow(/used twice/);
  });

  test('the example policies (policies/) build a twin pool', () => {
    const pool = h.twin.createPoolFromBlueprint(exampleBlueprint());
    expect(pool.providerNames).toContain('AcmeEntraID');
    expect(pool.clientNames).toEqual(exampleBlueprint().app_clients.map((client) => client.name));
  });
});

function exampleBlueprint(): PoolBlueprint {
  const loaded = loadPolicySet(join(packageRoot(), 'policies'));
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return poolBlueprint(loaded.set);
}

describe('the pool-level settings the stack renders are the twin pool\'s too', () => {
  test('DescribeUserPool and DescribeUserPoolClient show the blueprint: case-insensitive, email alias, auto-verified, verification before update, self sign-up, no user existence errors', async () => {
    const blueprint = exampleBlueprint();
    const pool = h.twin.createPoolFromBlueprint(blueprint);
    const described = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.id }))).UserPool;
    expect(described).toMatchObject({
      UsernameConfiguration: { CaseSensitive: false },
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
    for (const name of pool.clientNames) {
      const client = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.clientId(name) }));
      expect(client.UserPoolClient?.PreventUserExistenceErrors).toBe('ENABLED');
    }
  });

  test('a native user signs in with the email alias on the example pool (the deployed pool has alias_attributes [email]; GUIDE-2023 user-pool-case-sensitivity)', async () => {
    const pool = h.twin.createPoolFromBlueprint(exampleBlueprint());
    pool.seedUser({ username: 'carol', password: 'Passw0rd!', attributes: { email: 'carol@gmail.com', email_verified: 'true' } });
    const signIn = await pool.passwordSignIn({ username: 'Carol@Gmail.com', password: 'Passw0rd!', client: 'password' });
    expect(signIn.ok && decodeToken(signIn.value.AuthenticationResult!.IdToken!)['cognito:username']).toBe('carol');
  });

  test('self sign-up follows the blueprint\'s allow_self_sign_up (pmill/aws-cognito #37)', async () => {
    const pool = h.twin.createPoolFromBlueprint({ ...exampleBlueprint(), allow_self_sign_up: false });
    expect(await pool.signUp({ username: 'dan', password: 'Passw0rd!', client: 'password' })).toEqual({
      ok: false,
      error: { type: 'NotAuthorizedException', message: 'SignUp is not permitted for this user pool' },
    });
  });

  test('switch (g) on the linked native account: AcmeEntraID\'s constant email_verified claim keeps the address verified; unmapped, the placeholder unverifies it (reference §11)', async () => {
    const blueprint = exampleBlueprint();
    const claims = { [SAML_EMAIL_CLAIM]: 'alice@acme.com', [SAML_OID_CLAIM]: 'Alice-Oid', email_verified: 'true' };
    const signInLinked = async (pool: ReturnType<typeof h.twin.createPoolFromBlueprint>) => {
      pool.seedUser({
        username: 'alice',
        password: 'Passw0rd!',
        attributes: { email: 'alice@acme.com', email_verified: 'true' },
        linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'Alice-Oid' }],
      });
      expect(await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Alice-Oid', claims, client: 'web' })).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
      return pool.user('alice')?.attributes['email_verified'];
    };
    expect(await signInLinked(h.twin.createPoolFromBlueprint(blueprint))).toBe('true');

    const unmapped = {
      ...blueprint,
      identity_providers: blueprint.identity_providers.map((provider) =>
        provider.name === 'AcmeEntraID'
          ? { ...provider, attribute_mapping: Object.fromEntries(Object.entries(provider.attribute_mapping).filter(([key]) => key !== 'email_verified')) }
          : provider,
      ),
    };
    expect(await signInLinked(h.twin.createPoolFromBlueprint(unmapped, { switches: { unmappedEmailVerified: 'false_placeholder' } }))).toBe('false');
  });
});
