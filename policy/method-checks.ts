// The validator's rules for sign_in_methods: the names it lists, and the settings it must not
// contradict. Each problem points at the setting to change and names the one it conflicts with
// (file:line), because a reviewer reads them next to the pull request's diff.
import type { DocPath } from './json-path';
import type { Problem } from './problems';
import { placeOf, problemAt, type ProblemSpec } from './report';
import type { PoolSettings, TenantPolicy } from './schema-types.generated';
import { defaultMethodRule, describeRule, ruleAllows, type MethodKind, type ProviderMethodRule } from './sign-in-methods';
import { closest } from './suggest';
import { ssoProviderName } from './tenant-checks';
import type { ParsedYaml } from './yaml-source';

export interface MethodTenantEntry {
  readonly parsed: ParsedYaml;
  readonly policy: TenantPolicy;
}

/** The rule a tenant applies to `kind`, stated or defaulted, and where it is stated. */
export function methodRuleOf(policy: TenantPolicy, kind: MethodKind): { readonly rule: ProviderMethodRule; readonly stated: boolean } {
  const stated = policy.sign_in_methods?.[kind];
  return stated === undefined ? { rule: defaultMethodRule(kind, policy.native_login.password_sign_in), stated: false } : { rule: stated, stated: true };
}

/** Rules within one tenant file. */
export function checkSignInMethods(parsed: ParsedYaml, policy: TenantPolicy): Problem[] {
  const problems: Problem[] = [];
  const at = (path: DocPath, spec: ProblemSpec) => problems.push(problemAt(parsed, path, spec));
  const own = policy.identity_providers.map((provider) => provider.name);
  const ownRule = methodRuleOf(policy, 'own_providers');
  const otherRule = methodRuleOf(policy, 'other_providers');

  const ownList = policy.sign_in_methods?.own_providers;
  if (typeof ownList === 'object') {
    ownList.allow_only.forEach((name, index) => {
      if (own.includes(name)) return;
      const suggestion = closest(name, own);
      at(['sign_in_methods', 'own_providers', 'allow_only', index], {
        rule: 'methods.own-provider-unknown',
        message: `own_providers.allow_only lists '${name}', which is not one of this tenant's providers (${own.join(', ')})`,
        hint: suggestion
          ? `Did you mean '${suggestion}'? Names are exact-case.`
          : "own_providers lists this tenant's identity_providers only; a social provider or another tenant's provider belongs under other_providers.",
      });
    });
  }
  const otherList = policy.sign_in_methods?.other_providers;
  if (typeof otherList === 'object') {
    otherList.allow_only.forEach((name, index) => {
      if (!own.includes(name)) return;
      at(['sign_in_methods', 'other_providers', 'allow_only', index], {
        rule: 'methods.other-lists-own',
        message: `other_providers.allow_only lists '${name}', one of this tenant's own providers`,
        hint: `own_providers decides ${name}: remove it here${typeof ownList === 'object' ? ', and list it under own_providers.allow_only if it is allowed' : ''}.`,
      });
    });
  }

  // Anyone can open an address at a public mail domain: a consumer tenant does not own the people
  // there, so it cannot decide which providers they use (as it cannot block their passwords).
  if (policy.tenant.consumer === true) {
    for (const kind of ['own_providers', 'other_providers'] as const) {
      const stated = policy.sign_in_methods?.[kind];
      if (stated === undefined || stated === 'allow') continue;
      at(['sign_in_methods', kind], {
        rule: 'methods.consumer-refuses',
        message: `consumer tenant ${policy.tenant.id}: sign_in_methods.${kind} ${describeRule(stated)} would refuse providers to everyone at its public mail domains`,
        hint: 'A consumer tenant cannot restrict sign-in methods by domain: remove the line (every provider is allowed).',
      });
    }
  }

  // Every refusal the policy makes (a password, a sign-up, a refused provider) names the SSO
  // provider, so people must be able to use it.
  const sso = ssoProviderName(policy);
  if (!ruleAllows(ownRule.rule, sso)) {
    const explicit = policy.native_login.sso_provider !== undefined;
    const ownPlace = ownRule.stated ? placeOf(parsed, ['sign_in_methods', 'own_providers']) : 'its default';
    const allowed = own.filter((name) => ruleAllows(ownRule.rule, name));
    at(explicit ? ['native_login', 'sso_provider'] : ['sign_in_methods', 'own_providers'], {
      rule: 'methods.sso-provider-refused',
      message: explicit
        ? `sso_provider '${sso}' is refused by sign_in_methods.own_providers (${describeRule(ownRule.rule)}, ${ownPlace}): SSO_REQUIRED would send people to a provider that refuses them`
        : `sign_in_methods.own_providers (${describeRule(ownRule.rule)}) refuses every one of this tenant's providers, so SSO_REQUIRED has none to name`,
      hint:
        allowed.length > 0
          ? `Set native_login.sso_provider to an allowed provider (${allowed.join(', ')}), or allow ${sso}.`
          : 'To retire a provider, remove it or keep the others in own_providers.allow_only; a tenant always needs one provider its people may use.',
    });
  }

  // A tenant that blocks every password of its domains but lets any other provider in: a social
  // account carrying the tenant's address gets its own account, unlinked and beyond the tenant's
  // off-boarding. The default refuses; stating allow is a choice the reviewer should see.
  if (policy.native_login.password_sign_in === 'block_tenant_domains' && otherRule.stated && otherRule.rule === 'allow') {
    at(['sign_in_methods', 'other_providers'], {
      rule: 'methods.sso-tenant-allows-others',
      message: `other_providers: allow lets any other provider (a social account, another tenant's IdP) sign in people of this tenant's domains, while password_sign_in: block_tenant_domains (${placeOf(parsed, ['native_login', 'password_sign_in'])}) requires SSO for them`,
      hint: "Such an account is separate from the person's SSO account and survives their off-boarding. Remove the line (the default refuses), or allow_only the providers you trust.",
      severity: 'warning',
    });
  }
  return problems;
}

