// `link-policy wrong-method`: the accounts of a sign-in method their email's tenant refuses
// (sign_in_methods), made before the policy said so: a federated profile of a refused provider (a
// Google account carrying an @globex address), or a user holding a linked identity of one. The
// trigger refuses their sign-ins through that method (method_refused); this lists them so an
// operator can remove the identity (link-policy unlink) or the account. Each user is judged by the
// trigger's engine (ops/account-methods.ts), never by a rule of this command's own.
//
// Every ListUsers page is read at the pace of the UserList quota share, and each account is written
// as its page arrives. Emails are never written, here or to stderr: the email's domain says which
// tenant decided; the username, provider and subject are what `unlink` needs.
import { resolve } from 'node:path';
import { enforcementDomain } from '../../lambda/engine/email';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import { choice, commandArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { refusedMethodSignIns } from '../ops/account-methods';
import { QUOTA_OPTIONS, QUOTA_USAGE, quotaSettings } from '../ops/bulk/options';
import { openOutput, write } from '../ops/bulk/report';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget } from '../ops/cognito';
import { csvLine } from '../ops/csv';
import { opsDirectory } from '../ops/directory';
import { FatalCognitoError } from '../ops/engine-directory';
import { loadRules } from '../ops/policies';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: link-policy wrong-method --user-pool-id ID [--tenant ID] [--format table|json|csv] [--output FILE]

Lists the accounts whose sign-in method their email's tenant refuses (sign_in_methods): federated
profiles of a refused provider, and users holding a linked identity of one. The trigger refuses
those sign-ins (method_refused, SSO_REQUIRED); remove the identity with link-policy unlink, or the
account. Each user is decided by the trigger's engine. No email is written, only its domain.

options:
  --tenant ID              only the accounts this tenant's rule refuses
  --format table|json|csv  (default table; csv has one line per refused identity)
  --output FILE            write there instead of stdout (opened before the first request)
  --policies DIR           tenant rules (default: policies/)
${QUOTA_USAGE}
${AWS_USAGE}
  -h, --help

exit codes: 0 listed, 1 Cognito failed or the policies do not load, 2 usage error
`;

const OPTIONS = { ...AWS_OPTIONS, ...QUOTA_OPTIONS, tenant: 'value', format: 'value', output: 'value', policies: 'value' } as const;

interface WrongMethodAccount {
  readonly username: string;
  readonly status: string | null;
  readonly enabled: boolean;
  readonly tenant: string;
  readonly email_domain: string | null;
  /** federated_profile: the account was created by a refused provider; linked_identity: a refused identity is linked to it. */
  readonly kind: 'federated_profile' | 'linked_identity';
  readonly refused: readonly { readonly provider: string; readonly subject: string; readonly primary: boolean }[];
}

interface Counts {
  accounts: number;
  federated_profiles: number;
  linked_identities: number;
  unreadable: number;
  scanned: number;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'wrong-method', usage: USAGE, options: OPTIONS }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  const format = choice<Format>(args, 'format', FORMATS, 'table');
  if (typeof format === 'object') return usage(format.error);
  const budget = quotaSettings(args);
  if ('error' in budget) return usage(budget.error);
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) {
    if (rules.usage) return usage(rules.message);
    io.stderr.write(`${rules.message}\n`);
    return EXIT.failed;
  }
  const index = indexPolicySet(rules.set);
  const tenantId = args.values.get('tenant');
  if (tenantId !== undefined && !index.tenant(tenantId)) return usage(`no tenant '${tenantId}' in ${rules.dir} (${Object.keys(rules.set.tenants).join(', ')})`);
  const target = cognitoTarget(args, io.env, budget);
  if ('error' in target) return usage(target.error);
  const outputArg = args.values.get('output');
  const output = outputArg === undefined ? io.stdout : await openOutput(resolve(io.cwd, outputArg), '--output');
  if ('error' in output) return usage(output.error);

  const counts: Counts = { accounts: 0, federated_profiles: 0, linked_identities: 0, unreadable: 0, scanned: 0 };
  try {
    await write(output, head(format, target.poolId, tenantId));
    for await (const user of opsDirectory(target).allUsers()) {
      counts.scanned += 1;
      const refused = refusedMethodSignIns(index, user);
      if (refused === undefined) {
        counts.unreadable += 1;
        continue;
      }
      const tenant = refused[0]?.tenant;
      if (tenant === undefined || (tenantId !== undefined && tenant !== tenantId)) continue;
      const email = Object.hasOwn(user.attributes, 'email') ? user.attributes['email'] : undefined;
      const account: WrongMethodAccount = {
        username: user.username,
        status: user.status ?? null,
        enabled: user.enabled,
        tenant,
        email_domain: enforcementDomain(email) ?? null,
        kind: refused.some((signIn) => signIn.primary) ? 'federated_profile' : 'linked_identity',
        refused: refused.map(({ identity, primary }) => ({ provider: identity.providerName, subject: identity.userId, primary })),
      };
      counts.accounts += 1;
      counts[account.kind === 'federated_profile' ? 'federated_profiles' : 'linked_identities'] += 1;
      await write(output, line(format, account, counts.accounts === 1));
    }
    await write(output, tail(format, target.poolId, counts));
  } catch (error) {
    // The reader went away (`| head`): nothing more to write, nothing failed.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.ok;
    const cause = error instanceof FatalCognitoError ? error.original : error;
    io.stderr.write(`link-policy wrong-method: Cognito failed after ${counts.scanned} users: ${(cause as Error).name}: ${(cause as Error).message}\n`);
    return EXIT.failed;
  } finally {
    target.destroy();
    if (output !== io.stdout) output.end();
  }
  if (counts.unreadable > 0) io.stderr.write(`link-policy wrong-method: ${counts.unreadable} users' identities could not be read; they are not judged\n`);
  return EXIT.ok;
}

