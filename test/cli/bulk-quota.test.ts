// Bulk commands at Cognito's quotas, small and fast (the 100,000-user run is `npm run bench -- --only
// bulk`): the twin enforces the per-category request rates (twin/quotas.ts), the commands pace each
// category to their budget, and when the budget overstates the account's quota the SDK's adaptive
// retry strategy backs off until every request succeeds. Assertions are on request and throttle
// counts and on the quota arithmetic, never on wall-clock time.
import * as links from '../../cli/commands/links';
import * as unlink from '../../cli/commands/unlink';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIST_USERS_PAGE_MAX } from '../../policy/cognito-limits';
import { identities, runCommand, seedNative, useOpsTwin } from './helpers';

jest.setTimeout(60_000);

const ops = useOpsTwin();
const dir = mkdtempSync(join(tmpdir(), 'link-policy-bulk-quota-'));
afterEach(() => ops.twin.quotas.configure(undefined));

const USERS = 600;

function bigPool(linked: boolean) {
  const pool = ops.pool();
  for (let i = 0; i < USERS; i += 1) seedNative(pool, `u${i}`, `u${i}@acme.com`, linked ? { linked: [{ provider: 'AcmeEntraID', subject: `Obj-${i}` }] } : {});
  return pool;
}

describe('bulk commands at the quotas', () => {
  it('links paces ListUsers to its budget: every page admitted, none throttled, the quota-bound minimum is pages / rate', async () => {
    const pool = bigPool(false);
    // UserList at 10 requests a second on both sides.
    ops.twin.quotas.configure({ rates: { UserList: 10 } });
    const result = await runCommand(links, [...ops.target(pool), '--tenant', 'acme-corp', '--format', 'csv', '--quota-share', '1', '--quota', 'UserList=10']);
    expect(result.code).toBe(0);
    // The twin serves short pages as Cognito may (seeded), so there are at least USERS / 60 pages.
    const pages = ops.twin.requests.filter({ poolId: pool.id, operation: 'ListUsers' }).length;
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(USERS / LIST_USERS_PAGE_MAX));
    expect(ops.twin.quotas.stats.UserList).toEqual({ admitted: pages, throttled: 0 });
    expect(result.stdout.split('\n').filter((line) => /@acme\.com/.test(line))).toHaveLength(USERS);
    // The arithmetic the bench reports: admitted / rate is the fastest any client could list this pool.
    expect(ops.twin.quotas.stats.UserList!.admitted / ops.twin.quotas.rate('UserList')).toBe(pages / 10);
  });

  it('a budget that overstates the quota is throttled, and the SDK\'s adaptive retries back off until every unlink is made', async () => {
    const pool = bigPool(true);
    const rows = join(dir, 'unlink.csv');
    writeFileSync(rows, ['user,provider,subject', ...Array.from({ length: 120 }, (_, i) => `u${i},AcmeEntraID,Obj-${i}`)].join('\n'));
    // The account allows 25 UserUpdate requests a second (the default); the run is told 250.
    ops.twin.quotas.configure({ rates: { UserUpdate: 25, UserRead: 1000, UserPoolRead: 100 } });
    const result = await runCommand(unlink, [...ops.target(pool), '--input', rows, '--yes', '--allow-relink', '--quota-share', '1', '--quota', 'UserUpdate=250', '--quota', 'UserRead=1000', '--concurrency', '32']);
    expect(result.stdout).toContain('unlink: 120 unlinked, 0 refused, 0 failed');
    expect(result.code).toBe(0);
    const update = ops.twin.quotas.stats.UserUpdate!;
    // Two writes a row (the unlink and the sign-out), each admitted exactly once.
    expect(update.admitted).toBe(240);
    expect(update.throttled).toBeGreaterThan(0);
    // The CLI counted the throttles the twin answered, and says so in its summary (its request count
    // also holds attempts that never reached the quota check, e.g. a connection reset on a loaded machine).
    const [, sent, throttled] = /UserUpdate (\d+) \((\d+) throttled\)/.exec(result.stdout) ?? [];
    expect(Number(throttled)).toBe(update.throttled);
    expect(Number(sent)).toBeGreaterThanOrEqual(240 + update.throttled);
    expect(identities(pool, 'u0')).toEqual([]);
    expect(identities(pool, 'u119')).toEqual([]);
    expect(identities(pool, 'u120')).toEqual(['AcmeEntraID:Obj-120']);
  });
});
