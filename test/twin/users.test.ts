import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeToken, handlerTrigger } from '../../twin';
import { projectPoolOptions, recordingTrigger, seedNative, useTwin } from './helpers';

const h = useTwin();

describe('AdminCreateUser', () => {
  test('creates a FORCE_CHANGE_PASSWORD user after PreSignUp_AdminCreateUser, whose response flags are ignored (GUIDE-2023 pre-sign-up page)', async () => {
    const { events, trigger } = recordingTrigger((event) => {
      event.response.autoConfirmUser = true;
      event.response.autoVerifyEmail = true;
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    const created = await h.client.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.id,
        Username: 'carol',
        UserAttributes: [{ Name: 'email', Value: 'carol@acme.com' }],
        ValidationData: [{ Name: 'invite', Value: 'yes' }],
        MessageAction: 'SUPPRESS',
      }),
    );
    expect(created.User).toMatchObject({ Username: 'carol', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(pool.user('carol')?.attributes).not.toHaveProperty('email_verified');
    expect(events).toHaveLength(1);
    const event = events[0];
    expect(event).toMatchObject({
      version: '1',
      region: h.twin.region,
      userPoolId: pool.id,
      userName: 'carol',
      triggerSource: 'PreSignUp_AdminCreateUser',
      // Logged CustomMessage_AdminCreateUser events: admin operations have no client.
      callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE', awsSdkVersion: expect.stringMatching(/^aws-sdk-js-3\./) },
      request: { userAttributes: { email: 'carol@acme.com' }, validationData: { invite: 'yes' } },
    });
    // The user does not exist yet: no sub (yulin README).
    expect(event.request.userAttributes).not.toHaveProperty('sub');
  });

  test('a trigger refusal fails the call with UserLambdaValidationException "PreSignUp failed with error <msg>." (TRIGGERS)', async () => {
    const trigger = handlerTrigger(() => async () => {
      throw new Error('SSO_REQUIRED(AcmeEntraID): use SSO');
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    await expect(h.client.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: 'dave' }))).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error SSO_REQUIRED(AcmeEntraID): use SSO.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(pool.user('dave')).toBeUndefined();
  });

  test('usernames compare per the pool case rule fixed at creation (GUIDE-2023 user-pool-case-sensitivity)', async () => {
    const insensitive = h.twin.createPool(projectPoolOptions());
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: insensitive.id, Username: 'Erin' }));
    await expect(h.client.send(new AdminCreateUserCommand({ UserPoolId: insensitive.id, Username: 'erin' }))).rejects.toMatchObject({
      name: 'UsernameExistsException',
      message: 'User account already exists',
    });
    expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: insensitive.id, Username: 'ERIN' }))).Username).toBe('Erin');

    const sensitive = h.twin.createPool(projectPoolOptions({ caseSensitive: true }));
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: sensitive.id, Username: 'Erin' }));
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: sensitive.id, Username: 'erin' }));
    await expect(h.client.send(new AdminGetUserCommand({ UserPoolId: sensitive.id, Username: 'ERIN' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
  });

  test('attributes must be in the schema (cognito-local messages, mirroring AWS)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    await expect(
      h.client.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: 'x', UserAttributes: [{ Name: 'custom:nope', Value: '1' }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.',
    });
  });

  test('email as username: the username given is stored as email and the real username is the sub (moto test_admin_get_user_with_username_attributes)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ usernameAttributes: ['email'] }));
    const created = await h.client.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: 'Frank@Acme.com' }));
    const username = created.User?.Username as string;
    expect(username).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    const bySub = pool.user(username);
    expect(bySub?.attributes['email']).toBe('Frank@Acme.com');
    expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'frank@acme.com' }))).Username).toBe(username);
    await expect(h.client.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: 'frank@acme.com' }))).rejects.toMatchObject({
      name: 'UsernameExistsException',
    });
    await expect(h.client.send(new AdminCreateUserCommand({ UserPoolId: pool.id, Username: 'frank' }))).rejects.toMatchObject({
      message: 'Username should be an email.',
    });
  });
});

