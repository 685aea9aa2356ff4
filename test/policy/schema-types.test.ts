// policy/schema-types.generated.ts must be exactly what `npm run gen:types` produces from the schemas.
// The generator runs in a child process: json-schema-to-typescript loads its formatter with a
// dynamic import, which jest's module sandbox refuses.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';

test('the committed TypeScript types match the schemas (run `npm run gen:types` after a schema change)', () => {
  const script =
    "require('./scripts/run-ts.cjs').runTs('scripts/gen-policy-types.ts', []).generatePolicyTypes()" +
    '.then((text) => process.stdout.write(text), (error) => { console.error(error); process.exitCode = 1; })';
  const generated = spawnSync(process.execPath, ['-e', script], { cwd: packageRoot(), encoding: 'utf8' });
  expect(generated.stderr).toBe('');
  expect(readFileSync(join(packageRoot(), 'policy', 'schema-types.generated.ts'), 'utf8')).toBe(generated.stdout);
});
