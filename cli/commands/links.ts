// `link-policy links`: a tenant's users and their linked identities, for audits. A tenant's users
// are those whose email is in its domains, and those holding an identity of one of its providers
// (a linked native user, or a federated user). ListUsers cannot filter on `identities` or on an
// email's domain (docs/cognito-facts.md §7), so every page is read, at the pace of the UserList
// quota share, and each user is written out as its page arrives: a pool of 100,000 users is never
// in memory, in any format.
import { resolve } from 'node:path';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import { normaliseEmail } from '../../lambda/engine/email';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import type { CompiledTenant } from '../../policy/compiled';
import { choice, commandArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { QUOTA_OPTIONS, QUOTA_USAGE, quotaSettings } from '../ops/bulk/options';
import { openOutput, write } from '../ops/bulk/report';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget } from '../ops/cognito';
import { csvLine } from '../ops/csv';
import { opsDirectory } from '../ops/directory';
import { FatalCognitoError } from '../ops/engine-directory';
import { userIdentities, type Identity } from '../ops/identities';
import { loadRules } from '../ops/policies';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: link-policy links --user-pool-id ID --tenant ID [--format table|json|csv] [--output FILE]

Lists a tenant's users (email in its domains, or holding an identity of its providers) with their
linked identities, in the pool's order, as ListUsers pages arrive.

options:
  --tenant ID              the tenant (from the policies)
  --format table|json|csv  (default table; csv has one line per identity, for spreadsheets)
  --output FILE            write there instead of stdout (opened before the first request)
  --policies DIR           tenant rules (default: policies/)
${QUOTA_USAGE}
${AWS_USAGE}
  -h, --help

