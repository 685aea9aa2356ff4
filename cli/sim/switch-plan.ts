// Which twin switch combinations a scenario runs under. Expectations must hold whatever Cognito does
// where its behaviour is undocumented, so scenarios run under several combinations of the switches
// that change a sign-in's course: `pairwise` (the default, for CI) covers every pair of their
// values; `all` is every combination (slow); `default` is the twin's best-supported values only.
import { DEFAULT_SWITCHES, SWITCH_VALUES, describeSwitches, switchCombinations, type SwitchName, type TwinSwitches } from '../../twin';
import { pairwise } from './covering-array';

export const SWITCH_MODES = ['pairwise', 'default', 'all'] as const;
export type SwitchMode = (typeof SWITCH_MODES)[number];

/**
 * The switches that change what a sign-in does. Left out: linkedUsernameLookup (Admin* calls that
 * name a `Provider_subject` user; the trigger only calls AdminGetUser for native usernames),
 * nativeProviderDisabledError (only after an operator's AdminDisableProviderForUser(Cognito)),
 * errorStatusCodes (the SDK and the trigger tell errors apart by name, not status) and
 * linkSourceLengthLimit (only subjects over ~100 characters meet it: a scenario about one pins it,
 * and `--switches-from` pins what `link-policy conformance` observed).
 */
export const SIGN_IN_SWITCHES: readonly SwitchName[] = [
  'linkedIdentityPreAuth',
  'firstSignInAfterInFlightLink',
  'repeatedLinkError',
  'listUsersEmailMatch',
  'preAuthIdentities',
  'linkForceChangePassword',
  'unmappedEmailVerified',
  'caseMismatchedLinkSignIn',
  'secondLinkSameProvider',
];

export function switchPlan(mode: SwitchMode): TwinSwitches[] {
  switch (mode) {
    case 'default':
      return [{ ...DEFAULT_SWITCHES }];
    case 'all':
      return switchCombinations(SIGN_IN_SWITCHES);
    case 'pairwise':
      return pairwise(SIGN_IN_SWITCHES.map((name) => ({ name, values: SWITCH_VALUES[name] }))).map((row) => ({ ...DEFAULT_SWITCHES, ...(row as Partial<TwinSwitches>) }));
  }
}

/** The plan with a scenario's pinned switches applied, without duplicates. */
export function pinned(plan: readonly TwinSwitches[], pins: Partial<TwinSwitches> | undefined): TwinSwitches[] {
  if (!pins || Object.keys(pins).length === 0) return [...plan];
  const unique = new Map<string, TwinSwitches>();
  for (const combination of plan) {
    const switches = { ...combination, ...pins };
    unique.set(describeSwitches(switches), switches);
  }
  return [...unique.values()];
}
