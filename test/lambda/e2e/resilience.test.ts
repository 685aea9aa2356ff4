// Deadlines, Cognito's retries and the SDK's, on the twin with fault injection: every run converges
// to one link, or fails the way the tenant's policy says (docs/cognito-facts.md §4, §8).
import { describeSwitches, switchCombinations } from '../../../twin';
import { acmeClaims, cognitoCalls, decisionLogs, googleClaims, identitiesOf, lastDecision, seedNative, useE2E } from './harness';

const e2e = useE2E(41);

describe('Cognito retries a slow invocation', () => {
  it.each(switchCombinations(['repeatedLinkError', 'firstSignInAfterInFlightLink']).map((s) => [describeSwitches(s), s]))(
    'the invocations converge on one link (%s)',
    async (_label, switches) => {
      // Cognito stops waiting for the first invocation at 600 ms (the twin's stand-in for 5 s)
      // while its link call is held for 1200 ms; the retry runs in another container, concurrently.
      const pool = e2e.pool({ switches, triggerTimeoutMs: 600, env: { LINK_POLICY_CALL_TIMEOUT_MS: '3000' } });
      seedNative(pool, 'alice', 'alice@acme.com');
      e2e.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'latency', latencyMs: 1200, times: 1, poolId: pool.id });
      const claims = acmeClaims('Slow-Oid-1', 'alice@acme.com');
      const first = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Slow-Oid-1', claims, client: 'web' });
      await e2e.twin.idle();

      const attempts = pool.invocations.entries.filter((entry) => entry.triggerSource === 'PreSignUp_ExternalProvider');
      expect(attempts[0]?.cognitoOutcome).toBe('timed_out');
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(new Set(attempts.map((a) => a.container?.id)).size).toBe(attempts.length);
      // Every invocation, including the abandoned one, ends linked or already_linked: one identity.
      const reasons = decisionLogs(pool).map((log) => log.reason);
      expect(reasons.length).toBe(attempts.length);
      for (const reason of reasons) expect(['linked', 'already_linked']).toContain(reason);
      expect(reasons.filter((reason) => reason === 'linked')).toHaveLength(1);
      expect(identitiesOf(pool, 'alice')).toEqual([{ providerName: 'AcmeEntraID', userId: 'Slow-Oid-1' }]);
      // What the user saw depends on Cognito (switch b) and on whether a retry answered in time.
      if (!first.ok) expect(first.errorDescription).toMatch(/^(Already found an entry|PreSignUp invocation failed due to error Socket timeout)/);
      expect(await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Slow-Oid-1', claims, client: 'web' })).toMatchObject({ ok: true, username: 'alice' });
      expect(pool.usernames).toEqual(['alice']);
    },
  );
});

describe('the SDK retries', () => {
  it.each(switchCombinations(['repeatedLinkError']).map((s) => [describeSwitches(s), s]))(
    'a lost link response: the retried link hits "already linked", AdminGetUser confirms it (%s)',
    async (_label, switches) => {
      const pool = e2e.pool({ switches, listUsersPaging: 'full' });
      seedNative(pool, 'alice', 'alice@acme.com');
      e2e.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'lost_response', times: 1, poolId: pool.id });
      await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Lost-1', claims: acmeClaims('Lost-1', 'alice@acme.com'), client: 'web' });
      expect(lastDecision(pool)).toMatchObject({ reason: 'already_linked', cognito_error: 'InvalidParameterException', cognito_failure: 'already_linked' });
      expect(cognitoCalls(pool)).toEqual(['ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser', 'AdminLinkProviderForUser', 'AdminGetUser']);
      expect(identitiesOf(pool, 'alice')).toEqual([{ providerName: 'AcmeEntraID', userId: 'Lost-1' }]);
    },
  );

  it('two throttles then success are invisible to the decision (maxAttempts 3)', async () => {
    const pool = e2e.pool({ listUsersPaging: 'full' });
    seedNative(pool, 'alice', 'alice@acme.com');
    e2e.twin.faults.add({ operation: 'ListUsers', kind: 'throttle', times: 2, poolId: pool.id });
    await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Thr-1', claims: acmeClaims('Thr-1', 'alice@acme.com'), client: 'web' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'linked' });
    expect(cognitoCalls(pool)).toEqual(['ListUsers', 'ListUsers', 'ListUsers', 'AdminGetUser', 'AdminLinkProviderForUser']);
  });
});

