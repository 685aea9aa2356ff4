// `link-policy test`: the example scenarios pass on the twin with the built trigger; a broken
// expectation fails with the step, expected vs actual, the switch combinations and the rule that
// decided; invalid scenario files are reported with file:line:column.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as testCommand from '../../cli/commands/test';
import { packageRoot } from '../../policy/package-root';
import { runCommand, spawnCli } from './helpers';

/** A copy of the example policies whose scenario files the test rewrites. */
function policiesCopy(edit: Record<string, (text: string) => string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'link-policy-test-'));
  cpSync(join(packageRoot(), 'policies'), dir, { recursive: true });
  for (const [file, change] of Object.entries(edit)) writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

function scenarioFile(dir: string, file: string, text: string): void {
  writeFileSync(join(dir, file), text);
}

describe('link-policy test', () => {
  it('the example scenarios pass (one switch combination here; npm test runs them pairwise)', async () => {
    const result = await runCommand(testCommand, ['policies', '--switches', 'default']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^link-policy test: policies: \d+ scenarios in 4 files; 1 switch combination \(default\)\n/);
    expect(result.stdout).toContain('\nacme-corp  policies/acme-corp.test.yaml\n  PASS  An employee with a password account is linked at her first SSO sign-in\n');
    expect(result.stdout).not.toContain('FAIL');
    expect(result.stdout).toMatch(/\n(\d+) scenarios: \1 passed, 0 failed; 1 switch combination, \d+ scenario runs, [\d.]+ s\n$/);
  }, 60_000);

  it('a broken expectation fails usefully: step and position, expected vs actual, switches, the deciding rule and the trace; exit 1', async () => {
    const dir = policiesCopy({
      'acme-corp.test.yaml': (text) =>
        text.replace(
          '      - password_sign_in: { username: bob }\n        expect: { outcome: refused, code: SSO_REQUIRED, provider: AcmeEntraID, reason: native_blocked }',
          '      - password_sign_in: { username: bob }\n        expect: { outcome: signed_in, reason: not_blocked }',
        ),
    });
    const result = await runCommand(testCommand, [dir, '--tenant', 'acme-corp', '--scenario', 'Once linked', '--switches', 'pairwise']);
    expect(result.code).toBe(1);
    const shown = dir.split('\\').join('/');
    expect(result.stdout).toContain(
      [
        '  FAIL  Once linked, the password is refused with SSO_REQUIRED',
        `        step 1 password_sign_in (${shown}/acme-corp.test.yaml:31:9)`,
        '          expected: signed_in, reason not_blocked',
        '          actual:   refused SSO_REQUIRED(AcmeEntraID), reason native_blocked',
        '          under:    all 8 switch combinations',
        '          decided by native_login.password_sign_in: block_linked_users: tenant acme-corp requires SSO; refused with SSO_REQUIRED(AcmeEntraID)',
        '          trace (PreAuthentication_Authentication, refuse native_blocked):',
      ].join('\n'),
    );
    expect(result.stdout).toMatch(/\n1 scenario: 0 passed, 1 failed; 8 switch combinations, 8 scenario runs/);
  }, 60_000);

  it('a failure under some switch combinations only names them', async () => {
    const dir = policiesCopy();
    scenarioFile(
      dir,
      'globex.test.yaml',
      `tenant: globex
scenarios:
  - name: Two spellings of one address
    users:
      - { username: max, email: max@globex.example }
      - { username: max2, email: MAX@globex.example }
    steps:
      - federated_sign_in: { provider: GlobexOkta, subject: 00u1MaX, attributes: { email: max@globex.example, email_verified: true } }
        expect: { outcome: refused, code: LINK_DENIED, reason: ambiguous_match }
`,
    );
    const result = await runCommand(testCommand, [dir, '--tenant', 'globex']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('          actual:   signed_in as max, reason linked\n          under:    4 of 8 switch combinations:\n');
    expect(result.stdout).toMatch(/under: {4}4 of 8 switch combinations:\n( {12}(?=.*listUsersEmailMatch=case_sensitive)\S.*\n){3} {12}and 1 more\n/);
    expect(result.stdout).toContain('          decided by link: max: AdminLinkProviderForUser linked the GlobexOkta identity');
  }, 60_000);

  it('--switches-from pins what a `link-policy conformance` report observed: a failure only case-sensitive email matching causes is gone for a pool seen to ignore case', async () => {
    const dir = policiesCopy();
    scenarioFile(
      dir,
      'globex.test.yaml',
      `tenant: globex
scenarios:
  - name: Two spellings of one address
    users:
      - { username: max, email: max@globex.example }
      - { username: max2, email: MAX@globex.example }
    steps:
      - federated_sign_in: { provider: GlobexOkta, subject: 00u1MaX, attributes: { email: max@globex.example, email_verified: true } }
        expect: { outcome: refused, code: LINK_DENIED, reason: ambiguous_match }
`,
    );
    const report = join(dir, 'report.json');
    writeFileSync(report, JSON.stringify({ format: 1, tool: 'link-policy conformance', switches: { listUsersEmailMatch: 'case_insensitive' } }));
    const result = await runCommand(testCommand, [dir, '--tenant', 'globex', '--switches-from', report]);
    expect(result.stdout).toMatch(/; \d+ switch combinations \(pairwise over 9 switches\); 1 switch pinned from \S+report\.json \(defaults\)\n/);
    expect(result.stdout).toContain('  PASS  Two spellings of one address\n');
    expect(result.code).toBe(0);

    writeFileSync(report, JSON.stringify({ format: 1, tool: 'link-policy conformance', switches: { listUsersEmailMatch: 'sometimes' } }));
    const bad = await runCommand(testCommand, [dir, '--switches-from', report]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--switches-from: \S+report\.json: switch listUsersEmailMatch is 'sometimes', not one of case_insensitive, case_sensitive/);
  }, 60_000);

  it('a reason the trigger is never invoked for fails instead of passing unchecked', async () => {
    const dir = policiesCopy();
    scenarioFile(
      dir,
      'lumen.test.yaml',
      `tenant: lumen
scenarios:
  - name: Later sign-in where Cognito skips pre authentication
    switches: { linkedIdentityPreAuth: not_invoked }
    users:
      - { username: carol, email: carol@gmail.com, linked_identities: [{ provider: Google, subject: "1048" }] }
    steps:
      - federated_sign_in: { provider: Google, subject: "1048", attributes: { email: carol@gmail.com, email_verified: true } }
        expect: { outcome: signed_in, user: carol, reason: not_blocked }
`,
    );
    const result = await runCommand(testCommand, [dir, '--tenant', 'lumen', '--switches', 'default']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('reason not_blocked was never checked: Cognito invoked no trigger for this step under any switch combination');
  }, 60_000);

  it('invalid scenario files: every problem with file:line:column and a hint; exit 1 and nothing runs', async () => {
    const dir = policiesCopy();
    scenarioFile(
      dir,
      'acme-corp.test.yaml',
      `tenant: acme-corp
scenarios:
  - name: Typos
    users:
      - { username: alice, emial: alice@acme.com }
    steps:
      - password_sign_in: { username: alice }
        expect: { outcome: refused, reason: native_blokced }
`,
    );
    scenarioFile(
      dir,
      'globex.test.yaml',
      `tenant: globex
scenarios:
  - name: Wrong names
    steps:
      - federated_sign_in: { provider: globexokta, subject: s }
        expect: { outcome: signed_in }
      - federated_sign_in: { provider: GlobexOkta, subject: s, attributes: { phone_number: "+4411" } }
        password_sign_in: { username: x }
        expect: { outcome: signed_in }
      - federated_sign_in: { provider: GlobexOkta, subject: s, attributes: { given_name: G, nickname: n } }
        expect: { outcome: signed_up }
`,
    );
    scenarioFile(dir, 'lumen.test.yaml', 'tenant: globex\nscenarios: [{ name: x, steps: [{ sign_up: { username: u }, expect: { outcome: signed_up } }] }]\n');
    const result = await runCommand(testCommand, [dir]);
    expect(result.code).toBe(1);
    const shown = dir.split('\\').join('/');
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => !line.startsWith('  '))).toEqual([
      `${shown}/acme-corp.test.yaml:5:28 error unknown key 'emial' in users[0] (at scenarios[0].users[0].emial)`,
      `${shown}/globex.test.yaml:7:9 error steps[1] has 2 actions (federated_sign_in, password_sign_in) (at scenarios[0].steps[1])`,
      `${shown}/lumen.test.yaml:1:9 error tenant 'globex' does not match the file name 'lumen.test.yaml' (at tenant)`,
      `${shown}: invalid scenario files`,
      '',
    ]);
    expect(result.stdout).toContain("  Did you mean 'email'? Allowed keys: username, email");

    // Once the shapes are right, the checks against the policies.
    scenarioFile(dir, 'acme-corp.test.yaml', readFileSync(join(dir, 'acme-corp.test.yaml'), 'utf8').replace('emial', 'email'));
    scenarioFile(dir, 'globex.test.yaml', readFileSync(join(dir, 'globex.test.yaml'), 'utf8').replace('        password_sign_in: { username: x }\n', ''));
    scenarioFile(dir, 'lumen.test.yaml', 'tenant: lumen\nscenarios: [{ name: x, steps: [{ sign_up: { username: u }, expect: { outcome: signed_up } }] }]\n');
    const second = await runCommand(testCommand, [dir]);
    expect(second.code).toBe(1);
    expect(second.stdout.split('\n').filter((line) => !line.startsWith('  '))).toEqual([
      `${shown}/acme-corp.test.yaml:8:45 error 'native_blokced' is not a reason code (at scenarios[0].steps[0].expect.reason)`,
      `${shown}/globex.test.yaml:5:40 error the pool has no identity provider named exactly 'globexokta' (at scenarios[0].steps[0].federated_sign_in.provider)`,
      `${shown}/globex.test.yaml:7:78 error GlobexOkta does not map phone_number, so the IdP cannot assert it (at scenarios[0].steps[1].federated_sign_in.attributes.phone_number)`,
      `${shown}/globex.test.yaml:9:93 error GlobexOkta does not map nickname, so the IdP cannot assert it (at scenarios[0].steps[2].federated_sign_in.attributes.nickname)`,
      `${shown}/globex.test.yaml:10:28 error a federated_sign_in step cannot end 'signed_up' (at scenarios[0].steps[2].expect.outcome)`,
      `${shown}: invalid scenario files`,
      '',
    ]);
    expect(second.stdout).toContain("  Did you mean 'native_blocked'?");
    expect(second.stdout).toContain("  Did you mean 'GlobexOkta'? Provider names are case-sensitive.");
  }, 60_000);

  it('a federated user is named as Cognito names it, and has no password, status or links', async () => {
    const dir = policiesCopy();
    scenarioFile(
      dir,
      'globex.test.yaml',
      `tenant: globex
scenarios:
  - name: A Google account from before
    users:
      - { username: Google_1048, federated_identity: { provider: Google, subject: "1049" }, password: Passw0rd-1234 }
    steps:
      - federated_sign_in: { provider: Google, subject: "1049", attributes: { email: old@globex.example } }
        expect: { outcome: refused, code: SSO_REQUIRED, reason: method_refused }
`,
    );
    const result = await runCommand(testCommand, [dir, '--tenant', 'globex']);
    expect(result.code).toBe(1);
    const shown = dir.split('\\').join('/');
    expect(result.stdout.split('\n').filter((line) => !line.startsWith('  '))).toEqual([
      `${shown}/globex.test.yaml:5:21 error a federated user of Google with subject 1049 is named 'google_1049' by Cognito, not 'Google_1048' (at scenarios[0].users[0].username)`,
      `${shown}/globex.test.yaml:5:93 error password: does not go with federated_identity (at scenarios[0].users[0].password)`,
      `${shown}: invalid scenario files`,
      '',
    ]);
  }, 60_000);

  it('usage errors exit 2; the spawned CLI exits 1 on a failing scenario, as CI sees it', async () => {
    expect((await runCommand(testCommand, ['--switches', 'some'])).code).toBe(2);
    expect((await runCommand(testCommand, ['no-such-dir'])).code).toBe(2);
    expect((await runCommand(testCommand, ['policies', '--tenant', 'nobody'])).code).toBe(2);
    const dir = policiesCopy({ 'lumen.test.yaml': (text) => text.replace('expect: { outcome: signed_up, reason: sign_up_allowed }', 'expect: { outcome: refused }') });
    const spawned = await spawnCli(['test', dir, '--tenant', 'lumen', '--scenario', 'sign-up', '--switches', 'default']);
    expect(spawned.code).toBe(1);
    expect(spawned.stdout).toContain('  FAIL  Password sign-up is open to everyone');
    expect(spawned.stdout).toContain('decided by native_login.password_sign_up: allow: tenant lumen allows it');
  }, 60_000);
});