/** Names in other_providers.allow_only must be providers some other tenant declares, exact case. */
export function checkMethodsAcrossTenants(tenants: readonly MethodTenantEntry[]): Problem[] {
  const problems: Problem[] = [];
  const declared = new Map<string, { name: string; tenant: string }>();
  for (const { policy } of tenants) for (const provider of policy.identity_providers) declared.set(provider.name.toLowerCase(), { name: provider.name, tenant: policy.tenant.id });
  const names = [...declared.values()].map((entry) => entry.name);
  for (const { parsed, policy } of tenants) {
    const list = policy.sign_in_methods?.other_providers;
    if (typeof list !== 'object') continue;
    list.allow_only.forEach((name, index) => {
      const found = declared.get(name.toLowerCase());
      if (found?.name === name) return;
      const path: DocPath = ['sign_in_methods', 'other_providers', 'allow_only', index];
      if (found) {
        problems.push(
          problemAt(parsed, path, {
            rule: 'methods.provider-name-case',
            message: `other_providers.allow_only lists '${name}', but tenant '${found.tenant}' spells the provider '${found.name}'`,
            hint: `Write '${found.name}': provider names are exact-case.`,
          }),
        );
        return;
      }
      const suggestion = closest(name, names);
      problems.push(
        problemAt(parsed, path, {
          rule: 'methods.provider-unknown',
          message: `other_providers.allow_only lists '${name}', which no tenant declares`,
          hint: suggestion
            ? `Did you mean '${suggestion}'? Names are exact-case.`
            : 'List providers that some tenant declares in identity_providers; a provider no tenant declares is allowed only by other_providers: allow.',
        }),
      );
    });
  }
  return problems;
}

/**
 * A client offering SSO and password sign-in together hides whether a linked user signs in with a
 * password or through an identity their tenant refuses, so the trigger refuses both there. The
 * check for tenants that block passwords (cross-checks.ts) covers most; this one covers a tenant
 * that only refuses providers.
 */
export function checkClientsAgainstMethods(pool: { readonly parsed: ParsedYaml; readonly settings: PoolSettings }, tenants: readonly MethodTenantEntry[]): Problem[] {
  // Tenants that block passwords are already reported by cross.mixed-client-blocks-passwords.
  const refusing = tenants.find(({ policy }) => policy.native_login.password_sign_in === 'allow' && refusingKind(policy) !== undefined);
  if (!refusing) return [];
  const kind = refusingKind(refusing.policy)!;
  const where = methodRuleOf(refusing.policy, kind).stated ? placeOf(refusing.parsed, ['sign_in_methods', kind]) : refusing.parsed.file;
  const problems: Problem[] = [];
  pool.settings.app_clients.forEach((client, index) => {
    if (client.sign_in !== 'sso_and_password') return;
    problems.push(
      problemAt(pool.parsed, ['app_clients', index, 'sign_in'], {
        rule: 'methods.mixed-client',
        message: `app client '${client.name}' offers SSO and password sign-in together, but tenant '${refusing.policy.tenant.id}' refuses some providers (sign_in_methods.${kind}, ${where})`,
        hint:
          "On such a client a linked user's password sign-in cannot be told from a sign-in through a refused identity, so the trigger refuses both: " +
          'split this client into one with sign_in: sso and one with sign_in: password.',
      }),
    );
  });
  return problems;
}

/** The first kind whose rule refuses some provider (stated or by default), if any. */
export function refusingKind(policy: TenantPolicy): MethodKind | undefined {
  const own = methodRuleOf(policy, 'own_providers').rule;
  if (!policy.identity_providers.every((provider) => ruleAllows(own, provider.name))) return 'own_providers';
  return methodRuleOf(policy, 'other_providers').rule === 'allow' ? undefined : 'other_providers';
}
