// PreSignUp_ExternalProvider: the engine decides, the directory looks up and links.
// Convergence under Cognito's retries (§4, §8): a second invocation either finds the identity in
// the candidate's `identities` (already_linked, no call) or links and, if the first invocation
// linked meanwhile, gets "already linked", which AdminGetUser confirms. A link whose response was
// lost is retried by the SDK and confirmed the same way.
import type { Directory } from '../cognito/directory';
import { CognitoCallError } from '../cognito/errors';
import { selectCandidate, type DirectoryUser } from '../engine/candidate-selection';
import type { TriggerEvent } from '../engine/event';
import { assessLink, type LinkPlan } from '../engine/link-assessment';
import { afterLink, confirmExistingLink, decideSelection, onCognitoUnavailable, onNoEligibleMatch } from '../engine/link-outcome';
import type { PolicyIndex } from '../engine/policy-index';
import type { FlowResult } from './flow-result';

export async function federatedSignUp(index: PolicyIndex, event: TriggerEvent, directory: () => Directory): Promise<FlowResult> {
  const assessment = assessLink(index, event);
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
    return { decision: onCognitoUnavailable(plan.tenant), ...facts, details: { ...subjectFrom, ...failure(error) } };
  }

  const { selection, verdicts } = selectCandidate(plan, users);
  const base = { ...facts, candidates: verdicts };
  if (selection.kind !== 'link') return { decision: decideSelection(plan.tenant, plan.provider, selection), ...base, details: subjectFrom };

  try {
    await cognito.linkIdentity(selection.username, plan.provider.name, plan.subject);
    return { decision: afterLink(plan.tenant, plan.provider, 'linked'), ...base, details: subjectFrom };
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    const details = { ...subjectFrom, ...failure(error) };
    if (error.kind === 'unavailable') return { decision: onCognitoUnavailable(plan.tenant), ...base, details };
    if (error.kind !== 'already_linked') return { decision: onNoEligibleMatch(plan.tenant, 'link_refused'), ...base, details };
    return { ...(await confirmLink(plan, selection.username, cognito)), ...base, details };
  }
}

async function confirmLink(plan: LinkPlan, username: string, cognito: Directory): Promise<Pick<FlowResult, 'decision'>> {
  let destination: DirectoryUser | undefined;
  try {
    destination = await cognito.getUser(username);
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    return { decision: onCognitoUnavailable(plan.tenant) };
  }
  const confirmed = confirmExistingLink(destination, plan.provider, plan.subject);
  return {
    decision: confirmed === 'already_linked' ? afterLink(plan.tenant, plan.provider, 'already_linked') : onNoEligibleMatch(plan.tenant, 'link_refused'),
  };
}

function failure(error: CognitoCallError): Record<string, string> {
  return { cognito_error: error.errorName, cognito_failure: error.kind };
}
