// PreSignUp_ExternalProvider: the engine decides, the directory looks up, re-reads and links.
//
// The happy path is three calls: ListUsers finds the candidates; AdminGetUser re-reads the one
// selected user, which is judged again with the same rules (ListUsers is eventually consistent,
// MODEL: "use AdminGetUser to check one user", and a link cannot be undone); then
// AdminLinkProviderForUser.
//
// A starved lookup (more than LOOKUP_MAX_USERS accounts carry the value: someone signed up in bulk
// with the victim's address, which costs nothing while the accounts stay unconfirmed) does not stop
// the link: for an email match that requires a verified email, the only user who can qualify is
// the one holding the address as a verified sign-in alias (the pool has email as an alias, and
// Cognito keeps a verified alias on one user: verifying it elsewhere fails with AliasExistsException
// or moves it and unverifies the previous holder, docs/cognito-facts.md §11). AdminGetUser finds
// that user by the address (MODEL AdminGetUser: "any of their alias attributes"), strongly
// consistent, so it needs no re-read: 5 ListUsers pages, AdminGetUser, the link.
//
// Convergence under Cognito's retries (§4, §8): a second invocation either finds the identity in
// the candidate's `identities` (already_linked, no link call) or links and, if the first
// invocation linked meanwhile, gets "already linked", which AdminGetUser confirms. A link whose
// response was lost is retried by the SDK and confirmed the same way.
import type { Directory } from '../cognito/directory';
import { CognitoCallError } from '../cognito/errors';
import { judgeCandidate, selectCandidate, type CandidateVerdict, type DirectoryUser } from '../engine/candidate-selection';
import { traceCandidates, traceReread } from '../engine/candidate-trace';
import type { TriggerEvent } from '../engine/event';
import { assessLink, type LinkPlan } from '../engine/link-assessment';
import {
  afterLink,
  confirmExistingLink,
  decideSelection,
  onCognitoUnavailable,
  onLookupCapped,
  onNoEligibleMatch,
  refuseLink,
  refusedLinkReason,
} from '../engine/link-outcome';
import { LOOKUP_MAX_PAGES } from '../engine/lookup';
import type { PolicyIndex } from '../engine/policy-index';
import type { Trace } from '../engine/trace';
import type { FlowResult } from './flow-result';