describe('Cognito unavailable within the deadline', () => {
  // A short deadline keeps the SDK's throttling back-off from running the test long.
  const env = { LINK_POLICY_DEADLINE_MS: '700' };

  it('fail_closed (acme): TRY_AGAIN reaches the app, no user is created, nothing is linked', async () => {
    const pool = e2e.pool({ env });
    seedNative(pool, 'alice', 'alice@acme.com');
    e2e.twin.faults.add({ operation: 'ListUsers', kind: 'throttle', poolId: pool.id });
    const result = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Down-1', claims: acmeClaims('Down-1', 'alice@acme.com'), client: 'web' });
    expect(result).toMatchObject({ ok: false, errorDescription: 'PreSignUp failed with error TRY_AGAIN: Sign-in is briefly unavailable. Please try again in a moment. ' });
    // Only the lookup was tried, it failed as unavailable (throttled until the deadline), and nothing came after it.
    const decision = lastDecision(pool);
    expect(decision).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', decision: 'refuse', cognito_failure: 'unavailable' });
    expect(decision.cognito_calls.names.every((name: string) => name.startsWith('ListUsers:'))).toBe(true);
    expect(pool.usernames).toEqual(['alice']);
    expect(identitiesOf(pool, 'alice')).toEqual([]);
  });

  it('fail_open (lumen): the sign-up proceeds unlinked', async () => {
    const pool = e2e.pool({ env });
    seedNative(pool, 'carol', 'carol@gmail.com');
    e2e.twin.faults.add({ operation: 'ListUsers', kind: 'internal_error', poolId: pool.id });
    const result = await pool.federatedSignIn({ provider: 'Google', subject: '777', claims: googleClaims('carol@gmail.com'), client: 'web' });
    expect(result).toMatchObject({ ok: true, via: 'new_user', username: 'google_777' });
    expect(lastDecision(pool)).toMatchObject({ reason: 'cognito_unavailable', failed: 'open', decision: 'continue' });
    expect(identitiesOf(pool, 'carol')).toEqual([]);
  });

  it('link calls slower than the deadline fail closed; a late write is confirmed by the user\'s next sign-in', async () => {
    // Generous call timeout and deadline so the lookups finish in time on a loaded machine; only the link is slower.
    const pool = e2e.pool({ env: { LINK_POLICY_DEADLINE_MS: '1200', LINK_POLICY_CALL_TIMEOUT_MS: '900' } });
    seedNative(pool, 'alice', 'alice@acme.com');
    e2e.twin.faults.add({ operation: 'AdminLinkProviderForUser', kind: 'latency', latencyMs: 1300, poolId: pool.id });
    const claims = acmeClaims('Late-1', 'alice@acme.com');
    const first = await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Late-1', claims, client: 'web' });
    expect(first).toMatchObject({ ok: false, errorDescription: expect.stringMatching(/^PreSignUp failed with error TRY_AGAIN/) });
    expect(lastDecision(pool)).toMatchObject({ reason: 'cognito_unavailable', failed: 'closed', cognito_failure: 'unavailable' });
    expect(lastDecision(pool).cognito_calls.names).toEqual(['ListUsers', 'AdminGetUser', expect.stringMatching(/^AdminLinkProviderForUser:/)]);
    expect(pool.usernames).toEqual(['alice']);
    // The abandoned link requests reach Cognito late and the first one is applied.
    await e2e.twin.idle();
    e2e.twin.faults.clear();
    expect(identitiesOf(pool, 'alice')).toEqual([{ providerName: 'AcmeEntraID', userId: 'Late-1' }]);
    expect(await pool.federatedSignIn({ provider: 'AcmeEntraID', subject: 'Late-1', claims, client: 'web' })).toMatchObject({ ok: true, via: 'linked', username: 'alice' });
    expect(pool.usernames).toEqual(['alice']);
  });
});
