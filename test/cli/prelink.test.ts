// `link-policy prelink` against the twin: every row decided by the trigger's own flow and engine
// as the identity's first sign-in would be, against the IdP's evidence; the three mislink cases of
// issue 16 refused with reason codes; dry run pairs; --yes with a write-ahead journal, resumed after
// SIGKILL with nothing repeated or lost; outputs checked before the first write; --expect; throttling
// handled by the SDK's adaptive retries; the trigger's own provider folding.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prelink from '../../cli/commands/prelink';
import { packageRoot } from '../../policy/package-root';
import type { UserPool } from '../../twin';
import { identities, runCommand, seedNative, spawnCli, useOpsTwin } from './helpers';

// Each test drives the CLI against the twin through the real SDK: slower than a unit test on a loaded machine.
jest.setTimeout(20_000);

const ops = useOpsTwin();
const dir = mkdtempSync(join(tmpdir(), 'link-policy-prelink-'));
let files = 0;
function input(text: string, extension = 'csv'): string {
  files += 1;
  const path = join(dir, `rows-${files}.${extension}`);
  writeFileSync(path, text);
  return path;
}

/** Generous quotas: the tests are about decisions, not pace. */
const FAST = ['--quota-share', '1', '--quota', 'UserList=1000', '--quota', 'UserRead=1000', '--quota', 'UserUpdate=1000'];

function linkCalls(pool: UserPool) {
  return ops.twin.requests.filter({ poolId: pool.id, operation: 'AdminLinkProviderForUser' });
}

/** One row per rule, each with the IdP's evidence for its identity. */
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
    'user,provider,subject,idp_email,idp_email_verified',
    'alice,AcmeEntraID,Alice-Obj,alice@acme.com,',
    'bob,AcmeEntraID,Bob-Obj,bob@acme.com,',
    'carol,AcmeEntraID,Carol-Obj,carol@acme.com,',
    'dan,AcmeEntraID,Dan-Obj,dan@example.org,',
    'eve,AcmeEntraID,Eve-Obj,eve@acme.com,',
    'fay,AcmeEntraID,Fay-New-Obj,fay@acme.com,',
    'gus,GlobexOkta,00uGus,gus@globex.example,true',
    'hal,AcmeEntraID,Hal-Obj,hal@acme.com,',
    'ivy@globex.example,globexokta,00uIvy,ivy@globex.example,true',
    'nobody,AcmeEntraID,X-Obj,nobody@acme.com,',
    'alice,PartnerIdP,P-1,alice@acme.com,',
    'alice,AcmeEntraID,,alice@acme.com,',
    'bob@acme.com,AcmeEntraID,Bob-Obj,bob@acme.com,',
  ].join('\n');
  return { pool, csv };
}