exit codes: 0 listed, 1 Cognito failed or the policies do not load, 2 usage error
`;

const OPTIONS = { ...AWS_OPTIONS, ...QUOTA_OPTIONS, tenant: 'value', format: 'value', output: 'value', policies: 'value' } as const;

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
  const budget = quotaSettings(args);
  if ('error' in budget) return usage(budget.error);
  const tenantId = args.values.get('tenant');
  if (tenantId === undefined) return usage('--tenant is required');
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const tenant = indexPolicySet(rules.set).tenant(tenantId) as CompiledTenant | undefined;
  if (!tenant) return usage(`no tenant '${tenantId}' in ${rules.dir} (${Object.keys(rules.set.tenants).join(', ')})`);
  const target = cognitoTarget(args, io.env, budget);
  if ('error' in target) return usage(target.error);
  const outputArg = args.values.get('output');
  const output = outputArg === undefined ? io.stdout : await openOutput(resolve(io.cwd, outputArg), '--output');
  if ('error' in output) return usage(output.error);

  const counts = { users: 0, linked: 0, federated: 0, scanned: 0 };
  const providers = new Set(tenant.providers.map(asciiLowerCase));
  try {
    await write(output, head(format, tenant, target.poolId));
    for await (const user of opsDirectory(target).allUsers()) {
      counts.scanned += 1;
      const shown = tenantUser(providers, tenant, user);
      if (!shown) continue;
      counts.users += 1;
      if (shown.identities.some((identity) => identity.tenant && !identity.primary)) counts.linked += 1;
      if (shown.identities.some((identity) => identity.tenant && identity.primary)) counts.federated += 1;
      await write(output, line(format, shown, counts.users === 1));
    }
    await write(output, tail(format, tenant, target.poolId, counts));
  } catch (error) {
    // The reader went away (`| head`): nothing more to write, nothing failed.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
    const cause = error instanceof FatalCognitoError ? error.original : error;
    io.stderr.write(`link-policy links: Cognito failed after ${counts.scanned} users: ${(cause as Error).name}: ${(cause as Error).message}\n`);
    return EXIT.failed;
  } finally {
    target.destroy();
    if (output !== io.stdout) output.end();
  }
  return EXIT.ok;
}

function tenantUser(providers: ReadonlySet<string>, tenant: CompiledTenant, user: DirectoryUser): TenantUser | undefined {
  const identities: readonly Identity[] = userIdentities(user.attributes) ?? [];
  const rawEmail = Object.hasOwn(user.attributes, 'email') ? user.attributes['email'] : undefined;
  const email = normaliseEmail(rawEmail);
  const inDomain = email.ok && tenant.domains.includes(email.domain);
  const ofTenant = identities.some((identity) => providers.has(asciiLowerCase(identity.providerName)));
  if (!inDomain && !ofTenant) return undefined;
  return {
    username: user.username,
    status: user.status ?? null,
    enabled: user.enabled,
    email: rawEmail ?? null,
    email_verified: Object.hasOwn(user.attributes, 'email_verified') && user.attributes['email_verified'] === 'true',
    identities: identities.map((identity) => ({
      provider: identity.providerName,
      subject: identity.userId,
      type: identity.providerType ?? null,
      primary: identity.primary,
      linked_at: identity.dateCreated !== undefined && Number.isFinite(identity.dateCreated) ? new Date(identity.dateCreated).toISOString() : null,
      tenant: providers.has(asciiLowerCase(identity.providerName)),
    })),
  };
}

/** Table columns have fixed widths: the table is written before the widest value is known. */
const WIDTHS = [24, 18, 8, 34] as const;

function cells(values: readonly string[]): string {
  return `${values.map((value, column) => (column < WIDTHS.length ? value.padEnd(WIDTHS[column]!) : value)).join(' ').trimEnd()}\n`;
}

function head(format: Format, tenant: CompiledTenant, poolId: string): string {
  switch (format) {
    case 'json':
      return `{\n  "format": 2,\n  "pool": ${JSON.stringify(poolId)},\n  "tenant": ${JSON.stringify(tenant.id)},\n  "users": [`;
    case 'csv':
      return csvLine(['username', 'status', 'enabled', 'email', 'email_verified', 'provider', 'subject', 'primary', 'linked_at']);
    case 'table':
      return cells(['USERNAME', 'STATUS', 'ENABLED', 'EMAIL', 'IDENTITIES']);
  }
}

function line(format: Format, user: TenantUser, first: boolean): string {
  switch (format) {
    case 'json':
      return `${first ? '\n' : ',\n'}    ${JSON.stringify(user)}`;
    case 'csv': {
      const base = [user.username, user.status ?? '', String(user.enabled), user.email ?? '', String(user.email_verified)];
      if (user.identities.length === 0) return csvLine([...base, '', '', '', '']);
      return user.identities.map((identity) => csvLine([...base, identity.provider, identity.subject, String(identity.primary), identity.linked_at ?? ''])).join('');
    }
    case 'table':
      return cells([
        user.username,
        user.status ?? '',
        user.enabled ? 'yes' : 'no',
        `${user.email ?? ''}${user.email && !user.email_verified ? ' (unverified)' : ''}`,
        user.identities.length === 0 ? '-' : user.identities.map((identity) => `${identity.provider}:${identity.subject}${identity.primary ? ' (own sign-in)' : ''}`).join(', '),
      ]);
  }
}

function tail(format: Format, tenant: CompiledTenant, poolId: string, counts: { users: number; linked: number; federated: number; scanned: number }): string {
  switch (format) {
    case 'json':
      return `${counts.users === 0 ? '' : '\n  '}],\n  "counts": ${JSON.stringify(counts)}\n}\n`;
    case 'csv':
      return '';
    case 'table':
      return (
        `${counts.users} users of tenant ${tenant.id} (of ${counts.scanned} in pool ${poolId}): ${counts.linked} linked to its providers, ` +
        `${counts.federated} federated (created by their own sign-in), ${counts.users - counts.linked - counts.federated} with no identity of its providers\n`
      );
  }
}
