// The terraform harness itself, without terraform: how a missing binary or mirror is reported, and
// how `terraform test -json` is read (teardown diagnostics kept apart from the runs').
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDir } from '../stack/synth-helpers';
import { compareVersions, detectTerraform, parseTestOutput, preventDestroyAddress, runNames } from './harness';

describe('detectTerraform', () => {
  it('names the missing binary', () => {
    const detection = detectTerraform({ ...process.env, LINK_POLICY_TERRAFORM: '/nonexistent/terraform' });
    expect(detection).toEqual({ ok: false, reason: expect.stringContaining('no terraform binary (/nonexistent/terraform') });
  });

  it('uses a mirror named by LINK_POLICY_TF_MIRROR and lists its hashicorp/aws versions in order', () => {
    const mirror = temporaryDir('tf-mirror');
    for (const version of ['6.25.0', '5.100.0', '6.3.0']) mkdirSync(join(mirror, 'registry.terraform.io/hashicorp/aws', version), { recursive: true });
    const detection = detectTerraform({ ...process.env, LINK_POLICY_TF_MIRROR: mirror });
    if (!detection.ok) {
      // Without a terraform binary there is nothing to pair the mirror with; the reason says so.
      expect(detection.reason).toMatch(/no terraform binary/);
      return;
    }
    expect(detection.setup.mirror).toBe(mirror);
    expect(detection.setup.awsVersions).toEqual(['5.100.0', '6.3.0', '6.25.0']);
  });

  it('compares versions numerically', () => {
    expect(['6.25.0', '5.100.0', '6.3.0', '5.99.1'].sort(compareVersions)).toEqual(['5.99.1', '5.100.0', '6.3.0', '6.25.0']);
  });
});

describe('parseTestOutput', () => {
  const lines = [
    { type: 'test_file', test_file: { path: 'tests/stack-root.tftest.hcl', progress: 'starting' } },
    { type: 'test_run', test_run: { path: 'tests/stack-root.tftest.hcl', run: 'plan', progress: 'complete', status: 'pass' } },
    { type: 'diagnostic', '@testfile': 'tests/stack-root.tftest.hcl', '@testrun': 'apply', diagnostic: { severity: 'error', summary: 'Test assertion failed', detail: 'Only this pool may invoke the function.' } },
    { type: 'test_run', test_run: { path: 'tests/stack-root.tftest.hcl', run: 'apply', progress: 'complete', status: 'fail' } },
    { type: 'test_file', test_file: { path: 'tests/stack-root.tftest.hcl', progress: 'teardown' } },
    {
      type: 'diagnostic',
      '@testfile': 'tests/stack-root.tftest.hcl',
      '@testrun': 'apply',
      diagnostic: { severity: 'error', summary: 'Instance cannot be destroyed', detail: 'Resource\naws_cognito_identity_provider.google has lifecycle.prevent_destroy\nset, but the plan calls for this resource to be destroyed.' },
    },
    { type: 'test_file', test_file: { path: 'tests/stack-root.tftest.hcl', progress: 'complete', status: 'error' } },
  ];
  const report = parseTestOutput(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);

  it('reports each run with the diagnostics it produced', () => {
    expect(report.runs.get('stack-root')?.get('plan')).toEqual({ status: 'pass', diagnostics: [] });
    expect(report.runs.get('stack-root')?.get('apply')).toEqual({
      status: 'fail',
      diagnostics: [{ severity: 'error', summary: 'Test assertion failed', detail: 'Only this pool may invoke the function.' }],
    });
  });

  it('keeps teardown diagnostics apart, and reads the address prevent_destroy protected', () => {
    const teardown = report.teardown.get('stack-root') ?? [];
    expect(teardown).toHaveLength(1);
    expect(teardown.map(preventDestroyAddress)).toEqual(['aws_cognito_identity_provider.google']);
    expect(preventDestroyAddress({ severity: 'error', summary: 'Error acquiring the state lock', detail: '' })).toBeUndefined();
  });
});

it('runNames lists the run blocks of a test file in order', () => {
  expect(runNames('run "a" {\n}\n# run "commented" {\nrun "b_c" {\n  module {}\n}\n')).toEqual(['a', 'b_c']);
});
