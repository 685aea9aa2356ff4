// Real terraform on the synthesized configurations: finds the binary and a provider mirror, lays
// out one workspace (a root that only pins the provider, the configurations under test as
// directories, the .tftest.hcl files), runs `init` once, then `validate` and `test` side by side,
// and reads their -json output. Offline by design: providers come from a filesystem mirror.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Candidate provider mirrors (directories holding registry.terraform.io/...), after $LINK_POLICY_TF_MIRROR. */
const MIRROR_CANDIDATES = ['/opt/tf-plugins'];

export interface TerraformSetup {
  readonly binary: string;
  readonly version: string;
  /** Filesystem mirror used for providers; undefined with LINK_POLICY_TF_DOWNLOAD=1 (registry downloads). */
  readonly mirror?: string;
  /** hashicorp/aws versions in the mirror, ascending. */
  readonly awsVersions: readonly string[];
}

export type Detection = { readonly ok: true; readonly setup: TerraformSetup } | { readonly ok: false; readonly reason: string };

/** Whether terraform and the AWS provider can be used here, and if not, why (said loudly by the caller). */
export function detectTerraform(env: NodeJS.ProcessEnv = process.env): Detection {
  const binary = env['LINK_POLICY_TERRAFORM'] ?? 'terraform';
  const probe = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: cliEnv(env, undefined) });
  if (probe.error || probe.status !== 0) {
    return { ok: false, reason: `no terraform binary (${binary}: ${probe.error?.message ?? probe.stderr.trim()})` };
  }
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  const mirror = [env['LINK_POLICY_TF_MIRROR'], ...MIRROR_CANDIDATES].find(
    (dir): dir is string => dir !== undefined && existsSync(join(dir, AWS_IN_MIRROR)),
  );
  if (!mirror) {
    if (env['LINK_POLICY_TF_DOWNLOAD'] === '1') return { ok: true, setup: { binary, version, awsVersions: [] } };
    return {
      ok: false,
      reason:
        `terraform ${version} found, but no hashicorp/aws provider mirror (looked in ${[env['LINK_POLICY_TF_MIRROR'], ...MIRROR_CANDIDATES].filter(Boolean).join(', ')}); ` +
        'set LINK_POLICY_TF_MIRROR, or LINK_POLICY_TF_DOWNLOAD=1 to let terraform download the provider',
    };
  }
  const awsVersions = readdirSync(join(mirror, AWS_IN_MIRROR))
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name))
    .sort(compareVersions);
  return { ok: true, setup: { binary, version, mirror, awsVersions } };
}

const AWS_IN_MIRROR = 'registry.terraform.io/hashicorp/aws';

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The environment of every terraform run: its own CLI config, no prompts, no telemetry, no AWS credentials. */
function cliEnv(env: NodeJS.ProcessEnv, cliConfig: string | undefined): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('TF_')));
  return {
    ...clean,
    ...(cliConfig ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

export interface WorkspaceSpec {
  readonly dir: string;
  /** Configurations under test: workspace subdirectory -> directory to copy. */
  readonly configurations: Readonly<Record<string, string>>;
  /** Test files: name (without .tftest.hcl) -> contents. */
  readonly tests: Readonly<Record<string, string>>;
  /** Directory of .tfmock.hcl files, copied to ./mocks (the test files' `source = "./mocks"`, relative to the workspace root). */
  readonly mocks: string;
  /** The exact hashicorp/aws version to install. */
  readonly awsVersion: string;
  readonly requiredVersion: string;
}

export interface StepResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export class Workspace {
  private readonly cliConfig: string;

  constructor(
    readonly setup: TerraformSetup,
    readonly spec: WorkspaceSpec,
  ) {
    mkdirSync(join(spec.dir, 'tests'), { recursive: true });
    for (const [name, source] of Object.entries(spec.configurations)) cpSync(source, join(spec.dir, name), { recursive: true });
    cpSync(spec.mocks, join(spec.dir, 'mocks'), { recursive: true });
    for (const [name, text] of Object.entries(spec.tests)) writeFileSync(join(spec.dir, 'tests', `${name}.tftest.hcl`), text);
    // The workspace root only pins the provider: every configuration is a run's `module { source }`.
    writeFileSync(
      join(spec.dir, 'main.tf'),
      [
        'terraform {',
        `  required_version = "${spec.requiredVersion}"`,
        '  required_providers {',
        `    aws = { source = "hashicorp/aws", version = "${spec.awsVersion}" }`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    this.cliConfig = join(spec.dir, 'terraform.rc');
    const mirror = setup.mirror;
    writeFileSync(
      this.cliConfig,
      mirror
        ? [
            'provider_installation {',
            `  filesystem_mirror {`,
            `    path    = ${JSON.stringify(mirror)}`,
            '    include = ["registry.terraform.io/hashicorp/*"]',
            '  }',
            '  direct {',
            '    exclude = ["registry.terraform.io/hashicorp/*"]',
            '  }',
            '}',
            '',
          ].join('\n')
        : '',
    );
  }

  run(args: readonly string[]): Promise<StepResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      execFile(
        this.setup.binary,
        [...args],
        { cwd: this.spec.dir, env: cliEnv(process.env, this.cliConfig), maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr, ms: Date.now() - started });
        },
      );
    });
  }

  init(): Promise<StepResult> {
    return this.run(['init', '-backend=false', '-input=false', '-no-color']);
  }

  /** The provider version `init` installed, from the lock file. */
  installedAwsVersion(): string | undefined {
    const lock = join(this.spec.dir, '.terraform.lock.hcl');
    if (!existsSync(lock)) return undefined;
    return /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/.exec(readFileSync(lock, 'utf8'))?.[1];
  }
}

