// Each candidate's verdict in the decision trace, under the rule that decided it: the policy path
// for policy rules (linking.existing_user.statuses), `candidate.<exclusion>` for the engine's own
// safety rules. The username goes in the entry's `user` (hashed when logged), never in the words.
import { LINKED_IDENTITIES_PER_USER } from '../../policy/cognito-limits';
import type { CandidateContext, CandidateVerdict, DirectoryUser, Exclusion } from './candidate-selection';
import { requiredVerifiedFlags } from './candidate-selection';
import { normaliseEmail } from './email';
import { attribute } from './event';
import type { Trace } from './trace';

export function traceCandidates(trace: Trace, context: CandidateContext, users: readonly DirectoryUser[], verdicts: readonly CandidateVerdict[]): void {
  trace.add('linking.match', 'info', `ListUsers found ${verdicts.length} existing ${verdicts.length === 1 ? 'user' : 'users'}`);
  const byName = new Map<string, DirectoryUser>();
  for (const user of users) if (!byName.has(user.username)) byName.set(user.username, user);
  for (const verdict of verdicts) traceVerdict(trace, context, byName.get(verdict.username), verdict, '');
}

/** The selected user judged again as AdminGetUser reads it (strongly consistent), just before the link. */
export function traceReread(trace: Trace, context: CandidateContext, username: string, user: DirectoryUser | undefined, verdict: CandidateVerdict | undefined): void {
  if (!user || !verdict) {
    trace.add('candidate.reread', 'fail', 'AdminGetUser no longer finds the selected user: nothing to link', username);
    return;
  }
  traceVerdict(trace, context, user, verdict, 'AdminGetUser re-read: ');
}

function traceVerdict(trace: Trace, context: CandidateContext, user: DirectoryUser | undefined, verdict: CandidateVerdict, prefix: string): void {
  if (verdict.verdict === 'excluded') {
    const { rule, detail } = exclusionWords(verdict.exclusion, context, user);
    trace.add(rule, 'fail', `${prefix}excluded: ${detail}`, verdict.username);
  } else if (verdict.verdict === 'eligible') {
    trace.add('candidate.eligible', 'pass', `${prefix}eligible: ${user?.status ?? 'no status'}, enabled, passes every linking rule`, verdict.username);
  } else {
    trace.add('candidate.already_linked', 'info', `${prefix}already holds this ${context.provider.name} identity (a replayed or retried invocation): no link call`, verdict.username);
  }
}

function exclusionWords(exclusion: Exclusion, context: CandidateContext, user: DirectoryUser | undefined): { rule: string; detail: string } {
  const { tenant, provider } = context;
  const { linking } = tenant;
  switch (exclusion) {
    case 'value_mismatch':
      return { rule: 'linking.match.case', detail: `its ${linking.match.attribute} differs from the asserted value under case ${linking.match.case}` };
    case 'federated_user':
      return { rule: 'candidate.federated_user', detail: 'a federated user (EXTERNAL_PROVIDER) is never a link destination' };
    case 'disabled':
      return { rule: 'candidate.disabled', detail: 'the user is disabled' };
    case 'unconfirmed':
      return { rule: 'candidate.unconfirmed', detail: 'UNCONFIRMED users are never linked, whatever the policy lists (pre-registration attack)' };
    case 'status_not_allowed':
      return { rule: 'linking.existing_user.statuses', detail: `status ${user?.status ?? '(none)'} is not one of ${linking.existing_user.statuses.join(', ')}` };
    case 'email_not_in_tenant': {
      const email = normaliseEmail(user ? attribute(user.attributes, 'email') : undefined);
      const which = email.ok ? `its own email's domain ${email.domain} is not one of tenant ${tenant.id}'s domains` : 'it has no readable email of its own';
      return { rule: 'tenant.domains', detail: `${which}: only the tenant's own users are linked, whatever linking.match.attribute is` };
    }
    case 'unverified':
      return { rule: 'linking.existing_user.require_verified', detail: `the user's ${requiredVerifiedFlags(context).join(' and ')} must be "true"` };
    case 'identities_unreadable':
      return { rule: 'candidate.identities_unreadable', detail: "the user's identities attribute cannot be read, so the limits cannot be checked" };
    case 'linked_to_other_subject':
      return {
        rule: 'candidate.linked_to_other_subject',
        detail:
          context.subject === undefined
            ? `already holds a ${provider.name} identity, and without the exact subject it cannot be told whether it is this one`
            : `already linked to another ${provider.name} subject`,
      };
    case 'identity_limit':
      return { rule: 'candidate.identity_limit', detail: `already has ${LINKED_IDENTITIES_PER_USER} linked identities (Cognito's limit)` };
  }
}
