// The custom attribute lock (policies/custom-attributes.lock): removing the last policy that maps
// a custom attribute is refused at synth with the reason, instead of an apply that fails part-way.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_POLICIES, only, synthStack, temporaryDir } from './synth-helpers';

function policiesWithLock(lock: string): string {
  const dir = temporaryDir('link-policy-lock');
  cpSync(EXAMPLE_POLICIES, dir, { recursive: true });
  writeFileSync(join(dir, 'custom-attributes.lock'), lock);
  return dir;
}

it('the example policies lock exactly what they declare', () => {
  expect(synthStack({ policiesDir: EXAMPLE_POLICIES }).stack.linkPolicy.info.warnings).toEqual([]);
});

it('refuses a locked attribute no policy declares, naming the lock line and the reason', () => {
  const dir = policiesWithLock('custom:idp_sub\ncustom:legacy_id\n');
  expect(() => synthStack({ policiesDir: dir })).toThrow(/custom-attributes\.lock:2: custom:legacy_id is locked but no policy declares it any more\. Cognito cannot remove a custom attribute/);
});

it('keeps a retained attribute in the pool', () => {
  const dir = policiesWithLock('custom:idp_sub\ncustom:legacy_id retained: tenant initech left on 2027-01-10\n');
  const pool = only(synthStack({ policiesDir: dir }).json, 'aws_cognito_user_pool');
  expect(pool.schema.map((attribute: { name: string }) => attribute.name)).toEqual(['idp_sub', 'legacy_id']);
});

it('refuses a declared attribute missing from the lock, naming the policy that maps it', () => {
  const dir = policiesWithLock('# nothing yet\n');
  expect(() => synthStack({ policiesDir: dir })).toThrow(/acme-corp\.yaml: custom:idp_sub is not in .*custom-attributes\.lock: add the line 'custom:idp_sub'/);
});
