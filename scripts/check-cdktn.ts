// `npm run check:cdktn` (a step of .ci/run): proves the CDK Terrain path. cdktf stays the
// project's framework; this installs cdktn and its AWS provider bindings (the exact versions in
// scripts/cdktn-check/package-lock.json) into a cache outside the project, copies the project's
// sources into a temporary directory whose node_modules has cdktn instead of cdktf, renames the
// module specifiers in the one boundary file (stack/cdktf.ts), synthesizes there and here, and
// compares the Terraform. Any difference, or an install that fails, fails the check: it never
// passes without having compared.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../policy/package-root';

/** What the project's framework imports become under CDK Terrain (docs/stack.md, "Moving to CDK Terrain"). */
export function renameToCdktn(source: string): string {
  return source
    .replace(/(['"])cdktf(\/[^'"]*)?\1/g, '$1cdktn$2$1')
    .replace(/(['"])@cdktf\/provider-aws(\/[^'"]*)?\1/g, '$1@cdktn/provider-aws$2$1');
}

/** The synthesized JSON without cdktf's "//" metadata (it names the framework and its version). */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '//')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, item]) => [key, withoutMetadata(item)]),
  );
}

const SYNTHS: ReadonlyArray<{ readonly name: string; readonly args: readonly string[]; readonly stack: string }> = [
  { name: 'root', args: [], stack: 'cognito-link-policy' },
  { name: 'module', args: ['--module'], stack: 'cognito-link-policy-module' },
  { name: 'root --aws6-features', args: ['--aws6-features'], stack: 'cognito-link-policy' },
];

export function main(): number {
  const root = packageRoot();
  const started = Date.now();
  const cdktn = installCdktn(root);
  const work = mkdtempSync(join(tmpdir(), 'link-policy-cdktn-'));
  try {
    const copy = projectWithCdktn(root, cdktn, join(work, 'project'));
    const version = (modules: string, name: string) => JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version as string;
    let differences = 0;
    for (const synth of SYNTHS) {
      const ours = synthesize(root, synth.args, join(work, 'cdktf-out', synth.name.replace(/\W+/g, '-')), synth.stack, version(join(root, 'node_modules'), 'cdktf'));
      const theirs = synthesize(copy, synth.args, join(work, 'cdktn-out', synth.name.replace(/\W+/g, '-')), synth.stack, version(cdktn, 'cdktn'));
      const same = JSON.stringify(ours) === JSON.stringify(theirs);
      const resources = Object.values((ours as { resource?: Record<string, object> }).resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
      process.stdout.write(`cdktn: ${synth.name}: ${same ? `identical Terraform (${resources} resources)` : 'DIFFERENT Terraform'}\n`);
      if (!same) {
        differences++;
        writeFileSync(join(work, `${synth.name.replace(/\W+/g, '-')}.cdktf.json`), JSON.stringify(ours, null, 2));
        writeFileSync(join(work, `${synth.name.replace(/\W+/g, '-')}.cdktn.json`), JSON.stringify(theirs, null, 2));
      }
    }
    const versions = JSON.parse(readFileSync(join(root, 'scripts', 'cdktn-check', 'package.json'), 'utf8')).dependencies;
    const summary = `cdktn ${versions.cdktn} with @cdktn/provider-aws ${versions['@cdktn/provider-aws']}: ${SYNTHS.length - differences} passed, ${differences} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`;
    if (differences > 0) {
      process.stderr.write(`${summary}\nboth outputs kept in ${work}\n`);
      return 1;
    }
    process.stdout.write(`${summary}\n`);
    rmSync(work, { recursive: true, force: true });
    return 0;
  } catch (error) {
    process.stderr.write(`cdktn check failed: ${error instanceof Error ? error.message : String(error)}\n(work directory kept: ${work})\n`);
    return 1;
  }
}

/**
 * node_modules with the exact locked cdktn packages, installed once per lock file into the user's
 * cache (LINK_POLICY_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache), so repeated runs take seconds.
 */
function installCdktn(root: string): string {
  const spec = join(root, 'scripts', 'cdktn-check');
  const lock = readFileSync(join(spec, 'package-lock.json'));
  const base = process.env['LINK_POLICY_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'cognito-link-policy');
  const dir = join(base, `cdktn-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, '.installed'))) {
    process.stdout.write(`cdktn: using the install cached in ${dir}\n`);
    return join(dir, 'node_modules');
  }
  process.stdout.write(`cdktn: installing the locked packages into ${dir} (first run only)\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(spec, 'package.json'), join(dir, 'package.json'));
  cpSync(join(spec, 'package-lock.json'), join(dir, 'package-lock.json'));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
  return join(dir, 'node_modules');
}

/** The project's sources, with node_modules holding cdktn where cdktf was and the boundary renamed. */
function projectWithCdktn(root: string, cdktnModules: string, dir: string): string {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\n');
  for (const file of files) {
    if (file === '' || !existsSync(join(root, file))) continue;
    mkdirSync(join(dir, file, '..'), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  // Everything the project installed, except the framework, its bindings and constructs: those come
  // from the cdktn install, so cdktn and the stack share one constructs module.
  const replaced = new Set(['cdktf', '@cdktf', 'cdktn', '@cdktn', 'constructs', '.bin', '.package-lock.json']);
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (!replaced.has(entry)) symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const entry of ['cdktn', '@cdktn', 'constructs']) symlinkSync(join(cdktnModules, entry), join(modules, entry));
  const boundary = join(dir, 'stack', 'cdktf.ts');
  const renamed = renameToCdktn(readFileSync(boundary, 'utf8'));
  if (/['"](?:cdktf|@cdktf\/)/.test(renamed)) throw new Error('stack/cdktf.ts still names cdktf after the rename');
  writeFileSync(boundary, renamed);
  return dir;
}

/** The synthesized Terraform without metadata, after checking which framework version wrote it. */
function synthesize(project: string, args: readonly string[], outdir: string, stack: string, framework: string): unknown {
  mkdirSync(outdir, { recursive: true });
  execFileSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts', ...args, '--outdir', outdir], {
    cwd: project,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  // The metadata names the framework version that synthesized: proof the copy really ran cdktn.
  const version = json['//']?.metadata?.version;
  if (version !== framework) throw new Error(`${project}: synthesized by framework version ${version}, expected ${framework}`);
  return withoutMetadata(json);
}
