// Rules that need every file at once: ids, domains, provider names, secret references, pool quotas
// and the app clients against the tenants' password rules. Each problem points at the offending
// value and names the other file:line in its message. Files are visited in path order, so the
// later one is reported.
import { CUSTOM_ATTRIBUTES_PER_POOL, PROVIDERS_PER_POOL_DEFAULT, PROVIDERS_PER_POOL_MAX } from './cognito-limits';
import { decodePunycode, isInternationalised, lookAlikeSkeleton, parentDomains } from './domains';
import type { DocPath } from './json-path';
import type { Problem } from './problems';
import { placeOf, problemAt, type ProblemSpec } from './report';
import type { PoolSettings, SecretReference, TenantPolicy } from './schema-types.generated';
import { POOL_DEFAULTS } from './defaults';
import { describeSecret, providerSecret, sameSecret } from './secret-references';
import type { ParsedYaml } from './yaml-source';

export interface TenantEntry {
  readonly parsed: ParsedYaml;
  readonly policy: TenantPolicy;
}

export interface PoolEntry {
  readonly parsed: ParsedYaml;
  readonly settings: PoolSettings;
}

interface Place {
  readonly entry: TenantEntry;
  readonly path: DocPath;
}

export function checkAcrossTenants(tenants: readonly TenantEntry[], pool: PoolEntry | undefined): Problem[] {
  const problems: Problem[] = [];
  const report = (place: Place, spec: ProblemSpec) => problems.push(problemAt(place.entry.parsed, place.path, spec));
  const where = (place: Place) => placeOf(place.entry.parsed, place.path);
  checkIds(tenants, report, where);
  checkDomains(tenants, report, where);
  checkProviders(tenants, report, where);
  checkSecretReferences(tenants, report, where);
  checkCustomAttributeQuota(tenants, report);
  if (pool) problems.push(...checkClientsAgainstTenants(pool, tenants), ...checkMatchNotUserWritable(pool, tenants));
  return problems;
}

type Report = (place: Place, spec: ProblemSpec) => void;
type Where = (place: Place) => string;

function checkIds(tenants: readonly TenantEntry[], report: Report, where: Where): void {
  const seen = new Map<string, Place>();
  for (const entry of tenants) {
    const place = { entry, path: ['tenant', 'id'] };
    const first = seen.get(entry.policy.tenant.id);
    if (!first) {
      seen.set(entry.policy.tenant.id, place);
      continue;
    }
    report(place, {
      rule: 'cross.tenant-id-duplicate',
      message: `tenant id '${entry.policy.tenant.id}' is already used by ${where(first)}`,
      hint: 'Tenant ids are unique: each tenant has exactly one policy file.',
    });
  }
}

function checkDomains(tenants: readonly TenantEntry[], report: Report, where: Where): void {
  const owners = new Map<string, Place>();
  for (const entry of tenants) {
    entry.policy.tenant.domains.forEach((domain, index) => {
      const place = { entry, path: ['tenant', 'domains', index] };
      const owner = owners.get(domain);
      if (!owner) {
        owners.set(domain, place);
        return;
      }
      report(place, {
        rule: 'cross.domain-owned-twice',
        message: `domain '${domain}' is already owned by tenant '${owner.entry.policy.tenant.id}' (${where(owner)})`,
        hint: 'A domain belongs to one tenant: the trigger decides by the email domain. Remove it from one of the two files.',
      });
    });
  }

  for (const entry of tenants) {
    const allowed = entry.policy.tenant.nested_domains_allowed ?? [];
    const used = new Set<string>();
    entry.policy.tenant.domains.forEach((domain, index) => {
      const parent = parentDomains(domain)
        .map((candidate) => owners.get(candidate))
        .find((owner) => owner !== undefined && owner.entry !== entry);
      if (!parent) return;
      if (allowed.includes(domain)) {
        used.add(domain);
        return;
      }
      report(
        { entry, path: ['tenant', 'domains', index] },
        {
          rule: 'cross.domain-nested',
          message: `domain '${domain}' is a subdomain of '${parentDomainOf(parent)}', owned by tenant '${parent.entry.policy.tenant.id}' (${where(parent)})`,
          hint: `If this tenant really owns it (a subsidiary, say), add it to tenant.nested_domains_allowed; otherwise remove it.`,
        },
      );
    });
    allowed.forEach((domain, index) => {
      if (used.has(domain) || !entry.policy.tenant.domains.includes(domain)) return;
      report(
        { entry, path: ['tenant', 'nested_domains_allowed', index] },
        {
          rule: 'cross.nested-allowance-unused',
          message: `nested_domains_allowed lists '${domain}', but no other tenant owns a parent domain of it`,
          hint: 'Remove the entry, so a later nesting is reviewed when it happens.',
          severity: 'warning',
        },
      );
    });
  }

  const bySkeleton = new Map<string, Array<{ place: Place; domain: string }>>();
  for (const entry of tenants) {
    entry.policy.tenant.domains.forEach((domain, index) => {
      const skeleton = lookAlikeSkeleton(decodePunycode(domain) ?? domain);
      const group = bySkeleton.get(skeleton) ?? [];
      group.push({ place: { entry, path: ['tenant', 'domains', index] }, domain });
      bySkeleton.set(skeleton, group);
    });
  }
  for (const group of bySkeleton.values()) {
    for (const member of group) {
      if (!isInternationalised(member.domain)) continue;
      const original = group.find((other) => other.place.entry !== member.place.entry && other.domain !== member.domain);
      if (!original) continue;
      report(member.place, {
        rule: 'cross.domain-confusable',
        message: `domain '${member.domain}' (${decodePunycode(member.domain)}) looks like '${original.domain}' of tenant '${original.place.entry.policy.tenant.id}' (${where(original.place)})`,
        hint: 'Look-alike letters from another script make this a spoofing risk. Remove it unless the tenant really owns it and the security team agrees.',
      });
    }
  }
}

