// Real terraform on what `npm run synth` writes from the example policies: `init` from the provider
// mirror (offline), `validate` against the real hashicorp/aws schema, and `terraform test` with the
// provider mocked (plans, mocked applies, refused inputs; stack.tftest.hcl, root.tftest.hcl), on the
// root output and the module output. Each terraform run is a jest test of its own.
//
// Where terraform or the provider is missing, the tests are skipped with the reason in their name
// (the jest reporter test/support/skip-reasons-reporter.cjs prints it after the summary), never
// passed. With LINK_POLICY_REQUIRE_TERRAFORM=1 (set by .ci/run) a missing terraform fails instead.
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS6_PROVIDER_FLOOR, AWS_PROVIDER_FLOOR, TERRAFORM_REQUIRED_VERSION } from '../../stack';
import { synthApp } from '../../stack/synth-app';
import { packageRoot } from '../../policy/package-root';
import { EXAMPLE_POLICIES, temporaryDir } from '../stack/synth-helpers';
import {
  compareVersions,
  detectTerraform,
  formatDiagnostics,
  isWorkspaceArtifact,
  parseTestOutput,
  preventDestroyAddress,
  runNames,
  Workspace,
  type Diagnostic,
  type StepResult,
  type TerraformSetup,
  type TestReport,
} from './harness';

const read = (name: string) => readFileSync(join(__dirname, `${name}.tftest.hcl`), 'utf8');
const STACK_TESTS = read('stack');
/** Test file -> contents: the stack tests once per output, the root-only tests, the examples'. */
const TEST_FILES: Readonly<Record<string, string>> = {
  'stack-root': STACK_TESTS.replaceAll('source = "./stack"', 'source = "./root"'),
  'stack-module': STACK_TESTS.replaceAll('source = "./stack"', 'source = "./module"'),
  root: read('root'),
  sandbox: read('sandbox'),
  production: read('production'),
};
const EXAMPLES = join(packageRoot(), 'examples');

const detection = detectTerraform();

if (!detection.ok) {
  if (process.env['LINK_POLICY_REQUIRE_TERRAFORM'] === '1') {
    it('terraform and the AWS provider are available (LINK_POLICY_REQUIRE_TERRAFORM=1)', () => {
      throw new Error(detection.reason);
    });
  } else {
    it.skip(`terraform init/validate/test SKIPPED: ${detection.reason}`, () => undefined);
  }
} else {
  const { setup } = detection;
  const inRange = (floor: string, version: string) => compareVersions(version, floor) >= 0 && compareVersions(version, '7.0.0') < 0;
  // The default output is checked against the oldest provider it claims (5.100 from the mirror).
  const defaultVersion = setup.mirror ? setup.awsVersions.find((version) => inRange(AWS_PROVIDER_FLOOR, version)) : AWS_PROVIDER_FLOOR;
  const aws6Version = setup.mirror ? [...setup.awsVersions].reverse().find((version) => inRange(AWS6_PROVIDER_FLOOR, version)) : AWS6_PROVIDER_FLOOR;
  const mirrored = `hashicorp/aws versions in ${setup.mirror}: ${setup.awsVersions.join(', ') || 'none'}`;

  if (defaultVersion) terraformSuite(setup, { aws6Features: false, awsVersion: defaultVersion });
  else it.skip(`terraform on the default output SKIPPED: no hashicorp/aws >= ${AWS_PROVIDER_FLOOR}, < 7 (${mirrored})`, () => undefined);
  if (aws6Version) terraformSuite(setup, { aws6Features: true, awsVersion: aws6Version });
  else it.skip(`terraform on the --aws6-features output SKIPPED: no hashicorp/aws >= ${AWS6_PROVIDER_FLOOR} (${mirrored})`, () => undefined);
}

