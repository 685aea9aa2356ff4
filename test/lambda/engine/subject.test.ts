import { exactSubject } from '../../../lambda/engine/subject';

const fromAttribute = { source: 'attribute', attribute: 'custom:idp_sub' } as const;
const fromSuffix = { source: 'username_suffix', case_stable_because: 'digits' } as const;

describe('exact-case subject (docs/cognito-facts.md §3: lower-cased subjects make links that never match)', () => {
  it('takes the exact-case value from the mapped attribute when it names the same identifier as the userName', () => {
    expect(exactSubject(fromAttribute, { 'custom:idp_sub': '00u1AbCdEf' }, '00u1abcdef', false)).toEqual({
      ok: true,
      subject: '00u1AbCdEf',
      from: 'attribute',
    });
  });

  it('subject_unavailable when the attribute is missing or empty and the suffix may be lower-cased', () => {
    expect(exactSubject(fromAttribute, {}, '00u1abcdef', false)).toEqual({ ok: false, reason: 'subject_unavailable' });
    expect(exactSubject(fromAttribute, { 'custom:idp_sub': '' }, '00u1abcdef', false)).toEqual({ ok: false, reason: 'subject_unavailable' });
  });

  it('uses the suffix when the event proves the pool kept its case', () => {
    expect(exactSubject(fromAttribute, {}, '00u1AbCdEf', true)).toEqual({ ok: true, subject: '00u1AbCdEf', from: 'username_suffix' });
  });

  it('subject_mismatch when the attribute holds another identifier (the mapping reads the wrong claim)', () => {
    expect(exactSubject(fromAttribute, { 'custom:idp_sub': 'someone-else' }, '00u1abcdef', false)).toEqual({ ok: false, reason: 'subject_mismatch' });
  });

  it('with a case-preserving userName, the attribute must equal the suffix exactly', () => {
    expect(exactSubject(fromAttribute, { 'custom:idp_sub': '00U1ABCDEF' }, '00u1AbCdEf', true)).toEqual({ ok: false, reason: 'subject_mismatch' });
  });

  it('username_suffix providers (case-stable subjects such as Google digits) use the suffix as is', () => {
    expect(exactSubject(fromSuffix, {}, '104882731', false)).toEqual({ ok: true, subject: '104882731', from: 'username_suffix' });
  });

  it('an empty suffix is never a subject', () => {
    expect(exactSubject(fromSuffix, {}, '', false)).toEqual({ ok: false, reason: 'subject_unavailable' });
    expect(exactSubject(fromAttribute, { 'custom:idp_sub': 'x' }, '', true)).toEqual({ ok: false, reason: 'subject_unavailable' });
  });
});
