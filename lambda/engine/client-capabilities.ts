// What an app client can really do, from DescribeUserPoolClient. Pre authentication runs for
// password sign-ins and for later federated sign-ins alike, and no documented event field tells
// them apart (docs/cognito-facts.md §12); the client the sign-in came through can. Removing COGNITO
// from SupportedIdentityProviders does not stop SDK password sign-in, so the auth flows count too;
// ALLOW_USER_AUTH alone allows password and SRP (§12, MODEL), and a client created without
// ExplicitAuthFlows supports ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH (UserPoolClientType doc).
// Any flow but refresh therefore counts as password-capable, including ones added later.

export interface ClientCapabilities {
  /** COGNITO is offered, or some flow other than refresh-token is enabled. */
  readonly password: boolean;
  /** At least one external identity provider is offered. */
  readonly federated: boolean;
}

const NON_PASSWORD_FLOWS = new Set(['ALLOW_REFRESH_TOKEN_AUTH']);

export function clientCapabilities(
  supportedIdentityProviders: readonly string[] | undefined,
  explicitAuthFlows: readonly string[] | undefined,
): ClientCapabilities {
  const providers = supportedIdentityProviders ?? [];
  const flows = explicitAuthFlows ?? [];
  const passwordFlow = flows.length === 0 || flows.some((flow) => !NON_PASSWORD_FLOWS.has(flow));
  return {
    password: providers.includes('COGNITO') || passwordFlow,
    federated: providers.some((provider) => provider !== 'COGNITO'),
  };
}

/**
 * What the stack writes for each client it creates (stack/client-kinds-parameter.ts), computed with
 * clientCapabilities from the exact providers and flows the client is given: 'none' is a client
 * that offers no provider and no password flow (its SSO providers are managed elsewhere).
 */
export const CLIENT_KINDS = ['password', 'sso', 'password_and_sso', 'none'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export function isClientKind(value: unknown): value is ClientKind {
  return typeof value === 'string' && (CLIENT_KINDS as readonly string[]).includes(value);
}

export function clientKind(capabilities: ClientCapabilities): ClientKind {
  if (capabilities.password) return capabilities.federated ? 'password_and_sso' : 'password';
  return capabilities.federated ? 'sso' : 'none';
}

export function capabilitiesOfKind(kind: ClientKind): ClientCapabilities {
  return { password: kind === 'password' || kind === 'password_and_sso', federated: kind === 'sso' || kind === 'password_and_sso' };
}
