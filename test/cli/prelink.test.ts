// `link-policy prelink` against the twin: the trigger's safety checks per row, dry run, --yes,
// idempotent reruns, the journal across a SIGKILL, throttling with backoff, and the report.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prelink from '../../cli/commands/prelink';
import type { UserPool } from '../../twin';
import { identities, runCommand, seedNative, spawnCli, useOpsTwin } from './helpers';

const ops = useOpsTwin();
const dir = mkdtempSync(join(tmpdir(), 'link-policy-prelink-'));
let files = 0;
function input(text: string, extension = 'csv'): string {
  files += 1;
  const path = join(dir, `rows-${files}.${extension}`);
  writeFileSync(path, text);
  return path;
}

function linkCalls(pool: UserPool) {
  return ops.twin.requests.filter({ poolId: pool.id }).filter((request) => request.operation === 'AdminLinkProviderForUser');
}

/** One row per safety rule, with the user each needs; the last one names its user by an email only ListUsers finds (unverified, so no alias). */
function safetyPool(): { pool: UserPool; csv: string } {
  const pool = ops.pool();
  seedNative(pool, 'alice', 'alice@acme.com');
  seedNative(pool, 'bob', 'bob@acme.com', { verified: false });
  seedNative(pool, 'carol', 'carol@acme.com', { status: 'UNCONFIRMED' });
  seedNative(pool, 'dan', 'dan@example.org');
  seedNative(pool, 'eve', 'eve@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Eve-Obj' }] });
  seedNative(pool, 'fay', 'fay@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Fay-Old-Obj' }] });
  seedNative(pool, 'gus', 'gus@globex.example');
  pool.seedUser({ federatedIdentity: { provider: 'GlobexOkta', subject: '00uGus' }, status: 'EXTERNAL_PROVIDER', attributes: { email: 'gus@globex.example' } });
  seedNative(pool, 'hal', 'hal@acme.com');
  seedNative(pool, 'hal-old', 'hal.old@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Hal-Obj' }] });
  seedNative(pool, 'ivy', 'ivy@globex.example');
  const csv = [
    'user,provider,subject',
    'alice,AcmeEntraID,Alice-Obj',
    'bob,AcmeEntraID,Bob-Obj',
    'carol,AcmeEntraID,Carol-Obj',
    'dan,AcmeEntraID,Dan-Obj',
    'eve,AcmeEntraID,Eve-Obj',
    'fay,AcmeEntraID,Fay-New-Obj',
    'gus,GlobexOkta,00uGus',
    'hal,AcmeEntraID,Hal-Obj',
    'ivy@globex.example,globexokta,00uIvy',
    'nobody,AcmeEntraID,X-Obj',
    'alice,PartnerIdP,P-1',
    'alice,AcmeEntraID',
    'bob@acme.com,AcmeEntraID,Bob-Obj',
  ].join('\n');
  return { pool, csv };
}

