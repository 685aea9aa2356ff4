// What the IdP asserts, from a step written in user pool attribute names: each attribute becomes the
// claim the provider's attribute_mapping reads it from, so the twin maps it back exactly as Cognito
// would. The provider's subject attribute (e.g. custom:idp_sub <- objectidentifier) is filled from
// the step's subject unless the step gives it; null leaves a claim out. Raw claims apply last.
import type { ClaimValue } from '../../twin';
import type { FederatedSignInAction } from '../scenarios/format';
import type { PoolProvider } from '../scenarios/pool-view';

export function claimsFor(provider: PoolProvider, signIn: FederatedSignInAction): Record<string, ClaimValue> {
  const claims: Record<string, ClaimValue> = {};
  const attributes = signIn.attributes ?? {};
  const subject = provider.policy?.subject;
  if (subject?.source === 'attribute' && !Object.hasOwn(attributes, subject.attribute)) {
    const claim = provider.attribute_mapping[subject.attribute];
    if (claim !== undefined) claims[claim] = signIn.subject;
  }
  for (const [name, value] of Object.entries(attributes)) {
    const claim = provider.attribute_mapping[name];
    if (claim === undefined) throw new Error(`${provider.name} does not map ${name}`);
    if (value !== null) claims[claim] = value;
  }
  return { ...claims, ...signIn.claims };
}
