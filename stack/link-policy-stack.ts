import type { Construct } from 'constructs';
import { AwsProvider, LocalBackend, TerraformStack, TerraformVariable, Token } from './cdktf';
import { LinkPolicyUserPool, type LinkPolicyUserPoolProps } from './link-policy-user-pool';
import { awsProviderConstraint, TERRAFORM_REQUIRED_VERSION } from './provider-compat';

/**
 * root: a complete root module (AWS provider with `region`, `allowed_account_ids` and the `tags`
 * as default_tags; a local backend whose state file sits next to the output directory, not in it).
 * module: a plain Terraform module for a caller's configuration: no provider block, no backend
 * (the caller passes its own provider). Both state `required_version` and the same provider range.
 */
export type StackMode = 'root' | 'module';

/**
 * Where a root output keeps its state. local (default): a file next to the output directory, for a
 * sandbox or one operator. s3: a partial `backend "s3" {}` block; `terraform init
 * -backend-config=<file>` supplies bucket, key, region and locking (examples/production/prod.s3.tfbackend).
 */
export type StackBackend = 'local' | 's3';

export interface LinkPolicyStackProps extends LinkPolicyUserPoolProps {
  /** Default root. */
  readonly mode?: StackMode;
  /** Root mode only. Default local. */
  readonly backend?: StackBackend;
}

/** A Terraform stack holding one LinkPolicyUserPool. */
export class LinkPolicyStack extends TerraformStack {
  readonly mode: StackMode;
  readonly linkPolicy: LinkPolicyUserPool;
  private readonly aws6Features: boolean;
  private readonly backend: StackBackend;

  constructor(scope: Construct, id: string, props: LinkPolicyStackProps) {
    super(scope, id);
    this.mode = props.mode ?? 'root';
    this.aws6Features = props.aws6Features ?? false;
    this.backend = props.backend ?? 'local';
    this.linkPolicy = new LinkPolicyUserPool(this, 'link-policy', props);
    if (this.mode === 'module') {
      // cdktf needs a provider to attribute the resources to; toTerraform() removes its block.
      new AwsProvider(this, 'aws', {});
      return;
    }
    const region = this.variable('region', {
      type: 'string',
      description: 'AWS region of the user pool and the trigger (e.g. eu-west-1).',
      validation: [
        {
          condition: '${can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))}',
          errorMessage: 'region must be an AWS region name such as eu-west-1.',
        },
      ],
    });
    const accounts = this.variable('allowed_account_ids', {
      type: 'list(string)',
      default: [],
      description: 'AWS account ids this configuration may be applied to; the provider refuses any other account. [] allows any.',
      validation: [
        {
          condition: '${alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])}',
          errorMessage: 'allowed_account_ids: 12-digit AWS account ids.',
        },
      ],
    });
    new AwsProvider(this, 'aws', {
      region: region.stringValue,
      allowedAccountIds: Token.asList(`\${length(${accounts.fqn}) > 0 ? ${accounts.fqn} : null}`),
      // Tags every taggable resource, including any the construct does not tag itself. The
      // resources' own identical `tags` (needed in module mode) are fine: provider >= 5.0 merges
      // duplicate keys with equal values (hashicorp/terraform-provider-aws#30793).
      defaultTags: [{ tags: this.linkPolicy.variables.tags }],
    });
    // cdktf's default state path is absolute (the synth's working directory baked in). This one
    // names, from the stack directory <outdir>/stacks/<name>, the directory holding the output
    // directory (the repository root for cdktf.out/): portable, and outside the regenerated
    // output, so deleting cdktf.out never loses the state.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
  }

  override toTerraform(): any {
    const tf = super.toTerraform();
    tf.terraform = { ...tf.terraform, required_version: TERRAFORM_REQUIRED_VERSION };
    const aws = tf.terraform.required_providers?.aws;
    if (aws) {
      // Explicit source (cdktf writes the legacy short form "aws"); a range, not the bindings' exact version.
      aws.source = 'hashicorp/aws';
      aws.version = awsProviderConstraint(this.aws6Features);
    }
    if (this.mode === 'root') {
      if (this.backend === 's3') tf.terraform.backend = { s3: {} };
      return tf;
    }
    delete tf.provider;
    delete tf.terraform.backend;
    return tf;
  }

  private variable(name: string, config: ConstructorParameters<typeof TerraformVariable>[2]): TerraformVariable {
    const variable = new TerraformVariable(this, name, config);
    variable.overrideLogicalId(name);
    return variable;
  }
}
