// Unlink for good (issue 16 item 3), end to end on the twin: `unlink --record` writes the identity
// into its tenant's policy (linking.do_not_relink, comments kept), `unlink --yes` then unlinks it
// and ends the user's sessions; with that policy deployed (the BUILT trigger), the identity's next
// sign-in is refused with relink_blocked instead of being linked straight back, and prelink refuses
// it too. Without the entry, the same sign-in relinks: the failure this closes.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prelink from '../../cli/commands/prelink';
import * as unlink from '../../cli/commands/unlink';
import { packageRoot } from '../../policy/package-root';
import { loadOrThrow } from '../support/trigger-artifact';
import { globexClaims, identitiesOf, lastDecision, seedNative, useE2E } from '../lambda/e2e/harness';
import { runCommand } from './helpers';

jest.setTimeout(60_000);

const e2e = useE2E(16);
const dir = mkdtempSync(join(tmpdir(), 'unlink-for-good-'));

function target(poolId: string): string[] {
  return ['--endpoint', e2e.twin.endpoint, '--region', e2e.twin.region, '--user-pool-id', poolId];
}

describe('unlink for good', () => {
  it('record, unlink with sessions ended; the deployed trigger and prelink never relink the identity, which without the entry relinks', async () => {
    const policies = join(dir, 'policies');
    cpSync(join(packageRoot(), 'policies'), policies, { recursive: true });
    const before = loadOrThrow(policies);

    // Deployed without the entry: alice's Okta identity gets linked by her first sign-in.
    const pool = e2e.pool({ policySet: before, switches: { firstSignInAfterInFlightLink: 'succeeds' } });
    seedNative(pool, 'alice', 'alice@globex.example');
    await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uAlice', claims: globexClaims('00uAlice', 'alice@globex.example'), client: 'web' });
    expect(identitiesOf(pool, 'alice')).toEqual([{ providerName: 'GlobexOkta', userId: '00uAlice' }]);

    const args = [...target(pool.id), '--user', 'alice', '--provider', 'GlobexOkta', '--policies', policies];
    const refused = await runCommand(unlink, [...args, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the trigger would link this identity again at its next sign-in');

    const recorded = await runCommand(unlink, [...args, '--record', '--note', 'TICKET-42']);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('recorded: ');
    expect(recorded.stdout).toContain('globex.yaml linking.do_not_relink += {provider: GlobexOkta, subject: 00uAlice}; nothing changed in Cognito');
    const file = readFileSync(join(policies, 'globex.yaml'), 'utf8');
    expect(file).toContain('  do_not_relink:\n    - provider: GlobexOkta\n      subject: "00uAlice"\n      note: TICKET-42\n');
    expect(file).toContain('on_no_match: deny                       # Globex provisions every user first'); // the rest of the file as it was
    expect(file).toContain('# Globex: OIDC through Okta.'); // comments survive
    expect(identitiesOf(pool, 'alice')).toHaveLength(1);

    const done = await runCommand(unlink, [...args, '--yes']);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('relink    never: the trigger decides relink_blocked for its next sign-in\n');
    expect(done.stdout).toMatch(/its sessions are ended \(AdminUserGlobalSignOut\); the trigger will not link it again \(relink_blocked\)\n$/);
    expect(identitiesOf(pool, 'alice')).toEqual([]);
    expect(pool.requests.filter((request) => request.operation === 'AdminUserGlobalSignOut').map((request) => request.status)).toEqual([200]);

    // This pool still runs the trigger built before the entry: the identity links straight back.
    await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uAlice', claims: globexClaims('00uAlice', 'alice@globex.example'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'linked' });

    // Deployed with the entry: refused, nothing linked, no separate user created.
    const deployed = e2e.pool({ policySet: loadOrThrow(policies) });
    seedNative(deployed, 'alice', 'alice@globex.example');
    const again = await deployed.federatedSignIn({ provider: 'GlobexOkta', subject: '00uAlice', claims: globexClaims('00uAlice', 'alice@globex.example'), client: 'web' });
    expect(again.ok).toBe(false);
    expect(lastDecision(deployed)).toMatchObject({ reason: 'relink_blocked', decision: 'refuse' });
    expect(identitiesOf(deployed, 'alice')).toEqual([]);
    expect(deployed.usernames).toEqual(['alice']);
    // Another identity of the same provider still links.
    seedNative(deployed, 'bob', 'bob@globex.example');
    await deployed.federatedSignIn({ provider: 'GlobexOkta', subject: '00uBob', claims: globexClaims('00uBob', 'bob@globex.example'), client: 'web' });
    expect(lastDecision(deployed)).toMatchObject({ reason: 'linked' });

    // prelink decides with the same engine: refused too.
    const rows = join(dir, 'rows.csv');
    writeFileSync(rows, 'user,provider,subject,idp_email,idp_email_verified\nalice,GlobexOkta,00uAlice,alice@globex.example,true\n');
    const pre = await runCommand(prelink, [...target(deployed.id), '--input', rows, '--policies', policies, '--yes']);
    expect(pre.code).toBe(3);
    expect(pre.stdout).toContain('refused [relink_blocked]: linking.do_not_relink: this GlobexOkta identity was unlinked for good');
    expect(identitiesOf(deployed, 'alice')).toEqual([]);
  });
});
