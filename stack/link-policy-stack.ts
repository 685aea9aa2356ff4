import type { Construct } from 'constructs';
import { AwsProvider, LocalBackend, TerraformStack, TerraformVariable } from './cdktf';
import { LinkPolicyUserPool, type LinkPolicyUserPoolProps } from './link-policy-user-pool';

/**
 * root: a complete root module (AWS provider with a `region` variable, a local backend whose state
 * file sits next to the output directory, not in it). module: a plain Terraform module for a caller's configuration: no provider block, no
 * backend, a loose provider version constraint (the caller passes its own provider).
 */
export type StackMode = 'root' | 'module';

export interface LinkPolicyStackProps extends LinkPolicyUserPoolProps {
  /** Default root. */
  readonly mode?: StackMode;
}

/** Module mode accepts any 6.x provider from the version the bindings target. */
export const MODULE_PROVIDER_CONSTRAINT = '~> 6.25';

/** A Terraform stack holding one LinkPolicyUserPool. */
export class LinkPolicyStack extends TerraformStack {
  readonly mode: StackMode;
  readonly linkPolicy: LinkPolicyUserPool;

  constructor(scope: Construct, id: string, props: LinkPolicyStackProps) {
    super(scope, id);
    this.mode = props.mode ?? 'root';
    if (this.mode === 'module') {
      // cdktf needs a provider to attribute the resources to; toTerraform() removes its block.
      new AwsProvider(this, 'aws', {});
    } else {
      const region = new TerraformVariable(this, 'region', {
        type: 'string',
        description: 'AWS region of the user pool and the trigger (e.g. eu-west-1).',
        validation: [
          {
            condition: '${can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))}',
            errorMessage: 'region must be an AWS region name such as eu-west-1.',
          },
        ],
      });
      region.overrideLogicalId('region');
      new AwsProvider(this, 'aws', { region: region.stringValue });
      // cdktf's default state path is absolute (the synth's working directory baked in). This one
      // names, from the stack directory <outdir>/stacks/<name>, the directory holding the output
      // directory (the repository root for cdktf.out/): portable, and outside the regenerated
      // output, so deleting cdktf.out never loses the state.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    }
    this.linkPolicy = new LinkPolicyUserPool(this, 'link-policy', props);
  }

  override toTerraform(): any {
    const tf = super.toTerraform();
    if (this.mode === 'root') return tf;
    delete tf.provider;
    delete tf.terraform?.backend;
    const aws = tf.terraform?.required_providers?.aws;
    if (aws) aws.version = MODULE_PROVIDER_CONSTRAINT;
    return tf;
  }
}
