// PreSignUp_ExternalProvider, after the lookup: the policy's answer to each outcome.
import type { CompiledTenant, CompiledProvider } from '../../policy/compiled';
import type { DirectoryUser, Selection } from './candidate-selection';
import { proceed, refuse, type Decision } from './decision';
import { attribute } from './event';
import { holdsIdentity, parseIdentities } from './identities';
import type { LinkingReason } from './reasons';
import { refusal } from './refusal';

/**
 * No existing user may be linked: none matched, a gate failed (the reason says which), or Cognito
 * refused the link. on_no_match decides: create_user lets Cognito create a separate federated
 * user; deny refuses, so a tenant that provisions every user never gets unlinked ones.
 */
export function onNoEligibleMatch(tenant: CompiledTenant, reason?: LinkingReason): Decision {
  if (tenant.linking.on_no_match === 'create_user') return proceed(reason ?? 'no_match_create');
  return refuse(reason ?? 'no_match_denied', refusal('LINK_DENIED', tenant.messages.link_denied));
}

export function onAmbiguousMatch(tenant: CompiledTenant): Decision {
  return refuse('ambiguous_match', refusal('LINK_DENIED', tenant.messages.link_denied));
}

/**
 * After a link (made now or found made): continue, or throw ACCOUNT_LINKED so the app restarts the
 * sign-in, which then lands in the linked account. response.autoVerifyEmail is never set: in pools
 * with an email alias it would move the alias away from the native user (§11).
 */
export function afterLink(tenant: CompiledTenant, provider: CompiledProvider, reason: 'linked' | 'already_linked'): Decision {
  if (tenant.linking.after_link === 'continue') return proceed(reason);
  return refuse(reason, refusal('ACCOUNT_LINKED', tenant.messages.account_linked, provider.name));
}

export function onCognitoUnavailable(tenant: CompiledTenant): Decision {
  if (tenant.linking.on_cognito_unavailable === 'fail_open') return proceed('cognito_unavailable');
  return refuse('cognito_unavailable', refusal('TRY_AGAIN', tenant.messages.try_again));
}

/** A selection that needs no link call. */
export function decideSelection(
  tenant: CompiledTenant,
  provider: CompiledProvider,
  selection: Exclude<Selection, { kind: 'link' }>,
): Decision {
  switch (selection.kind) {
    case 'already_linked':
      return afterLink(tenant, provider, 'already_linked');
    case 'none':
      return onNoEligibleMatch(tenant);
    case 'ambiguous':
      return onAmbiguousMatch(tenant);
  }
}

/**
 * AdminLinkProviderForUser failed with a message that claims the link exists ("SourceUser is
 * already linked to DestinationUser", or the older "Invalid SourceUser: Cognito users with a
 * username/password may not be passed in as a SourceUser…", §4). That is only success if the
 * destination really holds this provider and exact subject.
 */
export function confirmExistingLink(destination: DirectoryUser | undefined, provider: CompiledProvider, subject: string): 'already_linked' | 'link_refused' {
  if (!destination) return 'link_refused';
  const identities = parseIdentities(attribute(destination.attributes, 'identities'));
  return identities && holdsIdentity(identities, provider.name, subject) ? 'already_linked' : 'link_refused';
}
