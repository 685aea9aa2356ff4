import {
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TwinSwitches, UserPool } from '../../twin';
import { acmeClaims, projectPoolOptions, sdk, seedNative, useTwin } from './helpers';

const h = useTwin();

function pool(switches: Partial<TwinSwitches> = {}, extra: Parameters<typeof projectPoolOptions>[0] = {}): UserPool {
  return h.twin.createPool(
    projectPoolOptions({
      switches,
      ...extra,
      identityProviders: [
        ...(projectPoolOptions().identityProviders ?? []),
        { name: 'LumenOIDC', type: 'OIDC', attributeMapping: { email: 'email', email_verified: 'email_verified', 'custom:idp_sub': 'sub' } },
        ...(extra.identityProviders ?? []),
      ],
      appClients: [
        { name: 'web', supportedIdentityProviders: ['AcmeEntraID', 'Google', 'LumenOIDC'], explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'] },
        { name: 'password', supportedIdentityProviders: ['COGNITO'], explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
      ],
    }),
  );
}

function link(target: UserPool, destination: string, provider: string, value: string, attribute = 'Cognito_Subject', client = h.client) {
  return client.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: target.id,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination },
      SourceUser: { ProviderName: provider, ProviderAttributeName: attribute, ProviderAttributeValue: value },
    }),
  );
}

function unlink(target: UserPool, provider: string, value: string, attribute = 'Cognito_Subject') {
  return h.client.send(
    new AdminDisableProviderForUserCommand({
      UserPoolId: target.id,
      User: { ProviderName: provider, ProviderAttributeName: attribute, ProviderAttributeValue: value },
    }),
  );
}

