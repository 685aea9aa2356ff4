import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTriggerArtifactSync, bundleTrigger } from '../../../lambda/build/build-artifact';
import { runBuild } from '../../../lambda/build/cli';
import { decodePolicyFile } from '../../../lambda/policy-file';
import { triggerView } from '../../../policy/trigger-view';
import { packageRoot } from '../../../policy/package-root';
import { builtTrigger } from '../../support/trigger-artifact';
import { exampleParts, policySet } from '../fixtures/policy-set';

const scratch = mkdtempSync(join(tmpdir(), 'trigger-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `script` in a fresh node process with `dir` as the working directory; returns stdout. */
function node(dir: string, script: string): string {
  return execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
}

describe('the trigger artifact', () => {
  it('is deterministic: the same set gives the same bytes; another policy changes policy.json only', () => {
    const first = bundleTrigger(policySet());
    const second = bundleTrigger(policySet());
    for (const name of ['index.js', 'policy.json', 'sdk.js']) expect(Buffer.from(second.get(name)!).equals(Buffer.from(first.get(name)!))).toBe(true);
    const parts = exampleParts();
    parts.tenants[0]!.messages.sso_required = 'Changed.';
    const changed = bundleTrigger(policySet(parts));
    expect(Buffer.from(changed.get('policy.json')!).equals(Buffer.from(first.get('policy.json')!))).toBe(false);
    expect(Buffer.from(changed.get('index.js')!).equals(Buffer.from(first.get('index.js')!))).toBe(true);
  });

  it('writes index.js, policy.json and sdk.js, reports size and sha256, and holds no absolute path of this machine', () => {
    const artifact = buildTriggerArtifactSync({ policySet: policySet(), outDir: join(scratch, 'a') });
    expect(artifact.files.map((f) => f.name)).toEqual(['index.js', 'policy.json', 'sdk.js']);
    expect(artifact.bytes).toBe(artifact.files.reduce((sum, f) => sum + f.bytes, 0));
    expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = buildTriggerArtifactSync({ policySet: policySet(), outDir: join(scratch, 'b') });
    expect(again.sha256).toBe(artifact.sha256);
    const index = readFileSync(artifact.indexPath, 'utf8');
    expect(index).not.toContain(packageRoot());
    expect(index).toContain('require("./sdk")');
    expect(index).toContain('require("./policy.json")');
    expect(index).not.toContain('test-digest');
    expect(readFileSync(join(artifact.dir, 'policy.json'), 'utf8')).toContain('"digest":"test-digest"');
  });

  it('ships the trigger view only: policy.json decodes to triggerView(set) and holds none of the fields the trigger never reads', () => {
    const set = policySet();
    const artifact = buildTriggerArtifactSync({ policySet: set, outDir: join(scratch, 'view') });
    const text = readFileSync(join(artifact.dir, 'policy.json'), 'utf8');
    expect(decodePolicyFile(JSON.parse(text))).toEqual(triggerView(set));
    for (const field of ['display_name', 'source_file', 'connection', 'attribute_mapping', 'app_clients']) expect(text).not.toContain(`"${field}"`);
  });

  it('refuses a set whose references the trigger could not follow, rather than ship it', () => {
    const set = policySet();
    const dangling = { ...set, domains: { ...set.domains, 'orphan.example': 'no-such-tenant' } };
    expect(() => bundleTrigger(dangling)).toThrow(/domain orphan\.example names unknown tenant no-such-tenant/);
  });

  it('runs on its own: exports handler, decides from the embedded set, and loads the SDK only for a Cognito call', () => {
    const artifact = buildTriggerArtifactSync({ policySet: policySet(), outDir: join(scratch, 'run') });
    // Copied away from the repository so nothing can resolve from its node_modules.
    const isolated = join(scratch, 'isolated');
    cpSync(artifact.dir, isolated, { recursive: true });
    const out = node(
      isolated,
      `
      const { writeSync } = require('node:fs');
      const lines = [];
      process.stdout.write = (s) => lines.push(String(s)) > 0;
      const { handler } = require('./index.js');
      const sdkLoaded = () => Object.keys(require.cache).some((k) => k.endsWith('sdk.js'));
      const event = { triggerSource: 'PreSignUp_SignUp', userPoolId: 'p', userName: 'a', request: { userAttributes: { email: 'a@acme.com' } }, response: {} };
      handler(event, { awsRequestId: 'r' }).catch((e) => {
        const sdkLoadedBefore = sdkLoaded();
        require('./sdk.js');
        writeSync(1, JSON.stringify({ message: e.message, sdkLoadedBefore, log: JSON.parse(lines[0]) }));
      });
      `,
    );
    const result = JSON.parse(out);
    expect(result.message).toMatch(/^SSO_REQUIRED\(AcmeEntraID\): Acme uses single sign-on/);
    expect(result.sdkLoadedBefore).toBe(false);
    expect(result.log).toMatchObject({ reason: 'sign_up_blocked', policy_digest: 'test-digest', cold_start: true });
  });
});

describe('npm run build:trigger (lambda/build/cli.ts)', () => {
  function io() {
    let stdout = '';
    let stderr = '';
    return {
      io: {
        stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
        stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
        cwd: packageRoot(),
        env: {},
      },
      out: () => stdout,
      err: () => stderr,
    };
  }

  it('builds the example policies and prints what it wrote', () => {
    const t = io();
    expect(runBuild(['--policies', 'policies', '--out', join(scratch, 'cli')], t.io)).toBe(0);
    expect(t.out()).toMatch(/built .*cli \(handler index\.handler, nodejs22\.x\)/);
    expect(t.out()).toMatch(/sha256 +[0-9a-f]{64}/);
    expect(t.out()).toMatch(/tenants +3: acme-corp, globex, lumen/);
    expect(t.out()).toMatch(/policy +[0-9a-f]{64}/);
    expect(t.out()).toMatch(/size +[\d.]+ KiB \(\d+ B\) raw/);
  });

  it('prints problems as file:line:column and exits 1 for invalid policies', () => {
    const dir = join(scratch, 'bad-policies');
    cpSync(join(packageRoot(), 'policies'), dir, { recursive: true });
    writeFileSync(join(dir, 'lumen.yaml'), readFileSync(join(dir, 'lumen.yaml'), 'utf8').replace('password_sign_in: allow', 'password_sign_in: sometimes'));
    const t = io();
    expect(runBuild(['--policies', dir, '--out', join(scratch, 'never')], t.io)).toBe(1);
    expect(t.err()).toMatch(/lumen\.yaml:\d+:\d+ error /);
    expect(t.err()).toMatch(/nothing built/);
  });

  it.each([[[]], [['--policies', 'policies']], [['--out']], [['--frobnicate', 'x']]])('usage errors exit 2: %j', (argv) => {
    const t = io();
    expect(runBuild(argv, t.io)).toBe(2);
    expect(t.err()).toContain('usage: npm run build:trigger -- --policies DIR --out DIR');
  });

  it('--help exits 0; --flag=value works', () => {
    const t = io();
    expect(runBuild(['--help'], t.io)).toBe(0);
    expect(runBuild([`--policies=policies`, `--out=${join(scratch, 'eq')}`], io().io)).toBe(0);
  });
});

describe('test support: builtTrigger', () => {
  it('builds once per policy set and trigger sources, then reuses the directory', () => {
    const first = builtTrigger(join(packageRoot(), 'policies'));
    const second = builtTrigger(join(packageRoot(), 'policies'));
    expect(second).toBe(first);
    expect(first).toContain(join('.build', 'test-artifacts'));
    expect(builtTrigger(policySet())).not.toBe(first);
  });
});
