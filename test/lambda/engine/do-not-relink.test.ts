// linking.do_not_relink in the engine: an identity unlinked for good is refused (relink_blocked,
// LINK_DENIED whatever on_no_match says), matched by its exact subject or by the userName suffix
// Cognito lower-cased; other identities and other providers' identities are unaffected.
import { unlinkedForGood } from '../../../lambda/engine/do-not-relink';
import { assessLink } from '../../../lambda/engine/link-assessment';
import { indexPolicySet } from '../../../lambda/engine/policy-index';
import { Trace } from '../../../lambda/engine/trace';
import { exampleParts, policySet } from '../fixtures/policy-set';

function withEntries(entries: { provider: string; subject: string }[]) {
  const parts = exampleParts();
  parts.tenants.forEach((tenant) => {
    if (tenant.id === 'globex') tenant.linking.do_not_relink = entries;
  });
  return indexPolicySet(policySet(parts));
}

const event = (userName: string, sub: string) => ({
  triggerSource: 'PreSignUp_ExternalProvider',
  userName,
  request: { userAttributes: { email: 'alice@globex.example', email_verified: 'true', 'custom:idp_sub': sub } },
});

describe('do_not_relink', () => {
  const index = withEntries([{ provider: 'GlobexOkta', subject: '00uAlice' }]);

  it('refuses the listed identity before any lookup, with the rule in the trace', () => {
    const trace = new Trace();
    const assessment = assessLink(index, event('globexokta_00ualice', '00uAlice'), trace);
    expect(assessment).toMatchObject({ kind: 'decided', decision: { action: 'refuse', reason: 'relink_blocked', refusal: { code: 'LINK_DENIED' } } });
    expect(trace.entries.at(-1)).toMatchObject({ rule: 'linking.do_not_relink', outcome: 'fail' });
  });

  it('matches the lower-cased userName suffix without the subject attribute, and the provider name folded A-Z', () => {
    expect(assessLink(index, { ...event('globexokta_00ualice', ''), request: { userAttributes: { email: 'alice@globex.example', email_verified: 'true' } } })).toMatchObject({ decision: { reason: 'relink_blocked' } });
    const tenant = index.tenant('globex')!;
    expect(unlinkedForGood(tenant, index.provider('GLOBEXOKTA')!, ['00uAlice'])).toBe(true);
  });

  it('other subjects, and tenants without entries, go on to the lookup as before', () => {
    expect(assessLink(index, event('globexokta_00ubob', '00uBob')).kind).toBe('lookup');
    expect(assessLink(indexPolicySet(policySet()), event('globexokta_00ualice', '00uAlice')).kind).toBe('lookup');
  });
});
