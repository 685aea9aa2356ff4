// The world the latency figures are measured in: a twin pool shaped by the policy set's blueprint
// (the pool the stack deploys), seeded with the users each scenario needs, and trigger events in the
// shapes Cognito sends (twin/triggers/events.ts; docs/cognito-facts.md §2). Users are real pool
// users, so a trigger that looks them up (the baseline's AdminGetUser) finds what ours reads from
// the event.
import type { CompiledPolicySet, CompiledProvider, CompiledTenant } from '../../policy/compiled';
import { poolBlueprint } from '../../policy/pool-blueprint';
import { startTwin, type Twin, type UserPool } from '../../twin';

export interface BenchPool {
  readonly twin: Twin;
  readonly pool: UserPool;
  readonly set: CompiledPolicySet;
}

/** A twin with the set's pool and no trigger attached: the probes invoke the handler themselves. */
export async function startBenchPool(set: CompiledPolicySet): Promise<BenchPool> {
  const twin = await startTwin({ seed: 7 });
  // Full ListUsers pages: call counts then measure the trigger, not the twin's short-page test mode.
  const pool = twin.createPoolFromBlueprint(poolBlueprint(set), { listUsersPaging: 'full' });
  return { twin, pool, set };
}

type Event = Record<string, unknown>;

function envelope(bench: BenchPool, triggerSource: string, userName: string, clientId: string, request: Event, response: Event): Event {
  return {
    version: '1',
    region: bench.twin.region,
    userPoolId: bench.pool.id,
    userName,
    callerContext: { awsSdkVersion: triggerSource === 'PreSignUp_ExternalProvider' ? 'aws-sdk-unknown-unknown' : 'aws-sdk-js-3.1169.0', clientId },
    triggerSource,
    request,
    response,
  };
}

const PASSWORD = 'Bench-Passw0rd-1';
const SIGN_UP_RESPONSE = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };

function tenantsWhere(set: CompiledPolicySet, test: (tenant: CompiledTenant) => boolean): CompiledTenant[] {
  const found = Object.values(set.tenants).filter(test);
  if (found.length === 0) throw new Error('the generated tenant set lacks a tenant the benchmark needs');
  return found;
}

function cycle<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

function firstProvider(set: CompiledPolicySet, tenant: CompiledTenant): CompiledProvider {
  const name = tenant.providers[0] ?? '';
  const provider = set.providers[name.toLowerCase()];
  if (!provider) throw new Error(`tenant ${tenant.id} has no provider`);
  return provider;
}

/** The pre authentication event Cognito sends for this pool user (userAttributes as AdminGetUser shows them, plus the status). */
function preAuthEvent(bench: BenchPool, username: string, clientName: 'web' | 'password'): Event {
  const user = bench.pool.user(username);
  if (!user) throw new Error(`bench: no user ${username}`);
  const userAttributes = { ...user.attributes, 'cognito:user_status': user.status };
  const request = clientName === 'password' ? { userAttributes, validationData: {} } : { userAttributes };
  return envelope(bench, 'PreAuthentication_Authentication', username, bench.pool.clientId(clientName), request, {});
}

/**
 * Pre authentication events, one per seeded user, cycling through what a pool with 1,000 tenants
 * sees: password sign-ins of unaffected, blocked, linked and exempt users, SSO sign-ins of linked
 * and federated users, users outside every tenant.
 */
