// Which Terraform and hashicorp/aws versions the generated configuration works with. The default
// configuration works with hashicorp/aws 5.100 (the version `npm test` runs `terraform validate`
// and `terraform test` against, from the machine's provider mirror) and with every 6.x (the cdktf
// bindings are generated from 6.25, so every attribute used type-checks against 6.25). What only
// 6.x has sits behind `aws6Features` and is listed in AWS6_ONLY_FEATURES (and docs/stack.md).

/** Oldest hashicorp/aws the default configuration is checked against. */
export const AWS_PROVIDER_FLOOR = '5.100.0';
/** Oldest hashicorp/aws with `aws6Features`: the version the cdktf bindings describe. */
export const AWS6_PROVIDER_FLOOR = '6.25.0';

/** The `required_providers` constraint of the root and module output; the lock file pins the exact version. */
export function awsProviderConstraint(aws6Features: boolean): string {
  return `>= ${aws6Features ? AWS6_PROVIDER_FLOOR : AWS_PROVIDER_FLOOR}, < 7.0.0`;
}

/**
 * `required_version` of the root and module output. The configuration uses moved blocks (1.1),
 * variable `nullable` (1.1) and lifecycle preconditions (1.2); 1.5 is stated as the floor because
 * it is the oldest release line still in common use (and the one OpenTofu forked from). Only
 * 1.11.4, the machine's terraform, is actually run by the tests.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0';

export interface Aws6OnlyFeature {
  readonly feature: string;
  /** Resource types that exist only in hashicorp/aws 6.x. */
  readonly resources: readonly string[];
  /** What the configuration does instead without `aws6Features`. */
  readonly without: string;
}

/** Everything `aws6Features` turns on. A test checks that docs/stack.md lists each one. */
export const AWS6_ONLY_FEATURES: readonly Aws6OnlyFeature[] = [
  {
    feature: 'managed login version 2 with a branding style per app client',
    resources: ['aws_cognito_managed_login_branding'],
    without: 'the managed-login domain serves the classic hosted UI (managed_login_version = 1), which needs no style',
  },
];
