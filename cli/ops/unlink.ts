// Removing a linked identity, the way Cognito needs it (docs/cognito-facts.md §6), for `unlink`
// of one identity and `unlink --input` of many: the user found by username, alias or an email one
// user holds; the identity read from the user's own `identities` (exact subject, never guessed);
// AdminDisableProviderForUser with Cognito_Subject and that subject (or, for a SAML identity linked
// on an attribute that has not signed in since, that attribute's name and value); the removal
// confirmed with AdminGetUser; then the user's sessions ended (AdminUserGlobalSignOut). Whether the
// trigger would link the identity again is the engine's answer (relink.ts). Never deletes a user.
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import { holdsIdentity } from '../../lambda/engine/identities';
import type { PolicyIndex } from '../../lambda/engine/policy-index';
import { CognitoCallError } from '../../lambda/cognito/errors';
import type { Retry } from './bulk/runner';
import type { Journal } from './bulk/journal';
import type { CognitoTarget } from './cognito';
import { opsDirectory, type OpsDirectory } from './directory';
import { classified } from './engine-directory';
import { userIdentities, type Identity } from './identities';
import type { InputRecord } from './bulk/rows';
import { relinkAssessment } from './relink';

/** AdminDisableProviderForUser's answer when the name/value pair does not match a link (aws-sdk-go #4218). */
export const NOT_LINKED = /isn't linked to anyone|not linked/i;

export const SAML_ATTRIBUTE_HINT = '; a SAML identity linked on an attribute that has not signed in since is unlinked by that attribute: give its name and value';

/** Why a user or identity cannot be unlinked, with its reason code. */
export class UnlinkRefusal {
  constructor(
    readonly reason: keyof typeof UNLINK_REASONS,
    readonly message: string,
  ) {}
}

/** The reason codes of `unlink --input` refusals and failures (docs/operator-commands.md). */
export const UNLINK_REASONS = {
  invalid_row: 'The row is malformed (a missing column, a subject and an attribute both, control characters).',
  no_such_user: 'No user has that username, alias or sub, and no user holds that email.',
  ambiguous_user: 'Several users hold that email: name the user by username.',
  not_linked: 'The user holds no identity of that provider (or none with that subject).',
  ambiguous_identity: 'The user holds several identities of that provider: give the subject.',
  federated_user: "The identity is the user's own (a federated user created by its sign-in), not a link: Cognito cannot unlink it.",
  would_relink: "The trigger would link the identity again at its next sign-in: record it in the tenant's linking.do_not_relink and deploy, or pass --allow-relink.",
  cognito_refused: 'Cognito refused the unlink (the message says why).',
  still_linked: 'Cognito answered, but the identity is still listed on the user.',
} as const;

/** By username (AdminGetUser resolves aliases and sub too), else by an email exactly one user holds. */
export async function findUser(directory: OpsDirectory, given: string): Promise<DirectoryUser | UnlinkRefusal> {
  const direct = await directory.getUser(given);
  if (direct) return direct;
  if (!given.includes('@')) return new UnlinkRefusal('no_such_user', `no user '${given}'`);
  const holders = await directory.usersWithEmail(given);
  if (holders.length === 0) return new UnlinkRefusal('no_such_user', `no user '${given}' and no user with that email`);
  if (holders.length > 1) {
    // Sorted: ListUsers promises no order.
    const names = holders.map((holder) => holder.username).sort();
    return new UnlinkRefusal('ambiguous_user', `${holders.length} users hold that email (${names.join(', ')}): name the user with --user USERNAME`);
  }
  // ListUsers is eventually consistent: read the user itself.
  return (await directory.getUser(holders[0]!.username)) ?? new UnlinkRefusal('no_such_user', `user ${holders[0]!.username} disappeared while being read`);
}

