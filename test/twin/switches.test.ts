import { DEFAULT_SWITCHES, SWITCH_NAMES, SWITCH_VALUES, describeSwitches, switchCombinations } from '../../twin';
import { resolveSwitches } from '../../twin/switches';

describe('switches (issue 3: where sources disagree, one switch per plausible behaviour)', () => {
  test('every switch has at least two values and its default is one of them', () => {
    for (const name of SWITCH_NAMES) {
      expect(SWITCH_VALUES[name].length).toBeGreaterThanOrEqual(2);
      expect(SWITCH_VALUES[name]).toContain(DEFAULT_SWITCHES[name]);
    }
  });

  test('switchCombinations iterates every combination of the named switches, the rest at their defaults', () => {
    const combos = switchCombinations(['linkedIdentityPreAuth', 'preAuthIdentities']);
    expect(combos).toHaveLength(6);
    expect(new Set(combos.map(describeSwitches)).size).toBe(6);
    for (const combo of combos) expect(combo.repeatedLinkError).toBe(DEFAULT_SWITCHES.repeatedLinkError);
    const all = switchCombinations();
    expect(all).toHaveLength(SWITCH_NAMES.reduce((product, name) => product * SWITCH_VALUES[name].length, 1));
  });

  test('describeSwitches names only what differs from the defaults', () => {
    expect(describeSwitches(DEFAULT_SWITCHES)).toBe('defaults');
    expect(describeSwitches({ linkedIdentityPreAuth: 'not_invoked' })).toBe('linkedIdentityPreAuth=not_invoked');
  });

  test('an unknown value is refused', () => {
    expect(() => resolveSwitches({ repeatedLinkError: 'whatever' as never })).toThrow(/repeatedLinkError must be one of/);
  });
});
