// Where Cognito's documentation is silent or sources disagree, the twin implements every plausible
// behaviour and a switch picks one. Sources for each are in twin/README.md ("Switches").

export const SWITCH_VALUES = {
  /** (a) What pre authentication receives when a LINKED identity signs in through its IdP. No source says. */
  linkedIdentityPreAuth: ['native_username', 'provider_username', 'not_invoked'],
  /** (b) First sign-in after a link made in flight by pre sign-up: "Already found an entry…" once, or not (2026 reports). */
  firstSignInAfterInFlightLink: ['fails_once', 'succeeds'],
  /** (c) Message of a repeated AdminLinkProviderForUser: the newer one, or the older "Invalid SourceUser…". */
  repeatedLinkError: ['already_linked', 'invalid_source_user'],
  /** (d) ListUsers `email` matching: GUIDE-2023 says all searches are case-insensitive; the API reference is silent. */
  listUsersEmailMatch: ['case_insensitive', 'case_sensitive'],
  /** (e) Whether `identities` is in pre authentication userAttributes (expected, undocumented). */
  preAuthIdentities: ['present', 'absent'],
  /** (f) Linking to a destination in FORCE_CHANGE_PASSWORD: allowed, or AliasExistsException (2018 observation). */
  linkForceChangePassword: ['allowed', 'alias_exists'],
  /** (g) email_verified when the provider does not map it: Cognito's "false" placeholder (observed), or absent. */
  unmappedEmailVerified: ['false_placeholder', 'absent'],
  /** (h) Sign-in of a subject whose link was made with a different case, in a case-insensitive pool. */
  caseMismatchedLinkSignIn: ['new_user', 'invalid_combination'],
  /** (i) Admin* calls naming a linked identity's `Provider_subject` username: resolved to the destination (reported) or not found. */
  linkedUsernameLookup: ['destination', 'not_found'],
  /** (j) Linking a second identity of the same provider to one user: plain success, or linked AND "Invalid SourceUser…" (boto3 #4163). */
  secondLinkSameProvider: ['linked', 'linked_with_error'],
  /** (k) Password sign-in after AdminDisableProviderForUser(Cognito): the error is undocumented. */
  nativeProviderDisabledError: ['incorrect_credentials', 'user_disabled'],
  /** (l) AdminLinkProviderForUser refuses a source whose provider name + attribute name + value exceed 128 characters (aws-sdk-js-v3 #6985), or has no such limit. */
  linkSourceLengthLimit: ['combined_128', 'unlimited'],
  /** (m) HTTP status of client errors: 400 as observed on the wire, or the Smithy model's 403/404/429 for some. */
  errorStatusCodes: ['all_400', 'smithy_model'],
} as const;

export type TwinSwitches = { -readonly [K in keyof typeof SWITCH_VALUES]: (typeof SWITCH_VALUES)[K][number] };
export type SwitchName = keyof TwinSwitches;

/** Defaults: the best-supported value of each switch (see the README table for why). */
export const DEFAULT_SWITCHES: Readonly<TwinSwitches> = {
  linkedIdentityPreAuth: 'native_username',
  firstSignInAfterInFlightLink: 'fails_once',
  repeatedLinkError: 'already_linked',
  listUsersEmailMatch: 'case_insensitive',
  preAuthIdentities: 'present',
  linkForceChangePassword: 'allowed',
  unmappedEmailVerified: 'false_placeholder',
  caseMismatchedLinkSignIn: 'new_user',
  linkedUsernameLookup: 'destination',
  secondLinkSameProvider: 'linked',
  nativeProviderDisabledError: 'incorrect_credentials',
  linkSourceLengthLimit: 'combined_128',
  errorStatusCodes: 'all_400',
};

export const SWITCH_NAMES = Object.keys(SWITCH_VALUES) as SwitchName[];

/**
 * Every combination of the named switches (the others keep their defaults), for tests that must
 * hold under each setting: `for (const switches of switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities']))`.
 */
export function switchCombinations(names: readonly SwitchName[] = SWITCH_NAMES): TwinSwitches[] {
  let combos: TwinSwitches[] = [{ ...DEFAULT_SWITCHES }];
  for (const name of names) {
    const next: TwinSwitches[] = [];
    for (const combo of combos) {
      for (const value of SWITCH_VALUES[name]) next.push({ ...combo, [name]: value });
    }
    combos = next;
  }
  return combos;
}

export function resolveSwitches(partial: Partial<TwinSwitches> | undefined): TwinSwitches {
  const switches: TwinSwitches = { ...DEFAULT_SWITCHES, ...partial };
  for (const name of SWITCH_NAMES) {
    const allowed: readonly string[] = SWITCH_VALUES[name];
    if (!allowed.includes(switches[name])) {
      throw new Error(`twin: switch ${name} must be one of ${allowed.join(', ')}; got ${String(switches[name])}`);
    }
  }
  return switches;
}

/** A short label for test names: only the switches that differ from the defaults. */
export function describeSwitches(switches: Partial<TwinSwitches>): string {
  const parts = SWITCH_NAMES.filter((name) => switches[name] !== undefined && switches[name] !== DEFAULT_SWITCHES[name]).map(
    (name) => `${name}=${switches[name]}`,
  );
  return parts.length ? parts.join(' ') : 'defaults';
}
