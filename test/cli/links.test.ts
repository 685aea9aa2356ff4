// `link-policy links`: a tenant's users and their identities in three formats, against the twin.
import * as links from '../../cli/commands/links';
import type { UserPool } from '../../twin';
import { runCommand, seedNative, spawnCli, useOpsTwin } from './helpers';

const ops = useOpsTwin();

function acmePool(): UserPool {
  const pool = ops.pool();
  seedNative(pool, 'alice', 'alice@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Alice-Obj' }] });
  seedNative(pool, 'bob', 'bob@acme.co.uk', { verified: false });
  seedNative(pool, 'moved', 'moved@elsewhere.example', { linked: [{ provider: 'AcmeEntraID', subject: 'Moved-Obj' }] });
  seedNative(pool, 'zed', 'zed@gmail.com', { linked: [{ provider: 'Google', subject: '1050' }] });
  pool.seedUser({ federatedIdentity: { provider: 'AcmeEntraID', subject: 'New-Obj' }, status: 'EXTERNAL_PROVIDER', attributes: { email: 'new@acme.com' } });
  // More than one ListUsers page: every page is read.
  for (let i = 0; i < 70; i += 1) seedNative(pool, `other${i}`, `other${i}@globex.example`);
  return pool;
}

describe('link-policy links', () => {
  it('table (fixed columns, pool order, written as pages arrive): the tenant users (by domain or by identity), their identities, and a count', async () => {
    const pool = acmePool();
    const result = await runCommand(links, [...ops.target(pool), '--tenant', 'acme-corp']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('USERNAME                 STATUS             ENABLED  EMAIL                              IDENTITIES');
    // Rows come in the pool's listing order, which ListUsers does not promise (the twin's is seeded, not creation order).
    expect(lines.slice(1, 5).sort()).toEqual([
      'acmeentraid_new-obj      EXTERNAL_PROVIDER  yes      new@acme.com (unverified)          AcmeEntraID:New-Obj (own sign-in)',
      'alice                    CONFIRMED          yes      alice@acme.com                     AcmeEntraID:Alice-Obj',
      'bob                      CONFIRMED          yes      bob@acme.co.uk (unverified)        -',
      'moved                    CONFIRMED          yes      moved@elsewhere.example            AcmeEntraID:Moved-Obj',
    ]);
    expect(lines.slice(5)).toEqual([
      `4 users of tenant acme-corp (of 75 in pool ${pool.id}): 2 linked to its providers, 1 federated (created by their own sign-in), 1 with no identity of its providers`,
      '',
    ]);
    expect(ops.twin.requests.operations({ poolId: pool.id }).filter((operation) => operation === 'ListUsers').length).toBeGreaterThan(1);
  });

  it('json and csv', async () => {
    const pool = acmePool();
    const json = JSON.parse((await runCommand(links, [...ops.target(pool), '--tenant', 'acme-corp', '--format', 'json'])).stdout);
    expect(json).toMatchObject({ format: 2, pool: pool.id, tenant: 'acme-corp', counts: { users: 4, linked: 2, federated: 1, scanned: 75 } });
    expect(json.users.find((user: { username: string }) => user.username === 'alice')).toEqual({
      username: 'alice',
      status: 'CONFIRMED',
      enabled: true,
      email: 'alice@acme.com',
      email_verified: true,
      identities: [{ provider: 'AcmeEntraID', subject: 'Alice-Obj', type: 'SAML', primary: false, linked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), tenant: true }],
    });
    const csv = (await runCommand(links, [...ops.target(pool), '--tenant', 'lumen', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('username,status,enabled,email,email_verified,provider,subject,primary,linked_at');
    expect(csv[1]).toMatch(/^zed,CONFIRMED,true,zed@gmail\.com,true,Google,1050,false,\d{4}-/);
    expect(csv).toHaveLength(3);
  });

  it('runs as the spawned CLI; a missing tenant is a usage error', async () => {
    const pool = acmePool();
    const result = await spawnCli(['links', ...ops.target(pool), '--tenant', 'globex', '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(71);
    const usage = await runCommand(links, [...ops.target(pool), '--tenant', 'initech']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("no tenant 'initech' in policies (acme-corp, globex, lumen)");
  }, 20_000);
});