function parentDomainOf(place: Place): string {
  return place.entry.policy.tenant.domains[place.path[2] as number]!;
}

function checkProviders(tenants: readonly TenantEntry[], report: Report, where: Where): void {
  const byLowerName = new Map<string, Place>();
  let count = 0;
  for (const entry of tenants) {
    entry.policy.identity_providers.forEach((provider, index) => {
      const place = { entry, path: ['identity_providers', index, 'name'] };
      count += 1;
      if (count === PROVIDERS_PER_POOL_DEFAULT + 1) {
        report(place, {
          rule: 'cross.provider-quota-default',
          message: `this is identity provider number ${count}; Cognito allows ${PROVIDERS_PER_POOL_DEFAULT} per user pool by default`,
          hint: `Request a quota increase (up to ${PROVIDERS_PER_POOL_MAX}) before deploying.`,
          severity: 'warning',
        });
      }
      if (count === PROVIDERS_PER_POOL_MAX + 1) {
        report(place, {
          rule: 'cross.provider-quota-max',
          message: `this is identity provider number ${count}; a Cognito user pool holds at most ${PROVIDERS_PER_POOL_MAX}`,
          hint: 'Split the tenants across user pools.',
        });
      }
      const key = provider.name.toLowerCase();
      const first = byLowerName.get(key);
      if (!first) {
        byLowerName.set(key, place);
        return;
      }
      const firstName = first.entry.policy.identity_providers[first.path[1] as number]!.name;
      report(place, {
        rule: 'cross.provider-name-duplicate',
        message:
          firstName === provider.name
            ? `provider name '${provider.name}' is already declared by tenant '${first.entry.policy.tenant.id}' (${where(first)})`
            : `provider name '${provider.name}' differs only in case from '${firstName}' of tenant '${first.entry.policy.tenant.id}' (${where(first)}); Cognito lower-cases the provider part of federated user names, so the two cannot be told apart`,
        hint: 'Provider names are unique in the user pool, ignoring case: rename one of them.',
      });
    });
  }
}

/**
 * One secret reference belongs to one provider of one tenant. A provider's policy also names where
 * Cognito sends the secret (its issuer or social app), so a second provider naming the same secret
 * would send it to an endpoint chosen by another file: another tenant's IdP, say.
 */
function checkSecretReferences(tenants: readonly TenantEntry[], report: Report, where: Where): void {
  const seen: Array<{ place: Place; reference: SecretReference; provider: string }> = [];
  for (const entry of tenants) {
    entry.policy.identity_providers.forEach((provider, index) => {
      const secret = providerSecret(provider);
      if (!secret) return;
      const { reference } = secret;
      const leaf = 'terraform_variable' in reference ? ['terraform_variable'] : ['secrets_manager', 'secret_id'];
      const place: Place = { entry, path: ['identity_providers', index, 'connection', secret.field, ...leaf] };
      const first = seen.find((other) => sameSecret(other.reference, reference));
      if (!first) {
        seen.push({ place, reference, provider: provider.name });
        return;
      }
      const owner = first.place.entry === entry ? 'this tenant' : `tenant '${first.place.entry.policy.tenant.id}'`;
      report(place, {
        rule: 'cross.secret-shared',
        message: `${provider.name} references ${describeSecret(reference)}, which ${first.provider} of ${owner} already uses (${where(first.place)})`,
        hint:
          "A secret reference belongs to one provider: Cognito sends the secret to this provider's own endpoint, so sharing it would hand " +
          `${first.provider}'s secret to whoever controls ${provider.name}. Give ${provider.name} its own variable or secret.`,
      });
    });
  }
}

