// The hostile policy corpus (hostile-policies/, described in hostile/corpus.ts): every file is
// rejected with the rule and the file:line:column its header names, and none crashes the
// validator. Policies come from pull requests, so the validator is the first thing an attacker
// reaches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedProblems, hostileCases, validateCase } from './hostile/corpus';

const cases = hostileCases();
const scratch = mkdtempSync(join(tmpdir(), 'link-policy-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('the corpus holds at least 50 hostile files, each saying what it is and what must be reported', () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
  for (const hostile of cases) {
    expect({ name: hostile.name, why: hostile.why !== '', expectations: hostile.expectations.length > 0 }).toEqual({ name: hostile.name, why: true, expectations: true });
  }
});

it('every case sorts after the baseline tenant (acme.yaml), so cross-tenant problems are reported in the case file', () => {
  expect(cases.filter((hostile) => hostile.as !== '_pool.yaml' && hostile.as <= 'acme.yaml').map((hostile) => hostile.name)).toEqual([]);
});

it.each(cases.map((hostile) => [hostile.name, hostile] as const))('%s: rejected with its rule at its position, nothing else reported', (_name, hostile) => {
  // A throw here fails the test: the validator must answer, whatever the file holds.
  const result = validateCase(hostile, scratch);
  expect(result.ok).toBe(false);
  const problems = result.ok ? [] : result.problems;
  expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.rule}`)).toEqual(expect.arrayContaining(expectedProblems(hostile)));
  // The baseline files stay valid: every error is about the case's own file.
  expect([...new Set(problems.map((p) => p.file))]).toEqual([`policies/${hostile.as}`]);
});
