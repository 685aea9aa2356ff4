// `npm run synth [-- --module] [--policies DIR] [--outdir DIR]`: the cdktf app. Builds the stack
// from the policies offline (no AWS credentials, no terraform) and prints what it produced.
import { isAbsolute, join, relative } from 'node:path';
import { packageRoot } from './policy/package-root';
import { synthApp, type SynthReport } from './stack/synth-app';

const USAGE = `usage: npm run synth -- [--module] [--policies DIR] [--outdir DIR] [--backend local|s3] [--aws6-features] [--allow-idp-destroy NAME]... [--allow-destroy]
  --module                  synthesize a plain Terraform module (no provider block, no backend)
  --backend local|s3        root output's state: local (default, a file next to the output directory) or
                            s3 (partial backend block: terraform init -backend-config=FILE, docs/stack.md)
  --aws6-features           use what only hashicorp/aws 6.x has (docs/stack.md, "Provider versions");
                            without it the output works with hashicorp/aws 5.100 and every 6.x
  --policies DIR            policies directory (default: policies/)
  --outdir DIR              output directory (default: $CDKTF_OUTDIR, else cdktf.out/)
  --allow-idp-destroy NAME  lift prevent_destroy from identity provider NAME, for a deliberate
                            replacement (docs/stack.md, "Removing or replacing an identity provider")
  --allow-destroy           lift every protection so terraform destroy works: sandboxes only
`;

export function main(argv: string[]): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(options === 'help' ? USAGE : `${options}\n\n${USAGE}`);
    return options === 'help' ? 0 : 2;
  }
  let report: SynthReport;
  try {
    report = synthApp(options);
  } catch (error) {
    process.stderr.write(`synth failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(formatReport(report, options.mode === 'module'));
  if (report.summary.cycle) {
    process.stderr.write(`synth failed: dependency cycle ${report.summary.cycle.join(' -> ')}\n`);
    return 1;
  }
  return 0;
}

interface Options {
  policiesDir: string;
  outdir: string;
  mode: 'root' | 'module';
  destroyableIdentityProviders: string[];
  aws6Features: boolean;
  allowDestroy: boolean;
  backend: 'local' | 's3';
}

function parseArgs(argv: readonly string[]): Options | string {
  const root = packageRoot();
  const options: Options = {
    policiesDir: join(root, 'policies'),
    outdir: process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out'),
    mode: 'root',
    destroyableIdentityProviders: [],
    aws6Features: false,
    allowDestroy: false,
    backend: 'local',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--module') options.mode = 'module';
    else if (arg === '--aws6-features') options.aws6Features = true;
    else if (arg === '--allow-destroy') options.allowDestroy = true;
    else if (arg === '--backend') {
      const value = argv[++i];
      if (value !== 'local' && value !== 's3') return '--backend needs local or s3';
      options.backend = value;
    }
    else if (arg === '--policies' || arg === '--outdir' || arg === '--allow-idp-destroy') {
      const value = argv[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === '--policies') options.policiesDir = value;
      else if (arg === '--outdir') options.outdir = value;
      else options.destroyableIdentityProviders.push(value);
    } else return `unknown argument: ${arg}`;
  }
  return options;
}

function formatReport(report: SynthReport, module: boolean): string {
  const { info, summary } = report;
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');
  const shown = relative(process.cwd(), report.stackDir);
  const dir = shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? report.stackDir : shown;
  const resourceTotal = summary.resources.reduce((sum, [, count]) => sum + count, 0);
  const lines = [
    `Synthesized ${report.stackName} (${module ? 'Terraform module' : 'root module'})`,
    `  tenants (${info.tenants.length}): ${list(info.tenants)}`,
    `  identity providers created (${info.createdProviders.length}): ${list(info.createdProviders)}`,
    `  identity providers managed elsewhere: ${list(info.externalProviders)}`,
    `  app clients (${info.appClients.length}): ${list(info.appClients)}`,
    `  resources (${resourceTotal}):`,
    ...summary.resources.map(([type, count]) => `    ${type.padEnd(40)} ${count}`),
    `  data sources: ${list(summary.dataSources.map(([type, count]) => `${type} x${count}`))}`,
    `  variables (${summary.variables.length}): ${list(summary.variables)}`,
    `    sensitive: ${list(summary.sensitiveVariables)}`,
    `  outputs (${summary.outputs.length}): ${list(summary.outputs)}`,
    `  trigger artifact: ${kb(info.artifact.bytes)} bundle, ${kb(report.archiveBytes)} zipped (sha256 ${info.artifact.sha256.slice(0, 12)}…)`,
    `  dependency cycles: ${summary.cycle ? summary.cycle.join(' -> ') : 'none'}`,
    `  terraform ${report.terraform.requiredVersion}, hashicorp/aws ${report.terraform.awsProvider}${report.terraform.aws6Features ? ' (aws6 features on)' : ''}`,
    module ? `  module README: ${join(dir, 'README.md')} (inputs and outputs)` : `  state: ${report.terraform.state}`,
    `  output directory: ${dir}`,
    ...info.warnings.map((warning) => `warning: ${warning}`),
    module
      ? `Use it as a module: module "link_policy" { source = "${moduleSource(dir)}" ... } with your own aws provider.`
      : `Next: terraform -chdir=${dir} init && terraform -chdir=${dir} plan -var-file=$PWD/<env>.tfvars`,
    '',
  ];
  return lines.join('\n');
}

/** A relative module source must start with ./ (Terraform treats anything else as a registry address); an absolute path is used as it is. */
function moduleSource(dir: string): string {
  return isAbsolute(dir) ? dir : `./${dir}`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
