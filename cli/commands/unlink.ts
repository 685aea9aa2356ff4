// `link-policy unlink`: removes one linked identity from a user, the way Cognito needs it
// (AdminDisableProviderForUser, docs/cognito-facts.md §6): the identity is read from the user's own
// `identities`, and Cognito_Subject with the exact subject is sent (never the `Provider_` prefixed
// username, which fails with "Account isn't linked to anyone else"). A SAML identity linked on an
// attribute that has never signed in needs that attribute's name and value instead: the
// `identities` attribute does not show them, so they come from --attribute-name/--attribute-value.
// Dry run by default; --yes to act. Refuses ambiguous input. Never deletes a user.
//
// Unlink for good: an unlinked identity's next SSO sign-in is a first sign-in again, and the trigger
// would link it straight back. So --yes acts only when the trigger's own engine (relink.ts) says
// that sign-in would not be linked: the identity is on its tenant's linking.do_not_relink list, in
// the policies deployed (--record writes the entry into the tenant's policy file, for review and
// deploy first), or the tenant does not link it anyway; --allow-relink overrides (a mislink whose
// identity should link to its rightful user). After the unlink, the user's sessions end
// (AdminUserGlobalSignOut): tokens obtained through the removed identity stop refreshing.
import type { CompiledPolicySet } from '../../policy';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { holdsIdentity } from '../../lambda/engine/identities';
import { commandArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { AWS_OPTIONS, AWS_USAGE, cognitoTarget } from '../ops/cognito';
import { opsDirectory } from '../ops/directory';
import { userIdentities, type Identity } from '../ops/identities';
import { loadRules } from '../ops/policies';
import { recordUnlinked, relinkAssessment, type RelinkAssessment } from '../ops/relink';
import { BULK_OPTIONS, BULK_USAGE, quotaSettings } from '../ops/bulk/options';
import { chooseIdentity, disableCall, errorText, findUser, NOT_LINKED, UnlinkRefusal } from '../ops/unlink';
import { runUnlinkInput, UNLINK_INPUT_ONLY, UNLINK_ONE_ONLY } from '../ops/unlink-input';

const USAGE = `usage: link-policy unlink --user-pool-id ID --user USER --provider NAME [--subject SUB] [--record | --yes]
       link-policy unlink --user-pool-id ID --input FILE [--yes] [options]

Removes one linked identity from a user (AdminDisableProviderForUser with Cognito_Subject and the
exact subject read from the user's identities), then ends the user's sessions
(AdminUserGlobalSignOut). Dry run unless --yes. Never deletes a user. Unlink for good: --record
adds the identity to its tenant's linking.do_not_relink in the policies (review and deploy it);
--yes then acts only if the trigger would not link the identity again at its next sign-in.
With --input, the same for every row of a file, at the pace of Cognito's quotas, journaled.

options:
  --user USER             username, or an email that exactly one user holds
  --provider NAME         the identity provider of the identity to remove
  --subject SUB           which identity, when the user has several of that provider (exact case)
  --attribute-name NAME   for a SAML identity linked on an attribute that has not signed in since:
  --attribute-value VALUE   the attribute name and value used when it was linked
  --record                write the identity into its tenant's policy file (linking.do_not_relink);
                          nothing changes in Cognito: commit, review and deploy it, then --yes
  --note TEXT             with --record: why, for reviewers (a ticket; no personal data)
  --yes                   act (default: dry run, print what would be done)
  --allow-relink          with --yes: unlink although the trigger would link the identity again
                          (e.g. it was linked to the wrong user and should reach its own)
  --policies DIR          the tenant rules (default: policies/)

bulk (--input FILE: CSV with a header row, or JSON Lines; columns user, provider, and subject or
attribute_name + attribute_value, as the options above; each row decided and reported with a
reason code):
  --input FILE            the rows
  --journal FILE          write-ahead journal, to resume an interrupted run (default: <input>.journal.jsonl)
  --report FILE           a JSON report: counts, and each row's outcome and reason code
${BULK_USAGE}
${AWS_USAGE}
  -h, --help

exit codes: 0 unlinked (or, dry run, would unlink; or recorded), 1 refused (no such user or identity, ambiguous, it would be relinked), Cognito failed or the policies do not load, 2 usage error;
with --input: 0 every row unlinked (dry run: would unlink), 1 a row failed or the run stopped (rerun to resume), 2 usage or input error, 3 no row failed but some were refused
`;

const OPTIONS = {
  ...AWS_OPTIONS,
  ...BULK_OPTIONS,
  input: 'value',
  journal: 'value',
  report: 'value',
  user: 'value',
  provider: 'value',
  subject: 'value',
  'attribute-name': 'value',
  'attribute-value': 'value',
  yes: 'flag',
  record: 'flag',
  note: 'value',
  'allow-relink': 'flag',
  policies: 'value',
} as const;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = commandArgs({ name: 'unlink', usage: USAGE, options: OPTIONS }, argv, io);
  if (typeof command === 'number') return command;
  const { args, usage } = command;
  if (args.values.has('input')) {
    const conflicting = UNLINK_ONE_ONLY.find((name) => args.values.has(name) || args.flags.has(name));
    if (conflicting !== undefined) return usage(`--${conflicting} names one identity; with --input every row names its own${conflicting === 'record' || conflicting === 'note' ? " (record identities one at a time, or disable the tenant's linking)" : ''}`);
    return runUnlinkInput(args, io, usage);
  }
  const bulkOnly = UNLINK_INPUT_ONLY.find((name) => args.values.has(name));
  if (bulkOnly !== undefined) return usage(`--${bulkOnly} goes with --input`);
  for (const required of ['user', 'provider']) if (!args.values.has(required)) return usage(`--${required} is required`);
  const attributeName = args.values.get('attribute-name');
  const attributeValue = args.values.get('attribute-value');
  if ((attributeName === undefined) !== (attributeValue === undefined)) return usage('--attribute-name and --attribute-value go together');
  if (attributeName !== undefined && args.values.has('subject')) return usage('give --subject or --attribute-name/--attribute-value, not both');
  const provider = args.values.get('provider')!;
  if (asciiLowerCase(provider) === 'cognito') {
    return usage("--provider Cognito would disable the user's password sign-in, not remove a link; this command only removes linked identities");
  }
  const record = args.flags.has('record');
  if (record && args.flags.has('yes')) return usage('--record and --yes go in two runs: record, have the policy reviewed and deployed, then unlink with --yes');
  if (args.values.has('note') && !record) return usage('--note goes with --record');
  if (args.flags.has('allow-relink') && !args.flags.has('yes')) return usage('--allow-relink goes with --yes');
  const rules = loadRules(args, io.cwd);
  if (!rules.ok) return rules.usage ? usage(rules.message) : fail(io, rules.message);
  const { set } = rules;
  const budget = quotaSettings(args);
  if ('error' in budget) return usage(budget.error);
  const target = cognitoTarget(args, io.env, budget);
  if ('error' in target) return usage(target.error);

  try {
    const directory = opsDirectory(target);
    const user = await findUser(directory, args.values.get('user')!);
    if (user instanceof UnlinkRefusal) return fail(io, user.message);
    const chosen = chooseIdentity(user, provider, args.values.get('subject'));
    if (chosen instanceof UnlinkRefusal) return fail(io, chosen.message);

    const byAttribute = attributeName !== undefined && attributeValue !== undefined;
    const call = disableCall(chosen, byAttribute ? { name: attributeName, value: attributeValue } : undefined);
    const lines = [
      `user      ${user.username} (${user.status ?? 'no status'})`,
      `identity  ${chosen.providerName} ${chosen.userId}${chosen.dateCreated ? `, linked ${new Date(chosen.dateCreated).toISOString()}` : ''}`,
      `call      AdminDisableProviderForUser User={ProviderName: ${chosen.providerName}, ProviderAttributeName: ${call.attributeName}, ProviderAttributeValue: ${call.value}}`,
    ];
    if (byAttribute) lines.push('          (the attribute name and value given: for a SAML identity linked on an attribute that has not signed in since, Cognito matches the link by them)');
    lines.push(...policyNotes(set, chosen, user));
    const relink = relinkAssessment(indexPolicySet(set), chosen, user);
    lines.push(`relink    ${relink.words}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    if (record) return recordIdentity(io, rules.dir, set, chosen, args.values.get('note'), relink);
    if (!args.flags.has('yes')) {
      io.stdout.write(`dry run: nothing changed; ${relink.relinks ? 'add --record first (see relink above), then ' : 'add '}--yes to unlink\n`);
      return EXIT.ok;
    }
    if (relink.relinks && !args.flags.has('allow-relink')) {
      return fail(
        io,
        `refused: the trigger would link this identity again at its next sign-in. Record it (--record), have the policy change reviewed and deployed, then rerun with --yes; or --allow-relink if it should link again (to its rightful user)`,
      );
    }

    try {
      await directory.unlink(chosen.providerName, call.attributeName, call.value);
    } catch (error) {
      const hint = NOT_LINKED.test(String((error as Error).message)) && !byAttribute && chosen.providerType === 'SAML'
        ? '\nIf this SAML identity was linked on an attribute and has not signed in since, pass the --attribute-name and --attribute-value used when linking.'
        : '';
      return fail(io, `Cognito refused: ${errorText(error)}${hint}`);
    }
    // Confirm from the source of truth: the identity is gone from the user's identities.
    const after = await directory.getUser(user.username);
    const still = holdsIdentity(userIdentities(after?.attributes ?? {}) ?? [], chosen.providerName, chosen.userId);
    if (still) return fail(io, 'Cognito answered, but the identity is still listed on the user');
    // Sessions opened through the identity (refresh tokens) must not outlive the link.
    await directory.signOut(user.username);
    io.stdout.write(
      `unlinked: ${user.username} no longer holds the ${chosen.providerName} identity, and its sessions are ended (AdminUserGlobalSignOut); ` +
        `${relink.relinks ? `its next sign-in through ${chosen.providerName} is a first sign-in again (--allow-relink)` : `the trigger will not link it again (${relink.reason})`}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return fail(io, `Cognito failed: ${errorText(error)}`);
  } finally {
    target.destroy();
  }
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`link-policy unlink: ${message}\n`);
  return EXIT.failed;
}

