import {
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeToken, type UserPool } from '../../twin';
import { projectPoolOptions, recordingTrigger, seedNative, useTwin } from './helpers';

const h = useTwin();

function signIn(pool: UserPool, username: string, password: string, client = 'password', metadata?: Record<string, string>) {
  return h.client.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId(client),
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ClientMetadata: metadata,
    }),
  );
}

describe('InitiateAuth USER_PASSWORD_AUTH with pre authentication (TRIGGERS, PRE-AUTH)', () => {
  test('tokens for the user; the event has userName, cognito:user_status, validationData = ClientMetadata, the client id (PRE-AUTH; floci #3850)', async () => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger, aliasAttributes: ['email'] }));
    const alice = seedNative(pool, 'alice', 'alice@acme.com');
    const result = await signIn(pool, 'ALICE@acme.com', 'Passw0rd!', 'password', { app: 'portal' });
    expect(result.AuthenticationResult?.TokenType).toBe('Bearer');
    expect(decodeToken(result.AuthenticationResult?.IdToken as string)).toMatchObject({ sub: alice.sub, 'cognito:username': 'alice', token_use: 'id' });
    expect(events).toEqual([
      {
        version: '1',
        region: h.twin.region,
        userPoolId: pool.id,
        userName: 'alice',
        callerContext: { awsSdkVersion: expect.stringMatching(/^aws-sdk-js-3\./), clientId: pool.clientId('password') },
        triggerSource: 'PreAuthentication_Authentication',
        request: {
          userAttributes: { sub: alice.sub, email: 'alice@acme.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
          validationData: { app: 'portal' },
        },
        response: {},
      },
    ]);
  });

  test('a refusal: UserLambdaValidationException "PreAuthentication failed with error <msg>."; it runs before the password check (yulin README)', async () => {
    const { trigger } = recordingTrigger(() => {
      throw new Error('SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on.');
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    seedNative(pool, 'bob', 'bob@acme.com');
    for (const password of ['Passw0rd!', 'wrong-password']) {
      await expect(signIn(pool, 'bob', password)).rejects.toMatchObject({
        name: 'UserLambdaValidationException',
        message: 'PreAuthentication failed with error SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on..',
      });
    }
  });

  test.each(['present', 'absent'] as const)('switch (e) preAuthIdentities=%s for a linked native user signing in with a password (reference §2)', async (preAuthIdentities) => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger, switches: { preAuthIdentities } }));
    pool.seedUser({ username: 'cy', password: 'Passw0rd!', linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'Cy-1' }] });
    await signIn(pool, 'cy', 'Passw0rd!');
    expect('identities' in events[0].request.userAttributes).toBe(preAuthIdentities === 'present');
  });
});

