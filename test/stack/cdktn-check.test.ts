// The pieces of scripts/check-cdktn.ts that decide what "the same Terraform" means (the check
// itself installs CDK Terrain and runs in CI: npm run check:cdktn).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../policy/package-root';
import { renameToCdktn, withoutMetadata } from '../../scripts/check-cdktn';

it('renames every framework and provider specifier of the boundary file, and nothing else', () => {
  const boundary = readFileSync(join(packageRoot(), 'stack', 'cdktf.ts'), 'utf8');
  const renamed = renameToCdktn(boundary);
  expect(renamed).not.toMatch(/['"](?:cdktf|@cdktf\/)/);
  expect(renamed).toContain("from 'cdktn';");
  expect(renamed).toContain("from 'cdktn/lib/testing';");
  expect(renamed).toContain("from '@cdktn/provider-aws/lib/cognito-user-pool';");
  expect(renameToCdktn("import x from './cdktf';")).toBe("import x from './cdktf';");
});

it('compares Terraform without the framework metadata, keys in any order', () => {
  const a = { '//': { metadata: { version: '0.21.0' } }, resource: { b: { x: { '//': { m: 1 }, v: 1 } }, a: {} } };
  const b = { resource: { a: {}, b: { x: { v: 1, '//': { m: 2 } } } }, '//': { metadata: { version: '0.24.0' } } };
  expect(JSON.stringify(withoutMetadata(a))).toBe(JSON.stringify(withoutMetadata(b)));
  expect(JSON.stringify(withoutMetadata({ resource: { a: { v: 1 } } }))).not.toBe(JSON.stringify(withoutMetadata({ resource: { a: { v: 2 } } })));
});
