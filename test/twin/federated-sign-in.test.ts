import {
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  decodeToken,
  describeSwitches,
  handlerTrigger,
  switchCombinations,
  TwinUsageError,
  type LambdaHandler,
  type TwinSwitches,
  type UserPool,
} from '../../twin';
import { acmeClaims, projectPoolOptions, recordingTrigger, seedNative, useTwin } from './helpers';

const h = useTwin();

/** A trigger that links the identity in flight with the real SDK, as public samples do. */
function inFlightLinker() {
  const events: any[] = [];
  let client: CognitoIdentityProviderClient | undefined;
  const handler: LambdaHandler = async (event) => {
    events.push(structuredClone(event));
    if (event.triggerSource !== 'PreSignUp_ExternalProvider') return event;
    client ??= new CognitoIdentityProviderClient({ maxAttempts: 1 });
    const listed = await client.send(new ListUsersCommand({ UserPoolId: event.userPoolId, Filter: `email = "${event.request.userAttributes.email}"` }));
    const native = listed.Users?.find((user) => user.UserStatus !== 'EXTERNAL_PROVIDER');
    if (native) {
      await client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: event.userPoolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: native.Username },
          SourceUser: { ProviderName: 'AcmeEntraID', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: event.request.userAttributes['custom:idp_sub'] },
        }),
      );
    }
    return event;
  };
  const trigger = handlerTrigger(() => handler, { captureLogs: false });
  return { events, trigger, close: () => client?.destroy() };
}

function acme(pool: UserPool, subject: string, email: string, extra: Record<string, string> = {}) {
  return pool.federatedSignIn({ provider: 'AcmeEntraID', subject, claims: { ...acmeClaims(subject, email), ...extra }, client: 'web' });
}

