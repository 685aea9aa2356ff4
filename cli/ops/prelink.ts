// One prelink row: the same safety checks as the trigger's first-sign-in linking (the engine's
// candidate rules: a verified email in the tenant's domains, exactly one eligible user, an allowed
// status, not a federated user, under Cognito's identity limit, not linked to another subject of
// the provider), then AdminLinkProviderForUser. Idempotent: a link already in place is success,
// confirmed with AdminGetUser. Refuses an identity that has signed in before (it has its own
// user: Cognito would answer "Merging is not currently supported"); never creates or deletes users.
import { judgeCandidate, type CandidateVerdict, type DirectoryUser, type Exclusion } from '../../lambda/engine/candidate-selection';
import { normaliseEmail } from '../../lambda/engine/email';
import { listUsersFilter } from '../../lambda/engine/lookup';
import { LIST_USERS_FILTER_MAX } from '../../policy/cognito-limits';
import type { CompiledPolicySet, CompiledProvider, CompiledTenant } from '../../policy/compiled';
import type { OpsDirectory } from './directory';
import type { PrelinkRow } from './prelink-input';
import { errorText, isThrottling, RetriesExhausted } from './throttle';

export type SkipReason =
  | 'invalid_row'
  | 'unknown_provider'
  | 'linking_disabled'
  | 'social_needs_subject'
  | 'attribute_not_mapped'
  | 'user_not_found'
  | 'ambiguous_user'
  | 'email_missing'
  | 'email_invalid'
  | 'domain_not_owned'
  | Exclusion
  | 'no_eligible_user'
  | 'identity_signed_up'
  | 'identity_linked_elsewhere'
  | 'link_refused';

export type RowResult =
  | { readonly outcome: 'linked' | 'already_linked' | 'would_link' }
  | { readonly outcome: 'skipped'; readonly reason: SkipReason; readonly detail: string }
  | { readonly outcome: 'failed'; readonly reason: 'cognito_error'; readonly detail: string };

/** Cognito cannot go on (throttled or unreachable after every retry, no credentials, no such pool): the run stops, the journal keeps its progress. */
export class StopRun extends Error {}

const SOCIAL = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
const FATAL = new Set(['CredentialsProviderError', 'ResourceNotFoundException', 'UnrecognizedClientException', 'AccessDeniedException', 'ExpiredTokenException', 'InvalidSignatureException']);
/** The repeated-link messages (docs/cognito-facts.md §4; lambda/cognito/errors.ts). */
const ALREADY_LINKED = [/SourceUser is already linked to DestinationUser/i, /Invalid SourceUser: Cognito users with a username\/password may not be passed in as a SourceUser/i];
const MERGING = /Merging is not currently supported/i;

const MERGE_FIX =
  'the identity has signed in before and has its own federated user, so Cognito would answer "Merging is not currently supported". ' +
  'Fix: check that the federated user (<provider>_<subject>) holds nothing to keep, delete it (AdminDeleteUser), then rerun; this tool never deletes users';

const EXCLUSION_WORDS: Record<Exclusion, string> = {
  value_mismatch: 'the user has no value for the match attribute',
  federated_user: 'the user is a federated user (EXTERNAL_PROVIDER), never a link destination',
  disabled: 'the user is disabled',
  unconfirmed: 'the user is UNCONFIRMED: never linked (pre-registration attack)',
  status_not_allowed: "the user's status is not one of the tenant's linking.existing_user.statuses",
  email_not_in_tenant: "the user's own email is not in the provider's tenant's domains",
  unverified: "the user's email is not verified (linking.existing_user.require_verified)",
  identities_unreadable: "the user's identities attribute cannot be read",
  linked_to_other_subject: 'the user already holds another identity of this provider',
  identity_limit: 'the user already has 5 linked identities (Cognito\'s limit)',
};

export interface PrelinkContext {
  readonly set: CompiledPolicySet;
  readonly directory: OpsDirectory;
  readonly dryRun: boolean;
}

export async function prelinkRow(context: PrelinkContext, row: PrelinkRow): Promise<RowResult> {
  try {
    return await decide(context, row);
  } catch (error) {
    if (error instanceof StopRun) throw error;
    if (error instanceof RetriesExhausted) {
      throw new StopRun(`${isThrottling(error.last) ? 'Cognito kept throttling' : 'Cognito did not answer'} (${error.message}); lower --rate or wait, then rerun to resume`);
    }
    if (FATAL.has((error as Error).name)) throw new StopRun(errorText(error));
    return { outcome: 'failed', reason: 'cognito_error', detail: errorText(error) };
  }
}

const skip = (reason: SkipReason, detail: string): RowResult => ({ outcome: 'skipped', reason, detail });