describe('AdminGetUser / AdminUpdateUserAttributes / AdminDeleteUser', () => {
  test('lookups by username, sub, and verified alias (MODEL AdminGetUser)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ aliasAttributes: ['email'] }));
    const grace = seedNative(pool, 'grace', 'grace@acme.com');
    pool.seedUser({ username: 'heidi', attributes: { email: 'heidi@acme.com', email_verified: 'false' } });
    for (const identifier of ['grace', grace.sub, 'GRACE@acme.com']) {
      expect((await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: identifier }))).Username).toBe('grace');
    }
    // An unverified email is not an alias.
    await expect(h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'heidi@acme.com' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
  });

  test('immutable custom attributes cannot change (cognito-local messages); a changed email becomes unverified', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ customAttributes: ['custom:idp_sub', { name: 'tenant', mutable: false }] }));
    pool.seedUser({ username: 'ivan', attributes: { email: 'ivan@acme.com', email_verified: 'true', 'custom:tenant': 'acme' } });
    await expect(
      h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'ivan', UserAttributes: [{ Name: 'custom:tenant', Value: 'x' }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid user attributes: user.custom:tenant: Attribute cannot be updated. (changing an immutable attribute)',
    });
    await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'ivan', UserAttributes: [{ Name: 'email', Value: 'ivan@acme.co.uk' }] }));
    expect(pool.user('ivan')?.attributes).toMatchObject({ email: 'ivan@acme.co.uk', email_verified: 'false' });
  });

  test('AttributesRequireVerificationBeforeUpdate: a changed email keeps the old verified value unless the call verifies the new one (MODEL UserAttributeUpdateSettingsType)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ aliasAttributes: ['email'], attributesRequireVerificationBeforeUpdate: ['email'] }));
    seedNative(pool, 'vera', 'vera@acme.com');
    const update = (attributes: { Name: string; Value: string }[]) =>
      h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'vera', UserAttributes: attributes }));
    await update([{ Name: 'email', Value: 'vera@evil.example' }]);
    expect(pool.user('vera')?.attributes).toMatchObject({ email: 'vera@acme.com', email_verified: 'true' });
    // "You can also call the AdminUpdateUserAttributes API and set email_verified … to true."
    await update([
      { Name: 'email', Value: 'vera@acme.co.uk' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    expect(pool.user('vera')?.attributes).toMatchObject({ email: 'vera@acme.co.uk', email_verified: 'true' });
    // [INF] A user without an email gets one at once, unverified.
    pool.seedUser({ username: 'walt' });
    await h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'walt', UserAttributes: [{ Name: 'email', Value: 'walt@acme.com' }] }));
    expect(pool.user('walt')?.attributes).toMatchObject({ email: 'walt@acme.com', email_verified: 'false' });
  });

  test('verifying an email another user holds as alias: AliasExistsException', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ aliasAttributes: ['email'] }));
    seedNative(pool, 'judy', 'shared@acme.com');
    pool.seedUser({ username: 'mallory', attributes: { email: 'shared@acme.com', email_verified: 'false' } });
    await expect(
      h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.id, Username: 'mallory', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })),
    ).rejects.toMatchObject({ name: 'AliasExistsException', message: 'An account with the given email already exists.' });
  });

  test('delete, disable/enable, global sign-out', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'ken', 'ken@acme.com');
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: pool.id, Username: 'ken' }));
    expect(pool.user('ken')?.enabled).toBe(false);
    await h.client.send(new AdminEnableUserCommand({ UserPoolId: pool.id, Username: 'ken' }));
    expect(pool.user('ken')?.enabled).toBe(true);
    const generation = async () => {
      const signedIn = await pool.passwordSignIn({ username: 'ken', password: 'Passw0rd!', client: 'password' });
      if (!signedIn.ok) throw new Error(signedIn.error.message);
      return decodeToken(signedIn.value.AuthenticationResult?.AccessToken as string)['twin:generation'];
    };
    const before = await generation();
    await h.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.id, Username: 'ken' }));
    // Tokens issued before the sign-out are recognisably older (the twin does not validate tokens).
    expect(await generation()).not.toBe(before);
    await h.client.send(new AdminDeleteUserCommand({ UserPoolId: pool.id, Username: 'ken' }));
    expect(pool.user('ken')).toBeUndefined();
  });
});

