// `link-policy conformance`: runs the conformance probes (cli/conformance/probes.ts) against a user
// pool, a real one in the user's account or the local twin (--endpoint), and writes a report of the
// behaviour observed for each twin switch a probe can settle and of each modelled fact it checked.
// `link-policy test --switches-from report.json` then runs the policy scenarios under what the
// pool really does. Only temporary users with a recognisable prefix are created, and they are
// deleted when the run ends, also after a failure or Ctrl-C.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SWITCHES, SWITCH_NAMES, type SwitchName, type TwinSwitches } from '../../twin/switches';
import type { SwitchReport } from '../../twin/switch-report';
import { commandArgs } from '../args';
import { Lab, newRunId, TEMP_PREFIX, tempUsername, type PoolFacts } from '../conformance/lab';
import { emptyFindings, NOT_PROBED, PROBES, type Findings, type Probe } from '../conformance/probes';
import { EXIT, type CliIo } from '../io';
import { AWS_OPTIONS, AWS_USAGE, singleClientTarget } from '../ops/cognito';
import { displayPath } from './paths';

const DEFAULT_REPORT = 'conformance-report.json';

const USAGE = `usage: link-policy conformance --user-pool-id ID [--provider NAME] [--report FILE] [--dry-run]

Probes how a user pool really behaves where Cognito's documentation is silent or sources disagree
(ListUsers case rules, the repeated-link message, identities after a link, AdminDisableProviderForUser,
DescribeUserPoolClient, the link length limit, error statuses) and writes a report of the observed
twin switch values. Against AWS it uses your normal credentials; against the local twin, --endpoint.
It creates only temporary users named ${TEMP_PREFIX}<run>-<role> (emails @example.invalid,
no messages sent), links fake identities to them, and deletes them at the end, also after a failure.

options:
  --provider NAME   the identity provider whose fake identities the linking probes link
                    (default: the pool's first provider; none: those probes are skipped)
  --report FILE     where to write the report (default: ${DEFAULT_REPORT})
  --dry-run         discover the pool (read-only calls) and list what would be created; write nothing
${AWS_USAGE}
  -h, --help

Use the report: link-policy test --switches-from FILE (and the twin: loadSwitchReport(FILE)).

exit codes: 0 every probe ran and every checked fact held, 1 a fact or behaviour differs from the
twin's model, a probe failed, a temporary user could not be deleted, or Cognito refused access,
2 usage error
`;

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'conformance', usage: USAGE, options: { ...AWS_OPTIONS, provider: 'value', report: 'value', 'dry-run': 'flag' } }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const target = singleClientTarget(args, io.env);
  if ('error' in target) return usage(target.error);
  const lab = new Lab(target.client, target.poolId, newRunId());
  const out = (line = '') => io.stdout.write(`${line}\n`);
  try {
    out(`link-policy conformance: pool ${target.poolId} (${target.endpoint ? `endpoint ${target.endpoint}` : `AWS ${target.region}`}), run ${lab.runId}`);
    let facts: PoolFacts | { readonly error: string };
    try {
      facts = await lab.discover(args.values.get('provider'));
    } catch (error) {
      io.stderr.write(`link-policy conformance: cannot read the pool: ${errorText(error)}\n`);
      return EXIT.failed;
    }
    if ('error' in facts) {
      io.stderr.write(`link-policy conformance: ${facts.error}\n`);
      return EXIT.failed;
    }
    out(`  ${facts.caseSensitive ? 'case-sensitive' : 'case-insensitive'} pool; ${facts.clients.length} app client${facts.clients.length === 1 ? '' : 's'}`);
    out(`  linking probes: ${facts.provider ? `provider ${facts.provider.name} (${facts.provider.type})` : 'skipped: the pool has no identity provider'}`);
    out(`  password sign-in probe: ${facts.passwordClient ? `client ${facts.passwordClient.id} (${facts.passwordClient.api})` : 'skipped: no app client allows USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH'}`);
    const earlier = await lab.earlierLeftovers();
    if (earlier.length > 0) out(`  note: ${earlier.length} user${earlier.length === 1 ? '' : 's'} left by an interrupted earlier run: ${earlier.join(', ')} (delete them with AdminDeleteUser)`);
    if (args.flags.has('dry-run')) return dryRun(lab, facts, out);
    return await probe(lab, facts, target, args.values.get('report') ?? DEFAULT_REPORT, io, out);
  } finally {
    target.client.destroy();
  }
}

function missing(probe: Probe, facts: PoolFacts): string | undefined {
  if (probe.needs.includes('provider') && !facts.provider) return 'the pool has no identity provider (pass --provider, or add one)';
  if (probe.needs.includes('password client') && !facts.passwordClient) return 'no app client allows USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH';
  return undefined;
}

