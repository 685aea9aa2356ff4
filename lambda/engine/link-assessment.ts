// PreSignUp_ExternalProvider, before any directory lookup: which provider and tenant, the email
// gates, the exact subject and the ListUsers queries. Either a final decision, or a plan for the
// lookup that the flow carries out with the adapter.
//
// Order: the trust gates on the asserted email come first, and their failure means no link
// (on_no_match: an untrusted identity gets a separate account, by design). A subject problem does
// NOT stop here: whether it is harmless (nobody to link) or must refuse (an eligible user exists,
// and a separate account could never be merged into it) depends on the lookup.
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import type { SubjectSource } from '../../policy/schema-types.generated';
import type { CandidateContext } from './candidate-selection';
import { proceed, refuse, type Decision } from './decision';
import { unlinkedForGood } from './do-not-relink';
import { checkAssertedEmail, type EmailGate } from './email';
import { attribute, userAttributes, stringField, type TriggerEvent, type UserAttributes } from './event';
import { onNoEligibleMatch } from './link-outcome';
import { planLookup } from './lookup';
import type { PolicyIndex } from './policy-index';
import { candidatePrefixes, resolveProvider } from './provider-resolution';
import { refusal } from './refusal';
import { refuseFirstSignInMethod } from './sign-in-methods';
import { exactSubject, type SubjectResult } from './subject';
import type { Trace } from './trace';

/** What the log may say about the sign-in: never the email itself, only its domain. */
export interface LinkFacts {
  readonly tenant?: string;
  readonly provider?: string;
  readonly emailDomain?: string;
  readonly subjectFrom?: 'attribute' | 'username_suffix';
  /** Why the exact subject is not known, when it is not. */
  readonly subjectProblem?: SubjectProblem;
}

export type SubjectProblem = 'subject_unavailable' | 'subject_mismatch';

/** The lookup to make; without the exact subject (subjectProblem) no link can be made, and an eligible user means a refusal. */
export type LinkPlan = CandidateContext & {
  readonly filters: readonly string[];
  /**
   * The verified-email alias to ask AdminGetUser for when ListUsers is starved (more than the
   * lookup reads hold the value): set for email matches of tenants that require a verified email.
   */
  readonly alias?: string;
} & (
    | { readonly subject: string; readonly subjectProblem?: undefined }
    | { readonly subject: undefined; readonly subjectProblem: SubjectProblem }
  );

export type LinkAssessment =
  | { readonly kind: 'decided'; readonly decision: Decision; readonly facts: LinkFacts }
  | { readonly kind: 'lookup'; readonly plan: LinkPlan; readonly facts: LinkFacts };

export function assessLink(index: PolicyIndex, event: TriggerEvent, trace?: Trace): LinkAssessment {
  const userName = stringField(event.userName);
  const resolved = resolveProvider(index, userName);
  // The email's tenant may refuse this provider outright: before unknown_provider, linking and any lookup.
  const refusedMethod = refuseFirstSignInMethod(index, event, resolved, trace);
  if (refusedMethod) return { kind: 'decided', decision: refusedMethod.decision, facts: refusedMethod.facts };
  if (resolved.kind === 'unknown') {
    trace?.add('provider', 'fail', unknownProviderDetail(userName));
    const rule = index.set.settings.unknown_provider;
    if (rule.action === 'allow') {
      trace?.add('unknown_provider.action', 'info', 'allow: the sign-up proceeds unlinked');
      return { kind: 'decided', decision: proceed('unknown_provider'), facts: {} };
    }
    trace?.add('unknown_provider.action', 'fail', 'deny: refused with LINK_DENIED');
    return { kind: 'decided', decision: refuse('unknown_provider_denied', refusal('LINK_DENIED', rule.message)), facts: {} };
  }
  const { provider, tenant } = resolved;
  trace?.add('provider', 'pass', `the userName prefix names ${provider.name} (${provider.type}), a provider of tenant ${tenant.id}`);
  const facts: { -readonly [K in keyof LinkFacts]: LinkFacts[K] } = { tenant: tenant.id, provider: provider.name };
  const decided = (decision: Decision): LinkAssessment => ({ kind: 'decided', decision, facts });
  if (!tenant.linking.enabled) {
    trace?.add('linking.enabled', 'fail', `tenant ${tenant.id} does not link: the sign-up proceeds unlinked`);
    return decided(proceed('linking_disabled'));
  }
  trace?.add('linking.enabled', 'pass', `tenant ${tenant.id} links first federated sign-ins to existing users`);

  const attributes = userAttributes(event);
  const subjectAttribute = provider.subject.source === 'attribute' ? attribute(attributes, provider.subject.attribute) : undefined;
  if (unlinkedForGood(tenant, provider, [resolved.suffix, subjectAttribute ?? ''])) {
    trace?.add('linking.do_not_relink', 'fail', `this ${provider.name} identity was unlinked for good (tenant ${tenant.id}'s do_not_relink): refused with LINK_DENIED whatever on_no_match says`);
    return decided(refuse('relink_blocked', refusal('LINK_DENIED', tenant.messages.link_denied)));
  }
  const email = checkAssertedEmail(attributes, provider, tenant);
  if (email.domain !== undefined) facts.emailDomain = email.domain;
  if (trace) traceEmailGates(trace, email, provider, tenant, attributes);
  if (!email.ok) return decided(onNoEligibleMatch(tenant, email.reason, trace));

  const subject = exactSubject(provider.subject, attributes, resolved.suffix, resolved.suffixExact);
  trace?.add('subject.source', subject.ok ? 'pass' : 'fail', subjectDetail(provider.subject, subject, resolved.suffix));
  if (subject.ok) facts.subjectFrom = subject.from;
  else facts.subjectProblem = subject.reason;

  const { match } = tenant.linking;
  const lookup = planLookup(match, attributes);
  if (!lookup.ok) {
    trace?.add(
      'linking.match',
      'fail',
      lookup.reason === 'match_value_missing'
        ? `the sign-in carries no ${match.from} to look existing users up by`
        : `the asserted ${match.from} has control characters or would exceed the 256-character ListUsers filter`,
    );
    return decided(onNoEligibleMatch(tenant, lookup.reason, trace));
  }
  trace?.add('linking.match', 'pass', `ListUsers where ${match.attribute} equals the asserted ${match.from} (case ${match.case}): ${lookup.filters.length} ${lookup.filters.length === 1 ? 'query' : 'queries'}`);
  return {
    kind: 'lookup',
    plan: {
      tenant,
      provider,
      value: lookup.value,
      filters: lookup.filters,
      ...(match.attribute === 'email' && tenant.linking.existing_user.require_verified ? { alias: lookup.value } : {}),
      ...(subject.ok ? { subject: subject.subject } : { subject: undefined, subjectProblem: subject.reason }),
    },
    facts,
  };
}

