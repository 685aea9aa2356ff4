// AdminLinkProviderForUser and AdminDisableProviderForUser as reference §4 and §6 describe them.

import { LINK_ATTRIBUTE_NAMES_PER_PROVIDER, LINK_SOURCE_COMBINED_MAX, LINKED_IDENTITIES_PER_USER } from '../../policy/cognito-limits';
import { errors } from '../errors';
import type { PoolCore } from './core';
import { SOCIAL_TYPES, type LinkedIdentity, type ProviderRecord, type UserRecord } from './model';

export interface ProviderUser {
  readonly ProviderName?: string;
  readonly ProviderAttributeName?: string;
  readonly ProviderAttributeValue?: string;
}

const COGNITO = 'Cognito';
const SUBJECT = 'Cognito_Subject';

function sourceProvider(core: PoolCore, name: string): ProviderRecord {
  // The Cognito "provider" is never a source: the older repeated-link message says exactly that.
  if (name === COGNITO) throw errors.invalidSourceUser();
  // Exact name, exact case (amplify-flutter #1716: 'google' is not 'Google').
  const provider = core.providers.get(name);
  if (!provider) throw errors.unknownSourceProvider(name);
  return provider;
}

function identityMatches(identity: LinkedIdentity, attributeName: string, value: string): boolean {
  if (identity.primary) return false;
  return identity.signedIn
    ? attributeName === SUBJECT && identity.userId === value
    : identity.linkAttributeName === attributeName && identity.linkAttributeValue === value;
}

function linkedTo(core: PoolCore, providerName: string, attributeName: string, value: string) {
  for (const user of core.directory.linkCandidates(providerName, attributeName, value)) {
    for (const identity of user.identities) {
      if (identity.providerName === providerName && identityMatches(identity, attributeName, value)) return { user, identity };
    }
  }
  return undefined;
}

/** The source already has its own profile: a federated user of this provider with that subject or mapped value. */
function alreadySignedUp(core: PoolCore, provider: ProviderRecord, attributeName: string, value: string): boolean {
  if (attributeName === SUBJECT) return core.directory.federatedUser(provider.name, value) !== undefined;
  return core.directory.federatedUsersOf(provider.name).some((user) => user.attributes.get(attributeName) === value);
}

export interface LinkInput {
  readonly DestinationUser: ProviderUser;
  readonly SourceUser: ProviderUser;
}

export function adminLinkProviderForUser(core: PoolCore, input: LinkInput) {
  const source = input.SourceUser;
  const provider = sourceProvider(core, source.ProviderName ?? '');
  const attributeName = source.ProviderAttributeName ?? '';
  const value = source.ProviderAttributeValue ?? '';
  // aws-sdk-js-v3 #6985: an undocumented limit on the three together (switch (l)). [INF] checked here, after the provider.
  const combined = [...`${provider.name}${attributeName}${value}`].length;
  if (core.switches.linkSourceLengthLimit === 'combined_128' && combined > LINK_SOURCE_COMBINED_MAX) {
    throw errors.linkSourceTooLong(LINK_SOURCE_COMBINED_MAX);
  }
  if (attributeName !== SUBJECT) {
    // MODEL / GUIDE-now LINKING: social IdPs need Cognito_Subject; SAML and OIDC may link on a user
    // pool attribute mapped from an IdP claim (not the raw claim name).
    if (SOCIAL_TYPES.includes(provider.type)) throw errors.socialNeedsSubject();
    if (!(attributeName in provider.attributeMapping)) throw errors.unmappedLinkAttribute(attributeName);
    const names = core.directory.linkAttributeNames(provider.name).add(attributeName);
    if (names.size > LINK_ATTRIBUTE_NAMES_PER_PROVIDER) throw errors.linkAttributeLimit();
  }

  if (input.DestinationUser.ProviderName !== COGNITO) throw errors.invalidDestination();
  const destination = core.adminUser(input.DestinationUser.ProviderAttributeValue ?? '');

  // A repeated link is not idempotent (reference §4): which message comes back is switch (c).
  if (linkedTo(core, provider.name, attributeName, value)) {
    throw core.switches.repeatedLinkError === 'already_linked' ? errors.sourceAlreadyLinked() : errors.invalidSourceUser();
  }
  if (alreadySignedUp(core, provider, attributeName, value)) throw errors.mergingNotSupported();
  for (const [name] of destination.attributes) {
    if (core.custom.get(name)?.mutable === false) throw errors.immutableDestination(name);
  }
  if (destination.identities.length >= LINKED_IDENTITIES_PER_USER) throw errors.identityLimit();
  // amplify-js #497 (2018): AliasExistsException for a destination in FORCE_CHANGE_PASSWORD: switch (f).
  if (destination.status === 'FORCE_CHANGE_PASSWORD' && core.switches.linkForceChangePassword === 'alias_exists') {
    throw errors.aliasExists('email');
  }

  const secondOfProvider = destination.identities.some((identity) => identity.providerName === provider.name && !identity.primary);
  destination.identities.push({
    providerName: provider.name,
    providerType: provider.type,
    userId: value,
    issuer: provider.issuer,
    primary: false,
    dateCreated: Date.now(),
    linkAttributeName: attributeName,
    linkAttributeValue: value,
    signedIn: false,
  });
  core.touch(destination);
  // boto3 #4163: a second identity of the same provider was linked AND the call failed: switch (j).
  if (secondOfProvider && core.switches.secondLinkSameProvider === 'linked_with_error') throw errors.invalidSourceUser();
  return {};
}

export interface DisableInput {
  readonly User: ProviderUser;
}

export function adminDisableProviderForUser(core: PoolCore, input: DisableInput) {
  const name = input.User.ProviderName ?? '';
  const attributeName = input.User.ProviderAttributeName ?? '';
  const value = input.User.ProviderAttributeValue ?? '';
  if (name === COGNITO) {
    // MODEL: Cognito + Cognito_Subject + the local username: the user can no longer use a password.
    if (attributeName !== SUBJECT) throw errors.cognitoNeedsSubject();
    const user: UserRecord | undefined = core.directory.byUsername(value);
    if (!user) throw errors.userNotFound();
    user.nativeSignInDisabled = true;
    core.touch(user);
    return {};
  }
  if (!core.providers.has(name)) throw errors.unknownSourceProvider(name);
  // MODEL: before the identity's first sign-in, the link's own attribute name and value; after it,
  // Cognito_Subject and the exact subject (SAML: NameID).
  for (const user of core.directory.linkCandidates(name, attributeName, value)) {
    const index = user.identities.findIndex((identity) => identity.providerName === name && identityMatches(identity, attributeName, value));
    if (index >= 0) {
      user.identities.splice(index, 1);
      core.touch(user);
      return {};
    }
  }
  // Also for a federated profile that was never linked (repost.aws): "not linked to anyone".
  throw errors.notLinked();
}
