import { Construct } from 'constructs';
import { TerraformOutput, type CognitoUserPool, type CognitoUserPoolClient, type LambdaFunction } from './cdktf';

export interface StackOutputsProps {
  readonly pool: CognitoUserPool;
  readonly clients: ReadonlyMap<string, CognitoUserPoolClient>;
  readonly trigger: LambdaFunction;
  /** Terraform expression of the managed-login host name (null without a domain). */
  readonly managedLoginDomain: string;
}

/** Outputs under fixed names, for `terraform output` and for a calling module. */
export class StackOutputs extends Construct {
  constructor(scope: Construct, id: string, props: StackOutputsProps) {
    super(scope, id);
    this.output('user_pool_id', props.pool.id, 'Cognito user pool id.');
    this.output('user_pool_arn', props.pool.arn, 'Cognito user pool ARN.');
    for (const [name, client] of props.clients) {
      this.output(`${name}_client_id`, client.id, `App client id of ${name}.`);
    }
    this.output('trigger_function_arn', props.trigger.arn, 'ARN of the link-policy trigger function.');
    this.output('trigger_function_name', props.trigger.functionName, 'Name of the link-policy trigger function.');
    this.output(
      'managed_login_domain',
      props.managedLoginDomain,
      'Host name of the managed-login domain; null when domain_prefix is empty.',
    );
  }

  private output(name: string, value: string, description: string): void {
    new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
  }
}
