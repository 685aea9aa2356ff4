// The only module that imports the AWS SDK. It is loaded on first use (see client.ts), so an
// invocation that needs no call (pre sign-up for a password user, most pre authentications) never
// pays for loading it at cold start.
export {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
