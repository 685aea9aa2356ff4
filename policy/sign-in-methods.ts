// sign_in_methods: which identity providers may sign in the people whose email is in a tenant's
// domains. What a rule means is written here once: the compiler fills in the defaults, the
// validator checks the settings against each other, and the trigger's engine asks `ruleAllows`.
import type { NativeLogin, SignInMethods } from './schema-types.generated';

/** allow, refuse, or allow only the named providers (exact-case names, which the validator checks). */
export type ProviderMethodRule = NonNullable<SignInMethods['own_providers']>;

/** own_providers: the tenant's own identity_providers; other_providers: every other provider, declared or not. */
export type MethodKind = keyof SignInMethods;

export const METHOD_KINDS: readonly MethodKind[] = ['own_providers', 'other_providers'];

/**
 * The rule a policy that leaves `kind` out gets. A tenant that moved to SSO for its whole domain
 * (block_tenant_domains) allows only its own providers: anything else would let a social account
 * carrying the tenant's address in, unlinked and beyond the tenant's off-boarding. Every other
 * tenant keeps the behaviour from before sign_in_methods existed: every provider.
 */
export function defaultMethodRule(kind: MethodKind, passwordSignIn: NativeLogin['password_sign_in']): ProviderMethodRule {
  if (kind === 'own_providers') return 'allow';
  return passwordSignIn === 'block_tenant_domains' ? 'refuse' : 'allow';
}

/** Whether the rule lets the provider named `name` (exact case, as the policies and the compiled set spell it) sign in. */
export function ruleAllows(rule: ProviderMethodRule, name: string): boolean {
  if (rule === 'allow') return true;
  if (rule === 'refuse') return false;
  return rule.allow_only.includes(name);
}

/** The rule in words, for traces and messages: `allow`, `refuse`, `allow_only [A, B]`. */
export function describeRule(rule: ProviderMethodRule): string {
  return typeof rule === 'string' ? rule : `allow_only [${rule.allow_only.join(', ')}]`;
}