describe('first federated sign-in: PreSignUp_ExternalProvider (TRIGGERS, PRE-SIGNUP)', () => {
  test('event shape; userName wholly lower-cased in a case-insensitive pool (amplify-js #8823); the exact subject survives in the mapped attribute', async () => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    const result = await acme(pool, 'AbC-123', 'ann@acme.com');
    expect(result).toMatchObject({ ok: true, via: 'new_user', username: 'acmeentraid_abc-123' });
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      version: '1',
      region: h.twin.region,
      userPoolId: pool.id,
      userName: 'acmeentraid_abc-123',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: pool.clientId('web') },
      triggerSource: 'PreSignUp_ExternalProvider',
      request: {
        // SAML has no email_verified: Cognito's "false" placeholder (switch (g) default).
        userAttributes: { email: 'ann@acme.com', 'custom:idp_sub': 'AbC-123', email_verified: 'false' },
        validationData: {},
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
  });

  test('the created EXTERNAL_PROVIDER user carries its own identity with primary: true and the exact subject (reference §2)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    const result = await acme(pool, 'AD\\Rumesh', 'rumesh@acme.com');
    expect(result).toMatchObject({ ok: true, username: 'acmeentraid_ad\\rumesh' });
    const user = pool.user('acmeentraid_ad\\rumesh');
    expect(user?.status).toBe('EXTERNAL_PROVIDER');
    const identities = JSON.parse(user?.attributes['identities'] as string);
    expect(identities).toEqual([
      { userId: 'AD\\Rumesh', providerName: 'AcmeEntraID', providerType: 'SAML', issuer: null, primary: true, dateCreated: expect.any(Number) },
    ]);
    if (!result.ok) throw new Error('unreachable');
    expect(decodeToken(result.tokens.IdToken)).toMatchObject({ 'cognito:username': 'acmeentraid_ad\\rumesh', identities });
    expect(result.redirectUrl).toMatch(/^https:\/\/app\.example\.test\/callback\?code=/);
  });

  test('a case-sensitive pool keeps the username\'s case (amplify-js #8823: "Facebook_xxxxxxx")', async () => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger, caseSensitive: true }));
    await acme(pool, 'AbC-123', 'ann@acme.com');
    expect(events[0].userName).toBe('AcmeEntraID_AbC-123');
  });

  test.each([
    ['false_placeholder', { email_verified: 'false' }],
    ['absent', {}],
  ] as const)('switch (g) unmappedEmailVerified=%s; a mapped email_verified is passed through as a string (reference §11)', async (unmappedEmailVerified, expected) => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger, switches: { unmappedEmailVerified } }));
    await acme(pool, 'S1', 's1@acme.com');
    expect(events[0].request.userAttributes).toEqual({ email: 's1@acme.com', 'custom:idp_sub': 'S1', ...expected });
    await pool.federatedSignIn({ provider: 'Google', subject: '111', claims: { email: 'g@gmail.com', email_verified: true, sub: '111' }, client: 'web' });
    expect(events[1].request.userAttributes).toEqual({ email: 'g@gmail.com', email_verified: 'true', 'custom:idp_sub': '111' });
  });

  test('multi-valued claims arrive flattened as [a,b] (ATTR-MAP)', async () => {
    const pool = h.twin.createPool(
      projectPoolOptions({ identityProviders: [{ name: 'Groups', type: 'OIDC', attributeMapping: { email: 'email', nickname: 'groups' } }], appClients: [{ name: 'web', supportedIdentityProviders: ['Groups'] }] }),
    );
    await pool.federatedSignIn({ provider: 'Groups', subject: 'u1', claims: { email: 'u1@x.test', groups: ['admins', 'staff'] }, client: 'web' });
    expect(pool.user('groups_u1')?.attributes['nickname']).toBe('[admins,staff]');
  });

  test('a refusal reaches the callback as error_description "PreSignUp failed with error <msg>. " with error=invalid_request (amplify-js #4004, #14063; amplify-flutter #3491)', async () => {
    const { trigger } = recordingTrigger(() => {
      throw new Error('LINK_DENIED: no');
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'X1', claims: acmeClaims('X1', 'x1@acme.com'), client: 'web', state: 's-1' });
    expect(result).toEqual({
      ok: false,
      error: 'invalid_request',
      errorDescription: 'PreSignUp failed with error LINK_DENIED: no. ',
      redirectUrl: 'https://app.example.test/callback?error_description=PreSignUp+failed+with+error+LINK_DENIED%3A+no.+&state=s-1&error=invalid_request',
    });
    expect(pool.usernames).toEqual([]);
  });

  test('autoVerifyEmail from the trigger marks the federated user\'s email verified (PRE-SIGNUP; reference §2)', async () => {
    const { trigger } = recordingTrigger((event) => {
      event.response.autoVerifyEmail = true;
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    await acme(pool, 'V1', 'v1@acme.com');
    expect(pool.user('acmeentraid_v1')?.attributes['email_verified']).toBe('true');
  });

  test('another profile already holding the lower-cased username: "Already found an entry for username …" ([INF])', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    pool.seedUser({ username: 'Google_555' });
    expect(await pool.federatedSignIn({ provider: 'Google', subject: '555', claims: { email: 'x@gmail.com' }, client: 'web' })).toMatchObject({
      ok: false,
      errorDescription: 'Already found an entry for username google_555',
    });
  });

  test('a mapped attribute that is immutable cannot be rewritten at a later sign-in (ATTR-MAP: mapped custom attributes must be mutable)', async () => {
    const pool = h.twin.createPool(
      projectPoolOptions({
        customAttributes: [{ name: 'dept', mutable: false }],
        identityProviders: [{ name: 'Corp', type: 'OIDC', attributeMapping: { email: 'email', 'custom:dept': 'dept' } }],
        appClients: [{ name: 'web', supportedIdentityProviders: ['Corp'] }],
      }),
    );
    const sign = (dept: string) => pool.federatedSignIn({ provider: 'Corp', subject: 'c1', claims: { email: 'c1@corp.test', dept }, client: 'web' });
    expect(await sign('sales')).toMatchObject({ ok: true, via: 'new_user' });
    expect(await sign('sales')).toMatchObject({ ok: true, via: 'federated_user' });
    expect(await sign('legal')).toMatchObject({
      ok: false,
      errorDescription: 'Invalid user attributes: user.custom:dept: Attribute cannot be updated. (changing an immutable attribute)',
    });
  });

  test('a client that does not offer the provider is a usage error of the twin, not a Cognito answer', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    await expect(pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'a', client: 'password' })).rejects.toBeInstanceOf(TwinUsageError);
  });
});