describe('AdminLinkProviderForUser (reference §4)', () => {
  test('the destination gets `identities` (a JSON string) at once, before any federated sign-in (LINKING)', async () => {
    const p = pool();
    seedNative(p, 'alice', 'alice@acme.com');
    const before = Date.now();
    await link(p, 'alice', 'AcmeEntraID', 'AbC-123');
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: p.id, Username: 'alice' }));
    const raw = user.UserAttributes?.find((attribute) => attribute.Name === 'identities')?.Value as string;
    expect(typeof raw).toBe('string');
    const [identity] = JSON.parse(raw);
    expect(Object.keys(identity)).toEqual(['userId', 'providerName', 'providerType', 'issuer', 'primary', 'dateCreated']);
    expect(identity).toMatchObject({ userId: 'AbC-123', providerName: 'AcmeEntraID', providerType: 'SAML', issuer: null, primary: false });
    expect(identity.dateCreated).toBeGreaterThanOrEqual(before);
  });

  test('the destination must exist: UserNotFoundException (MODEL; reference §4)', async () => {
    await expect(link(pool(), 'ghost', 'Google', '1')).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  test('the source provider must be configured, with its exact case (amplify-flutter #1716)', async () => {
    const p = pool();
    seedNative(p, 'bob', 'bob@acme.com');
    await expect(link(p, 'bob', 'acmeentraid', 'x')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(link(p, 'bob', 'Okta', 'x')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(p.user('bob')?.identities).toEqual([]);
  });

  test('`Cognito` as the source: "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser…" (wording: reference §4)', async () => {
    const p = pool();
    seedNative(p, 'carl', 'carl@acme.com');
    seedNative(p, 'cora', 'cora@acme.com');
    await expect(link(p, 'carl', 'Cognito', 'cora')).rejects.toMatchObject({
      message: 'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    });
  });

  test('social providers require Cognito_Subject; SAML/OIDC may link on a mapped attribute, not on the raw claim (MODEL, GUIDE-now LINKING)', async () => {
    const p = pool();
    seedNative(p, 'dana', 'dana@acme.com');
    await expect(link(p, 'dana', 'Google', 'dana@acme.com', 'email')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      link(p, 'dana', 'AcmeEntraID', 'dana@acme.com', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await link(p, 'dana', 'AcmeEntraID', 'dana@acme.com', 'email');
    // The identity signs in: matched on the mapped email, it lands on the destination.
    const signIn = await p.federatedSignIn({ provider: 'AcmeEntraID', subject: 'DaNa-Oid', claims: acmeClaims('DaNa-Oid', 'dana@acme.com'), client: 'web' });
    expect(signIn).toMatchObject({ ok: true, via: 'linked', username: 'dana' });
  });

  test.each([
    ['already_linked', 'SourceUser is already linked to DestinationUser'],
    ['invalid_source_user', 'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser'],
  ] as const)('switch (c) repeatedLinkError=%s: a repeated link is not idempotent (aws-sdk #766, amplify-js #13334; 2026 logs)', async (repeatedLinkError, message) => {
    const p = pool({ repeatedLinkError });
    seedNative(p, 'erin', 'erin@acme.com');
    await link(p, 'erin', 'Google', '1001');
    await expect(link(p, 'erin', 'Google', '1001')).rejects.toMatchObject({ name: 'InvalidParameterException', message });
    expect(p.user('erin')?.identities).toHaveLength(1);
  });

  test('a source that already signed up: "Merging is not currently supported…" (aws-sdk-net #1000; LINKING)', async () => {
    const p = pool();
    seedNative(p, 'fay', 'fay@acme.com');
    p.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '2002' } });
    await expect(link(p, 'fay', 'Google', '2002')).rejects.toMatchObject({
      message: 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    });
  });

  test('at most 5 identities per user: LimitExceededException ([INF]; GUIDE-2023 limits.md, docs/cognito-facts.md §4), which the SDK retries as throttling', async () => {
    const p = pool();
    p.seedUser({
      username: 'gus',
      linkedIdentities: [1, 2, 3, 4, 5].map((n) => ({ provider: 'Google', subject: `g${n}` })),
    });
    const once = sdk(h.twin, 1);
    try {
      await expect(link(p, 'gus', 'AcmeEntraID', 'x', 'Cognito_Subject', once)).rejects.toMatchObject({ name: 'LimitExceededException' });
    } finally {
      once.destroy();
    }
    // @smithy/core retry: LimitExceededException is in THROTTLING_ERROR_CODES, so a default client tries 3 times.
    h.twin.requests.clear();
    await expect(link(p, 'gus', 'AcmeEntraID', 'x')).rejects.toMatchObject({ name: 'LimitExceededException', $metadata: { attempts: 3 } });
    expect(h.twin.requests.count({ operation: 'AdminLinkProviderForUser', poolId: p.id })).toBe(3);
  });

  test('a destination with an immutable custom attribute cannot be linked (MODEL AdminLinkProviderForUser)', async () => {
    const p = pool({}, { customAttributes: ['custom:idp_sub', { name: 'employee_no', mutable: false }] });
    p.seedUser({ username: 'hal', attributes: { 'custom:employee_no': '7' } });
    await expect(link(p, 'hal', 'Google', '3003')).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test.each([
    ['allowed', undefined],
    ['alias_exists', 'AliasExistsException'],
  ] as const)('switch (f) linkForceChangePassword=%s: destination in FORCE_CHANGE_PASSWORD (amplify-js #497, 2018)', async (linkForceChangePassword, error) => {
    const p = pool({ linkForceChangePassword });
    p.seedUser({ username: 'ida', status: 'FORCE_CHANGE_PASSWORD', password: 'Temp0rary!' });
    const attempt = link(p, 'ida', 'Google', '4004');
    if (error) await expect(attempt).rejects.toMatchObject({ name: error });
    else await expect(attempt).resolves.toBeDefined();
  });

  test.each(['linked', 'linked_with_error'] as const)(
    'switch (j) secondLinkSameProvider=%s: a second identity of one provider is linked either way (boto3 #4163)',
    async (secondLinkSameProvider) => {
      const p = pool({ secondLinkSameProvider });
      seedNative(p, 'jon', 'jon@acme.com');
      await link(p, 'jon', 'LumenOIDC', 'first');
      const second = link(p, 'jon', 'LumenOIDC', 'second');
      if (secondLinkSameProvider === 'linked') await expect(second).resolves.toBeDefined();
      else await expect(second).rejects.toMatchObject({ message: expect.stringMatching(/^Invalid SourceUser/) });
      expect(p.user('jon')?.identities.map((identity) => identity.userId)).toEqual(['first', 'second']);
    },
  );

  test.each(['combined_128', 'unlimited'] as const)(
    'switch (l) linkSourceLengthLimit=%s: provider name + attribute name + value above 128 characters (aws-sdk-js-v3 #6985)',
    async (linkSourceLengthLimit) => {
      const p = pool({ linkSourceLengthLimit });
      seedNative(p, 'kim', 'kim@acme.com');
      seedNative(p, 'kit', 'kit@acme.com');
      // 'AcmeEntraID' (11) + 'Cognito_Subject' (15) + 102 = 128: at the limit, linked under both values.
      await expect(link(p, 'kim', 'AcmeEntraID', 'n'.repeat(102))).resolves.toBeDefined();
      const over = link(p, 'kit', 'AcmeEntraID', 'n'.repeat(103));
      if (linkSourceLengthLimit === 'unlimited') await expect(over).resolves.toBeDefined();
      else {
        await expect(over).rejects.toMatchObject({
          name: 'InvalidParameterException',
          message: 'Invalid SourceUser: ProviderName, ProviderAttributeName and ProviderAttributeValue together exceed 128 characters',
        });
        expect(p.user('kit')?.identities).toEqual([]);
      }
    },
  );

  test('at most 5 distinct link attribute names per IdP ([INF]; GUIDE-now LINKING)', async () => {
    const attributes = ['email', 'given_name', 'family_name', 'nickname', 'name', 'preferred_username'];
    const p = pool({}, {
      identityProviders: [{ name: 'Wide', type: 'SAML', attributeMapping: Object.fromEntries(attributes.map((a) => [a, `claim_${a}`])) }],
    });
    attributes.forEach((_attribute, i) => p.seedUser({ username: `w${i}` }));
    for (let i = 0; i < 5; i++) await link(p, `w${i}`, 'Wide', `v${i}`, attributes[i]);
    const once = sdk(h.twin, 1);
    try {
      await expect(link(p, 'w5', 'Wide', 'v5', attributes[5], once)).rejects.toMatchObject({ name: 'LimitExceededException' });
    } finally {
      once.destroy();
    }
  });
});

describe('AdminDisableProviderForUser (reference §6)', () => {
  test('before the first sign-in: the values used at link time; afterwards Cognito_Subject + the exact subject (MODEL)', async () => {
    const p = pool();
    seedNative(p, 'kim', 'kim@acme.com');
    await link(p, 'kim', 'AcmeEntraID', 'kim@acme.com', 'email');
    await expect(unlink(p, 'AcmeEntraID', 'Kim-Oid')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await unlink(p, 'AcmeEntraID', 'kim@acme.com', 'email');
    expect(p.user('kim')?.identities).toEqual([]);

    await link(p, 'kim', 'AcmeEntraID', 'kim@acme.com', 'email');
    await p.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Kim-Oid', claims: acmeClaims('Kim-Oid', 'kim@acme.com'), client: 'web' });
    await expect(unlink(p, 'AcmeEntraID', 'kim@acme.com', 'email')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(unlink(p, 'AcmeEntraID', 'kim-oid')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await unlink(p, 'AcmeEntraID', 'Kim-Oid');
    expect(p.user('kim')?.identities).toEqual([]);
    // LINKING: the next sign-in of the unlinked identity creates a new, separate profile.
    const next = await p.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Kim-Oid', claims: acmeClaims('Kim-Oid', 'kim@acme.com'), client: 'web' });
    expect(next).toMatchObject({ ok: true, via: 'new_user', username: 'acmeentraid_kim-oid' });
  });

  test('the Provider_ prefixed value, or a never-linked federated profile: "Account isn\'t linked to anyone else…" (aws-sdk-go #4218; repost.aws)', async () => {
    const p = pool();
    seedNative(p, 'lee', 'lee@acme.com');
    await link(p, 'lee', 'Google', '5005');
    await expect(unlink(p, 'Google', 'Google_5005')).rejects.toMatchObject({
      message: "Account isn't linked to anyone else, verify that the account has been linked",
    });
    p.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '6006' } });
    await expect(unlink(p, 'Google', '6006')).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test.each([
    ['incorrect_credentials', 'Incorrect username or password.'],
    ['user_disabled', 'User is disabled.'],
  ] as const)('switch (k) nativeProviderDisabledError=%s: Cognito + Cognito_Subject + username stops password sign-in (MODEL); the linked identity still signs in ([INF])', async (nativeProviderDisabledError, message) => {
    const p = pool({ nativeProviderDisabledError });
    seedNative(p, 'max', 'max@acme.com');
    await link(p, 'max', 'Google', '7007');
    await unlink(p, 'Cognito', 'max');
    expect(p.user('max')?.nativeSignInDisabled).toBe(true);
    expect(await p.passwordSignIn({ username: 'max', password: 'Passw0rd!', client: 'password' })).toEqual({
      ok: false,
      error: { type: 'NotAuthorizedException', message },
    });
    const sso = await p.federatedSignIn({ provider: 'Google', subject: '7007', claims: { email: 'max@acme.com', email_verified: true, sub: '7007' }, client: 'web' });
    expect(sso).toMatchObject({ ok: true, via: 'linked', username: 'max' });
  });
});

describe('switch (i) linkedUsernameLookup: Admin* calls naming a linked identity\'s Provider_subject', () => {
  test('destination: AdminDeleteUser("google_8008") deletes the NATIVE user it is linked to (aws-sdk-go #4218)', async () => {
    const p = pool({ linkedUsernameLookup: 'destination' });
    seedNative(p, 'nia', 'nia@acme.com');
    await link(p, 'nia', 'Google', '8008');
    expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: p.id, Username: 'Google_8008' }))).Username).toBe('nia');
    await h.client.send(new AdminDeleteUserCommand({ UserPoolId: p.id, Username: 'google_8008' }));
    expect(p.user('nia')).toBeUndefined();
  });

  test('not_found: such names are unknown users (reference §6)', async () => {
    const p = pool({ linkedUsernameLookup: 'not_found' });
    seedNative(p, 'oto', 'oto@acme.com');
    await link(p, 'oto', 'Google', '9009');
    await expect(h.client.send(new AdminDeleteUserCommand({ UserPoolId: p.id, Username: 'google_9009' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
    expect(p.user('oto')).toBeDefined();
  });
});
