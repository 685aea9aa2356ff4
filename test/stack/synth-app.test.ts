// The full synth that `npm run synth` runs, written to disk: the root module and the plain
// Terraform module, and what differs between them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import { awsProviderConstraint, TERRAFORM_REQUIRED_VERSION } from '../../stack';
import { STACK_NAMES, synthApp, type SynthReport } from '../../stack/synth-app';
import { EXAMPLE_POLICIES, temporaryDir } from './synth-helpers';

let root: SynthReport;
let moduleMode: SynthReport;
let rootJson: any;
let moduleJson: any;

beforeAll(() => {
  const outdir = temporaryDir('link-policy-synth');
  root = synthApp({ policiesDir: EXAMPLE_POLICIES, outdir, mode: 'root' });
  moduleMode = synthApp({ policiesDir: EXAMPLE_POLICIES, outdir, mode: 'module' });
  rootJson = JSON.parse(readFileSync(join(root.stackDir, 'cdk.tf.json'), 'utf8'));
  moduleJson = JSON.parse(readFileSync(join(moduleMode.stackDir, 'cdk.tf.json'), 'utf8'));
});

describe('root module', () => {
  it('configures the AWS provider from variables: region, an account allow-list, the tags as default_tags', () => {
    expect(root.stackDir).toMatch(new RegExp(`stacks/${STACK_NAMES.root}$`));
    expect(rootJson.provider.aws).toEqual([
      {
        region: '${var.region}',
        allowed_account_ids: '${length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : null}',
        default_tags: [{ tags: '${var.tags}' }],
      },
    ]);
    expect(rootJson.variable.region).toMatchObject({ type: 'string' });
    expect(rootJson.variable.allowed_account_ids).toMatchObject({ type: 'list(string)', default: [] });
    expect(rootJson.terraform.backend).toHaveProperty('local');
  });

  it('states the terraform version and a hashicorp/aws range covering 5.100 and 6.x (aws6 features off)', () => {
    expect(rootJson.terraform.required_version).toBe(TERRAFORM_REQUIRED_VERSION);
    expect(rootJson.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100.0, < 7.0.0' });
    expect(root.terraform).toMatchObject({ requiredVersion: TERRAFORM_REQUIRED_VERSION, awsProvider: '>= 5.100.0, < 7.0.0', aws6Features: false });
    expect(root.terraform.state).toBe(
      `local file ${join(root.stackDir, '..', '..', '..', `terraform.${STACK_NAMES.root}.tfstate`)} (gitignored; use --backend s3 for shared state)`,
    );
  });

  it('writes the zipped trigger where the function filename points', () => {
    const filename: string = Object.values<any>(rootJson.resource.aws_lambda_function)[0].filename;
    expect(filename).toMatch(/^\$\{path\.module\}\/assets\/.+\/archive\.zip$/);
    const archive = join(root.stackDir, filename.replace('${path.module}/', ''));
    expect(existsSync(archive)).toBe(true);
    expect(readFileSync(archive).subarray(0, 2).toString()).toBe('PK');
    expect(root.archiveBytes).toBeGreaterThan(0);
  });

  it('reports what it produced and finds no cycle', () => {
    expect(root.info.tenants).toEqual(['acme-corp', 'globex', 'lumen']);
    expect(root.info.createdProviders).toEqual(['AcmeEntraID', 'GlobexOkta', 'Google']);
    expect(root.summary.cycle).toBeUndefined();
    expect(Object.fromEntries(root.summary.resources)).toEqual({
      aws_cloudwatch_log_group: 1,
      aws_cognito_identity_provider: 3,
      aws_cognito_user_pool: 1,
      aws_cognito_user_pool_client: 2,
      aws_cognito_user_pool_domain: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_lambda_function: 1,
      aws_lambda_permission: 1,
      aws_ssm_parameter: 1,
    });
    expect(root.summary.sensitiveVariables).toEqual(['globex_okta_client_secret', 'google_client_secret']);
  });
});

describe('module mode', () => {
  it('leaves the provider and the backend to the caller, with the same version constraints', () => {
    expect(moduleMode.stackDir).toMatch(new RegExp(`stacks/${STACK_NAMES.module}$`));
    expect(moduleJson).not.toHaveProperty('provider');
    expect(moduleJson.terraform).toEqual({
      required_version: TERRAFORM_REQUIRED_VERSION,
      required_providers: { aws: { source: 'hashicorp/aws', version: awsProviderConstraint(false) } },
    });
    expect(moduleJson.variable).not.toHaveProperty('region');
    expect(moduleJson.variable).not.toHaveProperty('allowed_account_ids');
  });

  it('differs from the root module only in those blocks', () => {
    const strip = (json: any) => {
      const { provider: _provider, terraform: _terraform, variable, ...rest } = json;
      const { region: _region, allowed_account_ids: _accounts, ...variables } = variable;
      return JSON.stringify({ ...rest, variable: variables }).replaceAll(STACK_NAMES.module, STACK_NAMES.root);
    };
    expect(strip(moduleJson)).toBe(strip(rootJson));
  });

  it('writes a README with every input and output', () => {
    const readme = readFileSync(join(moduleMode.stackDir, 'README.md'), 'utf8');
    for (const name of [...Object.keys(moduleJson.variable), ...Object.keys(moduleJson.output)]) expect(readme).toContain(`| \`${name}\` |`);
    expect(readme).toContain('| `log_hash_key_parameter` | `string` |');
    expect(readme).toContain('| `domain_prefix` | `string` | `""` |');
  });

  it('keeps the asset path relative to the module', () => {
    const filename: string = Object.values<any>(moduleJson.resource.aws_lambda_function)[0].filename;
    expect(filename.startsWith('${path.module}/assets/')).toBe(true);
    expect(existsSync(join(moduleMode.stackDir, filename.replace('${path.module}/', '')))).toBe(true);
  });
});

describe('npm run synth', () => {
  it('runs offline from main.ts and prints the summary', () => {
    const outdir = temporaryDir('link-policy-main');
    const stdout = execFileSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts', '--outdir', outdir], {
      cwd: packageRoot(),
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    });
    expect(stdout).toContain(`Synthesized ${STACK_NAMES.root} (root module)`);
    expect(stdout).toContain('tenants (3): acme-corp, globex, lumen');
    expect(stdout).toContain('identity providers created (3): AcmeEntraID, GlobexOkta, Google');
    expect(stdout).toMatch(/aws_cognito_identity_provider\s+3/);
    expect(stdout).toContain('dependency cycles: none');
    expect(stdout).toContain(`terraform ${TERRAFORM_REQUIRED_VERSION}, hashicorp/aws >= 5.100.0, < 7.0.0\n`);
    expect(stdout).toMatch(/trigger artifact: [\d.]+ KB bundle, [\d.]+ KB zipped/);
    expect(existsSync(join(outdir, 'stacks', STACK_NAMES.root, 'cdk.tf.json'))).toBe(true);
  });

  it('--module with an absolute --outdir prints that path as the module source; --allow-idp-destroy lifts prevent_destroy from one IdP, with a warning', () => {
    const outdir = temporaryDir('link-policy-main-module');
    const stdout = execFileSync(
      process.execPath,
      ['scripts/run-ts.cjs', 'main.ts', '--module', '--outdir', outdir, '--allow-idp-destroy', 'GlobexOkta'],
      { cwd: packageRoot(), encoding: 'utf8' },
    );
    const stackDir = join(outdir, 'stacks', STACK_NAMES.module);
    expect(stdout).toContain(`module "link_policy" { source = "${stackDir}" ... }`);
    expect(stdout).not.toContain('source = ".//');
    expect(stdout).toContain('warning: prevent_destroy lifted for identity provider(s) GlobexOkta');
    const idps = Object.values<any>(JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')).resource.aws_cognito_identity_provider);
    expect(Object.fromEntries(idps.map((idp) => [idp.provider_name, idp.lifecycle.prevent_destroy]))).toEqual({
      AcmeEntraID: true,
      GlobexOkta: false,
      Google: true,
    });
  });

  it('--aws6-features adds what only hashicorp/aws 6.x has, and raises the provider floor to match', () => {
    const outdir = temporaryDir('link-policy-main-aws6');
    const stdout = execFileSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts', '--aws6-features', '--outdir', outdir], {
      cwd: packageRoot(),
      encoding: 'utf8',
    });
    expect(stdout).toContain('hashicorp/aws >= 6.25.0, < 7.0.0 (aws6 features on)');
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', STACK_NAMES.root, 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.required_providers.aws.version).toBe(awsProviderConstraint(true));
    expect(Object.keys(json.resource.aws_cognito_managed_login_branding).sort()).toEqual(['password', 'web']);
    expect(json.resource.aws_cognito_user_pool_domain.managed_login.managed_login_version).toBe(2);
  });

  it('--backend s3 writes a partial S3 backend (init -backend-config supplies it); --allow-destroy lifts every protection, with a warning', () => {
    const outdir = temporaryDir('link-policy-main-s3');
    const stdout = execFileSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts', '--backend', 's3', '--allow-destroy', '--outdir', outdir], {
      cwd: packageRoot(),
      encoding: 'utf8',
    });
    expect(stdout).toContain('state: S3 backend, partial: terraform init -backend-config=<file>');
    expect(stdout).toContain('warning: every protection lifted (--allow-destroy)');
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', STACK_NAMES.root, 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.backend).toEqual({ s3: {} });
    expect(json.resource.aws_cognito_user_pool.pool).toMatchObject({ deletion_protection: 'INACTIVE', lifecycle: { prevent_destroy: false } });
    expect(Object.values<any>(json.resource.aws_cognito_identity_provider).map((idp) => idp.lifecycle.prevent_destroy)).toEqual([false, false, false]);
  });

  it('fails with a usage message on an unknown argument', () => {
    const run = spawnSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts', '--bogus'], {
      cwd: packageRoot(),
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown argument: --bogus');
  });
});
