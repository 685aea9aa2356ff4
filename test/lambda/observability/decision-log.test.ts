// The decision line's shape is an interface (dashboards and alerts key on it): fields in a fixed
// order, optional ones only when they apply, path details after the common fields.
import { decisionLine, type DecisionRecord } from '../../../lambda/observability/decision-log';
import { userHasher } from '../../../lambda/observability/user-hash';
import { proceed, refuse } from '../../../lambda/engine/decision';
import { refusal } from '../../../lambda/engine/refusal';
import { createHandler } from '../../../lambda/handler';
import { preAuthEvent, identitiesJson } from '../fixtures/events';
import { FakeDirectory } from '../fixtures/fake-directory';
import { policySet } from '../fixtures/policy-set';

const hash = userHasher('log-key');
const record = (extra: Partial<DecisionRecord>): DecisionRecord => ({
  triggerSource: 'PreAuthentication_Authentication',
  decision: proceed('not_blocked'),
  userName: 'alice',
  calls: [],
  latencyMs: 0,
  coldStart: false,
  policyDigest: 'd',
  requestId: 'r',
  ...extra,
});
const keys = (line: string) => Object.keys(JSON.parse(line) as object);
const COMMON = ['msg', 'trigger_source', 'tenant', 'provider', 'decision', 'reason'];
const AFTER = ['cognito_calls', 'latency_ms', 'cold_start', 'policy_digest', 'request_id', 'user', 'email_domain'];

describe('the decision line', () => {
  it('has the common fields in a fixed order, then the path\'s details', () => {
    expect(keys(decisionLine(record({ details: { identities: 'event', client: 'password' } }), hash))).toEqual([...COMMON, ...AFTER, 'identities', 'client']);
  });

  it('adds refusal, failed, candidates and trace where they apply, each in its place', () => {
    const line = decisionLine(
      record({
        decision: refuse('cognito_unavailable', refusal('TRY_AGAIN', 'Try again.')),
        calls: [{ operation: 'DescribeUserPoolClient', outcome: 'ThrottlingException' }],
        candidates: [{ username: 'bob', verdict: 'excluded', exclusion: 'unconfirmed' }],
        details: { cognito_error: 'ThrottlingException' },
        trace: [{ rule: 'link', outcome: 'fail', detail: 'x', user: 'bob' }],
      }),
      hash,
    );
    expect(keys(line)).toEqual([...COMMON, 'refusal', 'failed', ...AFTER, 'candidates', 'cognito_error', 'trace']);
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ refusal: 'TRY_AGAIN', failed: 'closed', cognito_calls: { count: 1, names: ['DescribeUserPoolClient:ThrottlingException'] } });
    expect(parsed.candidates).toEqual([{ user: hash('bob'), verdict: 'excluded', exclusion: 'unconfirmed' }]);
    expect(parsed.trace[0].user).toBe(hash('bob'));
    expect(line.endsWith('}\n')).toBe(true);
  });

  it('a detail that repeats a common field keeps the field\'s place and takes the detail\'s value', () => {
    const line = decisionLine(record({ details: { tenant: 'from-details' } }), hash);
    expect(keys(line)).toEqual([...COMMON, ...AFTER]);
    expect(JSON.parse(line).tenant).toBe('from-details');
  });
});

describe('the refusal the handler throws', () => {
  it('carries the refusal text and no stack frames, and leaves Error.stackTraceLimit as it was', async () => {
    const limit = Error.stackTraceLimit;
    const directory = new FakeDirectory();
    directory.clients.set('password-client', { password: true, federated: false });
    const handler = createHandler({ policySet: policySet(), env: {}, write: () => undefined, openDirectory: directory.open });
    const event = preAuthEvent('alice', { email: 'alice@acme.com', identities: identitiesJson({ providerName: 'AcmeEntraID', userId: 'AbC-123' }) }, 'password-client');
    const error = (await handler(event).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^SSO_REQUIRED\(AcmeEntraID\): /);
    expect(error.stack).toBe(`Error: ${error.message}`);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