/** What the policies say about this user's password once the identity is gone. */
function policyNotes(set: CompiledPolicySet, removed: Identity, user: DirectoryUser): string[] {
  const index = indexPolicySet(set);
  const provider = index.provider(removed.providerName);
  if (!provider) return [`note      no tenant policy declares ${removed.providerName}`];
  const tenant = index.tenant(provider.tenant_id);
  if (tenant?.native_login.password_sign_in !== 'block_linked_users') return [];
  const others = (userIdentities(user.attributes) ?? []).filter(
    (identity) =>
      !(identity.providerName === removed.providerName && identity.userId === removed.userId) &&
      tenant.providers.some((name) => asciiLowerCase(name) === asciiLowerCase(identity.providerName)),
  );
  return others.length > 0
    ? []
    : [`note      tenant ${tenant.id} blocks passwords of linked users only (block_linked_users): once unlinked, ${user.username} can sign in with a password again`];
}

/** --record: the entry goes into the tenant's policy file; Cognito is not touched. */
function recordIdentity(io: CliIo, dir: string, set: CompiledPolicySet, identity: Identity, note: string | undefined, relink: RelinkAssessment): number {
  if (relink.reason === 'relink_blocked') {
    io.stdout.write('recorded: already on the do_not_relink list; once deployed, run again with --yes\n');
    return EXIT.ok;
  }
  const recorded = recordUnlinked(io.cwd, dir, set, identity, note);
  if ('error' in recorded) return fail(io, recorded.error);
  io.stdout.write(
    `recorded: ${recorded.file} linking.do_not_relink += {provider: ${identity.providerName}, subject: ${identity.userId}}; ` +
      'nothing changed in Cognito. Commit it, have it reviewed and deployed, then run again with --yes\n',
  );
  return EXIT.ok;
}