/** The identity to remove: the user's only one of that provider, or the one with this exact subject. */
export function chooseIdentity(user: DirectoryUser, provider: string, subject: string | undefined): Identity | UnlinkRefusal {
  const identities = userIdentities(user.attributes);
  if (identities === undefined) return new UnlinkRefusal('not_linked', `${user.username}'s identities attribute cannot be read`);
  const ofProvider = identities.filter((identity) => asciiLowerCase(identity.providerName) === asciiLowerCase(provider));
  if (ofProvider.length === 0) {
    const held = identities.map((identity) => identity.providerName);
    return new UnlinkRefusal('not_linked', `${user.username} holds no ${provider} identity${held.length ? ` (it holds: ${[...new Set(held)].join(', ')})` : ' (no linked identity at all)'}`);
  }
  let chosen: Identity | undefined;
  if (subject !== undefined) {
    chosen = ofProvider.find((identity) => identity.userId === subject);
    if (!chosen) {
      const near = ofProvider.find((identity) => identity.userId.toLowerCase() === subject.toLowerCase());
      return new UnlinkRefusal(
        'not_linked',
        near
          ? `no ${provider} identity with subject '${subject}'; subjects are case-sensitive: did you mean '${near.userId}'?`
          : `no ${provider} identity with subject '${subject}' (subjects: ${ofProvider.map((identity) => identity.userId).join(', ')})`,
      );
    }
  } else if (ofProvider.length > 1) {
    return new UnlinkRefusal('ambiguous_identity', `${user.username} holds ${ofProvider.length} ${provider} identities (${ofProvider.map((identity) => identity.userId).join(', ')}): choose one with --subject`);
  } else {
    chosen = ofProvider[0]!;
  }
  if (chosen.primary || user.status === 'EXTERNAL_PROVIDER') {
    return new UnlinkRefusal(
      'federated_user',
      `${user.username} is a federated user created by its own ${chosen.providerName} sign-in: that identity is not a link, and Cognito cannot unlink it ` +
        "(\"not linked to anyone\"). Deleting that user is a separate decision (AdminDeleteUser); this command never deletes users.",
    );
  }
  return chosen;
}

