// `link-policy links`: a tenant's users and their linked identities, for audits. A tenant's users
// are those whose email is in its domains, and those holding an identity of one of its providers
// (a linked native user, or a federated user). ListUsers cannot filter on `identities` or on an
// email's domain (docs/cognito-facts.md §7), so every page is read, paced below the shared quota.
import { normaliseEmail } from '../../lambda/engine/email';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import type { CompiledTenant } from '../../policy/compiled';
import { choice, commandArgs, positiveNumber } from '../args';
import { EXIT, type CliIo } from '../io';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget } from '../ops/cognito';
import { csvLine } from '../ops/csv';
import { opsDirectory } from '../ops/directory';
import { userIdentities, type Identity } from '../ops/identities';
import { loadRules } from '../ops/policies';
import { errorText, pacer, RateLimiter } from '../ops/throttle';

const DEFAULT_RATE = 5;
const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: link-policy links --user-pool-id ID --tenant ID [--format table|json|csv]

Lists a tenant's users (email in its domains, or holding an identity of its providers) with
their linked identities.

options:
  --tenant ID            the tenant (from the policies)
  --format table|json|csv  (default table; csv has one line per identity, for spreadsheets)
  --rate N               ListUsers pages per second (default ${DEFAULT_RATE})
  --policies DIR         tenant rules (default: policies/)
${AWS_USAGE}
  -h, --help

exit codes: 0 listed, 1 Cognito failed or the policies do not load, 2 usage error
`;

const OPTIONS = { ...AWS_OPTIONS, tenant: 'value', format: 'value', rate: 'value', policies: 'value' } as const;

interface TenantUser {
  readonly username: string;
  readonly status: string | null;
  readonly enabled: boolean;
  readonly email: string | null;
  readonly email_verified: boolean;
  /** Every identity the user holds; `tenant` marks those of this tenant's providers. */
  readonly identities: readonly {
    readonly provider: string;
    readonly subject: string;
    readonly type: string | null;
    readonly primary: boolean;
    readonly linked_at: string | null;
    readonly tenant: boolean;
  }[];
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'links', usage: USAGE, options: OPTIONS }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const format = choice<Format>(args, 'format', FORMATS, 'table');
  if (typeof format === 'object') return usage(format.error);
  const rate = positiveNumber(args, 'rate', DEFAULT_RATE);
  if (typeof rate === 'object') return usage(rate.error);
  const tenantId = args.values.get('tenant');
  if (tenantId === undefined) return usage('--tenant is required');
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const tenant = rules.set.tenants[tenantId];
  if (!Object.hasOwn(rules.set.tenants, tenantId) || !tenant) return usage(`no tenant '${tenantId}' in ${rules.dir} (${Object.keys(rules.set.tenants).join(', ')})`);
  const target = cognitoTarget(args, io.env);
  if ('error' in target) return usage(target.error);

  let all: DirectoryUser[];
  try {
    all = await opsDirectory(target, pacer(new RateLimiter(rate))).allUsers();
  } catch (error) {
    io.stderr.write(`link-policy links: Cognito failed: ${errorText(error)}\n`);
    return EXIT.failed;
  } finally {
    target.client.destroy();
  }
  const users = all.flatMap((user) => tenantUser(tenant, user)).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  io.stdout.write(render(format, users, tenant, target.poolId, all.length));
  return EXIT.ok;
}

function tenantUser(tenant: CompiledTenant, user: DirectoryUser): TenantUser[] {
  const providers = new Set(tenant.providers.map((name) => name.toLowerCase()));
  const identities: readonly Identity[] = userIdentities(user.attributes) ?? [];
  const email = normaliseEmail(user.attributes['email']);
  const inDomain = email.ok && tenant.domains.includes(email.domain);
  const ofTenant = identities.some((identity) => providers.has(identity.providerName.toLowerCase()));
  if (!inDomain && !ofTenant) return [];
  return [
    {
      username: user.username,
      status: user.status ?? null,
      enabled: user.enabled,
      email: user.attributes['email'] ?? null,
      email_verified: user.attributes['email_verified'] === 'true',
      identities: identities.map((identity) => ({
        provider: identity.providerName,
        subject: identity.userId,
        type: identity.providerType ?? null,
        primary: identity.primary,
        linked_at: identity.dateCreated !== undefined && Number.isFinite(identity.dateCreated) ? new Date(identity.dateCreated).toISOString() : null,
        tenant: providers.has(identity.providerName.toLowerCase()),
      })),
    },
  ];
}

function render(format: Format, users: readonly TenantUser[], tenant: CompiledTenant, poolId: string, scanned: number): string {
  const linked = users.filter((user) => user.identities.some((identity) => identity.tenant && !identity.primary)).length;
  const federated = users.filter((user) => user.identities.some((identity) => identity.tenant && identity.primary)).length;
  switch (format) {
    case 'json':
      return `${JSON.stringify({ format: 1, pool: poolId, tenant: tenant.id, counts: { users: users.length, linked, federated, scanned }, users }, null, 2)}\n`;
    case 'csv': {
      const header = csvLine(['username', 'status', 'enabled', 'email', 'email_verified', 'provider', 'subject', 'primary', 'linked_at']);
      const lines = users.flatMap((user) => {
        const base = [user.username, user.status ?? '', String(user.enabled), user.email ?? '', String(user.email_verified)];
        if (user.identities.length === 0) return [csvLine([...base, '', '', '', ''])];
        return user.identities.map((identity) => csvLine([...base, identity.provider, identity.subject, String(identity.primary), identity.linked_at ?? '']));
      });
      return header + lines.join('');
    }
    case 'table': {
      const rows = users.map((user) => [
        user.username,
        user.status ?? '',
        user.enabled ? 'yes' : 'no',
        `${user.email ?? ''}${user.email && !user.email_verified ? ' (unverified)' : ''}`,
        user.identities.length === 0 ? '-' : user.identities.map((identity) => `${identity.provider}:${identity.subject}${identity.primary ? ' (own sign-in)' : ''}`).join(', '),
      ]);
      const header = ['USERNAME', 'STATUS', 'ENABLED', 'EMAIL', 'IDENTITIES'];
      const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
      const line = (cells: readonly string[]) => `${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}\n`;
      return (
        line(header) +
        rows.map(line).join('') +
        `${users.length} users of tenant ${tenant.id} (of ${scanned} in pool ${poolId}): ${linked} linked to its providers, ` +
        `${federated} federated (created by their own sign-in), ${users.length - linked - federated} with no identity of its providers\n`
      );
    }
  }
}
