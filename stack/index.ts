// Public API of the stack: the construct other cdktf apps import, its stack wrapper, and the
// synthesized-output helpers main.ts and the tests use.
export { LinkPolicyUserPool, type LinkPolicyUserPoolInfo, type LinkPolicyUserPoolProps } from './link-policy-user-pool';
export { LinkPolicyStack, type LinkPolicyStackProps, type StackBackend, type StackMode } from './link-policy-stack';
export {
  AWS6_ONLY_FEATURES,
  AWS6_PROVIDER_FLOOR,
  AWS_PROVIDER_FLOOR,
  awsProviderConstraint,
  TERRAFORM_REQUIRED_VERSION,
} from './provider-compat';
export type { PolicySourceProps } from './policy-source';
export type { MfaOptions, PasswordPolicyOptions, UserPoolOptions } from './user-pool';
export type { TriggerFunctionOptions } from './trigger-function';
export { TRIGGER_COGNITO_ACTIONS } from './trigger-access';
export { findCycle, referenceGraph, type ReferenceGraph, type SynthesizedStack } from './reference-graph';
export { summarizeStack, type StackSummary } from './synth-summary';
