// Which existing user, if any, a first federated sign-in may be linked to. ListUsers results are
// candidates only: every rule is applied here, on our side (the filter's case behaviour is
// uncertain and ListUsers is eventually consistent, docs/cognito-facts.md §7), and applied again
// to the one selected user as AdminGetUser reads it, just before the link. The rules close the
// known account-takeover paths (§11): never an UNCONFIRMED or unverified native account (the
// pre-registration attack), never a user outside the tenant's own domains (whatever attribute the
// match is on: a Globex identity asserting preferred_username "carol" must not reach a consumer
// account), never a federated profile, never several candidates (`Users[0]` is a guess), never a
// user at Cognito's 5-identity limit or already holding another identity of the same provider.
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import { LINKED_IDENTITIES_PER_USER } from '../../policy/cognito-limits';
import { normaliseEmail } from './email';
import { attribute } from './event';
import { holdsIdentity, identitiesOf, parseIdentities } from './identities';
import { sameValue } from './lookup';

/** An existing user as ListUsers / AdminGetUser describe it. */
export interface DirectoryUser {
  readonly username: string;
  readonly status: string | undefined;
  readonly enabled: boolean;
  readonly attributes: Readonly<Record<string, string>>;
}

export type Exclusion =
  | 'value_mismatch'
  | 'federated_user'
  | 'disabled'
  | 'unconfirmed'
  | 'status_not_allowed'
  | 'email_not_in_tenant'
  | 'unverified'
  | 'identities_unreadable'
  | 'linked_to_other_subject'
  | 'identity_limit';

export type CandidateVerdict =
  | { readonly username: string; readonly verdict: 'eligible' | 'already_linked' }
  | { readonly username: string; readonly verdict: 'excluded'; readonly exclusion: Exclusion };

export type Selection =
  | { readonly kind: 'already_linked'; readonly username: string }
  | { readonly kind: 'link'; readonly username: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly usernames: readonly string[] };

export interface CandidateContext {
  readonly tenant: TriggerTenant;
  readonly provider: TriggerProvider;
  /**
   * The exact-case subject, or undefined when the event does not give it (subject_unavailable,
   * subject_mismatch). Without it no replay can be recognised, and any identity of this provider
   * on a user counts as another subject's.
   */
  readonly subject: string | undefined;
  /** The asserted match value (trimmed). */
  readonly value: string;
}

/** The verified flags require_verified asks for: the email always, and the phone number too for phone matches. */
export function requiredVerifiedFlags(context: Pick<CandidateContext, 'tenant'>): readonly string[] {
  return context.tenant.linking.match.attribute === 'phone_number' ? ['email_verified', 'phone_number_verified'] : ['email_verified'];
}

export function judgeCandidate(context: CandidateContext, user: DirectoryUser): CandidateVerdict {
  const { tenant, provider, subject, value } = context;
  const { linking } = tenant;
  const excluded = (exclusion: Exclusion): CandidateVerdict => ({ username: user.username, verdict: 'excluded', exclusion });
  const stored = linking.match.attribute === 'username' ? user.username : attribute(user.attributes, linking.match.attribute);
  if (!sameValue(stored, value, linking.match.case)) return excluded('value_mismatch');

  const rawIdentities = attribute(user.attributes, 'identities');
  const identities = rawIdentities === undefined ? [] : parseIdentities(rawIdentities);
  // A replay: Cognito retried the invocation after the link was made. Nothing to do.
  if (identities && subject !== undefined && holdsIdentity(identities, provider.name, subject)) {
    return { username: user.username, verdict: 'already_linked' };
  }

  if (user.status === 'EXTERNAL_PROVIDER') return excluded('federated_user');
  if (!user.enabled) return excluded('disabled');
  if (user.status === 'UNCONFIRMED') return excluded('unconfirmed');
  if (!linking.existing_user.statuses.some((status) => status === user.status)) return excluded('status_not_allowed');
  const email = normaliseEmail(attribute(user.attributes, 'email'));
  if (!email.ok || !tenant.domains.includes(email.domain)) return excluded('email_not_in_tenant');
  if (linking.existing_user.require_verified && requiredVerifiedFlags(context).some((flag) => attribute(user.attributes, flag) !== 'true')) {
    return excluded('unverified');
  }
  if (!identities) return excluded('identities_unreadable');
  if (identitiesOf(identities, provider.name).length > 0) return excluded('linked_to_other_subject');
  if (identities.length >= LINKED_IDENTITIES_PER_USER) return excluded('identity_limit');
  return { username: user.username, verdict: 'eligible' };
}

export function selectCandidate(
  context: CandidateContext,
  users: readonly DirectoryUser[],
): { readonly selection: Selection; readonly verdicts: readonly CandidateVerdict[] } {
  const verdicts = uniqueByUsername(users).map((user) => judgeCandidate(context, user));
  const linked = verdicts.find((v) => v.verdict === 'already_linked');
  if (linked) return { selection: { kind: 'already_linked', username: linked.username }, verdicts };
  const eligible = verdicts.filter((v) => v.verdict === 'eligible').map((v) => v.username);
  const [only] = eligible;
  if (only === undefined) return { selection: { kind: 'none' }, verdicts };
  if (eligible.length > 1) return { selection: { kind: 'ambiguous', usernames: eligible }, verdicts };
  return { selection: { kind: 'link', username: only }, verdicts };
}

/** Several queries (two spellings, several pages) may return the same user. */
function uniqueByUsername(users: readonly DirectoryUser[]): DirectoryUser[] {
  const seen = new Map<string, DirectoryUser>();
  for (const user of users) if (!seen.has(user.username)) seen.set(user.username, user);
  return [...seen.values()];
}
