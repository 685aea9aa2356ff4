// stack/cdktf.ts is the one file that imports the framework (cdktf or CDK Terrain) and its provider
// bindings, so moving between them is a rename there (scripts/check-cdktn.ts does it in CI). Any
// other import, above all of a framework's internals (cdktf/lib/private/...), breaks that.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';

const FRAMEWORK = /(?:from\s+|import\s*\(\s*|require(?:\.resolve)?\s*\(\s*)['"](?:cdktf|cdktn|@cdktf\/[^'"]+|@cdktn\/[^'"]+)(?:\/[^'"]*)?['"]/;

/** The boundary itself, and the tests that quote import lines as data. */
const ALLOWED = new Set(['stack/cdktf.ts', 'test/stack/import-boundary.test.ts', 'test/stack/cdktn-check.test.ts']);

it('only stack/cdktf.ts imports cdktf, CDK Terrain or their provider bindings', () => {
  const root = packageRoot();
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.cjs', '*.js', '*.mjs'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file !== '' && !ALLOWED.has(file));
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.filter((file) => FRAMEWORK.test(readFileSync(join(root, file), 'utf8')));
  expect(offenders).toEqual([]);
});

it('the pattern catches the forms of import the boundary forbids', () => {
  for (const line of [
    "import { App } from 'cdktf';",
    "require.resolve('cdktf/lib/private/fs.js')",
    "import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';",
    "export { Testing } from 'cdktn/lib/testing';",
    "const m = await import('@cdktn/provider-aws/lib/provider');",
  ]) {
    expect(line).toMatch(FRAMEWORK);
  }
  expect("import { x } from './cdktf';").not.toMatch(FRAMEWORK);
});