describe('later sign-ins of a federated user: PreAuthentication_Authentication (TRIGGERS)', () => {
  test.each(['present', 'absent'] as const)('switch (e) preAuthIdentities=%s; cognito:user_status EXTERNAL_PROVIDER (floci #3850); mapped attributes rewritten, none removed (ATTR-MAP)', async (preAuthIdentities) => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger, switches: { preAuthIdentities } }));
    await pool.federatedSignIn({ provider: 'Google', subject: '222', claims: { email: 'old@gmail.com', email_verified: true, sub: '222' }, client: 'web' });
    const again = await pool.federatedSignIn({ provider: 'Google', subject: '222', claims: { email: 'new@gmail.com', sub: '222' }, client: 'web' });
    expect(again).toMatchObject({ ok: true, via: 'federated_user', username: 'google_222' });
    const event = events[1];
    expect(event).toMatchObject({
      triggerSource: 'PreAuthentication_Authentication',
      userName: 'google_222',
      callerContext: { clientId: pool.clientId('web') },
      request: { userAttributes: { 'cognito:user_status': 'EXTERNAL_PROVIDER', email: 'old@gmail.com' } },
      response: {},
    });
    expect(event.request).not.toHaveProperty('validationData');
    expect('identities' in event.request.userAttributes).toBe(preAuthIdentities === 'present');
    // email rewritten; email_verified no longer asserted but kept.
    expect(pool.user('google_222')?.attributes).toMatchObject({ email: 'new@gmail.com', email_verified: 'true' });
  });

  test('a refusal in pre authentication: "PreAuthentication failed with error <msg>. " (reference §8)', async () => {
    const { trigger } = recordingTrigger((event) => {
      if (event.triggerSource === 'PreAuthentication_Authentication') throw new Error('NOPE');
    });
    const pool = h.twin.createPool(projectPoolOptions({ trigger }));
    await acme(pool, 'P1', 'p1@acme.com');
    expect(await acme(pool, 'P1', 'p1@acme.com')).toMatchObject({ ok: false, errorDescription: 'PreAuthentication failed with error NOPE. ' });
  });
});

describe('switch (b) firstSignInAfterInFlightLink: linking inside pre sign-up (reference §5)', () => {
  test.each(['fails_once', 'succeeds'] as const)('%s (reference §5)', async (firstSignInAfterInFlightLink) => {
    const linker = inFlightLinker();
    const pool = h.twin.createPool(projectPoolOptions({ trigger: linker.trigger, switches: { firstSignInAfterInFlightLink } }));
    process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'] = h.twin.endpoint;
    try {
      seedNative(pool, 'alice', 'alice@acme.com');
      const first = await acme(pool, 'AbC-123', 'alice@acme.com');
      if (firstSignInAfterInFlightLink === 'fails_once') {
        // amplify-flutter #1716, amplify-swift #2226: the prefix is lower-cased like the userName.
        expect(first).toMatchObject({ ok: false, errorDescription: 'Already found an entry for username acmeentraid_abc-123' });
        expect(pool.usernames).toEqual(['alice']);
        expect(await acme(pool, 'AbC-123', 'alice@acme.com')).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
      } else {
        expect(first).toMatchObject({ ok: true, via: 'linked_in_flight', username: 'alice' });
      }
      expect(pool.user('alice')?.identities).toEqual([{ providerName: 'AcmeEntraID', userId: 'AbC-123', primary: false }]);
      expect(pool.usernames).toEqual(['alice']);
    } finally {
      await linker.trigger.close();
      linker.close();
      delete process.env['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER'];
    }
  });
});

