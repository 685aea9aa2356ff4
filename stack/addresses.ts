import { TerraformStack, type TerraformDataSource, type TerraformResource } from './cdktf';

/**
 * Terraform addresses are part of a deployment: they key the state, operators type them
 * (`terraform state show`, plan reviews), and a changed address plans a destroy and a create.
 * cdktf's default logical id is the construct path plus a hash (`link-policy_user-pool_FDCDDA72`),
 * which changes whenever the construct tree does. Every resource of the stack gets a fixed, readable
 * name instead (`aws_cognito_user_pool.pool`), so addresses stay put however the code is organised.
 * The names are unique per stack, like the variables and outputs: one LinkPolicyUserPool per stack.
 */
export function readableAddress(element: TerraformResource | TerraformDataSource, name: string): void {
  if (!TERRAFORM_NAME.test(name)) throw new Error(`${name} is not a valid Terraform resource name`);
  element.overrideLogicalId(name);
}

/**
 * readableAddress for a resource that stacks applied before readable addresses (commit fae95b5 and
 * earlier) hold at cdktf's hashed address: a `moved` block carries its state over, so upgrading
 * plans no destroy. The old address is computed by cdktf's own naming rule for this construct's
 * path, so it is right for any app that embeds the construct, as long as the construct tree of those
 * resources stays as it was then (a test pins the example stack's old addresses).
 */
export function readableAddressMovedFromHashed(resource: TerraformResource, name: string): void {
  const hashed = TerraformStack.of(resource).getLogicalId(resource);
  readableAddress(resource, name);
  if (hashed !== name) resource.moveFromId(`${resource.terraformResourceType}.${hashed}`);
}

const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A Terraform name for a free-form value (an identity provider or a secret id): lower-cased, every
 * character outside [a-z0-9_-] replaced by `_`, prefixed when it does not start with a letter.
 * Not injective: callers check that their names stay distinct.
 */
export function terraformName(value: string, prefixIfNeeded: string): string {
  const name = value.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return /^[a-z]/.test(name) ? name : `${prefixIfNeeded}_${name}`;
}