export function preAuthenticationEvents(bench: BenchPool, count: number): Event[] {
  const { set, pool } = bench;
  const allow = tenantsWhere(set, (t) => t.native_login.password_sign_in === 'allow');
  const byDomain = tenantsWhere(set, (t) => t.native_login.password_sign_in === 'block_tenant_domains');
  const byLink = tenantsWhere(set, (t) => t.native_login.password_sign_in === 'block_linked_users');
  const exempting = tenantsWhere(set, (t) => t.native_login.password_sign_in !== 'allow' && t.native_login.exempt.usernames.length > 0);
  const events: Event[] = [];
  for (let i = 0; i < count; i += 1) {
    const seed = (tenant: CompiledTenant, extra: Parameters<UserPool['seedUser']>[0] = {}) =>
      pool.seedUser({
        username: `pa-${i}`,
        password: PASSWORD,
        attributes: { email: `user${i}@${cycle(tenant.domains, i)}`, email_verified: 'true' },
        ...extra,
      }).username;
    switch (i % 7) {
      case 0:
        events.push(preAuthEvent(bench, seed(cycle(allow, i)), 'password'));
        break;
      case 1:
        events.push(preAuthEvent(bench, seed(cycle(byDomain, i)), 'password'));
        break;
      case 2: {
        const tenant = cycle(byLink, i);
        events.push(preAuthEvent(bench, seed(tenant, { linkedIdentities: [{ provider: firstProvider(set, tenant).name, subject: `Sub-${i}`, signedIn: true }] }), 'password'));
        break;
      }
      case 3: {
        const tenant = cycle(byLink, i);
        events.push(preAuthEvent(bench, seed(tenant, { linkedIdentities: [{ provider: firstProvider(set, tenant).name, subject: `Sub-${i}`, signedIn: true }] }), 'web'));
        break;
      }
      case 4: {
        const tenant = cycle(byDomain, i);
        const username = pool.seedUser({
          status: 'EXTERNAL_PROVIDER',
          federatedIdentity: { provider: firstProvider(set, tenant).name, subject: `Fed-${i}` },
          attributes: { email: `fed${i}@${cycle(tenant.domains, i)}`, email_verified: 'true' },
        }).username;
        events.push(preAuthEvent(bench, username, 'web'));
        break;
      }
      case 5: {
        // The tenant's break-glass account: seeded once, signed in again in later rounds.
        const tenant = cycle(exempting, i);
        const name = tenant.native_login.exempt.usernames[0] as string;
        if (!pool.user(name)) pool.seedUser({ username: name, password: PASSWORD, attributes: { email: `breakglass@${tenant.domains[0]}`, email_verified: 'true' } });
        events.push(preAuthEvent(bench, name, 'password'));
        break;
      }
      default:
        events.push(preAuthEvent(bench, pool.seedUser({ username: `pa-${i}`, password: PASSWORD, attributes: { email: `person${i}@unlisted-${i}.example`, email_verified: 'true' } }).username, 'password'));
    }
  }
  return events;
}

/** Self sign-up and AdminCreateUser events: blocked tenants, allowed tenants, exempt users, unknown domains. */
export function signUpEvents(bench: BenchPool, source: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser', count: number): Event[] {
  const tenants = Object.values(bench.set.tenants);
  const clientId = source === 'PreSignUp_SignUp' ? bench.pool.clientId('password') : 'CLIENT_ID_NOT_APPLICABLE';
  return Array.from({ length: count }, (_, i) => {
    const tenant = cycle(tenants, i * 7 + 3);
    const email = i % 5 === 4 ? `someone${i}@unlisted-${i}.example` : `new.user${i}@${cycle(tenant.domains, i)}`;
    const userName = i % 11 === 10 && tenant.native_login.exempt.usernames[0] ? tenant.native_login.exempt.usernames[0] : `su-${i}`;
    return envelope(bench, source, userName, clientId, { userAttributes: { email }, validationData: {} }, SIGN_UP_RESPONSE);
  });
}

/** The attributes Cognito maps from the IdP for a provider (its attribute_mapping), with this email and subject. */
function mappedAttributes(provider: CompiledProvider, email: string, subject: string, verified: boolean): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.keys(provider.attribute_mapping)) {
    if (attribute === 'email') attributes[attribute] = email;
    else if (attribute === 'email_verified') attributes[attribute] = verified ? 'true' : 'false';
    else if (provider.subject.source === 'attribute' && attribute === provider.subject.attribute) attributes[attribute] = subject;
    else if (attribute.startsWith('custom:')) attributes[attribute] = `value-${subject}`;
    else attributes[attribute] = attribute === 'name' ? 'Alex Doe' : attribute === 'family_name' ? 'Doe' : 'Alex';
  }
  return attributes;
}

function externalEvent(bench: BenchPool, provider: CompiledProvider, subject: string, attributes: Record<string, string>): Event {
  // Case-insensitive pool: Cognito lower-cases the whole userName (docs/cognito-facts.md §3).
  const userName = `${provider.name}_${subject}`.toLowerCase();
  return envelope(bench, 'PreSignUp_ExternalProvider', userName, bench.pool.clientId('web'), { userAttributes: attributes, validationData: {} }, SIGN_UP_RESPONSE);
}