describe('sign-in of a LINKED identity (LINKING: "they always sign in to that profile")', () => {
  const combos = switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities']);
  test.each(combos.map((switches) => [describeSwitches(switches), switches] as const))('switches (a)+(e): %s (reference §1, §2)', async (_label, switches: TwinSwitches) => {
    const { events, trigger } = recordingTrigger();
    const pool = h.twin.createPool(projectPoolOptions({ trigger, switches }));
    seedNative(pool, 'alice', 'alice@acme.com');
    pool.seedUser({ username: 'unrelated' });
    await h.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: pool.id,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' },
        SourceUser: { ProviderName: 'AcmeEntraID', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'AbC-123' },
      }),
    );
    const result = await acme(pool, 'AbC-123', 'alice@acme.com', { given: 'x' });
    expect(result).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
    // No pre sign-up for a linked identity (amplify-flutter #1716).
    expect(events.some((event) => event.triggerSource.startsWith('PreSignUp'))).toBe(false);
    if (switches.linkedIdentityPreAuth === 'not_invoked') {
      expect(events).toEqual([]);
      return;
    }
    expect(events).toHaveLength(1);
    const event = events[0];
    expect(event.triggerSource).toBe('PreAuthentication_Authentication');
    expect(event.userName).toBe(switches.linkedIdentityPreAuth === 'native_username' ? 'alice' : 'acmeentraid_abc-123');
    expect(event.request.userAttributes['cognito:user_status']).toBe('CONFIRMED');
    expect(event.request.userAttributes.sub).toBe(pool.user('alice')?.sub);
    if (switches.preAuthIdentities === 'present') {
      expect(JSON.parse(event.request.userAttributes.identities)).toEqual([expect.objectContaining({ providerName: 'AcmeEntraID', userId: 'AbC-123' })]);
    } else {
      expect(event.request.userAttributes).not.toHaveProperty('identities');
    }
  });

  test('mapped attributes are rewritten on the destination at every sign-in; switch (g) writes the placeholder over a verified email (reference §11)', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    seedNative(pool, 'bea', 'bea@acme.com');
    await h.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: pool.id,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'bea' },
        SourceUser: { ProviderName: 'AcmeEntraID', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'Bea-1' },
      }),
    );
    await acme(pool, 'Bea-1', 'Bea@Acme.com');
    expect(pool.user('bea')?.attributes).toMatchObject({ email: 'Bea@Acme.com', email_verified: 'false', 'custom:idp_sub': 'Bea-1' });
  });

  test('a disabled destination: "User is disabled."', async () => {
    const pool = h.twin.createPool(projectPoolOptions());
    pool.seedUser({ username: 'cid', enabled: false, linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'Cid-1' }] });
    expect(await acme(pool, 'Cid-1', 'cid@acme.com')).toMatchObject({ ok: false, errorDescription: 'User is disabled.' });
  });
});

describe('switch (h) caseMismatchedLinkSignIn: a link made with a lower-cased subject (subjects match case-sensitively, GUIDE-2023)', () => {
  test.each([
    ['new_user', { ok: true, via: 'new_user', username: 'acmeentraid_abc-123' }],
    ['invalid_combination', { ok: false, errorDescription: 'Error in SAML response processing: Invalid ProviderName/Username combination' }],
  ] as const)('%s (brief; service-workbench-on-aws #605)', async (caseMismatchedLinkSignIn, expected) => {
    const pool = h.twin.createPool(projectPoolOptions({ switches: { caseMismatchedLinkSignIn } }));
    pool.seedUser({ username: 'dee', attributes: { email: 'dee@acme.com', email_verified: 'true' }, linkedIdentities: [{ provider: 'AcmeEntraID', subject: 'abc-123' }] });
    const result = await acme(pool, 'AbC-123', 'dee@acme.com');
    expect(result).toMatchObject(expected);
    expect(pool.user('dee')?.identities).toEqual([{ providerName: 'AcmeEntraID', userId: 'abc-123', primary: false }]);
  });
});
