// `link-policy unlink --input`: the single unlink's rules for every row of a file on the shared
// bulk machinery (cli/ops/bulk/pass.ts): a line per row with its outcome and reason code, the
// engine's relink check per row, sessions ended after each unlink, a write-ahead journal so a rerun
// repeats nothing, and the bulk-only options refused without --input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as unlink from '../../cli/commands/unlink';
import { identities, runCommand, seedNative, useOpsTwin } from './helpers';

jest.setTimeout(20_000);

const ops = useOpsTwin();
const dir = mkdtempSync(join(tmpdir(), 'link-policy-unlink-input-'));
const FAST = ['--quota-share', '1', '--quota', 'UserList=1000', '--quota', 'UserRead=1000', '--quota', 'UserUpdate=1000'];

function world() {
  const pool = ops.pool();
  seedNative(pool, 'alice', 'alice@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Alice-Obj' }] });
  seedNative(pool, 'bob', 'bob@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Bob-Obj' }] });
  seedNative(pool, 'carol', 'carol@acme.com');
  const rows = join(dir, `rows-${pool.id}.csv`);
  writeFileSync(
    rows,
    ['user,provider,subject', 'alice,AcmeEntraID,Alice-Obj', 'bob@acme.com,AcmeEntraID,', 'carol,AcmeEntraID,', 'nobody,AcmeEntraID,X', 'alice,Cognito,'].join('\n'),
  );
  return { pool, rows };
}

describe('link-policy unlink --input', () => {
  it('dry run: a line per row with its reason code; rows the trigger would link again are refused (would_relink); nothing changed', async () => {
    const { pool, rows } = world();
    const result = await runCommand(unlink, [...ops.target(pool), '--input', rows, ...FAST]);
    expect(result.code).toBe(3);
    const lines = result.stdout.split('\n').filter((line) => line.startsWith('row ')).map((line) => line.replace(/\]: .*$/, ']'));
    expect(lines).toEqual([
      'row 1 (line 2): alice -/- AcmeEntraID:Alice-Obj: refused [would_relink]',
      'row 2 (line 3): b…@acme.com -/- AcmeEntraID:Bob-Obj: refused [would_relink]',
      'row 3 (line 4): carol -/- AcmeEntraID:?: refused [not_linked]',
      'row 4 (line 5): nobody -/- AcmeEntraID:X: refused [no_such_user]',
      'row 5 (line 6): alice -/- Cognito: refused [invalid_row]',
    ]);
    expect(identities(pool, 'alice')).toEqual(['AcmeEntraID:Alice-Obj']);
  });

  it('--yes --allow-relink: unlinks, ends each user\'s sessions, journals; a rerun repeats no unlink', async () => {
    const { pool, rows } = world();
    const report = join(dir, `report-${pool.id}.json`);
    const first = await runCommand(unlink, [...ops.target(pool), '--input', rows, ...FAST, '--yes', '--allow-relink', '--report', report]);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain('row 1 (line 2): alice -/- AcmeEntraID:Alice-Obj: unlinked, sessions ended\n');
    expect(first.stdout).toContain('row 2 (line 3): b…@acme.com -/- AcmeEntraID:Bob-Obj: unlinked, sessions ended\n');
    expect(first.stdout).toContain('unlink: 2 unlinked, 3 refused, 0 failed');
    expect(identities(pool, 'alice')).toEqual([]);
    expect(identities(pool, 'bob')).toEqual([]);
    const requests = (operation: string) => ops.twin.requests.filter({ poolId: pool.id, operation }).length;
    expect(requests('AdminDisableProviderForUser')).toBe(2);
    expect(requests('AdminUserGlobalSignOut')).toBe(2);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json).toMatchObject({ command: 'unlink', dry_run: false, counts: { unlinked: 2, refused: 3, failed: 0 } });
    expect(json.requests.UserUpdate.requests).toBe(4);

    const again = await runCommand(unlink, [...ops.target(pool), '--input', rows, ...FAST, '--yes', '--allow-relink']);
    // Refused rows are decided again (nothing was written for them); unlinked ones are not repeated.
    expect(again.stdout).toContain('unlink: 0 unlinked, 3 refused, 0 failed, 2 done in an earlier run');
    expect(requests('AdminDisableProviderForUser')).toBe(2);
    expect(requests('AdminUserGlobalSignOut')).toBe(2);
  });

  it('options of one identity are refused with --input, and bulk options without it', async () => {
    const { pool, rows } = world();
    const withUser = await runCommand(unlink, [...ops.target(pool), '--input', rows, '--user', 'alice']);
    expect(withUser.code).toBe(2);
    expect(withUser.stderr).toContain('--user names one identity; with --input every row names its own');
    const journalAlone = await runCommand(unlink, [...ops.target(pool), '--user', 'alice', '--provider', 'AcmeEntraID', '--journal', 'x']);
    expect(journalAlone.code).toBe(2);
    expect(journalAlone.stderr).toContain('--journal goes with --input');
  });
});
