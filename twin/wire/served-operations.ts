// The Cognito operations the twin serves. Adding one is one line here, then `npm run gen:twin-model`
// (the generated table gives it the model's input constraints, error list and output members) and
// its handler in the pool's operation table; test/twin/service-model.test.ts checks the three agree.
export const SERVED_OPERATIONS = [
  'AdminConfirmSignUp',
  'AdminCreateUser',
  'AdminDeleteUser',
  'AdminDisableProviderForUser',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminGetUser',
  'AdminInitiateAuth',
  'AdminLinkProviderForUser',
  'AdminRespondToAuthChallenge',
  'AdminSetUserPassword',
  'AdminUpdateUserAttributes',
  'AdminUserGlobalSignOut',
  'DescribeIdentityProvider',
  'DescribeUserPool',
  'DescribeUserPoolClient',
  'InitiateAuth',
  'ListIdentityProviders',
  'ListUserPoolClients',
  'ListUsers',
  'RespondToAuthChallenge',
  'SignUp',
] as const;

export type ServedOperation = (typeof SERVED_OPERATIONS)[number];