/** The AdminDisableProviderForUser user: the identity's exact subject, or the attribute it was linked on. */
export function disableCall(identity: Identity, byAttribute: { readonly name: string; readonly value: string } | undefined): { readonly attributeName: string; readonly value: string } {
  return byAttribute ? { attributeName: byAttribute.name, value: byAttribute.value } : { attributeName: 'Cognito_Subject', value: identity.userId };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// ---- unlink --input ------------------------------------------------------------------------------

/** Columns of `unlink --input` (CSV header or JSON Lines keys). */
export const UNLINK_COLUMNS = ['user', 'provider', 'subject', 'attribute_name', 'attribute_value'] as const;

export interface UnlinkRow {
  readonly row: number;
  readonly line: number;
  readonly user: string;
  readonly provider: string;
  readonly subject?: string;
  readonly attribute?: { readonly name: string; readonly value: string };
}

export type UnlinkInput = UnlinkRow | { readonly row: number; readonly line: number; readonly problem: string; readonly user?: string; readonly provider?: string };

const CONTROL = /[\p{Cc}\p{Cf}]/u;

export function unlinkRow(record: InputRecord): UnlinkInput {
  const { row, line } = record;
  if ('problem' in record) return record;
  const value = (name: (typeof UNLINK_COLUMNS)[number]): string | undefined => (Object.hasOwn(record.values, name) ? record.values[name] : undefined);
  const user = value('user');
  const provider = value('provider');
  const problem = (text: string): UnlinkInput => ({ row, line, problem: text, ...(user !== undefined ? { user } : {}), ...(provider !== undefined ? { provider } : {}) });
  if (user === undefined) return problem('no user');
  if (provider === undefined) return problem('no provider');
  if (Object.values(record.values).some((text) => CONTROL.test(text))) return problem('control or format characters');
  if (asciiLowerCase(provider) === 'cognito') return problem("provider Cognito would disable the user's password sign-in, not remove a link");
  const subject = value('subject');
  const name = value('attribute_name');
  const attributeValue = value('attribute_value');
  if ((name === undefined) !== (attributeValue === undefined)) return problem('attribute_name and attribute_value go together');
  if (name !== undefined && subject !== undefined) return problem('give subject, or attribute_name and attribute_value, not both');
  return { row, line, user, provider, ...(subject !== undefined ? { subject } : {}), ...(name !== undefined ? { attribute: { name, value: attributeValue! } } : {}) };
}

export type UnlinkOutcome = 'unlinked' | 'would_unlink' | 'refused' | 'failed';

export interface UnlinkResult {
  readonly outcome: UnlinkOutcome;
  readonly reason?: keyof typeof UNLINK_REASONS;
  readonly detail?: string;
  /** The identity removed (or to be), as `Provider:subject`. */
  readonly identity?: string;
  /** The user's username, once found. */
  readonly username?: string;
}

export interface UnlinkContext {
  readonly index: PolicyIndex;
  readonly target: CognitoTarget;
  readonly dryRun: boolean;
  readonly allowRelink: boolean;
  readonly journal?: Journal;
}

/**
 * One row of `unlink --input`, with the single command's rules: found, chosen, judged by the engine
 * (relink), journaled, unlinked, confirmed, signed out. A row an interrupted run left in doubt whose
 * identity is gone was unlinked by that run: its sessions are ended now (the sign-out may not have
 * been sent), never left open.
 */
export async function decideUnlinkRow(context: UnlinkContext, row: UnlinkInput, inDoubt: boolean): Promise<UnlinkResult | Retry> {
  if ('problem' in row) return { outcome: 'refused', reason: 'invalid_row', detail: row.problem };
  const directory = opsDirectory(context.target);
  try {
    const user = await findUser(directory, row.user);
    if (user instanceof UnlinkRefusal) return refusedBy(user);
    const chosen = chooseIdentity(user, row.provider, row.subject);
    if (chosen instanceof UnlinkRefusal) {
      if (inDoubt && chosen.reason === 'not_linked') {
        if (!context.dryRun) await signOut(context, user.username);
        return { outcome: 'unlinked', username: user.username, detail: 'unlinked by the interrupted run; sessions ended now' };
      }
      return { ...refusedBy(chosen), username: user.username };
    }
    const identity = `${chosen.providerName}:${chosen.userId}`;
    const relink = relinkAssessment(context.index, chosen, user);
    if (relink.relinks && !context.allowRelink) return { outcome: 'refused', reason: 'would_relink', detail: relink.words, identity, username: user.username };
    if (context.dryRun) return { outcome: 'would_unlink', identity, username: user.username };

    const call = disableCall(chosen, row.attribute);
    await context.journal?.intent(row.row);
    const failures: { last?: unknown } = {};
    try {
      await classified('AdminDisableProviderForUser', () => directory.unlink(chosen.providerName, call.attributeName, call.value), failures);
    } catch (error) {
      if (error instanceof CognitoCallError && error.kind !== 'unavailable') {
        const hint = NOT_LINKED.test(errorText(failures.last)) && !row.attribute && chosen.providerType === 'SAML' ? SAML_ATTRIBUTE_HINT : '';
        return { outcome: 'failed', reason: 'cognito_refused', detail: `Cognito refused: ${errorText(failures.last)}${hint}`, identity, username: user.username };
      }
      throw error;
    }
    // Confirm from the source of truth, then end the sessions opened through the identity.
    const after = await directory.getUser(user.username);
    if (holdsIdentity(userIdentities(after?.attributes ?? {}) ?? [], chosen.providerName, chosen.userId)) {
      return { outcome: 'failed', reason: 'still_linked', detail: UNLINK_REASONS.still_linked, identity, username: user.username };
    }
    await signOut(context, user.username);
    return { outcome: 'unlinked', identity, username: user.username };
  } catch (error) {
    // Throttled past the SDK's retries, or unreachable: the row is tried again later (the journal
    // keeps a sent write in doubt, and the retry finds it made).
    if (error instanceof CognitoCallError && error.kind === 'unavailable') return { retry: `Cognito did not answer (${error.errorName})` };
    throw error;
  }
}

async function signOut(context: UnlinkContext, username: string): Promise<void> {
  await classified('AdminUserGlobalSignOut', () => opsDirectory(context.target).signOut(username));
}

function refusedBy(refusal: UnlinkRefusal): UnlinkResult {
  return { outcome: 'refused', reason: refusal.reason, detail: refusal.message };
}
