// The one boundary between this project and the CDK for Terraform packages. Every other file
// imports cdktf, its testing helpers and the AWS provider bindings from here, so moving to
// CDK Terrain (the maintained fork) is a rename of the module specifiers below:
//   'cdktf' -> 'cdktn', 'cdktf/lib/testing' -> 'cdktn/lib/testing',
//   '@cdktf/provider-aws/lib/...' -> '@cdktn/provider-aws/lib/...'.
// Provider classes are imported by deep path: the package root loads all 2,212 modules (~5 s).
export type { ITerraformDependable } from 'cdktf';
export {
  App,
  AssetType,
  LocalBackend,
  TerraformAsset,
  TerraformDataSource,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
} from 'cdktf';
export { Testing } from 'cdktf/lib/testing';
// Declares the jest matchers Testing.setupJest() installs (toHaveResourceWithProperties...).
import type {} from 'cdktf/lib/testing/adapters/jest';

export { AwsProvider } from '@cdktf/provider-aws/lib/provider';
export { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
export { CognitoIdentityProvider } from '@cdktf/provider-aws/lib/cognito-identity-provider';
export { CognitoManagedLoginBranding } from '@cdktf/provider-aws/lib/cognito-managed-login-branding';
export { CognitoUserPool, type CognitoUserPoolSchema } from '@cdktf/provider-aws/lib/cognito-user-pool';
export { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
export { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
export { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
export { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
export { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
