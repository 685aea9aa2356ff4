// PreSignUp_ExternalProvider: the engine decides, the directory looks up and links.
// Convergence under Cognito's retries (§4, §8): a second invocation either finds the identity in
// the candidate's `identities` (already_linked, no call) or links and, if the first invocation
// linked meanwhile, gets "already linked", which AdminGetUser confirms. A link whose response was
// lost is retried by the SDK and confirmed the same way.
import type { Directory } from '../cognito/directory';
import { CognitoCallError } from '../cognito/errors';
import { selectCandidate, type DirectoryUser } from '../engine/candidate-selection';
import { traceCandidates } from '../engine/candidate-trace';
import type { TriggerEvent } from '../engine/event';
import { assessLink, type LinkPlan } from '../engine/link-assessment';
import { afterLink, confirmExistingLink, decideSelection, onCognitoUnavailable, onNoEligibleMatch } from '../engine/link-outcome';
import type { PolicyIndex } from '../engine/policy-index';
import type { Trace } from '../engine/trace';
import type { FlowResult } from './flow-result';

export async function federatedSignUp(index: PolicyIndex, event: TriggerEvent, directory: () => Directory, trace?: Trace): Promise<FlowResult> {
  const assessment = assessLink(index, event, trace);
  const facts = { tenant: assessment.facts.tenant, provider: assessment.facts.provider, emailDomain: assessment.facts.emailDomain };
  const subjectFrom = assessment.facts.subjectFrom ? { subject_from: assessment.facts.subjectFrom } : {};
  if (assessment.kind === 'decided') return { decision: assessment.decision, ...facts, details: subjectFrom };
  const { plan } = assessment;
  const cognito = directory();

  let users: DirectoryUser[];
  try {
    users = [];
    for (const filter of plan.filters) users.push(...(await cognito.listUsers(filter)));
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    trace?.add('ListUsers', 'fail', `ListUsers failed (${error.errorName})`);
    return { decision: onCognitoUnavailable(plan.tenant, trace), ...facts, details: { ...subjectFrom, ...failure(error) } };
  }

  const { selection, verdicts } = selectCandidate(plan, users);
  if (trace) traceCandidates(trace, plan, users, verdicts);
  const base = { ...facts, candidates: verdicts };
  if (selection.kind !== 'link') return { decision: decideSelection(plan.tenant, plan.provider, selection, trace), ...base, details: subjectFrom };

  try {
    await cognito.linkIdentity(selection.username, plan.provider.name, plan.subject);
    trace?.add('link', 'pass', `AdminLinkProviderForUser linked the ${plan.provider.name} identity (Cognito_Subject, exact subject) to the eligible user`, selection.username);
    return { decision: afterLink(plan.tenant, plan.provider, 'linked', trace), ...base, details: subjectFrom };
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    const details = { ...subjectFrom, ...failure(error) };
    if (error.kind === 'unavailable') {
      trace?.add('link', 'fail', `AdminLinkProviderForUser failed (${error.errorName})`, selection.username);
      return { decision: onCognitoUnavailable(plan.tenant, trace), ...base, details };
    }
    if (error.kind !== 'already_linked') {
      trace?.add('link', 'fail', `Cognito refused the link (${error.errorName}): handled as no match`, selection.username);
      return { decision: onNoEligibleMatch(plan.tenant, 'link_refused', trace), ...base, details };
    }
    trace?.add('link', 'info', 'Cognito answered that the link already exists: AdminGetUser checks it', selection.username);
    return { ...(await confirmLink(plan, selection.username, cognito, trace)), ...base, details };
  }
}

async function confirmLink(plan: LinkPlan, username: string, cognito: Directory, trace: Trace | undefined): Promise<Pick<FlowResult, 'decision'>> {
  let destination: DirectoryUser | undefined;
  try {
    destination = await cognito.getUser(username);
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    trace?.add('link', 'fail', `AdminGetUser failed (${error.errorName}): the link cannot be confirmed`, username);
    return { decision: onCognitoUnavailable(plan.tenant, trace) };
  }
  if (confirmExistingLink(destination, plan.provider, plan.subject) === 'already_linked') {
    trace?.add('link', 'pass', `AdminGetUser confirms that the user holds this ${plan.provider.name} identity`, username);
    return { decision: afterLink(plan.tenant, plan.provider, 'already_linked', trace) };
  }
  trace?.add('link', 'fail', `AdminGetUser shows no such ${plan.provider.name} identity on the user: handled as a refused link`, username);
  return { decision: onNoEligibleMatch(plan.tenant, 'link_refused', trace) };
}

function failure(error: CognitoCallError): Record<string, string> {
  return { cognito_error: error.errorName, cognito_failure: error.kind };
}
