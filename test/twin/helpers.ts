// Shared set-up for the twin's tests: a running twin, a real SDK client pointed at it, and a pool
// shaped like the project's (a SAML tenant IdP, Google, an SSO client and a password client).

import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { packageRoot } from '../../policy/package-root';
import { handlerTrigger, startTwin, type LambdaHandler, type PoolOptions, type Twin, type UserPool } from '../../twin';

export const FIXTURES = join(packageRoot(), 'test', 'twin', 'fixtures');

export const SAML_EMAIL_CLAIM = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
export const SAML_OID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

export function sdk(twin: Twin, maxAttempts = 3): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: twin.endpoint,
    region: twin.region,
    credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    maxAttempts,
  });
}

/** The project's pool shape: AcmeEntraID (SAML) maps email and the exact-case subject; Google maps email and email_verified. */
export function projectPoolOptions(overrides: PoolOptions = {}): PoolOptions {
  return {
    customAttributes: ['custom:idp_sub'],
    identityProviders: [
      {
        name: 'AcmeEntraID',
        type: 'SAML',
        attributeMapping: { email: SAML_EMAIL_CLAIM, 'custom:idp_sub': SAML_OID_CLAIM },
        idpIdentifiers: ['acme.com'],
      },
      { name: 'Google', type: 'Google', attributeMapping: { email: 'email', email_verified: 'email_verified', 'custom:idp_sub': 'sub' } },
    ],
    appClients: [
      { name: 'web', explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'], supportedIdentityProviders: ['AcmeEntraID', 'Google'] },
      {
        name: 'password',
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
        supportedIdentityProviders: ['COGNITO'],
      },
    ],
    ...overrides,
  };
}

/** SAML claims for AcmeEntraID: the subject also arrives as the objectidentifier claim. */
export function acmeClaims(subject: string, email: string): Record<string, string> {
  return { [SAML_EMAIL_CLAIM]: email, [SAML_OID_CLAIM]: subject };
}

/** A confirmed native user with a verified email and a password. */
export function seedNative(pool: UserPool, username: string, email: string, extra: Record<string, string> = {}) {
  return pool.seedUser({
    username,
    password: 'Passw0rd!',
    attributes: { email, email_verified: 'true', ...extra },
  });
}

export interface TwinHarness {
  twin: Twin;
  client: CognitoIdentityProviderClient;
}

/** One twin per test file: started before all tests, stopped after. */
export function useTwin(options: { seed?: number } = {}): TwinHarness {
  const harness = {} as TwinHarness;
  beforeAll(async () => {
    harness.twin = await startTwin({ seed: options.seed ?? 7 });
    harness.client = sdk(harness.twin);
  });
  afterEach(() => {
    harness.twin.faults.clear();
  });
  afterAll(async () => {
    harness.client.destroy();
    await harness.twin.stop();
  });
  return harness;
}

/** An in-process trigger that records a copy of each event and can refuse (throw) or respond (set event.response). */
export function recordingTrigger(respond: (event: any) => void = () => undefined) {
  const events: any[] = [];
  const handler: LambdaHandler = async (event) => {
    events.push(structuredClone(event));
    respond(event);
    return event;
  };
  return { events, trigger: handlerTrigger(() => handler, { captureLogs: false }) };
}

export function parseLogLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}
