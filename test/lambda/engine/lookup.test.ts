import { escapeFilterValue, listUsersFilter, planLookup, sameValue } from '../../../lambda/engine/lookup';

const byEmail = { attribute: 'email', from: 'email', case: 'insensitive' } as const;

describe('ListUsers queries (docs/cognito-facts.md §7)', () => {
  it('escapes backslash and double quote so the value cannot break out of the filter', () => {
    expect(escapeFilterValue('a"b\\c')).toBe('a\\"b\\\\c');
    expect(listUsersFilter('email', 'x" or email ^= "')).toBe('email = "x\\" or email ^= \\""');
  });

  it('queries the lower-cased value and, when different, the value as asserted', () => {
    expect(planLookup(byEmail, { email: ' Alice@Acme.com ' })).toEqual({
      ok: true,
      value: 'Alice@Acme.com',
      filters: ['email = "alice@acme.com"', 'email = "Alice@Acme.com"'],
    });
    expect(planLookup(byEmail, { email: 'alice@acme.com' })).toEqual({ ok: true, value: 'alice@acme.com', filters: ['email = "alice@acme.com"'] });
  });

  it('with exact case, only the value as asserted', () => {
    expect(planLookup({ ...byEmail, case: 'exact' }, { email: 'Alice@Acme.com' })).toMatchObject({ filters: ['email = "Alice@Acme.com"'] });
  });

  it('reads match.from, which may differ from the searched attribute', () => {
    expect(planLookup({ attribute: 'username', from: 'custom:employee_id', case: 'exact' }, { 'custom:employee_id': 'E-42' })).toMatchObject({
      filters: ['username = "E-42"'],
    });
  });

  it('match_value_missing without a value', () => {
    expect(planLookup(byEmail, {})).toEqual({ ok: false, reason: 'match_value_missing' });
    expect(planLookup(byEmail, { email: '  ' })).toEqual({ ok: false, reason: 'match_value_missing' });
  });

  it('match_value_invalid with control characters', () => {
    expect(planLookup(byEmail, { email: 'a\u0000@acme.com' })).toEqual({ ok: false, reason: 'match_value_invalid' });
    expect(planLookup(byEmail, { email: 'a@acme.com\r\nx' })).toEqual({ ok: false, reason: 'match_value_invalid' });
  });

  it('match_value_invalid when the filter would exceed 256 characters (UserFilterType max=256), counting the escapes', () => {
    const fits = `${'a'.repeat(256 - 'email = ""'.length - '@x.io'.length)}@x.io`;
    expect(listUsersFilter('email', fits)).toHaveLength(256);
    expect(planLookup(byEmail, { email: fits }).ok).toBe(true);
    expect(planLookup(byEmail, { email: `a${fits}` })).toEqual({ ok: false, reason: 'match_value_invalid' });
    const quoted = `${'"'.repeat(124)}@x.io`;
    expect(planLookup(byEmail, { email: quoted })).toEqual({ ok: false, reason: 'match_value_invalid' });
  });

  it('folds A-Z only, in the query and the comparison (review finding 11)', () => {
    expect(planLookup(byEmail, { email: '\u212Aim@gmail.com' })).toMatchObject({ filters: ['email = "\u212Aim@gmail.com"'] });
    expect(planLookup(byEmail, { email: '\u0130nes@X.com' })).toMatchObject({ filters: ['email = "\u0130nes@x.com"', 'email = "\u0130nes@X.com"'] });
    expect(sameValue('kim@gmail.com', '\u212Aim@gmail.com', 'insensitive')).toBe(false);
    expect(sameValue('ines@x.com', '\u0130nes@x.com', 'insensitive')).toBe(false);
  });

  it('compares on our side per the case rule', () => {
    expect(sameValue('ALICE@acme.com', 'alice@ACME.com', 'insensitive')).toBe(true);
    expect(sameValue('ALICE@acme.com', 'alice@acme.com', 'exact')).toBe(false);
    expect(sameValue(undefined, 'a', 'insensitive')).toBe(false);
  });
});
