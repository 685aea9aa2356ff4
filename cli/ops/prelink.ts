// One prelink row, decided by the trigger itself. The row becomes the PreSignUp_ExternalProvider
// event its identity's first federated sign-in would bring (userName `<Provider>_<subject>`, as
// Cognito lower-cases it in a case-insensitive pool; the IdP-side evidence as the mapped
// attributes), and the trigger's own flow (lambda/flows/federated-sign-up.ts) decides it with the
// engine: provider, tenant, email trust, tenant domain, verified email, status, ambiguity, identity
// limit, do-not-relink, the AdminGetUser re-read, the link and its confirmation. There is no second
// set of rules here. What prelink adds is the row's own claim: the engine found the user by the
// IdP's evidence, and the link is made only if that user is the row's user (a subject column
// shifted by a row names another person's evidence, so the engine picks another user, and the row
// is refused). The link itself is journaled before it is sent and after Cognito answered.
import { AdminLinkProviderForUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import { normaliseEmail } from '../../lambda/engine/email';
import type { TriggerEvent } from '../../lambda/engine/event';
import type { PolicyIndex } from '../../lambda/engine/policy-index';
import { tenantOf } from '../../lambda/engine/policy-index';
import { Trace } from '../../lambda/engine/trace';
import { federatedSignUp } from '../../lambda/flows/federated-sign-up';
import type { Retry } from './bulk/runner';
import type { Journal } from './bulk/journal';
import type { CognitoTarget } from './cognito';
import { classified, engineDirectory, getUser } from './engine-directory';
import type { PrelinkInput, PrelinkRow } from './prelink-input';

export type PrelinkOutcome = 'linked' | 'already_linked' | 'would_link' | 'refused' | 'failed';

export interface PrelinkResult {
  readonly outcome: PrelinkOutcome;
  /** The engine's reason code, or prelink's own (PRELINK_REASONS). */
  readonly reason: string;
  readonly detail: string;
}

/** Reason codes prelink adds to the engine's: what the row claims that the engine cannot know. */
export const PRELINK_REASONS = {
  invalid_row: 'The row is malformed (a missing column, both a subject and an attribute, control characters).',
  evidence_names_another_user:
    "The engine, deciding as the identity's first sign-in would, found another user by the IdP's evidence than the row names: a shifted or mistyped row; nothing is linked.",
  attribute_link_untrusted:
    "An attribute link makes Cognito link every future identity asserting the value, verified or not, without asking the trigger: only a provider with email_trust always may have one.",
  attribute_not_matched: "An attribute link on an attribute the tenant does not match on (linking.match.from) would link identities the engine never judged.",
  identity_signed_up: 'The identity has signed in before and has its own federated user: Cognito cannot merge it into the native user ("Merging is not currently supported").',
  identity_linked_elsewhere: 'The identity is already linked to another user: unlink it there first (link-policy unlink).',
} as const;

export interface PrelinkContext {
  readonly index: PolicyIndex;
  readonly target: CognitoTarget;
  readonly caseSensitivePool: boolean;
  readonly dryRun: boolean;
  /** Absent in a dry run. */
  readonly journal?: Journal;
}

/** The row's evidence as the dry run and the report show it: never a raw email. */
export function maskedEvidence(row: PrelinkInput): string {
  if ('problem' in row || row.idpEmail === undefined) return '-';
  return maskEmail(row.idpEmail);
}

/** The row's user as output shows it: an email given as the user is masked like the evidence. */
export function shownUser(user: string | undefined): string {
  if (user === undefined) return '?';
  return user.includes('@') ? maskEmail(user) : user;
}

/** `a…@acme.com`: the domain decides, the local part is a person's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${email.slice(0, 1)}…${email.slice(at)}`;
}

class RowRefused extends Error {
  constructor(
    readonly reason: keyof typeof PRELINK_REASONS,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export async function decidePrelinkRow(context: PrelinkContext, row: PrelinkInput): Promise<PrelinkResult | Retry> {
  if ('problem' in row) return refused('invalid_row', row.problem);
  const { index } = context;
  // The trigger's own provider lookup: A-Z folding, own properties only ('constructor' is no provider).
  const provider = index.provider(row.provider);
  if (!provider) return refused('unknown_provider', `no tenant policy declares the provider '${row.provider}'`);
  const tenant = tenantOf(index, provider);
  const match = tenant.linking.match;
  if (row.link.kind === 'attribute') {
    if (provider.email_trust !== 'always') {
      return refused(
        'attribute_link_untrusted',
        `${provider.name} has email_trust ${provider.email_trust}: an attribute link would let any ${provider.name} identity asserting ${row.link.name} = that value into the user, ${provider.email_trust === 'never' ? 'although its emails never link' : 'verified or not'}; link by subject instead`,
      );
    }
    if (row.link.name !== match.from) {
      return refused('attribute_not_matched', `tenant ${tenant.id} matches on ${match.from}, not ${row.link.name}`);
    }
  }
  // An attribute link's identity has no subject yet: its value stands in for it, as Cognito lists it in `identities` until its first sign-in.
  const subject = row.link.kind === 'subject' ? row.link.subject : row.link.value;

  const failures: { last?: unknown } = {};
  let wrote = false;
  const directory = engineDirectory(context.target, {
    failures,
    onLink: async (destination, providerName, linkedSubject) => {
      if (!isRowUser(row, destination, context.caseSensitivePool)) {
        throw new RowRefused('evidence_names_another_user', `the IdP's evidence for this identity belongs to another user than '${row.user}'`);
      }
      if (linkedSubject !== subject) throw new Error('the engine linked another subject than the row gives');
      if (row.link.kind === 'subject') await checkSource(context, providerName, subject, destination);
      if (context.dryRun) return;
      await context.journal?.intent(row.row);
      wrote = true;
      const source = row.link.kind === 'subject'
        ? { ProviderName: providerName, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: subject }
        : { ProviderName: providerName, ProviderAttributeName: row.link.name, ProviderAttributeValue: row.link.value };
      await classified(
        'AdminLinkProviderForUser',
        () =>
          context.target.send('AdminLinkProviderForUser', new AdminLinkProviderForUserCommand({
            UserPoolId: context.target.poolId,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination.username },
            SourceUser: source,
          })),
        failures,
      );
    },
  });

  const trace = new Trace();
  let decided;
  try {
    decided = await federatedSignUp(index, firstSignInEvent(context, row, provider.name, subject, match.from), () => directory, trace);
  } catch (error) {
    if (!(error instanceof RowRefused)) throw error;
    return refused(error.reason, error.detail);
  }
  const { reason } = decided.decision;
  if (reason === 'cognito_unavailable') {
    // Nothing is decided: the row is tried again later (a write in flight is found made, or made).
    return { retry: `Cognito did not answer (${errorText(failures.last)})` };
  }
  if (reason === 'linked') return { outcome: context.dryRun ? 'would_link' : 'linked', reason, detail: '' };
  if (reason === 'already_linked') {
    // The identity is linked to a user the evidence found: it must be the row's user.
    const holder = decided.candidates?.find((candidate) => candidate.verdict === 'already_linked');
    const user = holder ? directory.users.get(holder.username) : undefined;
    // The identity's own federated user (it signed in before) holds it as its primary identity.
    if (user?.status === 'EXTERNAL_PROVIDER') return refused('identity_signed_up', MERGE_FIX);
    if (holder && !isRowUser(row, user, context.caseSensitivePool)) {
      return refused('evidence_names_another_user', `the identity is already linked to another user than '${row.user}', whom the IdP's evidence names`);
    }
    return { outcome: 'already_linked', reason, detail: '' };
  }
  if (wrote && reason === 'link_refused') return { outcome: 'failed', reason, detail: cognitoDetail(failures.last) };
  // The row's own user among the candidates, excluded by a rule: that rule is the clearest reason.
  const own = decided.candidates?.find((candidate) => candidate.verdict === 'excluded' && isRowUser(row, directory.users.get(candidate.username), context.caseSensitivePool));
  if (own && own.verdict === 'excluded') return refused(own.exclusion, failureOf(trace, own.username));
  return refused(reason, reason === 'link_refused' ? cognitoDetail(failures.last) : failureOf(trace));
}

/**
 * Cognito facts the engine does not ask about, checked so that a dry run tells what --yes would
 * meet: a signed-up identity has its own user `<Provider>_<subject>` and cannot be a link source;
 * AdminGetUser given a linked identity's name may answer with the user it is linked to (switch i).
 */
async function checkSource(context: PrelinkContext, providerName: string, subject: string, destination: DirectoryUser): Promise<void> {
  const name = `${providerName}_${subject}`;
  const source = await getUser(context.target, context.caseSensitivePool ? name : name.toLowerCase());
  if (!source || source.username === destination.username) return;
  if (source.status === 'EXTERNAL_PROVIDER') throw new RowRefused('identity_signed_up', MERGE_FIX);
  throw new RowRefused('identity_linked_elsewhere', 'the identity is linked to another user: unlink it there first (link-policy unlink)');
}

/** The event Cognito would send the trigger for this identity's first sign-in. */
function firstSignInEvent(context: PrelinkContext, row: PrelinkRow, providerName: string, subject: string, matchFrom: string): TriggerEvent {
  const provider = context.index.provider(providerName)!;
  const attributes = new Map<string, string>();
  if (provider.subject.source === 'attribute') attributes.set(provider.subject.attribute, subject);
  if (row.idpEmail !== undefined) attributes.set('email', row.idpEmail);
  if (row.idpEmailVerified !== undefined) attributes.set('email_verified', row.idpEmailVerified);
  if (row.link.kind === 'attribute') attributes.set(row.link.name, row.link.value);
  if (matchFrom !== 'email' && row.idpMatchValue !== undefined) attributes.set(matchFrom, row.idpMatchValue);
  const userName = `${providerName}_${subject}`;
  return {
    triggerSource: 'PreSignUp_ExternalProvider',
    userPoolId: context.target.poolId,
    region: context.target.region,
    // Cognito lower-cases the whole userName in case-insensitive pools (docs/cognito-facts.md §3).
    userName: context.caseSensitivePool ? userName : userName.toLowerCase(),
    callerContext: { clientId: 'link-policy-prelink' },
    request: { userAttributes: Object.fromEntries(attributes) },
    response: {},
  };
}

/** The row names this user: its username (A-Z case ignored in a case-insensitive pool), its sub, or its own email. */
function isRowUser(row: PrelinkRow, user: DirectoryUser | undefined, caseSensitivePool: boolean): boolean {
  if (!user) return false;
  const given = row.user;
  if (caseSensitivePool ? given === user.username : asciiLowerCase(given) === asciiLowerCase(user.username)) return true;
  if (Object.hasOwn(user.attributes, 'sub') && user.attributes['sub'] === given) return true;
  if (!given.includes('@')) return false;
  const email = normaliseEmail(Object.hasOwn(user.attributes, 'email') ? user.attributes['email'] : undefined);
  const wanted = normaliseEmail(given);
  return email.ok && wanted.ok && email.address === wanted.address;
}

function refused(reason: string, detail: string): PrelinkResult {
  return { outcome: 'refused', reason, detail };
}

/**
 * The rule that refused, in the trigger's words (no raw email, username or subject): the candidate's
 * last failed rule (its AdminGetUser re-read comes last), or the first failed rule of the decision
 * (what follows it is the policy's answer to that failure).
 */
function failureOf(trace: Trace, username?: string): string {
  const failed = trace.entries.filter((entry) => entry.outcome === 'fail' && (username === undefined || entry.user === username));
  const cause = username === undefined ? failed[0] : failed[failed.length - 1];
  return cause ? `${cause.rule}: ${cause.detail}` : '';
}

const MERGE_FIX =
  'the identity has signed in before and has its own federated user, which Cognito cannot merge ("Merging is not currently supported"); check that the federated user (<provider>_<subject>) holds nothing to keep, ' +
  'delete it (AdminDeleteUser), then rerun; this tool never deletes users';

function cognitoDetail(error: unknown): string {
  const text = errorText(error);
  if (/Merging is not currently supported/i.test(text)) return `Cognito: ${text}; ${MERGE_FIX}`;
  if (/already linked|Invalid SourceUser/i.test(text)) return `Cognito: ${text}; the identity is linked to another user: unlink it there first (link-policy unlink)`;
  return `Cognito: ${text}`;
}

function errorText(error: unknown): string {
  if (error === undefined) return 'no answer';
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
