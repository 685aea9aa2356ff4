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
  'UpdateUserAttributes',
] as const;

export type ServedOperation = (typeof SERVED_OPERATIONS)[number];

// Systems Manager Parameter Store, served on the same endpoint (`X-Amz-Target: AmazonSSM.<Operation>`)
// for the function's configuration. Same rule: one line here, then `npm run gen:twin-model` (the
// generated twin/wire/ssm-model.generated.ts comes from vendor/aws-model/ssm-2014-11-06.service-2.json).
export const SERVED_SSM_OPERATIONS = ['DeleteParameter', 'GetParameter', 'GetParameters', 'PutParameter'] as const;

export type ServedSsmOperation = (typeof SERVED_SSM_OPERATIONS)[number];