/** A subject unique per batch and index: mixed case for enterprise IdPs (Okta 00u…), digits for social ones. */
function subjectFor(provider: CompiledProvider, i: number, batch = 0): string {
  return provider.subject.source === 'attribute' ? `00uB${batch}x${i}Xy` : `1${String(batch).padStart(3, '0')}${String(i).padStart(8, '0')}`;
}

/** First federated sign-ins the policy decides without a lookup: foreign domains, unverified emails, unknown providers, tenants that do not link. */
export function externalDecidedEvents(bench: BenchPool, count: number): Event[] {
  const { set } = bench;
  const linkers = tenantsWhere(set, (t) => t.linking.enabled);
  const verifiedClaim = tenantsWhere(set, (t) => t.linking.enabled && firstProvider(set, t).email_trust === 'email_verified_claim');
  const nonLinking = tenantsWhere(set, (t) => !t.linking.enabled);
  return Array.from({ length: count }, (_, i) => {
    switch (i % 4) {
      case 0: {
        const tenant = cycle(linkers, i);
        const other = cycle(linkers, i + 1);
        const provider = firstProvider(set, tenant);
        return externalEvent(bench, provider, subjectFor(provider, i), mappedAttributes(provider, `x${i}@${other.domains[0]}`, subjectFor(provider, i), true));
      }
      case 1: {
        const provider = firstProvider(set, cycle(verifiedClaim, i));
        const tenant = set.tenants[provider.tenant_id]!;
        return externalEvent(bench, provider, subjectFor(provider, i), mappedAttributes(provider, `u${i}@${tenant.domains[0]}`, subjectFor(provider, i), false));
      }
      case 2:
        return envelope(bench, 'PreSignUp_ExternalProvider', `unlistedidp_${i}`, bench.pool.clientId('web'), { userAttributes: { email: `p${i}@example.org` }, validationData: {} }, SIGN_UP_RESPONSE);
      default: {
        const provider = firstProvider(set, cycle(nonLinking, i));
        const tenant = set.tenants[provider.tenant_id]!;
        return externalEvent(bench, provider, subjectFor(provider, i), mappedAttributes(provider, `n${i}@${tenant.domains[0]}`, subjectFor(provider, i), true));
      }
    }
  });
}

/**
 * The linking happy path: for each event a fresh CONFIRMED, verified native user whose email the
 * IdP asserts (lower case, so one ListUsers query), in a tenant whose provider can link it.
 */
export function linkingEvents(bench: BenchPool, count: number, batch: number): Event[] {
  const { set, pool } = bench;
  const linkers = tenantsWhere(
    set,
    (t) => t.linking.enabled && t.linking.existing_user.statuses.includes('CONFIRMED') && firstProvider(set, t).email_trust !== 'never',
  );
  return Array.from({ length: count }, (_, i) => {
    const tenant = cycle(linkers, i * 13 + batch);
    const provider = firstProvider(set, tenant);
    const email = `link${batch}.${i}@${cycle(tenant.domains, i)}`;
    pool.seedUser({ username: `link${batch}-${i}`, password: PASSWORD, attributes: { email, email_verified: 'true' } });
    const subject = subjectFor(provider, i, batch);
    return externalEvent(bench, provider, subject, mappedAttributes(provider, email, subject, true));
  });
}

/**
 * Two pre authentication events that each need exactly one Cognito call on a fresh container (ours:
 * DescribeUserPoolClient for two different clients; the baseline: AdminGetUser each time): the
 * first pays for loading the SDK and connecting, the second is a warm call.
 */
export function firstCallEvents(bench: BenchPool): Event[] {
  const tenant = tenantsWhere(bench.set, (t) => t.native_login.password_sign_in === 'block_tenant_domains')[0]!;
  const username = 'first-call';
  if (!bench.pool.user(username)) {
    bench.pool.seedUser({ username, password: PASSWORD, attributes: { email: `first.call@${tenant.domains[0]}`, email_verified: 'true' } });
  }
  return [preAuthEvent(bench, username, 'password'), preAuthEvent(bench, username, 'web')];
}
