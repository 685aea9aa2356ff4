// Which provider a federated userName belongs to. Cognito names the profile
// `<ProviderName>_<subject>` and, in case-insensitive pools, lower-cases the whole string, prefix
// included (docs/cognito-facts.md §3). Subjects may contain '_', so the split happens right after
// the matched prefix, never at the last '_'. Provider names may have '_' as their 2nd character
// (Cognito's pattern `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`, §9), so a prefix ending at
// the second '_' is tried too. The policy schema's ProviderName pattern (at least 3 characters,
// '_' only as the 2nd) means no accepted name, lower-cased and followed by '_', starts another
// accepted name, so at most one of the two prefixes can match (test/policy/provider-names.test.ts
// proves it over generated names). Prefixes are folded A-Z only (ascii-case.ts).
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import { asciiLowerCase } from './ascii-case';
import { tenantOf, type PolicyIndex } from './policy-index';

export type ProviderResolution =
  | {
      readonly kind: 'known';
      readonly provider: TriggerProvider;
      readonly tenant: TriggerTenant;
      /** The subject part of the userName, as Cognito sent it (possibly lower-cased). */
      readonly suffix: string;
      /**
       * True when the event proves the pool kept the userName's case: the prefix equals the
       * exact-case provider name and that name has an upper-case letter.
       */
      readonly suffixExact: boolean;
    }
  | { readonly kind: 'unknown' };

export function candidatePrefixes(userName: string): string[] {
  const first = userName.indexOf('_');
  if (first <= 0) return [];
  const prefixes = [userName.slice(0, first)];
  if (first === 1) {
    const second = userName.indexOf('_', 2);
    if (second > 0) prefixes.push(userName.slice(0, second));
  }
  return prefixes;
}

export function resolveProvider(index: PolicyIndex, userName: string): ProviderResolution {
  for (const prefix of candidatePrefixes(userName)) {
    const provider = index.provider(prefix);
    if (!provider) continue;
    const suffix = userName.slice(prefix.length + 1);
    return {
      kind: 'known',
      provider,
      tenant: tenantOf(index, provider),
      suffix,
      suffixExact: prefix === provider.name && provider.name !== asciiLowerCase(provider.name),
    };
  }
  return { kind: 'unknown' };
}
