// `link-policy verify-domains [dir]`: checks the DNS proof of each enterprise tenant domain (a TXT
// record at `_link-policy.<domain>` holding `link-policy-tenant=<tenant id>`, cli/ops/domain-proof.ts)
// and reports each unproven domain at its file:line:column, as `validate` does, for people, GitHub
// annotations or JSON. `_pool.yaml`'s domain_proof.unproven says whether that is an error or a
// warning; a proof naming another tenant is always an error. Consumer tenants are skipped: nobody
// proves gmail.com. The policy pull request workflow runs it for the domains the pull request adds
// or moves (--baseline: the base branch's policies).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatProblem, loadPolicySet, parsePolicyYaml, problemAt, type CompiledPolicySet, type Problem } from '../../policy';
import { choice, commandArgs } from '../args';
import { githubAnnotation } from '../format/problems';
import { EXIT, type CliIo } from '../io';
import { dnsProofLookup, proofName, proofValue, type ProofResult } from '../ops/domain-proof';
import { displayPath } from './paths';

const FORMATS = ['human', 'github', 'json'] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_TIMEOUT_MS = 3000;

const USAGE = `usage: link-policy verify-domains [dir] [--domain D]... [--baseline DIR] [--format human|github|json]

Checks that each enterprise tenant's domains are proven by DNS: a TXT record at
_link-policy.<domain> holding link-policy-tenant=<tenant id>. Consumer tenants are not checked.
An unproven domain is an error or a warning as _pool.yaml's domain_proof.unproven says; a proof
naming another tenant is always an error.

options:
  --domain D          check only this domain (repeatable)
  --baseline DIR      check only the domains added or moved to another tenant since the policies in DIR
                      (the pull request workflow passes the base branch's policies/)
  --format human      one line per problem with file:line:column, then its hint (default)
  --format github     GitHub Actions annotations
  --format json       one JSON document: every domain checked, with its status
  --resolver H:P      a DNS server to ask instead of the system's (repeatable)
  --timeout MS        per query (default ${DEFAULT_TIMEOUT_MS})
  -h, --help

exit codes: 0 every checked domain proven (warnings allowed), 1 an error (unproven under
unproven: error, another tenant's proof, a lookup that failed) or the policies do not load, 2 usage error
`;

const OPTIONS = { domain: 'list', baseline: 'value', format: 'value', resolver: 'list', timeout: 'value' } as const;

interface Checked {
  readonly domain: string;
  readonly tenant: string;
  readonly record: string;
  readonly result: ProofResult;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'verify-domains', usage: USAGE, options: OPTIONS, maxPositionals: 1 }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const format = choice<Format>(args, 'format', FORMATS, 'human');
  if (typeof format === 'object') return usage(format.error);
  const timeout = Number(args.values.get('timeout') ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isInteger(timeout) || timeout < 1) return usage(`--timeout needs a whole number of milliseconds (got '${args.values.get('timeout')}')`);
  const resolvers = args.lists.get('resolver') ?? [];
  const badResolver = resolvers.find((server) => !/^[0-9a-fA-F.:[\]]+$/.test(server));
  if (badResolver !== undefined) return usage(`--resolver needs an address and optional port, e.g. 127.0.0.1:5353 (got '${badResolver}')`);

  const dirArg = args.positionals[0] ?? 'policies';
  const loaded = load(io, dirArg);
  if (typeof loaded === 'string') return usage(loaded);
  if (!loaded.ok) {
    io.stderr.write(`${loaded.message}\n`);
    return EXIT.failed;
  }
  const { set, shown, dir } = loaded;
  let baseline: CompiledPolicySet | undefined;
  const baselineArg = args.values.get('baseline');
  if (baselineArg !== undefined) {
    const base = load(io, baselineArg);
    if (typeof base === 'string') return usage(`--baseline: ${base}`);
    // A base that does not load (or none yet) proves nothing: every domain counts as new.
    baseline = base.ok ? base.set : undefined;
  }

  const wanted = new Set(args.lists.get('domain') ?? []);
  const targets: { domain: string; tenant: string; file: string; index: number }[] = [];
  for (const tenant of Object.values(set.tenants)) {
    if (isConsumer(dir, tenant.source_file)) continue;
    tenant.domains.forEach((domain, index) => {
      if (wanted.size > 0 && !wanted.has(domain)) return;
      if (baseline && Object.hasOwn(baseline.domains, domain) && baseline.domains[domain] === tenant.id) return;
      targets.push({ domain, tenant: tenant.id, file: tenant.source_file, index });
    });
  }
  const unknown = [...wanted].filter((domain) => !targets.some((target) => target.domain === domain) && !Object.hasOwn(set.domains, domain));
  if (unknown.length > 0) return usage(`--domain: no tenant claims ${unknown.join(', ')}`);

  const lookup = dnsProofLookup(resolvers, timeout);
  const checked: (Checked & { file: string; index: number })[] = await Promise.all(
    targets.map(async (target) => ({ ...target, record: proofName(target.domain), result: await lookup.check(target.domain, target.tenant) })),
  );
  const unproven = set.settings.domain_proof?.unproven ?? 'error';
  const problems = checked.flatMap((entry) => {
    const problem = problemFor(entry, unproven);
    return problem ? [positioned(dir, shown, entry.file, entry.index, problem)] : [];
  });
  const errors = problems.filter((problem) => problem.severity === 'error');
  io.stdout.write(render(format, shown, checked, problems, unproven));
  return errors.length > 0 ? EXIT.failed : EXIT.ok;
}

