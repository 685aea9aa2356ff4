import { Construct } from 'constructs';
import { DEFAULT_DEADLINE_MS } from '../lambda/runtime/deadline';
import { TRIGGER_WAIT_MS } from '../policy/cognito-limits';
import { readableAddressMovedFromHashed } from './addresses';
import { AssetType, CloudwatchLogGroup, IamRole, LambdaFunction, TerraformAsset } from './cdktf';

/** The Lambda runtime of the trigger; `npm run test:node22`, .nvmrc and engines follow its major. */
export const TRIGGER_RUNTIME = 'nodejs22.x';

/** Runtime settings of the trigger function. */
export interface TriggerFunctionOptions {
  /**
   * Memory in MB. Default 1024: Lambda allocates CPU in proportion to memory, and a cold start
   * (loading the bundle and the compiled policies) must stay far inside Cognito's 5-second limit.
   */
  readonly memoryMb?: number;
  /**
   * Function timeout in seconds. Default 5: Cognito stops waiting for a trigger after 5 s
   * whatever the function's timeout, so a longer one only burns time on an abandoned request.
   */
  readonly timeoutSeconds?: number;
  /**
   * arm64 (default) or x86_64. The bundle is plain JavaScript with no native modules, so it runs
   * unchanged on either; arm64 (Graviton) costs about 20% less per GB-second.
   */
  readonly architecture?: 'arm64' | 'x86_64';
  /**
   * The trigger's own deadline in milliseconds (LINK_POLICY_DEADLINE_MS). Default: the trigger's
   * DEFAULT_DEADLINE_MS (3500): it must finish its Cognito calls and answer before Cognito's 5 s
   * limit, leaving room for a cold start.
   */
  readonly deadlineMs?: number;
}

export interface TriggerFunctionProps extends TriggerFunctionOptions {
  /** Function name; also names the role and the log group. */
  readonly functionName: string;
  /** Absolute path of the built Lambda directory (index.js exporting `handler`). */
  readonly artifactDir: string;
  readonly logRetentionDays: number;
  /**
   * Names (expressions) of the parameters the function reads once per container: the stack's
   * client-kinds map and the operator's SecureString log hash key. Names only: the key's value is in
   * neither the environment nor Terraform state.
   */
  readonly parameters: { readonly clientKinds: string; readonly logHashKey: string };
  readonly tags: Record<string, string>;
}

/**
 * The generic trigger: its code asset, log group, execution role and function. Nothing here
 * refers to the user pool: the pool refers to the function, and the function reads the pool id
 * from each event, so there is no pool -> function -> pool cycle.
 */
export class TriggerFunction extends Construct {
  readonly asset: TerraformAsset;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: TriggerFunctionProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? TRIGGER_WAIT_MS / 1000;
    // The trigger's own default (lambda/runtime/deadline.ts), so the stack and the code agree.
    const deadlineMs = props.deadlineMs ?? DEFAULT_DEADLINE_MS;
    if (deadlineMs <= 0 || deadlineMs >= Math.min(timeoutSeconds * 1000, TRIGGER_WAIT_MS)) {
      throw new Error(
        `deadlineMs ${deadlineMs} must be positive and below both the function timeout and Cognito's ${TRIGGER_WAIT_MS / 1000} s limit`,
      );
    }
    this.asset = new TerraformAsset(this, 'code', { path: props.artifactDir, type: AssetType.ARCHIVE });

    // Created before the function (which names it in logging_config), so Lambda never creates
    // an unmanaged group without retention.
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays,
      // A replaced or destroyed log group (a name_prefix change renames it) is left in place with
      // its retention instead of deleted: the trigger's decision log outlives the function.
      skipDestroy: true,
      tags: props.tags,
    });
    readableAddressMovedFromHashed(this.logGroup, 'trigger');

    this.role = new IamRole(this, 'role', {
      name: props.functionName,
      description: 'Execution role of the cognito-link-policy trigger.',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: props.tags,
    });
    readableAddressMovedFromHashed(this.role, 'trigger');

    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: 'cognito-link-policy: federated account linking and SSO enforcement (pre sign-up, pre authentication).',
      role: this.role.arn,
      runtime: TRIGGER_RUNTIME,
      handler: 'index.handler',
      architectures: [props.architecture ?? 'arm64'],
      memorySize: props.memoryMb ?? 1024,
      timeout: timeoutSeconds,
      // path.module keeps the path valid when the synthesized directory is used as a module; in
      // a root module it is ".".
      filename: `\${path.module}/${this.asset.path}`,
      // The asset hash covers the bundle and the compiled policies inside it, so a policy edit
      // changes it and `terraform apply` ships the new code. Provider >= 5.x treats
      // source_code_hash as a change trigger only (hashicorp/terraform-provider-aws#37669).
      sourceCodeHash: this.asset.assetHash,
      environment: {
        variables: {
          LINK_POLICY_DEADLINE_MS: String(deadlineMs),
          LINK_POLICY_CLIENTS_PARAMETER: props.parameters.clientKinds,
          LINK_POLICY_LOG_HASH_KEY_PARAMETER: props.parameters.logHashKey,
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      tags: props.tags,
    });
    readableAddressMovedFromHashed(this.function, 'trigger');
  }
}