/** Run names of a .tftest.hcl file, in order (what `terraform test` reports on). */
export function runNames(testFile: string): string[] {
  return [...testFile.matchAll(/^run\s+"([^"]+)"/gm)].map((match) => match[1] as string);
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail: string;
}

export interface TestReport {
  /** file -> run -> status (pass, fail, error, skip) and the diagnostics the run produced. */
  readonly runs: ReadonlyMap<string, ReadonlyMap<string, { status: string; diagnostics: Diagnostic[] }>>;
  /** Diagnostics printed while a file's state was destroyed after its runs. */
  readonly teardown: ReadonlyMap<string, Diagnostic[]>;
  /** Diagnostics outside any run (configuration errors). */
  readonly other: readonly Diagnostic[];
}

interface JsonLine {
  readonly type: string;
  readonly '@testfile'?: string;
  readonly '@testrun'?: string;
  readonly test_file?: { readonly path: string; readonly progress: string };
  readonly test_run?: { readonly path: string; readonly run: string; readonly progress: string; readonly status?: string };
  readonly diagnostic?: { readonly severity: string; readonly summary: string; readonly detail?: string };
}

/** Reads `terraform test -json`: per-run statuses, and teardown diagnostics kept apart from the runs'. */
export function parseTestOutput(stdout: string): TestReport {
  const runs = new Map<string, Map<string, { status: string; diagnostics: Diagnostic[] }>>();
  const teardown = new Map<string, Diagnostic[]>();
  const other: Diagnostic[] = [];
  const tearingDown = new Set<string>();
  const runOf = (file: string, run: string) => {
    const byRun = runs.get(file) ?? new Map<string, { status: string; diagnostics: Diagnostic[] }>();
    runs.set(file, byRun);
    const entry = byRun.get(run) ?? { status: 'not run', diagnostics: [] };
    byRun.set(run, entry);
    return entry;
  };
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as JsonLine;
    if (message.test_file) {
      const file = fileName(message.test_file.path);
      if (message.test_file.progress === 'teardown') tearingDown.add(file);
      if (message.test_file.progress === 'complete') tearingDown.delete(file);
    } else if (message.test_run?.status) {
      runOf(fileName(message.test_run.path), message.test_run.run).status = message.test_run.status;
    } else if (message.diagnostic) {
      const diagnostic = { severity: message.diagnostic.severity, summary: message.diagnostic.summary, detail: message.diagnostic.detail ?? '' };
      const file = message['@testfile'] ? fileName(message['@testfile']) : undefined;
      if (file && tearingDown.has(file)) teardown.set(file, [...(teardown.get(file) ?? []), diagnostic]);
      else if (file && message['@testrun']) runOf(file, message['@testrun']).diagnostics.push(diagnostic);
      else other.push(diagnostic);
    }
  }
  return { runs, teardown, other };
}

function fileName(path: string): string {
  return path.replace(/^tests\//, '').replace(/\.tftest\.hcl$/, '');
}

/**
 * A warning the workspace itself causes: the root output's backend block is ignored when a run
 * calls the root output as its module (`module { source = "./root" }`). Not a finding about the
 * configuration, so it is left out of what the tests judge.
 */
export function isWorkspaceArtifact(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'warning' && diagnostic.summary === 'Backend configuration ignored';
}

/** Diagnostics as text, for a failing test's message. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? `\n  ${d.detail.replace(/\n/g, '\n  ')}` : ''}`).join('\n');
}

/** `Resource <address> has lifecycle.prevent_destroy set` in a teardown diagnostic: the address. */
export function preventDestroyAddress(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.summary !== 'Instance cannot be destroyed') return undefined;
  return /Resource\s+(\S+)\s+has\s+lifecycle\.prevent_destroy/.exec(diagnostic.detail.replace(/\s+/g, ' '))?.[1];
}