function terraformSuite(setup: TerraformSetup, variant: { aws6Features: boolean; awsVersion: string }): void {
  const title = `terraform ${setup.version}, hashicorp/aws ${variant.awsVersion}${variant.aws6Features ? ', --aws6-features' : ''}: example policies`;
  describe(title, () => {
    let workspace: Workspace;
    let init: StepResult;
    let validate: StepResult | undefined;
    let test: StepResult | undefined;
    let report: TestReport | undefined;
    /** Addresses whose lifecycle.prevent_destroy is set, in the root output. */
    let protectedAddresses: Set<string>;

    beforeAll(async () => {
      const dir = temporaryDir('link-policy-terraform');
      const synth = (mode: 'root' | 'module') =>
        synthApp({ policiesDir: EXAMPLE_POLICIES, outdir: join(dir, 'synth'), mode, aws6Features: variant.aws6Features });
      const root = synth('root');
      const module = synth('module');
      // The examples as a user runs them: their .tf files, with the module synthesized into build/.
      const example = (name: string, policiesDir: string, allowDestroy: boolean) => {
        const exampleDir = join(dir, 'examples', name);
        cpSync(join(EXAMPLES, name), exampleDir, { recursive: true, filter: (source) => !source.includes(`${name}/build`) });
        synthApp({ policiesDir, outdir: join(exampleDir, 'build'), mode: 'module', aws6Features: variant.aws6Features, allowDestroy });
        return exampleDir;
      };
      const sandbox = example('sandbox', join(EXAMPLES, 'sandbox', 'policies'), true);
      const production = example('production', EXAMPLE_POLICIES, false);
      const rootJson = JSON.parse(readFileSync(join(root.stackDir, 'cdk.tf.json'), 'utf8'));
      protectedAddresses = new Set(
        Object.entries<Record<string, any>>(rootJson.resource).flatMap(([type, byName]) =>
          Object.entries(byName)
            .filter(([, body]) => body.lifecycle?.prevent_destroy === true)
            .map(([name]) => `${type}.${name}`),
        ),
      );
      workspace = new Workspace(setup, {
        dir: join(dir, 'workspace'),
        configurations: { root: root.stackDir, module: module.stackDir, sandbox, production },
        tests: TEST_FILES,
        mocks: join(__dirname, 'mocks'),
        awsVersion: variant.awsVersion,
        requiredVersion: TERRAFORM_REQUIRED_VERSION,
      });
      init = await workspace.init();
      if (init.code !== 0) return;
      // One init, then validate and test side by side (each loads the provider schema once).
      [validate, test] = await Promise.all([workspace.run(['validate', '-json', '-no-color']), workspace.run(['test', '-json', '-no-color'])]);
      report = parseTestOutput(test.stdout);
    }, 900_000); // ~15 s on an idle 2-core machine; generous for a shared, loaded one

    it(`init installs hashicorp/aws ${variant.awsVersion}${setup.mirror ? ' from the mirror, offline' : ''}`, () => {
      expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: '' });
      expect(workspace.installedAwsVersion()).toBe(variant.awsVersion);
    });

    it('validate: both outputs and the test files are valid against the provider schema, without warnings', () => {
      expect(validate).toBeDefined();
      const result = JSON.parse(validate?.stdout ?? '{}') as { valid: boolean; diagnostics: Array<{ severity: string; summary: string; detail?: string }> };
      const diagnostics = result.diagnostics
        .map((d) => ({ severity: d.severity, summary: d.summary, detail: d.detail ?? '' }))
        .filter((d) => !isWorkspaceArtifact(d));
      if (diagnostics.length > 0) throw new Error(formatDiagnostics(diagnostics));
      expect(result.valid).toBe(true);
    });

    for (const [file, text] of Object.entries(TEST_FILES)) {
      for (const run of runNames(text)) {
        it(`terraform test ${file}: ${run}`, () => {
          expect(report).toBeDefined();
          const outcome = report?.runs.get(file)?.get(run);
          if (outcome?.status !== 'pass') {
            const diagnostics = [...(outcome?.diagnostics ?? []), ...(report?.other ?? [])].filter((d) => !isWorkspaceArtifact(d));
            throw new Error(`run ${run} in ${file}: ${outcome?.status ?? 'not reported'}\n${formatDiagnostics(diagnostics)}`);
          }
        });
      }
    }

    // A mocked apply leaves nothing behind, but terraform test still destroys its state after each
    // file, and prevent_destroy refuses that: the runs are judged above, and here the refusal must
    // come only from prevent_destroy, on resources that carry it. That it comes at all shows that
    // real terraform enforces the protection.
    it('teardown of mocked state is refused only by prevent_destroy', () => {
      expect(report).toBeDefined();
      for (const [file, diagnostics] of report?.teardown ?? []) {
        // The production example holds the stack as module.link_policy.
        const address = (d: Diagnostic) => preventDestroyAddress(d)?.replace(/^module\.link_policy\./, '') ?? '';
        const unexpected = diagnostics.filter((d) => !protectedAddresses.has(address(d)));
        if (unexpected.length > 0) throw new Error(`teardown of ${file}:\n${formatDiagnostics(unexpected)}`);
      }
      // The sandbox (--allow-destroy) tears down cleanly; every protected configuration refuses.
      const refusedIn = [...(report?.teardown.keys() ?? [])].sort();
      expect(refusedIn).toEqual(['production', 'stack-module', 'stack-root']);
    });
  });
}