/** Table columns have fixed widths: the table is written before the widest value is known. */
const WIDTHS = [28, 18, 12, 20, 16] as const;

function cells(values: readonly string[]): string {
  return `${values.map((value, column) => (column < WIDTHS.length ? value.padEnd(WIDTHS[column]!) : value)).join(' ').trimEnd()}\n`;
}

function head(format: Format, poolId: string, tenant: string | undefined): string {
  switch (format) {
    case 'json':
      return `{\n  "format": 1,\n  "pool": ${JSON.stringify(poolId)},\n  "tenant": ${JSON.stringify(tenant ?? null)},\n  "accounts": [`;
    case 'csv':
      return csvLine(['username', 'status', 'enabled', 'tenant', 'email_domain', 'kind', 'provider', 'subject', 'primary']);
    case 'table':
      return cells(['USERNAME', 'STATUS', 'TENANT', 'EMAIL DOMAIN', 'KIND', 'REFUSED IDENTITIES']);
  }
}

function line(format: Format, account: WrongMethodAccount, first: boolean): string {
  switch (format) {
    case 'json':
      return `${first ? '\n' : ',\n'}    ${JSON.stringify(account)}`;
    case 'csv': {
      const base = [account.username, account.status ?? '', String(account.enabled), account.tenant, account.email_domain ?? '', account.kind];
      return account.refused.map((identity) => csvLine([...base, identity.provider, identity.subject, String(identity.primary)])).join('');
    }
    case 'table':
      return cells([
        account.username,
        account.status ?? '',
        account.tenant,
        account.email_domain ?? '-',
        account.kind === 'federated_profile' ? 'profile' : 'linked',
        account.refused.map((identity) => `${identity.provider}:${identity.subject}${identity.primary ? ' (own sign-in)' : ''}`).join(', '),
      ]);
  }
}

function tail(format: Format, poolId: string, counts: Counts): string {
  switch (format) {
    case 'json':
      return `${counts.accounts === 0 ? '' : '\n  '}],\n  "counts": ${JSON.stringify(counts)}\n}\n`;
    case 'csv':
      return '';
    case 'table':
      return (
        `${counts.accounts} accounts of a refused method (of ${counts.scanned} users in pool ${poolId}): ${counts.federated_profiles} federated profiles ` +
        `(remove the account), ${counts.linked_identities} with a linked identity of a refused provider (link-policy unlink)\n`
      );
  }
}
