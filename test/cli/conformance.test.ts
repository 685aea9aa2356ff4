// `link-policy conformance` against the twin: with the twin's defaults every probe reports the
// default and every checked fact holds (the defaults reproduce the documented behaviours); each
// probed switch set otherwise is reported as set; only temporary users are created, and they are
// gone afterwards, also after a failure or an interrupt; --dry-run creates nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as conformanceCommand from '../../cli/commands/conformance';
import { TEMP_PREFIX } from '../../cli/conformance/lab';
import { defaultProbedSwitches, NOT_PROBED, PROBED_SWITCHES } from '../../cli/conformance/probes';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { DEFAULT_SWITCHES, SWITCH_VALUES, parseSwitchReport, type SwitchReport, type TwinSwitches, type UserPool } from '../../twin';
import { examplePolicies, runCommand, spawnCli, useOpsTwin } from './helpers';

// Each run makes some 60 calls; on a busy 2-core machine that can take seconds.
jest.setTimeout(30_000);
const ops = useOpsTwin();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'link-policy-conformance-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example stack's pool, plus a client created without SupportedIdentityProviders. */
function pool(switches: Partial<TwinSwitches> = {}): UserPool {
  return ops.twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()), { switches });
}

function readReport(path: string): SwitchReport {
  return JSON.parse(readFileSync(path, 'utf8')) as SwitchReport;
}

const tempUsers = (target: UserPool) => target.usernames.filter((name) => name.startsWith(TEMP_PREFIX));

