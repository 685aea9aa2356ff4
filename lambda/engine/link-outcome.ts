// PreSignUp_ExternalProvider, after the lookup: the policy's answer to each outcome. Each answer
// records the policy rule it applied in the trace, when one is being kept.
import { LINK_SOURCE_COMBINED_MAX, linkableSubjectLength } from '../../policy/cognito-limits';
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import type { DirectoryUser, Selection } from './candidate-selection';
import { proceed, refuse, type Decision } from './decision';
import { attribute } from './event';
import { holdsIdentity, parseIdentities } from './identities';
import { LOOKUP_MAX_USERS } from './lookup';
import type { LinkingReason } from './reasons';
import { refusal } from './refusal';
import type { Trace } from './trace';

/**
 * No existing user may be linked: none qualified, or a trust gate on the asserted email failed (the
 * reason says which). on_no_match decides: create_user lets Cognito create a separate federated
 * user (an identity nobody could link gets its own account, by design); deny refuses, so a tenant
 * that provisions every user never gets unlinked ones.
 */
export function onNoEligibleMatch(tenant: TriggerTenant, reason?: LinkingReason, trace?: Trace): Decision {
  if (tenant.linking.on_no_match === 'create_user') {
    trace?.add('linking.on_no_match', 'info', 'create_user: nothing is linked, and Cognito creates a separate federated user');
    return proceed(reason ?? 'no_match_create');
  }
  trace?.add('linking.on_no_match', 'fail', 'deny: nothing is linked, and the sign-in is refused with LINK_DENIED');
  return refuse(reason ?? 'no_match_denied', refusal('LINK_DENIED', tenant.messages.link_denied));
}

/**
 * An existing user qualifies but cannot be linked correctly: the link failed (link_refused), or the
 * event lacks the exact subject (subject_unavailable, subject_mismatch). Letting Cognito go on would
 * create a separate federated user that can never be merged into the existing one (Cognito:
 * "Merging is not currently supported"), so the sign-in is refused whatever on_no_match says: the
 * user contacts IT, and the cause is fixed.
 */
export function refuseLink(
  tenant: TriggerTenant,
  reason: 'link_refused' | 'link_source_too_long' | 'subject_unavailable' | 'subject_mismatch',
  trace?: Trace,
): Decision {
  trace?.add('link', 'fail', 'refused with LINK_DENIED whatever on_no_match says: a separate federated user could never be merged into the existing one');
  return refuse(reason, refusal('LINK_DENIED', tenant.messages.link_denied));
}

/**
 * Why Cognito refused a link: a source longer than AdminLinkProviderForUser is observed to accept
 * (provider name + Cognito_Subject + subject above 128 characters, aws-sdk-js-v3 #6985; twin switch
 * (l)) is its own reason, so the log says what to fix; anything else is link_refused. The call is
 * made either way: where the limit does not exist, the link simply succeeds.
 */
export function refusedLinkReason(providerName: string, subject: string, trace?: Trace): 'link_refused' | 'link_source_too_long' {
  const room = linkableSubjectLength(providerName);
  if ([...subject].length <= room) return 'link_refused';
  trace?.add(
    'link.source_length',
    'fail',
    `the subject has ${[...subject].length} characters; with ${providerName} and Cognito_Subject at most ${room} fit in the ${LINK_SOURCE_COMBINED_MAX} Cognito accepts`,
  );
  return 'link_source_too_long';
}

export function onAmbiguousMatch(tenant: TriggerTenant, count: number, trace?: Trace): Decision {
  trace?.add('linking.on_multiple_matches', 'fail', `${count} existing users qualify: linking one would be a guess, so the sign-in is refused with LINK_DENIED`);
  return refuse('ambiguous_match', refusal('LINK_DENIED', tenant.messages.link_denied));
}

/** More users hold the value than one lookup reads (lookup.ts LOOKUP_MAX_PAGES): not all candidates were seen. */
export function onLookupCapped(tenant: TriggerTenant, trace?: Trace): Decision {
  trace?.add(
    'linking.on_multiple_matches',
    'fail',
    `more than ${LOOKUP_MAX_USERS} users hold the value (the lookup stops there): not every candidate was judged, so the sign-in is refused with LINK_DENIED`,
  );
  return refuse('ambiguous_match', refusal('LINK_DENIED', tenant.messages.link_denied));
}

/**
 * After a link (made now or found made): continue, or throw ACCOUNT_LINKED so the app restarts the
 * sign-in, which then lands in the linked account. response.autoVerifyEmail is never set: in pools
 * with an email alias it would move the alias away from the native user (§11).
 */
export function afterLink(tenant: TriggerTenant, provider: TriggerProvider, reason: 'linked' | 'already_linked', trace?: Trace): Decision {
  if (tenant.linking.after_link === 'continue') {
    trace?.add('linking.after_link', 'info', 'continue: the sign-in goes on into the linked user');
    return proceed(reason);
  }
  trace?.add('linking.after_link', 'info', `retry_code: refused with ACCOUNT_LINKED(${provider.name}) so the app restarts the sign-in, which lands in the linked user`);
  return refuse(reason, refusal('ACCOUNT_LINKED', tenant.messages.account_linked, provider.name));
}

export function onCognitoUnavailable(tenant: TriggerTenant, trace?: Trace): Decision {
  if (tenant.linking.on_cognito_unavailable === 'fail_open') {
    trace?.add('linking.on_cognito_unavailable', 'fail', 'Cognito did not answer in time; fail_open: nothing is linked and the sign-in goes on');
    return proceed('cognito_unavailable');
  }
  trace?.add('linking.on_cognito_unavailable', 'fail', 'Cognito did not answer in time; fail_closed: refused with TRY_AGAIN');
  return refuse('cognito_unavailable', refusal('TRY_AGAIN', tenant.messages.try_again));
}

/** A selection that needs no link call. */
export function decideSelection(
  tenant: TriggerTenant,
  provider: TriggerProvider,
  selection: Exclude<Selection, { kind: 'link' }>,
  trace?: Trace,
): Decision {
  switch (selection.kind) {
    case 'already_linked':
      return afterLink(tenant, provider, 'already_linked', trace);
    case 'none':
      trace?.add('linking.match', 'fail', 'no existing user qualifies');
      return onNoEligibleMatch(tenant, undefined, trace);
    case 'ambiguous':
      return onAmbiguousMatch(tenant, selection.usernames.length, trace);
  }
}

/**
 * AdminLinkProviderForUser failed with a message that claims the link exists ("SourceUser is
 * already linked to DestinationUser", or the older "Invalid SourceUser: Cognito users with a
 * username/password may not be passed in as a SourceUser…", §4). That is only success if the
 * destination really holds this provider and exact subject.
 */
export function confirmExistingLink(destination: DirectoryUser | undefined, provider: TriggerProvider, subject: string): 'already_linked' | 'link_refused' {
  if (!destination) return 'link_refused';
  const identities = parseIdentities(attribute(destination.attributes, 'identities'));
  return identities && holdsIdentity(identities, provider.name, subject) ? 'already_linked' : 'link_refused';
}
