// The reason-code catalogue. Every decision the trigger makes carries exactly one of these codes;
// they appear in the log line and in `explain` output, never in the text users see. Codes are
// stable: dashboards and alerts key on them, so rename nothing, only add.

export const LINKING_REASONS = {
  linked: 'The federated identity was linked to the one eligible existing user.',
  already_linked: 'The identity is already linked to the existing user (a replayed or retried invocation).',
  no_match_create: 'No existing user qualified; on_no_match create_user lets Cognito create a separate federated user.',
  no_match_denied: 'No existing user qualified; on_no_match deny refuses the sign-in.',
  ambiguous_match: 'Several existing users qualified, or more than the lookup reads (300) hold a value that no verified email alias can settle; linking one would be a guess, so the sign-in is refused.',
  domain_not_owned: "The email asserted by the IdP is not in the tenant's domains, so it cannot be used to link.",
  email_missing: 'The IdP asserted no email, so there is nothing to check the domain against.',
  email_invalid: 'The asserted email is malformed (control characters, several @, no domain) and is not used.',
  email_unverified: 'The provider trusts email_verified, and it is not "true" (Cognito puts "false" when unmapped).',
  email_untrusted: "The provider's email_trust is never: its emails never link.",
  subject_unavailable: 'The exact-case subject attribute is missing, and an existing user qualifies: refused (a lower-cased subject makes a link that never matches, and a separate user could never be merged).',
  subject_mismatch: 'The subject attribute differs from the userName suffix (the mapping reads the wrong claim), and an existing user qualifies: refused.',
  unknown_provider: 'No tenant declares this provider; unknown_provider allow lets the sign-up proceed unlinked.',
  unknown_provider_denied: 'No tenant declares this provider; unknown_provider deny refuses the sign-in.',
  linking_disabled: "The provider's tenant has linking disabled; the sign-up proceeds unlinked.",
  match_value_missing: 'The sign-in carries no value for the match attribute (linking.match.from).',
  match_value_invalid: 'The match value has control characters or would exceed the 256-character ListUsers filter.',
  link_refused: 'Cognito refused the link (limit, merge, alias, or an "already linked" AdminGetUser does not confirm): refused, never a separate user.',
  link_source_too_long: "Cognito refused the link and the provider name, Cognito_Subject and the subject together exceed the 128 characters AdminLinkProviderForUser is observed to accept (a long SAML NameID): refused, never a separate user; the IdP's subject format must change.",
  cognito_unavailable: 'Cognito did not answer within the deadline (throttled, 5xx, timeout); the policy fails open or closed. A pre authentication whose client kind is unknown and that may be a federated sign-in is never refused with SSO_REQUIRED: fail_closed refuses it with TRY_AGAIN.',
  relink_blocked: "The identity was unlinked for good (the tenant's linking.do_not_relink): refused with LINK_DENIED whatever on_no_match says.",
} as const;

export const SIGN_UP_REASONS = {
  sign_up_allowed: "Password self sign-up allowed: unknown domain, or the domain's tenant allows it.",
  sign_up_blocked: "Password self sign-up refused: the email's tenant requires SSO (password_sign_up block).",
  admin_create_allowed: 'AdminCreateUser allowed.',
  admin_create_blocked: "AdminCreateUser refused: the email's tenant blocks it (admin_create_user block).",
  username_reserved: "Sign-up or AdminCreateUser refused: the username starts with a configured provider's name and '_', the name space of federated users.",
  exempt_username_reserved: "Self sign-up refused: the username is on a tenant's exempt (break-glass) list, which only AdminCreateUser may create.",
} as const;

export const PRE_AUTHENTICATION_REASONS = {
  not_blocked: 'No tenant rule applies to this user: the password sign-in proceeds.',
  exempt: "The user is on the tenant's exempt (break-glass) list: by username, or by a verified email of a user with no linked identity (AdminCreateUser: either, as given).",
  federated_sign_in: 'The sign-in is federated (EXTERNAL_PROVIDER status, a client that cannot do password sign-in, or, when the client cannot be described, a userName backed by its identity): never blocked.',
  native_blocked: "A password sign-in by a user whose tenant requires SSO: refused with the tenant's message.",
  ambiguous_client: 'The client offers both password and SSO sign-in, or the event names no client, so the two cannot be told apart: allowed and logged.',
} as const;

export const METHOD_REASONS = {
  method_refused:
    "The email's tenant does not allow this provider for its people (sign_in_methods): a first federated sign-in through it, or a sign-in of an account it made or of a user holding its identity, is refused with SSO_REQUIRED naming the tenant's SSO provider.",
} as const;

export const OTHER_REASONS = {
  ignored_trigger: 'A trigger source this function does not handle: the event is returned unchanged.',
  malformed_event: 'The event is not a JSON object (null, an array, a number, a string): no Cognito trigger event; returned unchanged.',
  internal_error: 'The trigger itself failed (a bug): the operation is refused with the generic try-again text.',
} as const;

export const REASONS = {
  ...LINKING_REASONS,
  ...SIGN_UP_REASONS,
  ...PRE_AUTHENTICATION_REASONS,
  ...METHOD_REASONS,
  ...OTHER_REASONS,
} as const;

export type LinkingReason = keyof typeof LINKING_REASONS;
export type ReasonCode = keyof typeof REASONS;
