// One CognitoIdentityProviderClient per container, created on first use. The SDK reads the
// standard configuration (AWS_REGION, credentials, and AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
// which points it at the local twin in tests). Each attempt has its own timeout
// (throwOnRequestTimeout: without it a requestTimeout only logs a warning), attempts are bounded,
// and every call also carries the invocation's deadline as an AbortSignal.

export const DEFAULT_CALL_TIMEOUT_MS = 1000;
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface ClientSettings {
  readonly region: string | undefined;
  readonly callTimeoutMs: number;
  readonly maxAttempts: number;
}

export type Sdk = typeof import('./sdk');

export interface CognitoClient {
  readonly sdk: Sdk;
  readonly client: InstanceType<Sdk['CognitoIdentityProviderClient']>;
  readonly settings: ClientSettings;
}

export interface ParametersClient {
  readonly sdk: Sdk;
  readonly client: InstanceType<Sdk['SSMClient']>;
  readonly settings: ClientSettings;
}

let shared: CognitoClient | undefined;
let sharedParameters: ParametersClient | undefined;

export function clientSettings(env: NodeJS.ProcessEnv, eventRegion: string): ClientSettings {
  return {
    region: env.AWS_REGION ?? (eventRegion === '' ? undefined : eventRegion),
    callTimeoutMs: positiveInt(env.LINK_POLICY_CALL_TIMEOUT_MS, DEFAULT_CALL_TIMEOUT_MS),
    maxAttempts: positiveInt(env.LINK_POLICY_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
  };
}

export function cognitoClient(settings: ClientSettings): CognitoClient {
  if (shared) return shared;
  // require, not import: the bundle then initialises the SDK only here, on first use.
  const sdk = require('./sdk') as Sdk;
  shared = {
    sdk,
    settings,
    client: new sdk.CognitoIdentityProviderClient({
      ...(settings.region ? { region: settings.region } : {}),
      maxAttempts: settings.maxAttempts,
      requestHandler: {
        connectionTimeout: settings.callTimeoutMs,
        requestTimeout: settings.callTimeoutMs,
        throwOnRequestTimeout: true,
      },
    }),
  };
  return shared;
}

/** The Systems Manager client for the configuration parameters: same settings (AWS_ENDPOINT_URL_SSM in tests). */
export function parametersClient(settings: ClientSettings): ParametersClient {
  if (sharedParameters) return sharedParameters;
  const sdk = require('./sdk') as Sdk;
  sharedParameters = {
    sdk,
    settings,
    client: new sdk.SSMClient({
      ...(settings.region ? { region: settings.region } : {}),
      maxAttempts: settings.maxAttempts,
      requestHandler: {
        connectionTimeout: settings.callTimeoutMs,
        requestTimeout: settings.callTimeoutMs,
        throwOnRequestTimeout: true,
      },
    }),
  };
  return sharedParameters;
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