describe('link-policy prelink', () => {
  it('dry run: every row judged by the trigger rules, nothing linked, the report written, exit 3 for skipped rows', async () => {
    const { pool, csv } = safetyPool();
    const report = join(dir, 'dry-report.json');
    const result = await runCommand(prelink, [...ops.target(pool), '--input', input(csv), '--rate', '200', '--report', report]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^prelink \(dry run\): \S+ -> pool \S+: 13 rows: 2 would link, 1 already linked, 10 skipped, 0 failed\n/);
    expect(result.stdout).toMatch(/dry run: nothing changed; add --yes to link\n$/);
    expect(linkCalls(pool)).toEqual([]);
    expect(ops.twin.requests.operations({ poolId: pool.id })).toContain('ListUsers');
    expect(existsSync(`${join(dir, `rows-${files}.csv`)}.journal.jsonl`)).toBe(false);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json).toMatchObject({ format: 1, pool: pool.id, dry_run: true, counts: { would_link: 2, already_linked: 1, skipped: 10, failed: 0, linked: 0 } });
    expect(json.rows.map((row: { row: number; outcome: string; reason?: string }) => `${row.row} ${row.outcome}${row.reason ? ` ${row.reason}` : ''}`)).toEqual([
      '1 would_link',
      '2 skipped unverified',
      '3 skipped unconfirmed',
      '4 skipped domain_not_owned',
      '5 already_linked',
      '6 skipped linked_to_other_subject',
      '7 skipped identity_signed_up',
      '8 skipped identity_linked_elsewhere',
      '9 would_link',
      '10 skipped user_not_found',
      '11 skipped unknown_provider',
      '12 skipped invalid_row',
      '13 skipped unverified',
    ]);
    expect(json.rows[6].detail).toContain('Merging is not currently supported');
    expect(json.rows[6].detail).toContain('this tool never deletes users');
  });

  it('--yes links with the exact provider name and subject; a rerun repeats no link, even with a fresh journal', async () => {
    const { pool, csv } = safetyPool();
    const rows = input(csv);
    const first = await runCommand(prelink, [...ops.target(pool), '--input', rows, '--rate', '200', '--yes']);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain(': 13 rows: 2 linked, 1 already linked, 10 skipped, 0 failed\n');
    expect(identities(pool, 'alice')).toEqual(['AcmeEntraID:Alice-Obj']);
    expect(identities(pool, 'ivy')).toEqual(['GlobexOkta:00uIvy']);
    expect(pool.usernames).toHaveLength(11); // none created, none deleted
    expect(linkCalls(pool)).toHaveLength(2);

    const resumed = await runCommand(prelink, [...ops.target(pool), '--input', rows, '--rate', '200', '--yes']);
    expect(resumed.stdout).toContain(': 13 rows: 0 linked, 0 already linked, 10 skipped, 0 failed, 3 done in an earlier run\n');
    const fresh = await runCommand(prelink, [...ops.target(pool), '--input', rows, '--rate', '200', '--yes', '--journal', join(dir, 'fresh.jsonl')]);
    expect(fresh.stdout).toContain(': 13 rows: 0 linked, 3 already linked, 10 skipped, 0 failed\n');
    expect(linkCalls(pool)).toHaveLength(2);
  });

  it('throttled links back off with jitter and all succeed; the summary counts the retries', async () => {
    const pool = ops.pool();
    const names = ['ann', 'ben', 'cat', 'dov'];
    for (const name of names) seedNative(pool, name, `${name}@gmail.com`);
    ops.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'throttle', times: 3, poolId: pool.id });
    const rows = input(['user,provider,subject', ...names.map((name, i) => `${name},Google,10${i}`)].join('\n'));
    const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, '--rate', '200', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(': 4 rows: 4 linked, 0 already linked, 0 skipped, 0 failed\n');
    expect(result.stdout).toMatch(/ 3 retried after throttling or errors\n/);
    const calls = linkCalls(pool);
    expect(calls.map((call) => call.errorType ?? 'ok')).toEqual(['TooManyRequestsException', 'TooManyRequestsException', 'TooManyRequestsException', 'ok', 'ok', 'ok', 'ok']);
    for (const name of names) expect(identities(pool, name)).toHaveLength(1);
  });

  it('killed mid-run (SIGKILL), then resumed from the journal: every row linked once, no link repeated', async () => {
    const pool = ops.pool();
    const count = 20;
    for (let i = 0; i < count; i += 1) seedNative(pool, `user${i}`, `user${i}@globex.example`);
    const rows = input(['user,provider,subject', ...Array.from({ length: count }, (_, i) => `user${i},GlobexOkta,00uUser${i}`)].join('\n'));
    const killed = await spawnCli(['prelink', ...ops.target(pool), '--input', rows, '--rate', '12', '--yes'], {
      onOutput: (child, text) => {
        // Plain progress lines (not a terminal): kill at the first tenth reported past 30%.
        const done = [...text.matchAll(/prelink: (\d+)\/20 rows/g)].map((match) => Number(match[1]));
        if (Math.max(0, ...done) >= 6) child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const before = linkCalls(pool).length;
    expect(before).toBeGreaterThanOrEqual(6);
    expect(before).toBeLessThan(count);

    const resumed = await runCommand(prelink, [...ops.target(pool), '--input', rows, '--rate', '200', '--yes']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/: 20 rows: \d+ linked, \d+ already linked, 0 skipped, 0 failed, \d+ done in an earlier run\n/);
    const calls = linkCalls(pool);
    expect(calls).toHaveLength(count);
    expect(calls.every((call) => call.status === 200)).toBe(true);
    for (let i = 0; i < count; i += 1) expect(identities(pool, `user${i}`)).toEqual([`GlobexOkta:00uUser${i}`]);
  }, 30_000);

  it('JSON Lines input; attribute links for SAML, refused for social providers', async () => {
    const pool = ops.pool();
    seedNative(pool, 'jo', 'jo@acme.com');
    seedNative(pool, 'kay', 'kay@gmail.com');
    const rows = input(
      [
        JSON.stringify({ user: 'jo', provider: 'AcmeEntraID', attribute_name: 'email', attribute_value: 'jo@acme.com' }),
        JSON.stringify({ user: 'kay', provider: 'Google', attribute_name: 'email', attribute_value: 'kay@gmail.com' }),
        JSON.stringify({ user: 'jo', provider: 'AcmeEntraID', attribute_name: 'nickname', attribute_value: 'j' }),
      ].join('\n'),
      'jsonl',
    );
    const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, '--rate', '200', '--yes']);
    expect(result.stdout).toContain(': 3 rows: 1 linked, 0 already linked, 2 skipped, 0 failed\n');
    expect(result.stdout).toContain('skipped social_needs_subject (1): Google is a social provider: Cognito links it by subject only (Cognito_Subject)\n    rows 2 (line 2)\n');
    expect(result.stdout).toContain('skipped attribute_not_mapped (1): AcmeEntraID does not map nickname');
    expect(identities(pool, 'jo')).toEqual(['AcmeEntraID:jo@acme.com']);
  });

  it('usage and input errors exit 2 before any call', async () => {
    const pool = ops.pool();
    const target = ops.target(pool);
    expect((await runCommand(prelink, target)).stderr).toContain('--input is required');
    expect((await runCommand(prelink, [...target, '--input', input('user,provider,sub\n')])).stderr).toContain("unknown column 'sub'");
    expect((await runCommand(prelink, [...target, '--input', input('user,provider,subject\n'), '--rate', '0'])).stderr).toContain('--rate needs a positive number');
    const journal = join(dir, 'other-pool.jsonl');
    writeFileSync(journal, '{"journal":"link-policy prelink","format":1,"pool":"eu-west-1_Other"}\n');
    const wrong = await runCommand(prelink, [...target, '--input', input('user,provider,subject\n'), '--yes', '--journal', journal]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is the journal of pool eu-west-1_Other');
    expect(ops.twin.requests.filter({ poolId: pool.id })).toEqual([]);
  });
});
