import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from './cdktf';
import { LinkPolicyStack, type StackBackend, type StackMode } from './link-policy-stack';
import type { LinkPolicyUserPoolInfo } from './link-policy-user-pool';
import { moduleReadme } from './module-readme';
import { summarizeStack, type StackSummary } from './synth-summary';

export interface SynthAppOptions {
  readonly policiesDir: string;
  readonly outdir: string;
  readonly mode: StackMode;
  /** Identity providers whose prevent_destroy is lifted (LinkPolicyUserPoolProps.destroyableIdentityProviders). */
  readonly destroyableIdentityProviders?: readonly string[];
  /** LinkPolicyUserPoolProps.aws6Features. */
  readonly aws6Features?: boolean;
  /** LinkPolicyUserPoolProps.allowDestroy. */
  readonly allowDestroy?: boolean;
  /** LinkPolicyStackProps.backend (root mode). */
  readonly backend?: StackBackend;
}

export interface SynthReport {
  readonly stackName: string;
  /** The synthesized stack directory: `terraform -chdir=<it>` or a module `source`. */
  readonly stackDir: string;
  readonly info: LinkPolicyUserPoolInfo;
  readonly summary: StackSummary;
  /** Size of the zipped trigger the function deploys. */
  readonly archiveBytes: number;
  /** The version constraints the output states. */
  readonly terraform: {
    readonly requiredVersion: string;
    readonly awsProvider: string;
    readonly aws6Features: boolean;
    /** Where the root output keeps its state, in words. */
    readonly state: string;
  };
}

/** Stack names by mode; module mode gets its own directory so both can sit side by side. */
export const STACK_NAMES: Readonly<Record<StackMode, string>> = {
  root: 'cognito-link-policy',
  module: 'cognito-link-policy-module',
};

/**
 * Synthesizes the stack for a policies directory, offline: `skipValidation` skips the checks
 * that would call a terraform binary. Then reads the result back for the report.
 */
export function synthApp(options: SynthAppOptions): SynthReport {
  const app = new App({ outdir: options.outdir, skipValidation: true });
  const stackName = STACK_NAMES[options.mode];
  const stack = new LinkPolicyStack(app, stackName, {
    policiesDir: options.policiesDir,
    mode: options.mode,
    destroyableIdentityProviders: options.destroyableIdentityProviders ?? [],
    aws6Features: options.aws6Features ?? false,
    allowDestroy: options.allowDestroy ?? false,
    backend: options.backend ?? 'local',
  });
  app.synth();

  const stackDir = join(app.outdir, 'stacks', stackName);
  const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  if (options.mode === 'module') writeFileSync(join(stackDir, 'README.md'), moduleReadme(synthesized, `./${stackName}`));
  return {
    stackName,
    stackDir,
    info: stack.linkPolicy.info,
    summary: summarizeStack(synthesized),
    archiveBytes: statSync(join(stackDir, stack.linkPolicy.trigger.asset.path)).size,
    terraform: {
      requiredVersion: synthesized.terraform.required_version,
      awsProvider: synthesized.terraform.required_providers.aws.version,
      aws6Features: options.aws6Features ?? false,
      state: synthesized.terraform.backend?.s3
        ? 'S3 backend, partial: terraform init -backend-config=<file> (docs/stack.md, "State")'
        : synthesized.terraform.backend?.local
          ? `local file ${resolve(stackDir, synthesized.terraform.backend.local.path)} (gitignored; use --backend s3 for shared state)`
          : 'none (module)',
    },
  };
}
