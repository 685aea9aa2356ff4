// The only module that imports the AWS SDK: Cognito for the directory, Systems Manager for the
// function's configuration parameters (parameters.ts). It is loaded on first use (see client.ts),
// so an invocation that needs neither never pays for loading it at cold start.
export {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
export { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
