// Amazon Cognito's fixed limits, in one place for the validator, the blueprint, the stack, the twin
// and the trigger. Each names its source; where two AWS sources disagree, the comment says which
// one wins. MODEL = the service model vendor/aws-model/cognito-idp-2016-04-18.service-2.json (field constraints); GUIDE = the
// Cognito Developer Guide (quotas / limits page); see docs/cognito-facts.md.

/** MODEL CustomAttributeNameType: a custom attribute's name after `custom:` is 1-20 characters. GUIDE quotas agrees. */
export const CUSTOM_ATTRIBUTE_NAME_MAX = 20;
/** MODEL CustomAttributeNameType pattern. */
export const CUSTOM_ATTRIBUTE_NAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
/** GUIDE quotas: "Characters per attribute: 2,048 bytes"; MODEL AttributeValueType max 2048. */
export const ATTRIBUTE_VALUE_MAX = 2048;
/** GUIDE quotas: "Custom attributes per user pool: 50" (not adjustable). */
export const CUSTOM_ATTRIBUTES_PER_POOL = 50;

/** MODEL ProviderNameTypeV2: 1-32 characters. (GUIDE-2023 quotas says 40; the API's 32 is what CreateIdentityProvider enforces.) */
export const PROVIDER_NAME_MAX = 32;
/** MODEL ProviderNameTypeV2 pattern: no leading `_`, no whitespace, `_` only as the second character. */
export const PROVIDER_NAME_PATTERN = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;
/** GUIDE quotas: identity providers per user pool, 300 by default. */
export const PROVIDERS_PER_POOL_DEFAULT = 300;
/** GUIDE quotas: identity providers per user pool, adjustable up to 1,000. */
export const PROVIDERS_PER_POOL_MAX = 1000;

/** MODEL IdpIdentifierType: each IdP identifier (managed-login domain routing) is 1-40 characters. */
export const IDP_IDENTIFIER_MAX = 40;
/** MODEL IdpIdentifierType pattern. */
export const IDP_IDENTIFIER_PATTERN = /^[\w\s+=.@-]+$/;
/** MODEL IdpIdentifiersListType: at most 50 identifiers per IdP. */
export const IDP_IDENTIFIERS_PER_PROVIDER = 50;

/** GUIDE-2023 limits.md (docs/cognito-facts.md §4): "Identities linked to a user: 5" (not adjustable). */
export const LINKED_IDENTITIES_PER_USER = 5;
/** GUIDE-now LINKING: at most 5 distinct ProviderAttributeName values per IdP across the pool. */
export const LINK_ATTRIBUTE_NAMES_PER_PROVIDER = 5;
/**
 * [OBS] aws-sdk-js-v3 #6985 (2025): AdminLinkProviderForUser refuses a source whose ProviderName,
 * ProviderAttributeName and ProviderAttributeValue together exceed 128 characters (undocumented;
 * twin switch (l), settled by `link-policy conformance`). With Cognito_Subject (15 characters) a
 * provider named AcmeEntraID leaves 102 characters for the subject.
 */
export const LINK_SOURCE_COMBINED_MAX = 128;
/** The attribute name every link the trigger makes uses (MODEL AdminLinkProviderForUser). */
export const COGNITO_SUBJECT = 'Cognito_Subject';

/** The longest subject a Cognito_Subject link of this provider can carry under LINK_SOURCE_COMBINED_MAX. */
export function linkableSubjectLength(providerName: string): number {
  return LINK_SOURCE_COMBINED_MAX - [...providerName].length - COGNITO_SUBJECT.length;
}

/** MODEL UserFilterType: a ListUsers filter is at most 256 characters. */
export const LIST_USERS_FILTER_MAX = 256;
/** MODEL ListUsers Limit: 0-60 users per page (0 or absent = 60). */
export const LIST_USERS_PAGE_MAX = 60;

/** TRIGGERS: Cognito waits 5 seconds for a trigger, whatever the function's own timeout. */
export const TRIGGER_WAIT_MS = 5000;
/** GUIDE-2023 TRIGGERS: "After three unsuccessful attempts, the function times out." */
export const TRIGGER_ATTEMPTS = 3;

/** GUIDE quotas: "Email messages sent daily per AWS account: 50" with Cognito's default sender (not adjustable). */
export const DEFAULT_SENDER_EMAILS_PER_DAY = 50;
