// Cognito's errors as the wire carries them: `{"__type": Type, "message": text}`. The HTTP status
// comes from the type (wire/error-mapping.ts, from the service model). Each message below names its
// source; [INF] marks a message no source gave (the type is the documented one).

export class CognitoServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** Misuse of the twin's own API (not a Cognito error): thrown to the test, never sent on the wire. */
export class TwinUsageError extends Error {
  override name = 'TwinUsageError';
}

const err = (type: string, message: string) => new CognitoServiceError(type, message);

export const errors = {
  /** aws-sdk-php #2183, aws-aspnet-cognito-identity-provider #135: "User pool us-east-2_<id> does not exist." */
  poolNotFound: (poolId: string) => err('ResourceNotFoundException', `User pool ${poolId} does not exist.`),
  /** aws-sdk-php #2183, amplify-flutter #740: "User pool client <id> does not exist." */
  clientNotFound: (clientId: string) => err('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  /** [INF] type from MODEL DescribeIdentityProvider; message shaped like the two above. */
  providerNotFound: (name: string) => err('ResourceNotFoundException', `Identity provider ${name} does not exist.`),
  /** moto tests (test_admin_get_missing_user) and many client error maps: "User does not exist." */
  userNotFound: () => err('UserNotFoundException', 'User does not exist.'),
  /** Widely logged: "NotAuthorizedException: Incorrect username or password." */
  incorrectCredentials: () => err('NotAuthorizedException', 'Incorrect username or password.'),
  /** localstack #8454 (real AWS output quoted): "User is disabled." */
  userDisabled: () => err('NotAuthorizedException', 'User is disabled.'),
  /** Widely logged: "UserNotConfirmedException: User is not confirmed." */
  userNotConfirmed: () => err('UserNotConfirmedException', 'User is not confirmed.'),
  /** Widely logged for AdminCreateUser. */
  userAccountExists: () => err('UsernameExistsException', 'User account already exists'),
  /** Widely logged for SignUp. */
  userExists: () => err('UsernameExistsException', 'User already exists'),
  /** Widely logged: "An account with the given email already exists." */
  aliasExists: (attribute: 'email' | 'phone_number' | 'preferred_username') =>
    err('AliasExistsException', `An account with the given ${attribute === 'phone_number' ? 'phone_number' : attribute} already exists.`),
  /** aws-sdk-php #1088 (real response body): `{"__type":"InvalidParameterException","message":"Error while parsing filter."}` */
  filterParse: () => err('InvalidParameterException', 'Error while parsing filter.'),
  /** moto test_list_users_invalid_attributes ("Invalid search attribute: custom:foo"). */
  invalidSearchAttribute: (name: string) => err('InvalidParameterException', `Invalid search attribute: ${name}`),
  /** Commonly logged: "USER_PASSWORD_AUTH flow not enabled for this client". */
  userPasswordFlowNotEnabled: () => err('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client'),
  /** Commonly logged for AdminInitiateAuth: "Auth flow not enabled for this client". */
  authFlowNotEnabled: () => err('InvalidParameterException', 'Auth flow not enabled for this client'),
  /** moto PR #4836 (confirmed with AWS by email), aws-doc-sdk-examples #5289: "Initiate Auth method not supported." */
  authMethodNotSupported: () => err('InvalidParameterException', 'Initiate Auth method not supported.'),
  /** pmill/aws-cognito #37 (real response body) for SignUp in a pool with AllowAdminCreateUserOnly. */
  signUpNotPermitted: () => err('NotAuthorizedException', 'SignUp is not permitted for this user pool'),
  /** Commonly logged with app clients that have a secret. */
  secretHashMismatch: (clientId: string) => err('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`),
  /** Widely logged: "InvalidPasswordException: Password did not conform with policy: Password not long enough" */
  passwordTooShort: () => err('InvalidPasswordException', 'Password did not conform with policy: Password not long enough'),
  /** Commonly logged: "User cannot be confirmed. Current status is CONFIRMED" */
  cannotConfirm: (status: string) => err('NotAuthorizedException', `User cannot be confirmed. Current status is ${status}`),
  /** cognito-local (mirrors AWS): "…: Attribute does not exist in the schema." */
  attributeNotInSchema: (prefix: string, name: string) =>
    err('InvalidParameterException', `${prefix}${name}: Attribute does not exist in the schema.`),
  /** cognito-local (mirrors AWS): "user.custom:x: Attribute cannot be updated. (changing an immutable attribute)" */
  immutableAttribute: (name: string) =>
    err('InvalidParameterException', `Invalid user attributes: user.${name}: Attribute cannot be updated. (changing an immutable attribute)`),
  /** Reference §7: "Username should be an email." for pools with email as username. [OBS, common] */
  usernameShouldBeEmail: () => err('InvalidParameterException', 'Username should be an email.'),
  /** aws-sdk #766, amplify-js #13334, boto3 #4163 (the older repeated-link message; also Cognito as source). */
  invalidSourceUser: () =>
    err(
      'InvalidParameterException',
      'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    ),
  /** 2026 logs in public code (reference §4): the newer repeated-link message. */
  sourceAlreadyLinked: () => err('InvalidParameterException', 'SourceUser is already linked to DestinationUser'),
  /** aws-sdk-net #1000 and public UI code (reference §4). */
  mergingNotSupported: () =>
    err(
      'InvalidParameterException',
      'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    ),
  /** aws-sdk-go #4218 (reference §6). */
  notLinked: () =>
    err('InvalidParameterException', "Account isn't linked to anyone else, verify that the account has been linked"),
  /** [INF] type from MODEL; no observed message for a source provider the pool does not have. */
  unknownSourceProvider: (name: string) =>
    err('InvalidParameterException', `Invalid SourceUser: identity provider ${name} does not exist in this user pool`),
  /** [INF] MODEL/LINKING: social IdPs require Cognito_Subject. */
  socialNeedsSubject: () =>
    err('InvalidParameterException', 'Invalid SourceUser: ProviderAttributeName must be Cognito_Subject for this identity provider'),
  /** [INF] MODEL: SAML/OIDC may link on a user pool attribute mapped from an IdP claim, nothing else. */
  unmappedLinkAttribute: (name: string) =>
    err('InvalidParameterException', `Invalid SourceUser: ${name} is not an attribute mapped from this identity provider`),
  /** [INF] MODEL: "all attributes in the DestinationUser profile must be mutable". */
  immutableDestination: (name: string) =>
    err('InvalidParameterException', `Invalid DestinationUser: attribute ${name} is immutable`),
  /** [INF] type from MODEL; limit "Identities linked to a user: 5" from GUIDE-2023 limits.md (docs/cognito-facts.md §4). */
  identityLimit: () => err('LimitExceededException', 'A user can have at most 5 linked identities'),
  /** [INF] GUIDE-now LINKING: at most 5 distinct ProviderAttributeName values per IdP. */
  linkAttributeLimit: () => err('LimitExceededException', 'An identity provider can be linked on at most 5 attribute names'),
  /** [INF] message; the limit is observed (aws-sdk-js-v3 #6985, switch (l)), its error text is not. */
  linkSourceTooLong: (max: number) =>
    err('InvalidParameterException', `Invalid SourceUser: ProviderName, ProviderAttributeName and ProviderAttributeValue together exceed ${max} characters`),
  /** [INF] DestinationUser must name a Cognito user in this model. */
  invalidDestination: () => err('InvalidParameterException', 'Invalid DestinationUser: ProviderName must be Cognito'),
  /** [INF] AdminDisableProviderForUser(Cognito) needs Cognito_Subject. */
  cognitoNeedsSubject: () =>
    err('InvalidParameterException', 'ProviderAttributeName must be Cognito_Subject when ProviderName is Cognito'),
  /** Observed messages for a trigger that threw (reference §8): `<Trigger> failed with error <msg>.` */
  lambdaValidation: (text: string) => err('UserLambdaValidationException', text),
  /** furaiev/amazon-cognito-identity-dart-2 #204, sst #1815 (newer form of the timeout message). */
  lambdaTimeout: (text: string) => err('UnexpectedLambdaException', text),
  /** Commonly logged: "InvalidLambdaResponseException: Unrecognizable lambda output" */
  lambdaBadResponse: () => err('InvalidLambdaResponseException', 'Unrecognizable lambda output'),
  /** Widely logged: "TooManyRequestsException: Rate exceeded". */
  throttled: () => err('TooManyRequestsException', 'Rate exceeded'),
  /** [INF] message; the type is the documented one (a server fault: 500). */
  internal: () => err('InternalErrorException', 'Internal server error'),
  /** Real Coral reply to an unknown X-Amz-Target (API Gateway log in public code; aws-sdk-net #1536): 400, no message. */
  unknownOperation: () => err('com.amazon.coral.service#UnknownOperationException', ''),
  /** Coral's reply to a body that is not JSON. [INF] for Cognito specifically. */
  serialization: () => err('com.amazon.coral.service#SerializationException', ''),
  /** A flow or operation Cognito has but the twin does not model: an error, never a fake success. */
  notModelled: (what: string) => err('InvalidParameterException', `Twin: ${what} is not modelled`),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  notAuthorized: (message: string) => err('NotAuthorizedException', message),
};
