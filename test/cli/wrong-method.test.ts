// `link-policy wrong-method` against the twin, with the example policies: the accounts the
// trigger's engine refuses to sign in through their method (the same users test/lambda/e2e/
// sign-in-methods.test.ts shows refused by the built trigger), in three formats, never an email.
import * as wrongMethod from '../../cli/commands/wrong-method';
import { identitySignIns } from '../../cli/ops/account-methods';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import type { UserPool } from '../../twin';
import { examplePolicies, runCommand, seedNative, spawnCli, useOpsTwin } from './helpers';

const ops = useOpsTwin();

function seededPool(): UserPool {
  const pool = ops.pool();
  // A Google profile with a Globex address, made before Globex refused other providers.
  pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'Google', subject: '104882731449000000003' }, attributes: { email: 'early@globex.example', email_verified: 'true' } });
  // A Globex user linked to Okta (allowed) and, from before, to Google (refused).
  seedNative(pool, 'gwen', 'gwen@globex.example', { linked: [{ provider: 'GlobexOkta', subject: '00u1GwEn' }, { provider: 'Google', subject: '104882731449000000004' }] });
  // Allowed: an Acme user on Entra, a gmail.com user on Google (lumen refuses nothing), Globex passwords.
  seedNative(pool, 'alice', 'alice@acme.com', { linked: [{ provider: 'AcmeEntraID', subject: 'Alice-Oid' }] });
  seedNative(pool, 'zed', 'zed@gmail.com', { linked: [{ provider: 'Google', subject: '1050' }] });
  // An Acme address signing in through GlobexOkta: acme-corp refuses other tenants' IdPs.
  pool.seedUser({ status: 'EXTERNAL_PROVIDER', federatedIdentity: { provider: 'GlobexOkta', subject: '00u1Moved' }, attributes: { email: 'moved@acme.com', email_verified: 'true' } });
  // More than one ListUsers page: every page is read.
  for (let i = 0; i < 70; i += 1) seedNative(pool, `other${i}`, `other${i}@globex.example`);
  return pool;
}

describe('link-policy wrong-method', () => {
  it('table: the accounts of a refused method, the tenant that refuses it, the refused identities only, and counts; no email anywhere', async () => {
    const pool = seededPool();
    const result = await runCommand(wrongMethod, ops.target(pool));
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('USERNAME                     STATUS             TENANT       EMAIL DOMAIN         KIND             REFUSED IDENTITIES');
    expect(lines.slice(1, 4).sort()).toEqual([
      'globexokta_00u1moved         EXTERNAL_PROVIDER  acme-corp    acme.com             profile          GlobexOkta:00u1Moved (own sign-in)',
      'google_104882731449000000003 EXTERNAL_PROVIDER  globex       globex.example       profile          Google:104882731449000000003 (own sign-in)',
      'gwen                         CONFIRMED          globex       globex.example       linked           Google:104882731449000000004',
    ]);
    expect(lines.slice(4)).toEqual([
      `3 accounts of a refused method (of 75 users in pool ${pool.id}): 2 federated profiles (remove the account), 1 with a linked identity of a refused provider (link-policy unlink)`,
      '',
    ]);
    expect(result.stdout + result.stderr).not.toMatch(/@/);
    expect(ops.twin.requests.operations({ poolId: pool.id }).filter((operation) => operation === 'ListUsers').length).toBeGreaterThan(1);
  });

  it('json, csv, and --tenant', async () => {
    const pool = seededPool();
    const json = JSON.parse((await runCommand(wrongMethod, [...ops.target(pool), '--format', 'json', '--tenant', 'globex'])).stdout);
    expect(json).toMatchObject({ format: 1, pool: pool.id, tenant: 'globex', counts: { accounts: 2, federated_profiles: 1, linked_identities: 1, unreadable: 0, scanned: 75 } });
    expect(json.accounts.find((account: { username: string }) => account.username === 'gwen')).toEqual({
      username: 'gwen',
      status: 'CONFIRMED',
      enabled: true,
      tenant: 'globex',
      email_domain: 'globex.example',
      kind: 'linked_identity',
      refused: [{ provider: 'Google', subject: '104882731449000000004', primary: false }],
    });
    const csv = (await runCommand(wrongMethod, [...ops.target(pool), '--format', 'csv', '--tenant', 'acme-corp'])).stdout.split('\n');
    expect(csv).toEqual(['username,status,enabled,tenant,email_domain,kind,provider,subject,primary', 'globexokta_00u1moved,EXTERNAL_PROVIDER,true,acme-corp,acme.com,federated_profile,GlobexOkta,00u1Moved,true', '']);
  });

  it('runs as the spawned CLI; an unknown tenant is a usage error', async () => {
    const pool = seededPool();
    const result = await spawnCli(['wrong-method', ...ops.target(pool), '--format', 'csv']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(4);
    const usage = await runCommand(wrongMethod, [...ops.target(pool), '--tenant', 'initech']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("no tenant 'initech' in policies (acme-corp, globex, lumen)");
  }, 20_000);
});

describe('the per-user decision (cli/ops/account-methods.ts)', () => {
  const index = indexPolicySet(examplePolicies());
  const user = (status: string, email: string, identities: object[], username = 'u') => ({ username, status, enabled: true, attributes: { email, identities: JSON.stringify(identities) } });

  it('judges each identity on its own, with the reason and tenant the trigger would log', () => {
    const gwen = user('CONFIRMED', 'gwen@globex.example', [
      { providerName: 'GlobexOkta', userId: '00u1GwEn', primary: false },
      { providerName: 'Google', userId: '1048', primary: false },
    ]);
    expect(identitySignIns(index, gwen)?.map(({ identity, decision, tenant }) => [identity.providerName, decision.action, decision.reason, tenant])).toEqual([
      ['GlobexOkta', 'continue', 'federated_sign_in', 'globex'],
      ['Google', 'refuse', 'method_refused', 'globex'],
    ]);
  });

  it('a tenant that refuses nothing; unreadable identities (not judged) and none', () => {
    const lumen = user('CONFIRMED', 'zed@gmail.com', [{ providerName: 'Google', userId: '1', primary: false }]);
    expect(identitySignIns(index, lumen)?.[0]?.decision).toMatchObject({ action: 'continue' });
    expect(identitySignIns(index, { ...lumen, attributes: { email: 'zed@gmail.com', identities: 'not json' } })).toBeUndefined();
    expect(identitySignIns(index, { ...lumen, attributes: { email: 'zed@gmail.com' } })).toEqual([]);
  });
});