describe('link-policy prelink', () => {
  it('dry run: every pair printed with its decision and reason code (no raw email), nothing linked, the report written, exit 3', async () => {
    const { pool, csv } = safetyPool();
    const report = join(dir, 'dry-report.json');
    const rows = input(csv);
    const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--report', report]);
    expect(result.code).toBe(3);
    const pairs = result.stdout.split('\n').filter((line) => line.startsWith('row '));
    expect(pairs.map((line) => line.replace(/\]: .*$/, ']'))).toEqual([
      'row 1 (line 2): alice <- AcmeEntraID:Alice-Obj (evidence a…@acme.com): would link',
      'row 2 (line 3): bob <- AcmeEntraID:Bob-Obj (evidence b…@acme.com): refused [unverified]',
      'row 3 (line 4): carol <- AcmeEntraID:Carol-Obj (evidence c…@acme.com): refused [unconfirmed]',
      'row 4 (line 5): dan <- AcmeEntraID:Dan-Obj (evidence d…@example.org): refused [domain_not_owned]',
      'row 5 (line 6): eve <- AcmeEntraID:Eve-Obj (evidence e…@acme.com): already linked',
      'row 6 (line 7): fay <- AcmeEntraID:Fay-New-Obj (evidence f…@acme.com): refused [linked_to_other_subject]',
      'row 7 (line 8): gus <- GlobexOkta:00uGus (evidence g…@globex.example): refused [identity_signed_up]',
      'row 8 (line 9): hal <- AcmeEntraID:Hal-Obj (evidence h…@acme.com): refused [identity_linked_elsewhere]',
      'row 9 (line 10): i…@globex.example <- globexokta:00uIvy (evidence i…@globex.example): would link',
      'row 10 (line 11): nobody <- AcmeEntraID:X-Obj (evidence n…@acme.com): refused [no_match_create]',
      'row 11 (line 12): alice <- PartnerIdP:P-1 (evidence a…@acme.com): refused [unknown_provider]',
      'row 12 (line 13): alice <- AcmeEntraID (evidence -): refused [invalid_row]',
      'row 13 (line 14): b…@acme.com <- AcmeEntraID:Bob-Obj (evidence b…@acme.com): refused [unverified]',
    ]);
    expect(result.stdout).not.toMatch(/[a-z]{2,}@(acme\.com|globex\.example)/);
    expect(result.stdout).toContain('prelink (dry run): 2 would link, 1 already linked, 10 refused, 0 failed\n');
    expect(result.stdout).toMatch(/dry run: nothing changed; add --yes to link\n$/);
    expect(linkCalls(pool)).toEqual([]);
    expect(existsSync(`${rows}.journal.jsonl`)).toBe(false);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json).toMatchObject({ format: 2, command: 'prelink', pool: pool.id, dry_run: true, counts: { would_link: 2, already_linked: 1, refused: 10, failed: 0, linked: 0 } });
    expect(json.rows).toHaveLength(13);
    expect(json.rows[6]).toMatchObject({ row: 7, outcome: 'refused', reason: 'identity_signed_up', evidence: 'g…@globex.example' });
    expect(json.rows[6].detail).toContain('this tool never deletes users');
    expect(JSON.stringify(json)).not.toMatch(/[a-z]{2,}@(acme\.com|globex\.example)/);
  });

  describe('the three mislink cases of issue 16, refused with a reason code', () => {
    it('a subject column shifted by one row: each identity is refused for naming another user (evidence_names_another_user), nothing linked', async () => {
      const pool = ops.pool();
      for (const name of ['alice', 'bob', 'carol']) seedNative(pool, name, `${name}@globex.example`);
      // The IdP export (subject and its email travel together) was pasted one row off against the user list.
      const rows = input(
        ['user,provider,subject,idp_email,idp_email_verified', 'alice,GlobexOkta,00uBob,bob@globex.example,true', 'bob,GlobexOkta,00uCarol,carol@globex.example,true', 'carol,GlobexOkta,00uAlice,alice@globex.example,true'].join('\n'),
      );
      const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
      expect(result.code).toBe(3);
      expect(result.stdout).toContain('prelink: 0 linked, 0 already linked, 3 refused, 0 failed\n');
      expect(result.stdout).toContain('  refused evidence_names_another_user: 3\n');
      expect(linkCalls(pool)).toEqual([]);
      for (const name of ['alice', 'bob', 'carol']) expect(identities(pool, name)).toEqual([]);
    });

    it('an attribute link on email for a provider trusting email_verified: refused (attribute_link_untrusted); an unverified Okta identity asserting the email does not land in the account', async () => {
      const pool = ops.pool();
      seedNative(pool, 'bob', 'bob@globex.example');
      const rows = input('user,provider,subject,attribute_name,attribute_value\nbob,GlobexOkta,,email,bob@globex.example\n');
      const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/row 1 \(line 2\): bob <- GlobexOkta:email=bob@globex\.example \(evidence b…@globex\.example\): refused \[attribute_link_untrusted\]: GlobexOkta has email_trust email_verified_claim/);
      expect(linkCalls(pool)).toEqual([]);
      const attacker = await pool.federatedSignIn({ provider: 'GlobexOkta', subject: '00uMallory', client: 'web', claims: { email: 'bob@globex.example', email_verified: 'false', sub: '00uMallory' } });
      expect(attacker.ok && attacker.username).not.toBe('bob');
    });
  });

  it('the third case: a tenant claiming outlook.com and hotmail.com does not load (domain.consumer-domain at file:line:col), so nothing starts', async () => {
    const policies = join(dir, 'consumer-claim');
    cpSync(join(packageRoot(), 'policies'), policies, { recursive: true });
    writeFileSync(
      join(policies, 'contoso.yaml'),
      readFileSync(join(packageRoot(), 'test', 'robustness', 'hostile-policies', 'consumer-domain-outlook.yaml'), 'utf8').replace(/consumer-domain-outlook/g, 'contoso'),
    );
    const pool = ops.pool();
    const result = await runCommand(prelink, [...ops.target(pool), '--input', input('user,provider,subject,idp_email\n'), '--policies', policies, '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/contoso\.yaml:10:7 error domain 'outlook\.com' is a public mail domain/);
    expect(result.stderr).toMatch(/contoso\.yaml:11:7 error domain 'hotmail\.com' is a public mail domain/);
    expect(ops.twin.requests.filter({ poolId: pool.id })).toEqual([]);
  });

  it('--yes links with the exact provider name and subject, journals each write before and after, and a rerun repeats no link', async () => {
    const { pool, csv } = safetyPool();
    const rows = input(csv);
    const first = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain('prelink: 2 linked, 1 already linked, 10 refused, 0 failed\n');
    expect(identities(pool, 'alice')).toEqual(['AcmeEntraID:Alice-Obj']);
    expect(identities(pool, 'ivy')).toEqual(['GlobexOkta:00uIvy']);
    expect(pool.usernames).toHaveLength(11); // none created, none deleted
    expect(linkCalls(pool)).toHaveLength(2);
    const journal = readFileSync(`${rows}.journal.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(journal[0]).toMatchObject({ journal: 'link-policy prelink', format: 2, pool: pool.id, input_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(journal.filter((entry) => entry.row === 1).map((entry) => `${entry.phase} ${entry.outcome ?? ''}`.trim())).toEqual(['intent', 'done linked']);
    expect(readFileSync(`${rows}.journal.jsonl`, 'utf8')).not.toContain('alice');

    const resumed = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
    expect(resumed.stdout).toContain('prelink: 0 linked, 0 already linked, 10 refused, 0 failed, 3 done in an earlier run\n');
    const fresh = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes', '--journal', join(dir, 'fresh.jsonl')]);
    expect(fresh.stdout).toContain('prelink: 0 linked, 3 already linked, 10 refused, 0 failed\n');
    expect(linkCalls(pool)).toHaveLength(2);
  });

  it('every output path is checked before the first write: an unwritable --report stops the run before any request', async () => {
    const { pool, csv } = safetyPool();
    const result = await runCommand(prelink, [...ops.target(pool), '--input', input(csv), ...FAST, '--yes', '--report', join(dir, 'missing', 'dir', 'r.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--report: cannot write '");
    expect(result.stderr).toContain('its directory does not exist');
    expect(ops.twin.requests.filter({ poolId: pool.id })).toEqual([]);
    expect(identities(pool, 'alice')).toEqual([]);
  });

  it('--expect: with a different count nothing is linked; with the right one every row is', async () => {
    const { pool, csv } = safetyPool();
    const rows = input(csv);
    const wrong = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes', '--expect', '3']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('prelink: 2 rows would link, not the 3 expected (--expect): nothing linked\n');
    expect(linkCalls(pool)).toEqual([]);
    const right = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes', '--expect', '2']);
    expect(right.stdout).toContain('prelink: 2 linked, 1 already linked, 10 refused, 0 failed\n');
    expect((await runCommand(prelink, [...ops.target(pool), '--input', rows, '--expect', '2'])).stderr).toContain('--expect goes with --yes');
  });

  it('throttled links are retried by the SDK (adaptive mode) and all succeed; the summary counts the throttles', async () => {
    const pool = ops.pool();
    const names = ['ann', 'ben', 'cat', 'dov'];
    for (const name of names) seedNative(pool, name, `${name}@gmail.com`);
    ops.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'throttle', times: 1, poolId: pool.id });
    const rows = input(['user,provider,subject,idp_email,idp_email_verified', ...names.map((name, i) => `${name},Google,10${i},${name}@gmail.com,true`)].join('\n'));
    const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('prelink: 4 linked, 0 already linked, 0 refused, 0 failed\n');
    expect(result.stdout).toMatch(/UserUpdate 5 \(1 throttled\)/);
    expect(linkCalls(pool).filter((call) => call.status === 200)).toHaveLength(4);
    for (const name of names) expect(identities(pool, name)).toHaveLength(1);
  }, 20_000);

  it('killed (SIGKILL) with a link in flight, then resumed: the row in doubt is checked again, every row linked once, none repeated or lost', async () => {
    const pool = ops.pool();
    const count = 12;
    for (let i = 0; i < count; i += 1) seedNative(pool, `user${i}`, `user${i}@globex.example`);
    const rows = input(['user,provider,subject,idp_email,idp_email_verified', ...Array.from({ length: count }, (_, i) => `user${i},GlobexOkta,00uUser${i},user${i}@globex.example,true`)].join('\n'));
    const journal = `${rows}.journal.jsonl`;
    // The 5th link is slow: the process is killed while it is in flight (its intent on disk, no answer yet).
    ops.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'latency', latencyMs: 0, times: 4, poolId: pool.id });
    ops.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'latency', latencyMs: 1500, poolId: pool.id });
    let killedAt = '';
    const poll = setInterval(() => undefined, 1000);
    const killed = await spawnCli(['prelink', ...ops.target(pool), '--input', rows, ...FAST, '--concurrency', '1', '--yes'], {
      onOutput: (child, text) => {
        if (!text.includes('row 4 (line 5)')) return;
        const wait = setInterval(() => {
          const lines = existsSync(journal) ? readFileSync(journal, 'utf8') : '';
          if (lines.includes('{"row":5,"phase":"intent"}')) {
            clearInterval(wait);
            killedAt = lines;
            child.kill('SIGKILL');
          }
        }, 10);
      },
    });
    clearInterval(poll);
    expect(killed.signal).toBe('SIGKILL');
    expect(killedAt).not.toContain('{"row":5,"phase":"done"');
    await ops.twin.idle();
    ops.twin.faults.clear();

    const resumed = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/prelink: \d+ linked, \d+ already linked, 0 refused, 0 failed, 4 done in an earlier run, 1 in doubt from the interrupted run, checked again\n/);
    const succeeded = linkCalls(pool).filter((call) => call.status === 200);
    expect(succeeded).toHaveLength(count);
    for (let i = 0; i < count; i += 1) expect(identities(pool, `user${i}`)).toEqual([`GlobexOkta:00uUser${i}`]);
  }, 30_000);

  it('the trigger\'s folding: provider names compare A-Z only, and a provider named "constructor" is an unknown provider, not a crash', async () => {
    const pool = ops.pool();
    seedNative(pool, 'amy', 'amy@globex.example');
    const rows = input(
      [
        'user,provider,subject,idp_email,idp_email_verified',
        'amy,constructor,S-1,amy@globex.example,true',
        'amy,__proto__,S-2,amy@globex.example,true',
        'amy,GlobexO\u212Ata,S-3,amy@globex.example,true',
        'amy,GLOBEXOKTA,00uAmy,amy@globex.example,true',
      ].join('\n'),
    );
    const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('row 1 (line 2): amy <- constructor:S-1 (evidence a…@globex.example): refused [unknown_provider]');
    expect(result.stdout).toContain('row 2 (line 3): amy <- __proto__:S-2 (evidence a…@globex.example): refused [unknown_provider]');
    expect(result.stdout).toContain('refused [unknown_provider]: no tenant policy declares the provider \'GlobexO\u212Ata\'');
    expect(result.stdout).toContain('row 4 (line 5): amy <- GLOBEXOKTA:00uAmy (evidence a…@globex.example): would link');
  });

  it('JSON Lines input; an attribute link for a provider with email_trust always is decided by the engine like a subject', async () => {
    const pool = ops.pool();
    seedNative(pool, 'jo', 'jo@acme.com');
    seedNative(pool, 'kay', 'kay@gmail.com');
    const rows = input(
      [
        JSON.stringify({ user: 'jo', provider: 'AcmeEntraID', attribute_name: 'email', attribute_value: 'jo@acme.com' }),
        JSON.stringify({ user: 'kay', provider: 'Google', attribute_name: 'email', attribute_value: 'kay@gmail.com' }),
        JSON.stringify({ user: 'jo', provider: 'AcmeEntraID', attribute_name: 'nickname', attribute_value: 'j', idp_email: 'jo@acme.com' }),
      ].join('\n'),
      'jsonl',
    );
    const result = await runCommand(prelink, [...ops.target(pool), '--input', rows, ...FAST, '--yes']);
    expect(result.stdout).toContain('prelink: 1 linked, 0 already linked, 2 refused, 0 failed\n');
    expect(result.stdout).toContain('row 2 (line 2): kay <- Google:email=kay@gmail.com (evidence k…@gmail.com): refused [attribute_link_untrusted]');
    expect(result.stdout).toContain('row 3 (line 3): jo <- AcmeEntraID:nickname=j (evidence j…@acme.com): refused [attribute_not_matched]');
    expect(identities(pool, 'jo')).toEqual(['AcmeEntraID:jo@acme.com']);
  });

  it('usage and input errors exit 2 before any call', async () => {
    const pool = ops.pool();
    const target = ops.target(pool);
    expect((await runCommand(prelink, target)).stderr).toContain('--input is required');
    expect((await runCommand(prelink, [...target, '--input', input('user,provider,sub\n')])).stderr).toContain("unknown column 'sub'");
    expect((await runCommand(prelink, [...target, '--input', input('user,provider,subject\n'), '--quota-share', '0'])).stderr).toContain('--quota-share needs a number in (0, 1]');
    expect((await runCommand(prelink, [...target, '--input', input('user,provider,subject\n'), '--quota', 'UserWrite=3'])).stderr).toContain("--quota: unknown category 'UserWrite'");
    const journal = join(dir, 'other-pool.jsonl');
    const rows = input('user,provider,subject\n');
    writeFileSync(journal, '{"journal":"link-policy prelink","format":2,"pool":"eu-west-1_Other"}\n');
    const wrong = await runCommand(prelink, [...target, '--input', rows, '--yes', '--journal', journal]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is the journal of pool eu-west-1_Other');
    expect(ops.twin.requests.filter({ poolId: pool.id })).toEqual([]);
  });
});