async function decide(context: PrelinkContext, row: PrelinkRow): Promise<RowResult> {
  const { set, directory } = context;
  const provider = set.providers[row.provider.toLowerCase()];
  if (!provider) return skip('unknown_provider', `no tenant policy declares the provider '${row.provider}'`);
  const tenant = set.tenants[provider.tenant_id]!;
  if (!tenant.linking.enabled) return skip('linking_disabled', `tenant ${tenant.id} does not link (linking.enabled false)`);
  const link = row.subject !== undefined ? { name: 'Cognito_Subject', value: row.subject } : { name: row.attributeName!, value: row.attributeValue! };
  if (link.name !== 'Cognito_Subject') {
    if (SOCIAL.has(provider.type)) return skip('social_needs_subject', `${provider.name} is a social provider: Cognito links it by subject only (Cognito_Subject)`);
    if (!Object.hasOwn(provider.attribute_mapping, link.name)) return skip('attribute_not_mapped', `${provider.name} does not map ${link.name}: Cognito links on a mapped user pool attribute only`);
  }

  const found = await destinations(directory, row.user);
  if (found === 'too_long') return skip('invalid_row', 'the email is too long for a ListUsers filter (256 characters)');
  if (found === 'not_found') return skip('user_not_found', 'no user by that username or email');
  const judged = found.users.map((user) => ({ user, verdict: judge(tenant, provider, link.value, user) }));
  const holder = judged.find(({ verdict }) => verdict.verdict === 'already_linked');
  if (holder) {
    // Success only as AdminGetUser reads the user (ListUsers is eventually consistent).
    const current = found.listed ? await directory.getUser(holder.user.username) : holder.user;
    if (current && judge(tenant, provider, link.value, current).verdict === 'already_linked') return { outcome: 'already_linked' };
  }
  const eligible = judged.filter(({ verdict }) => verdict.verdict === 'eligible');
  if (eligible.length > 1) return skip('ambiguous_user', `${eligible.length} eligible users hold that email: give the username instead`);
  if (eligible.length === 0) {
    const reasons = judged.map(({ verdict }) => (verdict.verdict === 'excluded' ? verdict.exclusion : 'eligible'));
    if (judged.length === 1) return skip(reasons[0] as SkipReason, words(reasons[0]!));
    return skip('no_eligible_user', `none of the ${judged.length} users holding that email qualifies (${reasons.join(', ')})`);
  }
  let destination = eligible[0]!.user;
  if (found.listed) {
    // ListUsers is eventually consistent: judge the destination as AdminGetUser reads it now.
    const current = await directory.getUser(destination.username);
    if (!current) return skip('user_not_found', 'the user ListUsers found no longer exists');
    const verdict = judge(tenant, provider, link.value, current);
    if (verdict.verdict === 'already_linked') return { outcome: 'already_linked' };
    if (verdict.verdict === 'excluded') return skip(verdict.exclusion, words(verdict.exclusion));
    destination = current;
  }

  if (link.name === 'Cognito_Subject') {
    // A signed-up identity has its own user `<Provider>_<subject>` (lower-cased in case-insensitive pools).
    const source = await directory.getUser(`${provider.name}_${link.value}`);
    if (source && source.username !== destination.username) {
      return source.status === 'EXTERNAL_PROVIDER'
        ? skip('identity_signed_up', MERGE_FIX)
        : skip('identity_linked_elsewhere', 'the identity is linked to another user: unlink it there first (link-policy unlink)');
    }
  }
  if (context.dryRun) return { outcome: 'would_link' };

  try {
    await directory.link(destination.username, provider.name, link.name, link.value);
    return { outcome: 'linked' };
  } catch (error) {
    if (error instanceof RetriesExhausted) throw error;
    const { name, message } = error as Error;
    if (name === 'InvalidParameterException' && ALREADY_LINKED.some((pattern) => pattern.test(message))) {
      // Not idempotent (§4): "already linked" is success only if the destination holds the identity.
      const after = await directory.getUser(destination.username);
      const confirmed = after && judge(tenant, provider, link.value, after).verdict === 'already_linked';
      return confirmed ? { outcome: 'already_linked' } : skip('identity_linked_elsewhere', 'Cognito says the identity is linked, but not to this user: unlink it there first (link-policy unlink)');
    }
    if (MERGING.test(message)) return skip('identity_signed_up', MERGE_FIX);
    if (name === 'LimitExceededException') return skip('identity_limit', `Cognito refused: ${name}: ${message}`);
    if (FATAL.has(name) || !(name.endsWith('Exception'))) throw error;
    return skip('link_refused', `Cognito refused the link: ${name}: ${message}`);
  }
}

/** By username (AdminGetUser also resolves aliases and sub), else every user holding the email (`listed`: read by ListUsers). */
async function destinations(directory: OpsDirectory, user: string): Promise<{ users: DirectoryUser[]; listed: boolean } | 'not_found' | 'too_long'> {
  const direct = await directory.getUser(user);
  if (direct) return { users: [direct], listed: false };
  if (!user.includes('@')) return 'not_found';
  if (listUsersFilter('email', user).length > LIST_USERS_FILTER_MAX) return 'too_long';
  const holders = await directory.usersWithEmail(user);
  return holders.length > 0 ? { users: holders, listed: true } : 'not_found';
}

type Verdict = CandidateVerdict | { readonly username: string; readonly verdict: 'excluded'; readonly exclusion: 'email_missing' | 'email_invalid' | 'domain_not_owned' };

/** The tenant's domain gate, then the trigger's candidate rules (judgeCandidate), for this identity. */
function judge(tenant: CompiledTenant, provider: CompiledProvider, subject: string, user: DirectoryUser): Verdict {
  const email = normaliseEmail(user.attributes['email']);
  if (!email.ok) return { username: user.username, verdict: 'excluded', exclusion: email.reason };
  if (!tenant.domains.includes(email.domain)) return { username: user.username, verdict: 'excluded', exclusion: 'domain_not_owned' };
  const match = tenant.linking.match.attribute;
  const value = (match === 'username' ? user.username : user.attributes[match]) ?? '';
  return judgeCandidate({ tenant, provider, subject, value }, user);
}

function words(reason: string): string {
  switch (reason) {
    case 'email_missing':
      return 'the user has no email, so its tenant domain cannot be checked';
    case 'email_invalid':
      return "the user's email is malformed";
    case 'domain_not_owned':
      return "the user's email is not in the provider's tenant's domains";
    default:
      return EXCLUSION_WORDS[reason as Exclusion] ?? reason;
  }
}
