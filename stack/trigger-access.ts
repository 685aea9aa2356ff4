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
  /**
   * The names (expressions without `${}`) of the parameters the function reads: the stack's
   * client-kinds map and the operator's log hash key. ARNs are built from the names, not taken
   * from the parameter resource: the app clients wait for this policy (sign-in prerequisites) and
   * the client-kinds parameter waits for the clients, so a reference would close a cycle.
   */
  readonly parameterExpressions: readonly string[];
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
    // arn:<partition>:ssm:<region>:<account>:parameter<name>, from the function's own ARN
    // (arn:<partition>:lambda:<region>:<account>:function:<name>): where the function reads.
    const arnPart = (index: number) => `element(split(":", ${props.trigger.function.arn}), ${index})`;
    const parameterArns = props.parameterExpressions.map((name) => `\${format("arn:%s:ssm:%s:%s:parameter%s", ${arnPart(1)}, ${arnPart(3)}, ${arnPart(4)}, ${name})}`);
    this.rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: 'cognito-link-policy-trigger',
      role: props.trigger.role.id,
      policy: withExpressions(JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'LinkAndLookUpUsers', Effect: 'Allow', Action: [...TRIGGER_COGNITO_ACTIONS], Resource: props.pool.arn },
          // One GetParameters call per container reads both. The default aws/ssm key lets every
          // principal of the account decrypt (no kms statement needed); a customer managed key must
          // allow this role in its key policy (docs/stack.md).
          { Sid: 'ReadConfiguration', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: parameterArns.map((_, index) => `${EXPRESSION}${index}`) },
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${props.trigger.logGroup.arn}:*`,
          },
        ],
      }), parameterArns),
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

const EXPRESSION = '@@expression-';

/**
 * The policy JSON with each `"@@expression-N"` replaced by its Terraform template. JSON.stringify
 * would escape the quotes inside an expression (`format(\"arn:...\")`), which Terraform cannot
 * parse back out of the string; spliced in afterwards they stay plain quotes inside `${...}`.
 */
function withExpressions(json: string, expressions: readonly string[]): string {
  return json.replace(new RegExp(`"${EXPRESSION}(\\d+)"`, 'g'), (_, index: string) => `"${expressions[Number(index)]}"`);
}
