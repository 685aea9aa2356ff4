import { Construct } from 'constructs';
import { readableAddressMovedFromHashed } from './addresses';
import { IamRolePolicy, LambdaPermission } from './cdktf';
import type { CognitoUserPool } from './cdktf';
import type { TriggerFunction } from './trigger-function';

/**
 * The Cognito calls the trigger makes, and nothing else: ListUsers (find the native account),
 * AdminGetUser (confirm a link after a retried AdminLinkProviderForUser), AdminLinkProviderForUser,
 * DescribeUserPoolClient (learn at run time whether a client can do password sign-in). Never
 * AdminDisableProviderForUser: there is no "hard block" mode, its effect on linked identities is
 * undocumented.
 */
export const TRIGGER_COGNITO_ACTIONS = [
  'cognito-idp:ListUsers',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminLinkProviderForUser',
  'cognito-idp:DescribeUserPoolClient',
] as const;

export interface TriggerAccessProps {
  readonly pool: CognitoUserPool;
  readonly trigger: TriggerFunction;
}

/**
 * What ties the pool and the trigger together after both exist. The role policy is a separate
 * aws_iam_role_policy, not the role's inline_policy: the inline form would make the role (which
 * the function needs) depend on the pool (which needs the function): a cycle.
 */
export class TriggerAccess extends Construct {
  readonly rolePolicy: IamRolePolicy;
  readonly permission: LambdaPermission;

  constructor(scope: Construct, id: string, props: TriggerAccessProps) {
    super(scope, id);
    this.rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: 'cognito-link-policy-trigger',
      role: props.trigger.role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'LinkAndLookUpUsers', Effect: 'Allow', Action: [...TRIGGER_COGNITO_ACTIONS], Resource: props.pool.arn },
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${props.trigger.logGroup.arn}:*`,
          },
        ],
      }),
    });
    readableAddressMovedFromHashed(this.rolePolicy, 'trigger');

    // source_arn limits the invocation to this pool: another account's pool cannot call the function.
    this.permission = new LambdaPermission(this, 'cognito-invoke', {
      statementId: 'AllowCognitoUserPoolInvoke',
      action: 'lambda:InvokeFunction',
      functionName: props.trigger.function.functionName,
      principal: 'cognito-idp.amazonaws.com',
      sourceArn: props.pool.arn,
    });
    readableAddressMovedFromHashed(this.permission, 'cognito_invoke');
  }
}
