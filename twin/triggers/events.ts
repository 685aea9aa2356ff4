// Trigger events in Cognito's shapes (reference §2). Key order follows logged events
// (amplify-js #8823): version, region, userPoolId, userName, callerContext, triggerSource, request, response.

/** callerContext.clientId for admin operations, which have no app client (logged CustomMessage_AdminCreateUser events). */
export const ADMIN_CLIENT_ID = 'CLIENT_ID_NOT_APPLICABLE';
/** callerContext.awsSdkVersion of hosted-UI / federated events (amplify-js #8823). */
export const UNKNOWN_SDK_VERSION = 'aws-sdk-unknown-unknown';

export interface EventBase {
  readonly region: string;
  readonly userPoolId: string;
  readonly userName: string;
  readonly clientId: string;
  readonly awsSdkVersion: string;
}

function envelope(base: EventBase, triggerSource: string, request: Record<string, unknown>, response: Record<string, unknown>) {
  return {
    version: '1',
    region: base.region,
    userPoolId: base.userPoolId,
    userName: base.userName,
    callerContext: { awsSdkVersion: base.awsSdkVersion, clientId: base.clientId },
    triggerSource,
    request,
    response,
  };
}

export type PreSignUpSource = 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser' | 'PreSignUp_ExternalProvider';

/**
 * PRE-SIGNUP: request {userAttributes, validationData, clientMetadata}; the response arrives with the
 * three flags false (amplify-js #8823). The user does not exist yet, so there is no `sub`
 * (yulin README) and no `identities` (weak evidence, reference §2).
 */
export function preSignUpEvent(
  base: EventBase,
  source: PreSignUpSource,
  userAttributes: ReadonlyMap<string, string>,
  validationData: Readonly<Record<string, string>> | undefined,
  clientMetadata: Readonly<Record<string, string>> | undefined,
) {
  return envelope(
    base,
    source,
    {
      userAttributes: Object.fromEntries(userAttributes),
      validationData: validationData ?? {},
      ...(clientMetadata ? { clientMetadata } : {}),
    },
    { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  );
}

/**
 * PRE-AUTH: request {userAttributes, validationData, userNotFound}; `cognito:user_status` is in
 * userAttributes (floci #3850); validationData carries InitiateAuth's ClientMetadata and is absent
 * for federated sign-ins (reference §12); on a client with PreventUserExistenceErrors ENABLED
 * "Amazon Cognito populates this Boolean" userNotFound: true for an unknown user, false otherwise
 * ([INF] that known users get false rather than no field); the response is empty.
 */
export function preAuthenticationEvent(
  base: EventBase,
  userAttributes: ReadonlyMap<string, string>,
  validationData: Readonly<Record<string, string>> | undefined,
  flags: { readonly userNotFound?: boolean } = {},
) {
  return envelope(
    base,
    'PreAuthentication_Authentication',
    {
      userAttributes: Object.fromEntries(userAttributes),
      ...(validationData ? { validationData } : {}),
      ...(flags.userNotFound !== undefined ? { userNotFound: flags.userNotFound } : {}),
    },
    {},
  );
}

/** SDK v3 sends `aws-sdk-js/3.x.y`; logged events show e.g. `aws-sdk-js-2.1639.0`. */
export function sdkVersionFromUserAgent(userAgent: string | undefined): string {
  const match = /aws-sdk-js\/([\d.]+)/.exec(userAgent ?? '');
  return match ? `aws-sdk-js-${match[1]}` : UNKNOWN_SDK_VERSION;
}
