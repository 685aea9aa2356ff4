// `npm run build:trigger -- --policies DIR --out DIR`: loads the policies, builds the trigger's
// Lambda directory and says what it wrote. Exit 0 built, 1 invalid policies, 2 usage error.
import { resolve } from 'node:path';
import { EXIT, processIo, type CliIo } from '../../cli/io';
import { formatProblem, loadPolicySet } from '../../policy/index';
import { buildTriggerArtifactSync } from './build-artifact';

const USAGE = 'usage: npm run build:trigger -- --policies DIR --out DIR\n';

export function parseArgs(argv: readonly string[]): { policies: string; out: string } | { error: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') return { error: '' };
    const [name, inline] = flag.split(/=(.*)/s, 2);
    if (name !== '--policies' && name !== '--out') return { error: `unknown option '${flag}'` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { error: `${name} needs a directory` };
    values[name.slice(2)] = value;
  }
  if (values.policies === undefined || values.out === undefined) return { error: 'both --policies and --out are required' };
  return { policies: values.policies, out: values.out };
}

export function runBuild(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  if ('error' in args) {
    if (args.error === '') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    io.stderr.write(`build:trigger: ${args.error}\n${USAGE}`);
    return EXIT.usage;
  }
  const loaded = loadPolicySet(resolve(io.cwd, args.policies));
  for (const warning of loaded.warnings) io.stderr.write(`${formatProblem(warning)}\n`);
  if (!loaded.ok) {
    for (const problem of loaded.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    io.stderr.write(`build:trigger: ${loaded.problems.length} problem(s) in ${args.policies}; nothing built\n`);
    return EXIT.failed;
  }
  const artifact = buildTriggerArtifactSync({ policySet: loaded.set, outDir: resolve(io.cwd, args.out) });
  const tenants = Object.keys(loaded.set.tenants).sort();
  io.stdout.write(
    [
      `built ${artifact.dir} (handler index.handler, nodejs22.x)`,
      ...artifact.files.map((file) => `  ${file.name.padEnd(11)} ${formatBytes(file.bytes)}`),
      `  size       ${formatBytes(artifact.bytes)} raw`,
      `  sha256     ${artifact.sha256}`,
      `  tenants    ${tenants.length}: ${tenants.join(', ')}`,
      `  providers  ${Object.keys(loaded.set.providers).length}`,
      `  policy     ${loaded.set.digest}`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB (${bytes} B)`;
}

export function main(argv: string[]): number {
  return runBuild(argv, processIo());
}