function dryRun(lab: Lab, facts: PoolFacts, out: (line?: string) => void): number {
  out('\ndry run: nothing is created. The run would:');
  for (const probe of PROBES) {
    const skipped = missing(probe, facts);
    out(`  ${probe.id}${skipped ? ` (skipped: ${skipped})` : ''}: ${probe.what}`);
    if (probe.settles.length > 0) out(`    settles: ${probe.settles.join(', ')}`);
    if (skipped) continue;
    for (const [role, why] of Object.entries(probe.users)) out(`    creates ${tempUsername(lab.runId, role)}: ${why}`);
    for (const write of probe.writes) out(`    ${write}`);
  }
  const users = PROBES.flatMap((each) => (missing(each, facts) ? [] : Object.keys(each.users))).length;
  out(`  then delete the ${users} users it created`);
  return EXIT.ok;
}

async function probe(lab: Lab, facts: PoolFacts, target: { poolId: string; region: string; endpoint?: string }, reportArg: string, io: CliIo, out: (line?: string) => void): Promise<number> {
  const findings = emptyFindings();
  const failures: string[] = [];
  const interrupted = { signal: undefined as NodeJS.Signals | undefined };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted.signal = signal;
    io.stderr.write(`\nlink-policy conformance: ${signal}: deleting the temporary users, then stopping\n`);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  out();
  try {
    for (const each of PROBES) {
      if (interrupted.signal) break;
      const skipped = missing(each, facts);
      if (skipped) {
        for (const name of each.settles) findings.notProbed[name] = skipped;
        out(`  skipped  ${each.id}: ${skipped}`);
        continue;
      }
      try {
        await each.run(lab, facts, findings);
        out(`  ran      ${each.id}`);
      } catch (error) {
        failures.push(`${each.id}: ${errorText(error)}`);
        for (const name of each.settles) if (!(name in findings.switches)) findings.notProbed[name] = `the probe failed: ${errorText(error)}`;
        out(`  FAILED   ${each.id}: ${errorText(error)}`);
      }
    }
  } finally {
    await lab.cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  for (const [name, why] of Object.entries(NOT_PROBED)) findings.notProbed[name as SwitchName] ??= why;

  const report = buildReport(lab, facts, target, findings);
  const reportPath = resolve(io.cwd, reportArg);
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  printSummary(report, failures, out);
  out(`\nreport: ${displayPath(io.cwd, reportPath)}  (run the policy tests under it: link-policy test --switches-from ${displayPath(io.cwd, reportPath)})`);
  if (interrupted.signal) return 130;
  const differs = report.checks.some((check) => !check.agrees) || Object.keys(report.unexpected).length > 0;
  return differs || failures.length > 0 || report.cleanup.leftover.length > 0 ? EXIT.failed : EXIT.ok;
}

function buildReport(lab: Lab, facts: PoolFacts, target: { poolId: string; region: string; endpoint?: string }, findings: Findings): SwitchReport {
  const order = (record: Partial<Record<SwitchName, string>>) => Object.fromEntries(SWITCH_NAMES.filter((name) => name in record).map((name) => [name, record[name]]));
  return {
    format: 1,
    tool: 'link-policy conformance',
    ranAt: new Date().toISOString(),
    target: {
      poolId: target.poolId,
      region: target.region,
      endpoint: target.endpoint ?? null,
      caseSensitive: facts.caseSensitive,
      provider: facts.provider?.name ?? null,
      passwordClient: facts.passwordClient !== undefined,
    },
    switches: order(findings.switches) as Partial<TwinSwitches>,
    notProbed: order(findings.notProbed),
    unexpected: order(findings.unexpected),
    checks: findings.checks,
    observations: findings.observations,
    cleanup: { created: [...lab.created], deleted: [...lab.deleted], leftover: [...lab.leftover] },
  };
}

function printSummary(report: SwitchReport, failures: readonly string[], out: (line?: string) => void): void {
  const width = Math.max(...SWITCH_NAMES.map((name) => name.length));
  out('\nswitches (observed, and the twin default):');
  for (const name of SWITCH_NAMES) {
    const observed = report.switches[name];
    if (observed !== undefined) out(`  ${name.padEnd(width)}  ${observed}${observed === DEFAULT_SWITCHES[name] ? '  (twin default)' : `  DIFFERS from the twin default ${DEFAULT_SWITCHES[name]}`}`);
  }
  for (const [name, why] of Object.entries(report.unexpected)) out(`  ${name.padEnd(width)}  UNEXPECTED: ${why}`);
  out('checks (facts the twin models):');
  for (const check of report.checks) out(`  ${check.agrees ? 'holds ' : 'DIFFERS'}  ${check.id}: ${check.observed}${check.agrees ? '' : ` (the twin models: ${check.expected}; source: ${check.source})`}`);
  const notProbed = Object.entries(report.notProbed);
  if (notProbed.length > 0) {
    out('not probed (the twin keeps its default; the tests run both values):');
    for (const [name, why] of notProbed) out(`  ${name.padEnd(width)}  ${why}`);
  }
  for (const failure of failures) out(`probe failed: ${failure}`);
  const { created, deleted, leftover } = report.cleanup;
  out(`cleanup: ${created.length} temporary user${created.length === 1 ? '' : 's'} created, ${deleted.length} deleted${leftover.length > 0 ? `; NOT deleted: ${leftover.join(', ')}` : ''}`);
}
