// A sample of the fault runs (faults/fault-runs.ts) in `npm test`: one run of each fault kind
// with the built artifact in Lambda containers. `npm run robustness` runs every run, several rounds.
import { startTwin, type Twin } from '../../twin';
import { builtTrigger } from '../support/trigger-artifact';
import { faultPolicySet, faultRuns, runFault } from './faults/fault-runs';

let twin: Twin;
beforeAll(async () => {
  twin = await startTwin({ seed: 23 });
});
afterAll(async () => {
  await twin.stop();
});

const set = faultPolicySet();
const runs = faultRuns();
// One run of each kind, the quicker variants (every run of every kind: `npm run robustness`).
const sample = [
  runs.find((run) => run.kind === 'throttling' && run.tenant === 'globex' && run.expected === 'fail open'),
  runs.find((run) => run.kind === '5xx' && run.tenant === 'acme' && run.expected === 'linked once'),
  runs.find((run) => run.kind === 'slow response' && run.tenant === 'globex' && run.expected === 'linked once'),
  runs.find((run) => run.kind === 'lost response' && run.tenant === 'acme' && run.switches?.repeatedLinkError === 'invalid_source_user'),
  runs.find((run) => run.kind === 'Cognito retry' && run.tenant === 'globex' && run.switches?.firstSignInAfterInFlightLink === 'fails_once'),
  // DescribeUserPoolClient down: a linked user's SSO sign-in still passes; an unlinked user's password is still refused.
  runs.find((run) => run.path === 'later federated sign-in' && run.switches?.linkedIdentityPreAuth === 'native_username'),
  runs.find((run) => run.path === 'later federated sign-in' && run.tenant === 'globex'),
  runs.find((run) => run.kind === 'throttling' && run.path === 'password sign-in' && run.tenant === 'globex'),
].map((run) => {
  if (!run) throw new Error('a sampled fault run no longer exists');
  return run;
});

it.each(sample.map((run) => [`${run.kind}: ${run.name} (${run.tenant}, ${run.path})`, run] as const))('%s: the outcome matches the policy and converges', async (_label, run) => {
  const outcome = await runFault(twin, set, builtTrigger(set), run, 1);
  expect(outcome.problems).toEqual([]);
});
