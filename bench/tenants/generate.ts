// Deterministic, realistic tenant sets for the benchmark: N tenants that pass `link-policy
// validate`, with SAML (Entra ID, AD FS) and OIDC (Okta, Auth0) providers mapping their real claim
// names, the four social providers once each, two to four domains per tenant, every native_login
// mode, exemptions, custom messages and both fail modes. Same count and seed, same files.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { LinkableStatus } from '../../policy/compiled';
import type { PolicySource } from '../../policy/yaml-source';
import type { PoolSettings, TenantPolicy } from '../../policy/schema-types.generated';
import { seededRandom } from '../../twin/random';
import { poolSettings, tenantPolicy, type ProviderKind, type ProviderRecipe, type TenantRecipe } from './recipe';

/** Cognito's hard quota is 1,000 identity providers per pool; the validator refuses more. */
const MAX_PROVIDERS_PER_POOL = 1000;

const COMPANY_WORDS = [
  'acme', 'globex', 'initech', 'umbrella', 'hooli', 'vandelay', 'soylent', 'cyberdyne', 'tyrell', 'wonka',
  'aperture', 'oscorp', 'stark', 'wayne', 'massive', 'pied', 'dunder', 'gringotts', 'nakatomi', 'monarch',
  'veridian', 'zorg', 'duff', 'krusty', 'sterling', 'bluth', 'prestige', 'gekko', 'octan', 'virtucon',
];
const TLDS = ['com', 'co.uk', 'de', 'fr', 'io', 'net', 'com.au', 'nl', 'es', 'ch'];
const ENTERPRISE_KINDS: readonly ProviderKind[] = ['saml_entra', 'oidc_okta', 'saml_adfs', 'oidc_auth0'];
const VENDOR_SUFFIX: Readonly<Record<string, string>> = { saml_entra: 'Entra', saml_adfs: 'ADFS', oidc_okta: 'Okta', oidc_auth0: 'Auth0' };
const STATUS_CHOICES: readonly (readonly LinkableStatus[])[] = [['CONFIRMED'], ['CONFIRMED', 'FORCE_CHANGE_PASSWORD'], ['CONFIRMED', 'RESET_REQUIRED']];
/** Tenant index -> social provider: consumer-facing tenants, one per fixed provider name. */
const SOCIAL_TENANTS: ReadonlyMap<number, ProviderKind> = new Map([
  [2, 'google'],
  [7, 'apple'],
  [13, 'facebook'],
  [19, 'amazon'],
]);
const SOCIAL_DOMAINS: Readonly<Record<string, readonly string[]>> = {
  google: ['gmail.com', 'googlemail.com'],
  apple: ['privaterelay.appleid.com', 'icloud.com', 'me.com'],
  facebook: ['facebookmail.example'],
  amazon: ['amazon-customers.example'],
};

export interface GeneratedTenantSet {
  readonly pool: PoolSettings;
  readonly tenants: readonly TenantPolicy[];
  readonly recipes: readonly TenantRecipe[];
}

export function generateTenantSet(count: number, seed = 1): GeneratedTenantSet {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const width = String(Math.max(count - 1, 1)).length;
  // A second enterprise provider for some tenants while the pool stays under Cognito's quota.
  const spareProviders = Math.max(0, MAX_PROVIDERS_PER_POOL - count);
  let extraProviders = 0;

  const recipes: TenantRecipe[] = [];
  for (let index = 0; index < count; index += 1) {
    const word = COMPANY_WORDS[index % COMPANY_WORDS.length] as string;
    const number = String(index).padStart(width, '0');
    const id = `${word}-${number}`;
    const displayName = `${word.charAt(0).toUpperCase()}${word.slice(1)} ${number}`;
    const social = SOCIAL_TENANTS.get(index);
    const domainCount = 2 + Math.floor(random() * 3);
    const domains = social ? [...(SOCIAL_DOMAINS[social] ?? [])] : [...new Set(Array.from({ length: domainCount }, (_, d) => `${id}.${d === 0 ? 'com' : pick(TLDS)}`))];

    const providers: ProviderRecipe[] = [];
    const providerBase = `${displayName.replace(/\s+/g, '')}`;
    if (social) {
      providers.push({ kind: social, name: social, trusted: true, connection: true });
    } else {
      const kind = ENTERPRISE_KINDS[index % ENTERPRISE_KINDS.length] as ProviderKind;
      providers.push({ kind, name: `${providerBase}${VENDOR_SUFFIX[kind]}`, trusted: !chance(0.05), connection: !chance(0.1) });
      if (extraProviders < spareProviders && index % 4 === 1) {
        extraProviders += 1;
        const second = kind.startsWith('saml') ? 'oidc_okta' : 'saml_entra';
        providers.push({ kind: second, name: `${providerBase}${VENDOR_SUFFIX[second]}`, trusted: true, connection: true });
      }
    }

    const passwordSignIn = social ? 'allow' : (['allow', 'block_linked_users', 'block_tenant_domains'] as const)[index % 3]!;
    const blocks = passwordSignIn !== 'allow';
    recipes.push({
      id,
      displayName,
      domains,
      providers,
      linking: {
        enabled: !chance(0.05),
        matchCase: chance(0.15) ? 'exact' : 'insensitive',
        statuses: pick(STATUS_CHOICES),
        onNoMatch: social || chance(0.6) ? 'create_user' : 'deny',
        afterLink: chance(0.2) ? 'retry_code' : 'continue',
        onUnavailable: social || chance(0.3) ? 'fail_open' : 'fail_closed',
      },
      nativeLogin: {
        passwordSignIn,
        passwordSignUp: blocks && !chance(0.1) ? 'block' : 'allow',
        adminCreateUser: chance(0.2) ? 'block' : 'allow',
        ...(providers.length > 1 && chance(0.5) ? { ssoProvider: 1 } : {}),
        exemptUsernames: blocks && chance(0.4) ? [`${id}-breakglass`] : [],
        exemptEmails: blocks && chance(0.3) ? [`it-oncall@${domains[0]}`] : [],
      },
      customMessages: chance(0.3),
    });
  }
  return { pool: poolSettings(), tenants: recipes.map(tenantPolicy), recipes };
}

const POLICY_HEADER = '# yaml-language-server: $schema=./schema/tenant-policy.schema.json\n# Generated by bench/tenants/generate.ts.\n';
const POOL_HEADER = '# yaml-language-server: $schema=./schema/pool-settings.schema.json\n# Generated by bench/tenants/generate.ts.\n';

function tenantYaml(policy: TenantPolicy): string {
  return POLICY_HEADER + stringify(policy, { lineWidth: 0 });
}

function poolYaml(pool: PoolSettings): string {
  return POOL_HEADER + stringify(pool, { lineWidth: 0 });
}

/** The set as in-memory files under `dir` (for loadPolicySetFromSources). */
export function tenantSetSources(set: GeneratedTenantSet, dir = 'policies'): PolicySource[] {
  return [
    { path: `${dir}/_pool.yaml`, text: poolYaml(set.pool) },
    ...set.tenants.map((policy) => ({ path: `${dir}/${policy.tenant.id}.yaml`, text: tenantYaml(policy) })),
  ];
}

/** Writes the set as a policies directory (replacing `dir`). */
export function writeTenantSet(set: GeneratedTenantSet, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '_pool.yaml'), poolYaml(set.pool));
  for (const policy of set.tenants) writeFileSync(join(dir, `${policy.tenant.id}.yaml`), tenantYaml(policy));
}
