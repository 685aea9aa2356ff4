// What policy authors and CI wait for: `link-policy validate` and `npm run synth`, timed as
// processes from spawn to exit (what a pull request check pays), plus the validator in process.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicySet } from '../../policy';
import { packageRoot } from '../../policy/package-root';
import { median, msSince } from './stats';

function timedProcess(args: readonly string[]): Promise<number> {
  const root = packageRoot();
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(msSince(start)) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}

export interface ValidateTiming {
  readonly cliMs: number;
  readonly inProcessMs: number;
}

/** `link-policy validate DIR` as CI runs it (exit 0 required), and loadPolicySet(DIR) once warm. */
export async function timeValidate(policiesDir: string, runs: number): Promise<ValidateTiming> {
  const cli: number[] = [];
  for (let run = 0; run < runs; run += 1) cli.push(await timedProcess([join('bin', 'link-policy.cjs'), 'validate', policiesDir, '--format', 'json']));
  const inProcess: number[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const start = process.hrtime.bigint();
    const result = loadPolicySet(policiesDir);
    if (!result.ok) throw new Error(`generated policies in ${policiesDir} do not validate`);
    // The first load also compiles the JSON Schemas: counted in the CLI figure, not here.
    if (run > 0) inProcess.push(msSince(start));
  }
  return { cliMs: median(cli), inProcessMs: median(inProcess) };
}

/** `link-policy --help`: the CLI's own start-up (Node, the TypeScript runner bundling the CLI), which every validate pays. */
export async function timeCliStart(runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await timedProcess([join('bin', 'link-policy.cjs'), '--help']));
  return median(times);
}

export interface SynthTiming {
  readonly cliMs: number;
  /** The zip the stack ships (TerraformAsset archive of the trigger directory). */
  readonly archiveBytes: number;
}

/** `npm run synth -- --policies DIR --outdir OUT` without npm's own start-up: the same entry point. */
export async function timeSynth(policiesDir: string, outdir: string, runs: number): Promise<SynthTiming> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    rmSync(outdir, { recursive: true, force: true });
    times.push(await timedProcess([join('scripts', 'run-ts.cjs'), 'main.ts', '--policies', policiesDir, '--outdir', outdir]));
  }
  // Found by name rather than by the stack's constants: importing stack/ would load cdktf here.
  const archive = findArchive(join(outdir, 'stacks'));
  if (!archive) throw new Error(`synth wrote no archive.zip under ${outdir}`);
  return { cliMs: median(times), archiveBytes: statSync(archive).size };
}

function findArchive(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const found = entry.isDirectory() ? findArchive(path) : entry.name === 'archive.zip' ? path : undefined;
    if (found) return found;
  }
  return undefined;
}