describe('passwords and confirmation', () => {
  test('AdminSetUserPassword: permanent -> CONFIRMED, even for EXTERNAL_PROVIDER users (GUIDE-now LINKING); policy length', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '1234' } });
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.id, Username: 'google_1234', Password: 'Passw0rd!x', Permanent: true }));
    expect(pool.user('google_1234')?.status).toBe('CONFIRMED');
    await expect(
      h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.id, Username: 'google_1234', Password: 'short', Permanent: true })),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
    await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.id, Username: 'google_1234', Password: 'Temp0rary!', Permanent: false }));
    expect(pool.user('google_1234')?.status).toBe('FORCE_CHANGE_PASSWORD');
  });

  test('AdminConfirmSignUp confirms UNCONFIRMED users only ("User cannot be confirmed. Current status is CONFIRMED")', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    pool.seedUser({ username: 'leo', status: 'UNCONFIRMED', password: 'Passw0rd!' });
    await h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.id, Username: 'leo' }));
    expect(pool.user('leo')?.status).toBe('CONFIRMED');
    await expect(h.client.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.id, Username: 'leo' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });
});

describe('SignUp (self sign-up)', () => {
  test('refused in a pool that lets only administrators create users (AllowAdminCreateUserOnly; pmill/aws-cognito #37)', async () => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ allowSelfSignUp: false, trigger }));
    await expect(
      h.client.send(new SignUpCommand({ ClientId: pool.clientId('password'), Username: 'nia', Password: 'Passw0rd!' })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'SignUp is not permitted for this user pool' });
    expect(events).toEqual([]);
    expect(pool.usernames).toEqual([]);
  });

  test('PreSignUp_SignUp with the app client id; UNCONFIRMED unless the trigger auto-confirms (PRE-SIGNUP)', async () => {
    const { events, trigger } = recordingTrigger((event) => {
      if (event.request.userAttributes.email.endsWith('@auto.test')) event.response.autoConfirmUser = true;
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    const plain = await h.client.send(
      new SignUpCommand({ ClientId: pool.clientId('password'), Username: 'mia', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'mia@x.test' }] }),
    );
    expect(plain.UserConfirmed).toBe(false);
    expect(pool.user('mia')?.status).toBe('UNCONFIRMED');
    const auto = await pool.signUp({ client: 'password', username: 'ned', password: 'Passw0rd!', attributes: { email: 'ned@auto.test' } });
    expect(auto).toMatchObject({ ok: true, value: { UserConfirmed: true } });
    expect(events.map((event) => [event.triggerSource, event.callerContext.clientId])).toEqual([
      ['PreSignUp_SignUp', pool.clientId('password')],
      ['PreSignUp_SignUp', pool.clientId('password')],
    ]);
    await expect(
      h.client.send(new SignUpCommand({ ClientId: pool.clientId('password'), Username: 'MIA', Password: 'Passw0rd!' })),
    ).rejects.toMatchObject({ name: 'UsernameExistsException', message: 'User already exists' });
  });

  test('autoVerifyEmail moves an email alias away from its previous holder (GUIDE-2023 pre-sign-up page; reference §11)', async () => {
    const { trigger } = recordingTrigger((event) => {
      event.response.autoConfirmUser = true;
      event.response.autoVerifyEmail = true;
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger, aliasAttributes: ['email'] }));
    seedNative(pool, 'olivia', 'olivia@acme.com');
    await pool.signUp({ client: 'password', username: 'intruder', password: 'Passw0rd!', attributes: { email: 'olivia@acme.com' } });
    expect(pool.user('olivia')?.attributes['email_verified']).toBe('false');
    expect(pool.user('olivia@acme.com')?.username).toBe('intruder');
  });

  test('a client with a secret needs SECRET_HASH ("Unable to verify secret hash for client …")', async () => {
    const pool = h.twin.createPool(
      projectPoolOptions({ appClients: [{ name: 'server', generateSecret: true, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }] }),
    );
    await expect(
      h.client.send(new SignUpCommand({ ClientId: pool.clientId('server'), Username: 'pat', Password: 'Passw0rd!' })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${pool.clientId('server')}` });
    expect(pool.clientSecret('server')).toMatch(/^[A-Za-z0-9]{51}$/);
    await h.client.send(
      new SignUpCommand({ ClientId: pool.clientId('server'), Username: 'pat', Password: 'Passw0rd!', SecretHash: pool.secretHash('server', 'pat') }),
    );
    expect(pool.user('pat')?.status).toBe('UNCONFIRMED');
  });
});