export async function federatedSignUp(index: PolicyIndex, event: TriggerEvent, directory: () => Directory, trace?: Trace): Promise<FlowResult> {
  const assessment = assessLink(index, event, trace);
  const { facts: linkFacts } = assessment;
  const facts = { tenant: linkFacts.tenant, provider: linkFacts.provider, emailDomain: linkFacts.emailDomain };
  const details: Record<string, unknown> = {
    ...(linkFacts.subjectFrom ? { subject_from: linkFacts.subjectFrom } : {}),
    ...(linkFacts.subjectProblem ? { subject_unusable: linkFacts.subjectProblem } : {}),
  };
  if (assessment.kind === 'decided') return { decision: assessment.decision, ...facts, details };
  const { plan } = assessment;
  const cognito = directory();
  const unavailable = (error: CognitoCallError, rule: string, what: string, user?: string, candidates?: readonly CandidateVerdict[]): FlowResult => {
    trace?.add(rule, 'fail', `${what} (${error.errorName})`, user);
    return { decision: onCognitoUnavailable(plan.tenant, trace), ...facts, ...(candidates ? { candidates } : {}), details: { ...details, ...failure(error) } };
  };

  let found: { users: DirectoryUser[]; capped: boolean };
  try {
    found = await findCandidates(cognito, plan.filters);
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    return unavailable(error, 'ListUsers', 'ListUsers failed');
  }
  let byAlias = false;
  if (found.capped) {
    trace?.add('linking.match', 'info', `ListUsers still had more pages after ${LOOKUP_MAX_PAGES}: the lookup stops there`);
    details.lookup_capped = true;
    if (plan.alias === undefined) return { decision: onLookupCapped(plan.tenant, trace), ...facts, details };
    trace?.add('linking.match', 'info', 'a verified email is required, and only the holder of the verified email alias can have one: AdminGetUser finds that user by the address');
    try {
      const holder = await cognito.getUser(plan.alias);
      found = { users: holder ? [holder] : [], capped: false };
    } catch (error) {
      if (!(error instanceof CognitoCallError)) throw error;
      return unavailable(error, 'linking.match', 'AdminGetUser by the email alias failed');
    }
    details.lookup = 'alias';
    byAlias = true;
  }

  const { selection, verdicts } = selectCandidate(plan, found.users);
  if (trace) traceCandidates(trace, plan, found.users, verdicts);
  const base = { ...facts, candidates: verdicts };

  if (plan.subjectProblem !== undefined) {
    // Nothing can be linked without the exact subject. Nobody to link: a new user is harmless. An
    // eligible user: a new user could never be merged into it, so refuse and let IT fix the mapping.
    if (selection.kind === 'none') {
      trace?.add('linking.match', 'fail', 'no existing user qualifies, so the unusable subject harms nothing');
      return { decision: onNoEligibleMatch(plan.tenant, undefined, trace), ...base, details };
    }
    trace?.add('linking.match', 'fail', `${selection.kind === 'ambiguous' ? 'existing users qualify' : 'an existing user qualifies'}, but without the exact subject no link can be made`);
    return { decision: refuseLink(plan.tenant, plan.subjectProblem, trace), ...base, details };
  }
  const { subject } = plan;
  if (selection.kind !== 'link') return { decision: decideSelection(plan.tenant, plan.provider, selection, trace), ...base, details };

  // ListUsers is eventually consistent: the selected user is read again, unless AdminGetUser just found it.
  if (!byAlias) {
    let current: DirectoryUser | undefined;
    try {
      current = await cognito.getUser(selection.username);
    } catch (error) {
      if (!(error instanceof CognitoCallError)) throw error;
      return unavailable(error, 'candidate.reread', 'AdminGetUser failed, so the selected user cannot be re-read before the link', selection.username, verdicts);
    }
    const reread = current ? judgeCandidate(plan, current) : undefined;
    if (trace) traceReread(trace, plan, selection.username, current, reread);
    details.reread = reread === undefined ? 'not_found' : reread.verdict === 'excluded' ? reread.exclusion : reread.verdict;
    if (reread?.verdict === 'already_linked') return { decision: afterLink(plan.tenant, plan.provider, 'already_linked', trace), ...base, details };
    if (reread?.verdict !== 'eligible') {
      trace?.add('linking.match', 'fail', 'no existing user qualifies as AdminGetUser reads it');
      return { decision: onNoEligibleMatch(plan.tenant, undefined, trace), ...base, details };
    }
  }

  try {
    await cognito.linkIdentity(selection.username, plan.provider.name, subject);
    trace?.add('link', 'pass', `AdminLinkProviderForUser linked the ${plan.provider.name} identity (Cognito_Subject, exact subject) to the eligible user`, selection.username);
    return { decision: afterLink(plan.tenant, plan.provider, 'linked', trace), ...base, details };
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    if (error.kind === 'unavailable') return unavailable(error, 'link', 'AdminLinkProviderForUser failed', selection.username, verdicts);
    const linkDetails = { ...details, ...failure(error) };
    if (error.kind !== 'already_linked') {
      trace?.add('link', 'fail', `Cognito refused the link (${error.errorName})`, selection.username);
      return { decision: refuseLink(plan.tenant, refusedLinkReason(plan.provider.name, subject, trace), trace), ...base, details: linkDetails };
    }
    trace?.add('link', 'info', 'Cognito answered that the link already exists: AdminGetUser checks it', selection.username);
    return { ...(await confirmLink(plan, subject, selection.username, cognito, trace)), ...base, details: linkDetails };
  }
}

/** Every query's users, reading at most LOOKUP_MAX_PAGES pages in all; capped when Cognito had more. */
async function findCandidates(cognito: Directory, filters: readonly string[]): Promise<{ users: DirectoryUser[]; capped: boolean }> {
  const users: DirectoryUser[] = [];
  let pagesLeft = LOOKUP_MAX_PAGES;
  for (const filter of filters) {
    if (pagesLeft === 0) return { users, capped: true };
    const listing = await cognito.listUsers(filter, pagesLeft);
    users.push(...listing.users);
    pagesLeft -= listing.pages;
    if (!listing.complete) return { users, capped: true };
  }
  return { users, capped: false };
}

async function confirmLink(plan: LinkPlan, subject: string, username: string, cognito: Directory, trace: Trace | undefined): Promise<Pick<FlowResult, 'decision'>> {
  let destination: DirectoryUser | undefined;
  try {
    destination = await cognito.getUser(username);
  } catch (error) {
    if (!(error instanceof CognitoCallError)) throw error;
    trace?.add('link', 'fail', `AdminGetUser failed (${error.errorName}): the link cannot be confirmed`, username);
    return { decision: onCognitoUnavailable(plan.tenant, trace) };
  }
  if (confirmExistingLink(destination, plan.provider, subject) === 'already_linked') {
    trace?.add('link', 'pass', `AdminGetUser confirms that the user holds this ${plan.provider.name} identity`, username);
    return { decision: afterLink(plan.tenant, plan.provider, 'already_linked', trace) };
  }
  trace?.add('link', 'fail', `AdminGetUser shows no such ${plan.provider.name} identity on the user: a refused link`, username);
  return { decision: refuseLink(plan.tenant, 'link_refused', trace) };
}

function failure(error: CognitoCallError): Record<string, string> {
  return { cognito_error: error.errorName, cognito_failure: error.kind };
}