function checkCustomAttributeQuota(tenants: readonly TenantEntry[], report: Report): void {
  const seen = new Set<string>();
  for (const entry of tenants) {
    entry.policy.identity_providers.forEach((provider, index) => {
      for (const attribute of Object.keys(provider.attribute_mapping)) {
        if (!attribute.startsWith('custom:') || seen.has(attribute)) continue;
        seen.add(attribute);
        if (seen.size !== CUSTOM_ATTRIBUTES_PER_POOL + 1) continue;
        report(
          { entry, path: ['identity_providers', index, 'attribute_mapping', attribute] },
          {
            rule: 'cross.custom-attribute-quota',
            message: `'${attribute}' is custom attribute number ${seen.size} in the pool; Cognito allows ${CUSTOM_ATTRIBUTES_PER_POOL}`,
            hint: 'Share custom attributes between providers (custom:idp_sub serves every provider) instead of one per provider.',
            part: 'key',
          },
        );
      }
    });
  }
}

/** Pool rules that depend on the tenants. */
function checkClientsAgainstTenants(pool: PoolEntry, tenants: readonly TenantEntry[]): Problem[] {
  const problems: Problem[] = [];
  const blocking = tenants.find((entry) => entry.policy.native_login.password_sign_in !== 'allow');
  if (!blocking) return problems;
  const blockingPlace = placeOf(blocking.parsed, ['native_login', 'password_sign_in']);
  pool.settings.app_clients.forEach((client, index) => {
    if (client.sign_in !== 'sso_and_password') return;
    problems.push(
      problemAt(pool.parsed, ['app_clients', index, 'sign_in'], {
        rule: 'cross.mixed-client-blocks-passwords',
        message: `app client '${client.name}' offers SSO and password sign-in together, but tenant '${blocking.policy.tenant.id}' blocks password sign-in (${blockingPlace})`,
        hint:
          'Pre authentication runs for password sign-ins and for a linked user\'s later SSO sign-ins alike, and only the app client tells them apart: ' +
          'split this client into one with sign_in: sso and one with sign_in: password.',
      }),
    );
  });
  if (!pool.settings.app_clients.some((client) => client.sign_in === 'sso')) {
    problems.push(
      problemAt(pool.parsed, ['app_clients'], {
        rule: 'cross.no-sso-client',
        message: `tenant '${blocking.policy.tenant.id}' blocks password sign-in (${blockingPlace}), but no app client has sign_in: sso`,
        hint: 'Add an app client with sign_in: sso, or those users have no way to sign in.',
        severity: 'warning',
        part: 'key',
      }),
    );
  }
  return problems;
}

/**
 * A tenant must not match on an attribute users can write themselves (the password clients'
 * write_attributes): anyone could put a colleague's value on their own account, and the
 * colleague's SSO identity would be linked into it. email is writable but verified before it
 * changes, and linking trusts only a verified email.
 */
function checkMatchNotUserWritable(pool: PoolEntry, tenants: readonly TenantEntry[]): Problem[] {
  const writable = pool.settings.user_writable_attributes ?? POOL_DEFAULTS.user_writable_attributes;
  const problems: Problem[] = [];
  for (const entry of tenants) {
    const attribute = entry.policy.linking.match?.attribute;
    if (attribute === undefined) continue;
    const index = (writable as readonly string[]).indexOf(attribute);
    if (index < 0) continue;
    const listed = pool.settings.user_writable_attributes === undefined ? 'the default user_writable_attributes' : placeOf(pool.parsed, ['user_writable_attributes', index]);
    problems.push(
      problemAt(entry.parsed, ['linking', 'match', 'attribute'], {
        rule: 'cross.match-user-writable',
        message: `linking matches on '${attribute}', which users can write themselves (${listed})`,
        hint: `Anyone could set a colleague's ${attribute} on their own account and receive the colleague's SSO identity. Match on email, or remove '${attribute}' from user_writable_attributes in _pool.yaml.`,
      }),
    );
  }
  return problems;
}

/** Rules inside _pool.yaml alone. */
export function checkPool(pool: PoolEntry): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  pool.settings.app_clients.forEach((client, index) => {
    const first = names.get(client.name);
    if (first === undefined) names.set(client.name, index);
    else {
      problems.push(
        problemAt(pool.parsed, ['app_clients', index, 'name'], {
          rule: 'pool.client-name-duplicate',
          message: `app client name '${client.name}' is already used (${placeOf(pool.parsed, ['app_clients', first, 'name'])})`,
          hint: 'Client names name Terraform variables and outputs: make them unique.',
        }),
      );
    }
    if (client.sign_in === 'sso' && client.password_flows !== undefined) {
      problems.push(
        problemAt(pool.parsed, ['app_clients', index, 'password_flows'], {
          rule: 'pool.password-flows-on-sso-client',
          message: `app client '${client.name}' is sso-only but lists password_flows`,
          hint: 'Remove password_flows: an sso client gets no password flows, and the list would mislead reviewers.',
          part: 'key',
        }),
      );
    }
  });
  return problems;
}