type Loaded = { readonly ok: true; readonly set: CompiledPolicySet; readonly shown: string; readonly dir: string } | { readonly ok: false; readonly message: string };

function load(io: CliIo, given: string): Loaded | string {
  const dir = resolve(io.cwd, given);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return `'${given}' is not a directory`;
  const shown = displayPath(io.cwd, dir);
  const result = loadPolicySet(dir, { displayDir: shown });
  if (!result.ok) return { ok: false, message: `${result.problems.map(formatProblem).join('\n')}\n${shown}: the policies do not load; run link-policy validate ${shown}` };
  return { ok: true, set: result.set, shown, dir };
}

/** tenant.consumer is the validator's business and not in the compiled set: read from the file. */
function isConsumer(dir: string, file: string): boolean {
  const parsed = parsePolicyYaml({ path: file, text: readFileSync(join(dir, file), 'utf8') });
  const data = parsed.ok ? (parsed.parsed.data as { tenant?: { consumer?: unknown } }) : undefined;
  return data?.tenant?.consumer === true;
}

function problemFor(entry: Checked, unproven: 'error' | 'warning'): Parameters<typeof problemAt>[2] | undefined {
  const publish = `publish TXT "${proofValue(entry.tenant)}" at ${entry.record}`;
  switch (entry.result.status) {
    case 'proven':
      return undefined;
    case 'missing':
      return {
        rule: 'domain.unproven',
        message: `domain '${entry.domain}' has no DNS proof for tenant ${entry.tenant}: no TXT "${proofValue(entry.tenant)}" at ${entry.record}`,
        hint: `The domain's owner must ${publish} (docs/domain-proof.md); until then the tenant's IdP could claim a domain it does not own.`,
        severity: unproven,
      };
    case 'other_tenant':
      return {
        rule: 'domain.proof-other-tenant',
        message: `domain '${entry.domain}' is proven for ${entry.result.tenants.map((tenant) => `tenant ${tenant}`).join(', ')}, not ${entry.tenant}`,
        hint: `The domain's owner vouches for another tenant: move the domain there, or have the owner ${publish}.`,
      };
    case 'lookup_failed':
      return {
        rule: 'domain.proof-lookup-failed',
        message: `domain '${entry.domain}': the DNS lookup of ${entry.record} failed (${entry.result.code}), so its proof could not be checked`,
        hint: 'Rerun; if it persists, check the resolver (--resolver) and the domain\'s name servers.',
      };
  }
}

function positioned(dir: string, shown: string, file: string, index: number, spec: Parameters<typeof problemAt>[2]): Problem {
  const path = `${shown}/${file}`;
  const parsed = parsePolicyYaml({ path, text: readFileSync(join(dir, file), 'utf8') });
  if (!parsed.ok) throw new Error(`${path} loaded a moment ago and no longer parses`);
  return problemAt(parsed.parsed, ['tenant', 'domains', index], spec);
}

function render(format: Format, shown: string, checked: readonly Checked[], problems: readonly Problem[], unproven: string): string {
  const proven = checked.filter((entry) => entry.result.status === 'proven').length;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const summary = `${shown}: ${checked.length} domain${checked.length === 1 ? '' : 's'} checked, ${proven} proven; ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'} (domain_proof.unproven: ${unproven})\n`;
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          format: 1,
          directory: shown,
          unproven,
          domains: checked.map((entry) => ({ domain: entry.domain, tenant: entry.tenant, record: entry.record, ...entry.result })),
          problems,
        },
        null,
        2,
      )}\n`;
    case 'github':
      return problems.map(githubAnnotation).join('') + summary;
    case 'human':
      return problems.map((problem) => `${formatProblem(problem)}\n`).join('') + summary;
  }
}
