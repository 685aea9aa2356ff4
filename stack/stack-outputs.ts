import { Construct } from 'constructs';
import { TerraformOutput, type CognitoIdentityProvider, type CognitoUserPool, type CognitoUserPoolClient } from './cdktf';
import type { TriggerFunction } from './trigger-function';

export interface StackOutputsProps {
  readonly pool: CognitoUserPool;
  readonly clients: ReadonlyMap<string, CognitoUserPoolClient>;
  readonly trigger: TriggerFunction;
  /** Identity providers the stack creates, by exact-case name. */
  readonly identityProviders: ReadonlyMap<string, CognitoIdentityProvider>;
  /** Terraform expression of the managed-login host name (null without a domain). */
  readonly managedLoginDomain: string;
}

/** Outputs under fixed names, for `terraform output` and for a calling module. */
export class StackOutputs extends Construct {
  constructor(scope: Construct, id: string, props: StackOutputsProps) {
    super(scope, id);
    this.output('user_pool_id', props.pool.id, 'Cognito user pool id.');
    this.output('user_pool_arn', props.pool.arn, 'Cognito user pool ARN.');
    // The `iss` of the pool's tokens and the base of its OIDC discovery document (endpoint is
    // cognito-idp.<region>.amazonaws.com/<pool id> in 5.x and 6.x).
    this.output('issuer_url', `https://\${${props.pool.fqn}.endpoint}`, "Issuer URL of the pool's tokens (OIDC discovery at <issuer>/.well-known/openid-configuration).");
    const clientIds: Record<string, string> = {};
    for (const [name, client] of props.clients) {
      clientIds[name] = client.id;
      this.output(`${name}_client_id`, client.id, `App client id of ${name}.`);
    }
    this.output('client_ids', clientIds, 'App client ids by client name (_pool.yaml app_clients).');
    // Referenced, not literal, so the list exists only once the providers do (identity_provider= links).
    this.output(
      'identity_providers',
      [...props.identityProviders.values()].map((idp) => idp.providerName),
      'Names of the identity providers the stack creates, exact case (for identity_provider= in sign-in links).',
    );
    this.output('trigger_function_arn', props.trigger.function.arn, 'ARN of the link-policy trigger function.');
    this.output('trigger_function_name', props.trigger.function.functionName, 'Name of the link-policy trigger function.');
    this.output('trigger_role_arn', props.trigger.role.arn, "ARN of the trigger's execution role.");
    this.output('trigger_log_group_name', props.trigger.logGroup.name, "CloudWatch log group of the trigger's (pseudonymised) decision logs.");
    this.output(
      'managed_login_domain',
      props.managedLoginDomain,
      'Host name of the managed-login domain; null when domain_prefix is empty.',
    );
  }

  private output(name: string, value: string | string[] | Record<string, string>, description: string): void {
    new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
  }
}
