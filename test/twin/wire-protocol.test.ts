import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SERVED_OPERATIONS } from '../../twin/wire/served-operations';
import { projectPoolOptions, seedNative, useTwin } from './helpers';

const h = useTwin();

async function raw(target: string, body: string, contentType = 'application/x-amz-json-1.1') {
  const response = await fetch(h.twin.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'X-Amz-Target': target },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, errorType: response.headers.get('x-amzn-errortype') };
}

describe('AWS JSON 1.1 wire protocol (issue 3: the official SDK works unchanged)', () => {
  test('the SDK reads a user with any credentials: UserAttributes, UserStatus, Enabled, dates as epoch seconds (Smithy AWS JSON 1.1 protocol)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    expect(h.twin.pool(pool.id)).toBe(pool);
    const seeded = seedNative(pool, 'alice', 'alice@acme.com');
    const before = Date.now();
    const user = await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'alice' }));
    expect(user.Username).toBe('alice');
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.Enabled).toBe(true);
    expect(user.UserCreateDate).toBeInstanceOf(Date);
    expect(Math.abs((user.UserCreateDate as Date).getTime() - before)).toBeLessThan(60_000);
    expect(user.UserAttributes).toEqual([
      { Name: 'sub', Value: seeded.sub },
      { Name: 'email', Value: 'alice@acme.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    expect(user.$metadata.httpStatusCode).toBe(200);
  });

  test('the SDK honours AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (how the trigger reaches the twin)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'bob', 'bob@acme.com');
    const saved = process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'];
    process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'] = h.twin.endpoint;
    const client = new CognitoIdentityProviderClient({ region: h.twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'bob' }));
      expect(user.Username).toBe('bob');
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'];
      else process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'] = saved;
    }
  });

  test('an operation the twin does not model answers like an unknown action: 400 com.amazon.coral.service#UnknownOperationException (API Gateway log in public code; aws-sdk-net #1536)', async () => {
    const reply = await raw('AWSCognitoIdentityProviderService.CreateUserPool', '{"PoolName":"x"}');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException' });
    await expect(h.client.send(new CreateUserPoolCommand({ PoolName: 'x' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
    const wrongService = await raw('DynamoDB_20120810.ListTables', '{}');
    expect(wrongService.body['__type']).toBe('com.amazon.coral.service#UnknownOperationException');
    const wrongContentType = await raw('AWSCognitoIdentityProviderService.ListUsers', '{}', 'application/json');
    expect(wrongContentType.body['__type']).toBe('com.amazon.coral.service#UnknownOperationException');
  });

  test('a body that is not JSON is a SerializationException', async () => {
    const reply = await raw('AWSCognitoIdentityProviderService.ListUsers', '{not json');
    expect(reply.status).toBe(400);
    expect(reply.body['__type']).toBe('com.amazon.coral.service#SerializationException');
  });

  test('errors are {"__type","message"} with status 400 and x-amzn-ErrorType (Smithy AWS JSON 1.1 protocol)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const reply = await raw('AWSCognitoIdentityProviderService.AdminGetUser', JSON.stringify({ UserPoolId: pool.id, Username: 'nobody' }));
    expect(reply).toEqual({
      status: 400,
      body: { __type: 'UserNotFoundException', message: 'User does not exist.' },
      errorType: 'UserNotFoundException:',
    });
  });

  test('unknown pools and clients: ResourceNotFoundException "User pool … does not exist." / "User pool client … does not exist." (aws-sdk-php #2183)', async () => {
    await expect(h.client.send(new AdminGetUserCommand({ UserPoolId: 'eu-west-1_missing1', Username: 'x' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool eu-west-1_missing1 does not exist.',
    });
    await expect(
      h.client.send(new InitiateAuthCommand({ ClientId: 'nosuchclient', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool client nosuchclient does not exist.' });
  });
});

describe('model constraints, reported as AWS does (InvalidParameterException "1 validation error detected: …")', () => {
  test('ListUsers Filter longer than 256 characters (aws-sdk-net #3565)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const filter = `email = "${'a'.repeat(250)}@x.com"`;
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Filter: filter }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: `1 validation error detected: Value '${filter}' at 'filter' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
  });

  test('ListUsers Limit must be 0..60 (MODEL QueryLimitType)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Limit: 61 }))).rejects.toMatchObject({
      message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
    await expect(h.client.send(new ListUsersCommand({ UserPoolId: pool.id, Limit: 0 }))).resolves.toMatchObject({ Users: [] });
  });

  // Source: reference §4 (ProviderName 1-32, MODEL); message format aws-sdk-net #3565.
  test('ProviderName 1-32 characters, nested member paths, several errors at once; sensitive members hide their value', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    await expect(
      h.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: pool.id,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'x' },
          SourceUser: { ProviderName: 'P'.repeat(33), ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 's' },
        }),
      ),
    ).rejects.toMatchObject({
      message: `1 validation error detected: Value '${'P'.repeat(33)}' at 'sourceUser.providerName' failed to satisfy constraint: Member must have length less than or equal to 32`,
    });
    const reply = await raw('AWSCognitoIdentityProviderService.AdminGetUser', JSON.stringify({ Username: '' }));
    expect(reply.body).toEqual({
      __type: 'InvalidParameterException',
      message:
        "2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
        "Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
  });

  test('every served operation is one the pools implement, and no other', () => {
    const pool = h.twin.createPool(projectPoolOptions());
    for (const operation of SERVED_OPERATIONS) expect(pool.supports(operation)).toBe(true);
    expect(pool.supports('CreateUserPool')).toBe(false);
  });
});

describe('configuration reads the trigger and operator tooling use', () => {
  test('DescribeUserPoolClient, ListUserPoolClients, DescribeIdentityProvider, ListIdentityProviders, DescribeUserPool', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const described = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.clientId('password') }));
    expect(described.UserPoolClient).toMatchObject({
      ClientName: 'password',
      ClientId: pool.clientId('password'),
      SupportedIdentityProviders: ['COGNITO'],
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']),
    });
    const clients = await h.client.send(new ListUserPoolClientsCommand({ UserPoolId: pool.id, MaxResults: 1 }));
    expect(clients.UserPoolClients).toHaveLength(1);
    const rest = await h.client.send(new ListUserPoolClientsCommand({ UserPoolId: pool.id, MaxResults: 1, NextToken: clients.NextToken }));
    expect(rest.UserPoolClients?.[0]?.ClientName).toBe('password');
    expect(rest.NextToken).toBeUndefined();

    const provider = await h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.id, ProviderName: 'AcmeEntraID' }));
    expect(provider.IdentityProvider).toMatchObject({ ProviderType: 'SAML', IdpIdentifiers: ['acme.com'] });
    await expect(h.client.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.id, ProviderName: 'acmeentraid' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const providers = await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: pool.id }));
    expect(providers.Providers?.map((p) => p.ProviderName)).toEqual(['AcmeEntraID', 'Google']);

    const described2 = await h.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.id }));
    expect(described2.UserPool?.UsernameConfiguration?.CaseSensitive).toBe(false);
    expect(described2.UserPool?.SchemaAttributes?.map((a) => a.Name)).toEqual(['custom:idp_sub']);
  });
});

describe('answers as the model defines them', () => {
  test('DescribeUserPoolClient omits SupportedIdentityProviders for a client whose providers were never set (MODEL UserPoolClientType: no default; docs/cognito-facts.md §13)', async () => {
    const pool = h.twin.createPool(projectPoolOptions({ appClients: [{ name: 'bare', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }] }));
    const described = await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.clientId('bare') }));
    expect(described.UserPoolClient).toMatchObject({ ClientName: 'bare', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] });
    expect(described.UserPoolClient).not.toHaveProperty('SupportedIdentityProviders');
    await expect(pool.federatedSignIn({ provider: 'Google', subject: '1', claims: {}, client: 'bare' })).rejects.toThrow(
      'twin: app client bare does not offer identity provider Google (its SupportedIdentityProviders were never set)',
    );
  });

  test.each([
    ['all_400', 400, 400, 400],
    ['smithy_model', 404, 404, 403],
  ] as const)(
    'switch (m) errorStatusCodes=%s: UserNotFound, ResourceNotFound, NotAuthorized statuses (observed 400: ellaisys/aws-cognito #94, aws-sdk-java #2301; Smithy httpError)',
    async (errorStatusCodes, userNotFound, resourceNotFound, notAuthorized) => {
      const pool = h.twin.createPool(projectPoolOptions({ switches: { errorStatusCodes } }));
      seedNative(pool, 'sam', 'sam@acme.com');
      const missingUser = await raw('AWSCognitoIdentityProviderService.AdminGetUser', JSON.stringify({ UserPoolId: pool.id, Username: 'nobody' }));
      const missingProvider = await raw('AWSCognitoIdentityProviderService.DescribeIdentityProvider', JSON.stringify({ UserPoolId: pool.id, ProviderName: 'Nope' }));
      const wrongPassword = await raw(
        'AWSCognitoIdentityProviderService.InitiateAuth',
        JSON.stringify({ ClientId: pool.clientId('password'), AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'sam', PASSWORD: 'wrong-Passw0rd' } }),
      );
      expect([missingUser.status, missingProvider.status, wrongPassword.status]).toEqual([userNotFound, resourceNotFound, notAuthorized]);
      expect(wrongPassword.body).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      // The SDK maps errors by __type whatever the status.
      await expect(h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'nobody' }))).rejects.toMatchObject({
        name: 'UserNotFoundException',
        $metadata: { httpStatusCode: userNotFound },
      });
    },
  );

  test('SignUp without a Password passes validation (optional in the model) and is refused as not modelled (passwordless)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    await expect(h.client.send(new SignUpCommand({ ClientId: pool.clientId('password'), Username: 'nopass' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Twin: SignUp without a Password (passwordless sign-up) is not modelled',
    });
  });

  test('ListIdentityProviders MaxResults 0 is accepted (ListProvidersLimitType 0-60)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const providers = await h.client.send(new ListIdentityProvidersCommand({ UserPoolId: pool.id, MaxResults: 0 }));
    expect(providers.Providers?.map((p) => p.ProviderName)).toEqual(['AcmeEntraID', 'Google']);
  });
});

describe('request log (benchmarks count Cognito calls per decision)', () => {
  test('records operation, pool, status and error type; can be filtered and cleared', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    h.twin.requests.clear();
    await h.client.send(new ListUsersCommand({ UserPoolId: pool.id }));
    await h.client.send(new AdminGetUserCommand({ UserPoolId: pool.id, Username: 'ghost' })).catch(() => undefined);
    expect(h.twin.requests.operations({ poolId: pool.id })).toEqual(['ListUsers', 'AdminGetUser']);
    expect(pool.requests.map((entry) => [entry.status, entry.errorType])).toEqual([
      [200, undefined],
      [400, 'UserNotFoundException'],
    ]);
    expect(h.twin.requests.count({ operation: 'ListUsers' })).toBe(1);
    h.twin.requests.clear();
    expect(h.twin.requests.entries).toHaveLength(0);
  });
});