describe('link-policy conformance on the twin', () => {
  test("the twin's defaults: every probed switch at its default, every checked fact holds, the temporary users are gone; exit 0", async () => {
    const target = pool();
    const path = join(dir, 'defaults.json');
    const result = await runCommand(conformanceCommand, [...ops.target(target), '--report', path]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = readReport(path);
    expect(report.switches).toEqual(defaultProbedSwitches());
    expect(Object.keys(report.switches).sort()).toEqual([...PROBED_SWITCHES].sort());
    expect(report.unexpected).toEqual({});
    expect(report.checks.filter((check) => !check.agrees)).toEqual([]);
    expect(report.checks.map((check) => check.id).sort()).toEqual(
      ['disableNative.signInBefore', 'link.identitiesAttribute', 'listUsers.nameCase', 'listUsers.preferredUsernameCase', 'unlink.notLinkedMessage', 'unlink.removesIdentity'].sort(),
    );
    expect(Object.keys(report.notProbed).sort()).toEqual(Object.keys(NOT_PROBED).sort());
    expect(report.target).toMatchObject({ poolId: target.id, endpoint: ops.twin.endpoint, caseSensitive: false, provider: 'AcmeEntraID', passwordClient: true });
    expect(report.observations).toMatchObject({
      'link.repeated': 'InvalidParameterException: SourceUser is already linked to DestinationUser',
      'errorStatus.UserNotFoundException': 400,
      describeClients: { clients: 2, withoutSupportedIdentityProviders: 0, password: 1, sso: 1 },
    });
    expect(report.cleanup.created).toHaveLength(6);
    expect(report.cleanup.deleted).toEqual(report.cleanup.created);
    expect(report.cleanup.leftover).toEqual([]);
    expect(report.cleanup.created.every((name) => name.startsWith(TEMP_PREFIX))).toBe(true);
    expect(tempUsers(target)).toEqual([]);
    expect(target.usernames).toEqual([]);
    // What `link-policy test --switches-from` and the twin load.
    expect(parseSwitchReport(readFileSync(path, 'utf8'), path)).toEqual(defaultProbedSwitches());
    expect(result.stdout).toMatch(/\n {2}listUsersEmailMatch +case_insensitive {2}\(twin default\)\n/);
    expect(result.stdout).toContain(`cleanup: 6 temporary users created, 6 deleted`);
  });

  const others = PROBED_SWITCHES.flatMap((name) => SWITCH_VALUES[name].filter((value) => value !== DEFAULT_SWITCHES[name]).map((value) => [name, value] as const));
  test.each(others)('a pool with %s=%s is reported so', async (name, value) => {
    const target = pool({ [name]: value });
    const path = join(dir, `${name}-${value}.json`);
    const result = await runCommand(conformanceCommand, [...ops.target(target), '--report', path]);
    const report = readReport(path);
    expect(report.switches).toEqual({ ...defaultProbedSwitches(), [name]: value });
    expect(result.stdout).toContain(`DIFFERS from the twin default ${DEFAULT_SWITCHES[name]}`);
    expect(result.code).toBe(0);
    expect(tempUsers(target)).toEqual([]);
  });

  test('--dry-run discovers the pool and lists the temporary users it would create, creating nothing and writing no report', async () => {
    const target = pool();
    const path = join(dir, 'dry.json');
    const result = await runCommand(conformanceCommand, [...ops.target(target), '--report', path, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/dry run: nothing is created/);
    expect(result.stdout).toMatch(new RegExp(`creates ${TEMP_PREFIX}\\S+-len129: receives one of 129 characters`));
    expect(result.stdout).toContain('then delete the 6 users it created');
    expect(existsSync(path)).toBe(false);
    expect(target.usernames).toEqual([]);
  });

  test('a pool without identity providers or a password client: those probes are skipped and say why', async () => {
    const bare = ops.twin.createPool({ appClients: [{ name: 'bare', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }] });
    const path = join(dir, 'bare.json');
    const result = await runCommand(conformanceCommand, [...ops.target(bare), '--report', path]);
    const report = readReport(path);
    expect(result.code).toBe(0);
    expect(report.notProbed).toMatchObject({
      repeatedLinkError: 'the pool has no identity provider (pass --provider, or add one)',
      nativeProviderDisabledError: 'no app client allows USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH',
    });
    expect(report.switches).toEqual({ errorStatusCodes: 'all_400', listUsersEmailMatch: 'case_insensitive' });
    expect(report.observations['describeClients']).toMatchObject({ clients: 1, withoutSupportedIdentityProviders: 1, password: 1 });
    expect(bare.usernames).toEqual([]);
  });

  test.each([
    ['a case-sensitive pool (preferred_username and given_name then match exactly)', { caseSensitive: true }],
    ['a pool with email as username (a new user\'s username is its sub)', { usernameAttributes: ['email'] as const }],
  ])('%s: every check holds, every user is deleted', async (_label, options) => {
    const blueprint = ops.twin.createPoolFromBlueprint(poolBlueprint(examplePolicies()));
    const target = ops.twin.createPool({
      ...options,
      identityProviders: [{ name: 'AcmeEntraID', type: 'SAML', attributeMapping: { email: 'emailaddress' } }],
      appClients: [{ name: 'password', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], generateSecret: true }],
    });
    expect(blueprint.id).not.toBe(target.id);
    const path = join(dir, `variant-${target.id}.json`);
    const result = await runCommand(conformanceCommand, [...ops.target(target), '--report', path]);
    const report = readReport(path);
    expect(report.checks.filter((check) => !check.agrees)).toEqual([]);
    expect(report.switches).toEqual(defaultProbedSwitches());
    expect(result.code).toBe(0);
    expect(target.usernames).toEqual([]);
  });

  test('a probe that fails still ends with every temporary user deleted; exit 1', async () => {
    const target = pool();
    ops.twin.faults.add({ operation: 'AdminDisableProviderForUser', kind: 'internal_error', poolId: target.id });
    const path = join(dir, 'failed.json');
    const result = await runCommand(conformanceCommand, [...ops.target(target), '--report', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED {3}disable-native-provider: InternalErrorException/);
    expect(result.stdout).toMatch(/DIFFERS {2}unlink\.removesIdentity: InternalErrorException/);
    const report = readReport(path);
    expect(report.notProbed).toMatchObject({ nativeProviderDisabledError: expect.stringMatching(/^the probe failed/) });
    expect(report.cleanup.leftover).toEqual([]);
    expect(target.usernames).toEqual([]);
  });

  test('the spawned CLI interrupted with SIGINT deletes the users it created, then stops (exit 130)', async () => {
    const target = pool();
    ops.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'latency', latencyMs: 400, poolId: target.id });
    let sent = false;
    const result = await spawnCli(['conformance', ...ops.target(target), '--report', join(dir, 'interrupted.json')], {
      onOutput: (child, text) => {
        if (!sent && text.includes('ran      list-users-case')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('SIGINT: deleting the temporary users, then stopping');
    expect(target.usernames).toEqual([]);
  }, 30_000);

  test('usage: the pool is required', async () => {
    const result = await runCommand(conformanceCommand, ['--endpoint', ops.twin.endpoint]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--user-pool-id is required/);
  });
});
