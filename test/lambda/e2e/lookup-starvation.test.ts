// Issue 13 item 4: a lookup that cannot be starved. 10,000 native accounts carrying the victim's
// email, unconfirmed or unverified (self sign-ups cost an attacker nothing while they stay so),
// must neither stop the victim's link nor create a duplicate. ListUsers reads at most 5 pages
// (300 users); past that, the verified-email alias holder is the only user who can qualify, and
// AdminGetUser finds it by the address. Built artifact, twin over HTTP, full ListUsers pages.
import { describeSwitches, switchCombinations } from '../../../twin';
import type { FederatedSignInInput, FederatedSignInResult } from '../../../twin';
import { acmeClaims, cognitoCalls, decisionLogs, googleClaims, identitiesOf, lastDecision, seedNative, useE2E } from './harness';

const e2e = useE2E(73);
const SQUATTERS = 10_000;
/**
 * Five ListUsers pages over 10,000 users are slow on a loaded test machine: a generous deadline and
 * Cognito wait keep this test about the lookup, not about time (nothing asserts on time).
 */
const ROOMY = { triggerTimeoutMs: 20_000, functionTimeoutMs: 20_000, env: { LINK_POLICY_DEADLINE_MS: '15000', LINK_POLICY_CALL_TIMEOUT_MS: '10000' } };

/** The first sign-in after an in-flight link may fail once (switch (b), "Already found an entry"): the app restarts it. */
async function signInLikeAnApp(pool: ReturnType<typeof e2e.pool>, input: FederatedSignInInput): Promise<FederatedSignInResult> {
  const first = await pool.federatedSignIn(input);
  if (first.ok) return first;
  expect(first.errorDescription).toMatch(/^Already found an entry for username /);
  return pool.federatedSignIn(input);
}

function seedSquatters(pool: ReturnType<typeof e2e.pool>, email: string): void {
  for (let i = 0; i < SQUATTERS; i += 1) {
    // Every case spelling an attacker might try; half never confirmed, half confirmed with the address unverified.
    const spelled = i % 3 === 0 ? email.toUpperCase() : email;
    seedNative(pool, `squatter-${i}`, spelled, i % 2 === 0 ? { status: 'UNCONFIRMED', verified: false } : { verified: false });
  }
}

describe.each(switchCombinations(['listUsersEmailMatch']).map((s) => [describeSwitches(s), s] as const))('%s', (_label, switches) => {
  it('fail_closed (acme): the victim is linked, nobody is created, in 5 ListUsers pages, one AdminGetUser and the link', async () => {
    const pool = e2e.pool({ switches, listUsersPaging: 'full', ...ROOMY });
    seedSquatters(pool, 'victim@acme.com');
    seedNative(pool, 'victim', 'victim@acme.com');
    const result = await signInLikeAnApp(pool, { provider: 'AcmeEntraID', subject: 'Victim-Oid', claims: acmeClaims('Victim-Oid', 'victim@acme.com'), client: 'web' });
    expect(result).toMatchObject({ ok: true, username: 'victim' });
    const decision = decisionLogs(pool).find((log) => log.trigger_source === 'PreSignUp_ExternalProvider');
    expect(decision).toMatchObject({ reason: 'linked', lookup_capped: true, lookup: 'alias' });
    expect(decision?.cognito_calls.names).toEqual(['ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser']);
    expect(identitiesOf(pool, 'victim')).toEqual([{ providerName: 'AcmeEntraID', userId: 'Victim-Oid' }]);
    expect(pool.usernames).toHaveLength(SQUATTERS + 1);
    expect(cognitoCalls(pool).filter((c) => c === 'ListUsers')).toHaveLength(5);
  });

  it('fail_open (lumen, Google): the victim is linked, no duplicate federated user is created', async () => {
    const pool = e2e.pool({ switches, listUsersPaging: 'full', ...ROOMY });
    seedSquatters(pool, 'victim@gmail.com');
    seedNative(pool, 'victim', 'victim@gmail.com');
    const result = await signInLikeAnApp(pool, { provider: 'Google', subject: '104882731449000009999', claims: googleClaims('victim@gmail.com'), client: 'web' });
    expect(result).toMatchObject({ ok: true, username: 'victim' });
    expect(decisionLogs(pool).find((log) => log.trigger_source === 'PreSignUp_ExternalProvider')).toMatchObject({ reason: 'linked', lookup: 'alias' });
    expect(pool.usernames).toHaveLength(SQUATTERS + 1);
  });

  it('no verified holder among them: nobody qualifies, so on_no_match decides (acme creates a separate federated user); no squatter is linked', async () => {
    const pool = e2e.pool({ switches, listUsersPaging: 'full', ...ROOMY });
    seedSquatters(pool, 'newhire@acme.com');
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'New-Oid', claims: acmeClaims('New-Oid', 'newhire@acme.com'), client: 'web' });
    expect(result).toMatchObject({ ok: true, via: 'new_user' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'no_match_create', lookup: 'alias' });
    expect(pool.usernames.filter((name) => name.startsWith('squatter-') && identitiesOf(pool, name).length > 0)).toEqual([]);
  });
});
