// The pairwise covering array behind `link-policy test --switches pairwise`.
import fc from 'fast-check';
import { pairwise, type Parameter } from '../../../cli/sim/covering-array';
import { SIGN_IN_SWITCHES, switchPlan } from '../../../cli/sim/switch-plan';
import { DEFAULT_SWITCHES, SWITCH_VALUES } from '../../../twin';

function uncoveredPairs(parameters: readonly Parameter[], rows: readonly Record<string, string>[]): string[] {
  const missing: string[] = [];
  parameters.forEach((p, i) =>
    parameters.slice(i + 1).forEach((q) => {
      for (const pv of p.values) for (const qv of q.values) if (!rows.some((row) => row[p.name] === pv && row[q.name] === qv)) missing.push(`${p.name}=${pv} ${q.name}=${qv}`);
    }),
  );
  return missing;
}

describe('pairwise', () => {
  it('covers every pair of values of the sign-in switches in 8 of 768 combinations, the same on every run', () => {
    const parameters = SIGN_IN_SWITCHES.map((name) => ({ name, values: SWITCH_VALUES[name] }));
    const rows = pairwise(parameters);
    expect(uncoveredPairs(parameters, rows)).toEqual([]);
    expect(rows).toHaveLength(8);
    expect(pairwise(parameters)).toEqual(rows);
  });

  it('the plan keeps the other switches at their defaults; default is one combination', () => {
    const plan = switchPlan('pairwise');
    for (const switches of plan) {
      expect(switches.linkedUsernameLookup).toBe(DEFAULT_SWITCHES.linkedUsernameLookup);
      expect(switches.nativeProviderDisabledError).toBe(DEFAULT_SWITCHES.nativeProviderDisabledError);
    }
    expect(switchPlan('default')).toEqual([DEFAULT_SWITCHES]);
    expect(switchPlan('all')).toHaveLength(3 * 2 ** 8);
  });

  it('covers every pair for any small parameter set, never needing more rows than the whole space', () => {
    const parameter = fc.integer({ min: 1, max: 4 }).map((size) => Array.from({ length: size }, (_, i) => `v${i}`));
    fc.assert(
      fc.property(fc.array(parameter, { minLength: 1, maxLength: 6 }), (valueLists) => {
        const parameters = valueLists.map((values, index) => ({ name: `p${index}`, values }));
        const rows = pairwise(parameters);
        expect(uncoveredPairs(parameters, rows)).toEqual([]);
        expect(rows.length).toBeLessThanOrEqual(valueLists.reduce((product, values) => product * values.length, 1));
      }),
      { numRuns: 60 },
    );
  });
});