describe('who may sign in with a password', () => {
  // Source: ExplicitAuthFlows decide the flows (MODEL, reference §12).
  test('the client must allow the flow ("USER_PASSWORD_AUTH flow not enabled for this client"; "Auth flow not enabled for this client")', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'dan', 'dan@acme.com');
    await expect(signIn(pool, 'dan', 'Passw0rd!', 'web')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    const admin = (client: string, flow: 'ADMIN_USER_PASSWORD_AUTH' | 'USER_PASSWORD_AUTH') =>
      h.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: pool.id, ClientId: pool.clientId(client), AuthFlow: flow, AuthParameters: { USERNAME: 'dan', PASSWORD: 'Passw0rd!' } }),
      );
    await expect(admin('web', 'ADMIN_USER_PASSWORD_AUTH')).rejects.toMatchObject({ message: 'Auth flow not enabled for this client' });
    await expect(admin('password', 'ADMIN_USER_PASSWORD_AUTH')).resolves.toMatchObject({ AuthenticationResult: expect.anything() });
    // moto PR #4836 (confirmed with AWS): the other API's flow.
    await expect(admin('password', 'USER_PASSWORD_AUTH')).rejects.toMatchObject({ message: 'Initiate Auth method not supported.' });
    await expect(
      h.client.send(new InitiateAuthCommand({ ClientId: pool.clientId('password'), AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'dan', SRP_A: '1' } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Twin: AuthFlow USER_SRP_AUTH is not modelled' });
  });

  // Sources: MODEL ("Incorrect username or password."), localstack #8454 ("User is disabled."), TRIGGERS (federated users cannot use the API).
  test('wrong password, unknown user (LEGACY vs PreventUserExistenceErrors), disabled, unconfirmed, federated users', async () => {
    const pool = h.twin.createPool(
      projectPoolOptions({
        appClients: [
          { name: 'password', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
          { name: 'strict', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], preventUserExistenceErrors: true },
        ],
      }),
    );
    seedNative(pool, 'eve', 'eve@acme.com');
    pool.seedUser({ username: 'off', password: 'Passw0rd!', enabled: false });
    pool.seedUser({ username: 'new', password: 'Passw0rd!', status: 'UNCONFIRMED' });
    pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '1' } });
    const cases: [string, string, string, string, string][] = [
      ['eve', 'nope', 'password', 'NotAuthorizedException', 'Incorrect username or password.'],
      ['ghost', 'x', 'password', 'UserNotFoundException', 'User does not exist.'],
      ['ghost', 'x', 'strict', 'NotAuthorizedException', 'Incorrect username or password.'],
      ['off', 'Passw0rd!', 'password', 'NotAuthorizedException', 'User is disabled.'],
      ['new', 'Passw0rd!', 'password', 'UserNotConfirmedException', 'User is not confirmed.'],
      // TRIGGERS: federated users cannot sign in through the API.
      ['google_1', 'x', 'password', 'NotAuthorizedException', 'Incorrect username or password.'],
    ];
    for (const [username, password, client, name, message] of cases) {
      await expect(signIn(pool, username, password, client)).rejects.toMatchObject({ name, message });
    }
  });

  test('PreventUserExistenceErrors ENABLED: pre authentication runs for an unknown user with request.userNotFound true (PRE-AUTH), then "Incorrect username or password."', async () => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(
      projectPoolOptions({
        trigger,
        appClients: [
          { name: 'legacy', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
          { name: 'strict', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], preventUserExistenceErrors: true },
        ],
      }),
    );
    seedNative(pool, 'ivy', 'ivy@acme.com');
    // LEGACY: "This Lambda trigger doesn't activate when a user doesn't exist".
    await expect(signIn(pool, 'ghost', 'x', 'legacy')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    expect(events).toEqual([]);

    await expect(signIn(pool, 'ghost', 'x', 'strict', { app: 'web' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      triggerSource: 'PreAuthentication_Authentication',
      userName: 'ghost',
      callerContext: { clientId: pool.clientId('strict') },
      request: { userAttributes: {}, validationData: { app: 'web' }, userNotFound: true },
    });
    // A known user on the same client: the Boolean is populated, false ([INF] for the false value).
    await signIn(pool, 'ivy', 'Passw0rd!', 'strict');
    expect(events[1].request.userNotFound).toBe(false);
    await signIn(pool, 'ivy', 'Passw0rd!', 'legacy');
    expect(events[2].request).not.toHaveProperty('userNotFound');
  });

  test('a trigger that refuses an unknown user: its error reaches the caller ([INF], as for any pre authentication refusal)', async () => {
    const { trigger } = recordingTrigger(() => {
      throw new Error('NO');
    });
    const pool = h.twin.createPool(
      projectPoolOptions({ trigger, appClients: [{ name: 'strict', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], preventUserExistenceErrors: true }] }),
    );
    await expect(signIn(pool, 'ghost', 'x', 'strict')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreAuthentication failed with error NO.',
    });
  });

  test('FORCE_CHANGE_PASSWORD: NEW_PASSWORD_REQUIRED, answered with RespondToAuthChallenge (TRIGGERS; reference §1)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    pool.seedUser({ username: 'fin', password: 'Temp0rary!', status: 'FORCE_CHANGE_PASSWORD', attributes: { email: 'fin@acme.com' } });
    const challenge = await signIn(pool, 'fin', 'Temp0rary!');
    expect(challenge).toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeParameters: { USER_ID_FOR_SRP: 'fin' } });
    expect(JSON.parse(challenge.ChallengeParameters?.['userAttributes'] as string)).toEqual({ email: 'fin@acme.com' });
    const answered = await h.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId('password'),
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'fin', NEW_PASSWORD: 'Perm4nent!' },
      }),
    );
    expect(answered.AuthenticationResult?.AccessToken).toBeDefined();
    expect(pool.user('fin')?.status).toBe('CONFIRMED');
    await expect(
      h.client.send(new RespondToAuthChallengeCommand({ ClientId: pool.clientId('password'), ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session, ChallengeResponses: { NEW_PASSWORD: 'Again4567!' } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('passwordSignIn() takes the same path and returns the error instead of throwing', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'gil', 'gil@acme.com');
    expect(await pool.passwordSignIn({ username: 'gil', password: 'bad', client: 'password' })).toEqual({
      ok: false,
      error: { type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
    const ok = await pool.passwordSignIn({ username: 'gil', password: 'Passw0rd!', client: 'password', api: 'AdminInitiateAuth' });
    expect(ok.ok && ok.value.AuthenticationResult?.IdToken).toBeTruthy();
  });
});