/** The prefix is a provider name, never the subject; an over-long one is not quoted. */
function unknownProviderDetail(userName: string): string {
  const [prefix] = candidatePrefixes(userName);
  if (prefix === undefined) return "the userName has no '<provider>_' prefix, so no provider can be named";
  const shown = prefix.length <= 32 ? `'${prefix}'` : 'the userName prefix';
  return `no tenant declares the provider ${shown}`;
}

function subjectDetail(source: SubjectSource, subject: SubjectResult, suffix: string): string {
  if (source.source === 'username_suffix') {
    return subject.ok
      ? 'the subject is the userName suffix (subject.source username_suffix)'
      : 'the userName has no subject after the provider prefix: nothing can be linked, and an eligible existing user means a refusal';
  }
  const name = source.attribute;
  if (subject.ok) {
    return subject.from === 'attribute'
      ? `the exact-case subject comes from ${name}, and names the same identifier as the userName suffix`
      : `${name} is absent, but the userName kept its case, so its suffix is the exact subject`;
  }
  if (suffix === '') return 'the userName has no subject after the provider prefix: nothing can be linked, and an eligible existing user means a refusal';
  return subject.reason === 'subject_unavailable'
    ? `${name} is absent or empty: Cognito lower-cased the userName, and a link with a lower-cased subject would never match; nothing can be linked, and an eligible existing user means a refusal`
    : `${name} names another identifier than the userName suffix: the attribute mapping reads the wrong claim; nothing can be linked, and an eligible existing user means a refusal`;
}

function traceEmailGates(trace: Trace, email: EmailGate, provider: TriggerProvider, tenant: TriggerTenant, attributes: UserAttributes): void {
  if (!email.ok && (email.reason === 'email_missing' || email.reason === 'email_invalid')) {
    trace.add(
      'email',
      'fail',
      email.reason === 'email_missing' ? 'the IdP asserted no email' : 'the asserted email is malformed (control characters, several @, or a domain that is not a host name)',
    );
    return;
  }
  trace.add('email', 'pass', `the asserted email is well formed; its domain is ${email.domain}`);
  if (!email.ok && email.reason === 'domain_not_owned') {
    trace.add('tenant.domains', 'fail', `the asserted email's domain ${email.domain} is not one of tenant ${tenant.id}'s domains (${tenant.domains.join(', ')})`);
    return;
  }
  trace.add('tenant.domains', 'pass', `the asserted email's domain ${email.domain} is one of tenant ${tenant.id}'s domains`);
  switch (provider.email_trust) {
    case 'always':
      trace.add('email_trust', 'pass', `always: ${provider.name} is trusted for the emails of the tenant's domains`);
      return;
    case 'never':
      trace.add('email_trust', 'fail', `never: ${provider.name}'s emails never link`);
      return;
    case 'email_verified_claim': {
      const flag = attribute(attributes, 'email_verified');
      trace.add(
        'email_trust',
        email.ok ? 'pass' : 'fail',
        email.ok
          ? 'email_verified_claim: email_verified is "true"'
          : `email_verified_claim: email_verified is ${flag === undefined ? 'absent' : `"${flag.length <= 16 ? flag : `${flag.slice(0, 16)}…`}"`}, and only "true" counts`,
      );
    }
  }
}
