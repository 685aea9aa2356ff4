// PreSignUp_ExternalProvider, before any directory lookup: which provider and tenant, the exact
// subject, the email gates and the ListUsers queries. Either a final decision, or a plan for the
// lookup that the handler carries out with the adapter.
import type { CompiledProvider, CompiledTenant } from '../../policy/compiled';
import type { CandidateContext } from './candidate-selection';
import { proceed, refuse, type Decision } from './decision';
import { checkAssertedEmail } from './email';
import { userAttributes, stringField, type TriggerEvent } from './event';
import { onNoEligibleMatch } from './link-outcome';
import { planLookup } from './lookup';
import type { PolicyIndex } from './policy-index';
import { resolveProvider } from './provider-resolution';
import { refusal } from './refusal';
import { exactSubject } from './subject';

/** What the log may say about the sign-in: never the email itself, only its domain. */
export interface LinkFacts {
  readonly tenant?: string;
  readonly provider?: string;
  readonly emailDomain?: string;
  readonly subjectFrom?: 'attribute' | 'username_suffix';
}

export interface LinkPlan extends CandidateContext {
  readonly tenant: CompiledTenant;
  readonly provider: CompiledProvider;
  readonly filters: readonly string[];
}

export type LinkAssessment =
  | { readonly kind: 'decided'; readonly decision: Decision; readonly facts: LinkFacts }
  | { readonly kind: 'lookup'; readonly plan: LinkPlan; readonly facts: LinkFacts };

export function assessLink(index: PolicyIndex, event: TriggerEvent): LinkAssessment {
  const userName = stringField(event.userName);
  const resolved = resolveProvider(index, userName);
  if (resolved.kind === 'unknown') {
    const rule = index.set.settings.unknown_provider;
    const decision =
      rule.action === 'allow'
        ? proceed('unknown_provider')
        : refuse('unknown_provider_denied', refusal('LINK_DENIED', rule.message));
    return { kind: 'decided', decision, facts: {} };
  }
  const { provider, tenant } = resolved;
  const facts: { -readonly [K in keyof LinkFacts]: LinkFacts[K] } = { tenant: tenant.id, provider: provider.name };
  const decided = (decision: Decision): LinkAssessment => ({ kind: 'decided', decision, facts });
  if (!tenant.linking.enabled) return decided(proceed('linking_disabled'));

  const attributes = userAttributes(event);
  const subject = exactSubject(provider.subject, attributes, resolved.suffix, resolved.suffixExact);
  if (!subject.ok) return decided(onNoEligibleMatch(tenant, subject.reason));
  facts.subjectFrom = subject.from;

  const email = checkAssertedEmail(attributes, provider, tenant);
  if (email.domain !== undefined) facts.emailDomain = email.domain;
  if (!email.ok) return decided(onNoEligibleMatch(tenant, email.reason));

  const lookup = planLookup(tenant.linking.match, attributes);
  if (!lookup.ok) return decided(onNoEligibleMatch(tenant, lookup.reason));
  return {
    kind: 'lookup',
    plan: { tenant, provider, linking: tenant.linking, subject: subject.subject, value: lookup.value, filters: lookup.filters },
    facts,
  };
}
