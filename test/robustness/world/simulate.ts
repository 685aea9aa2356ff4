// Runs one generated world on the twin: the policy set is loaded from its YAML files like any
// policy, the pool is the one the stack would deploy (plus one IdP no policy declares), the
// trigger is the real handler with the real Cognito adapter and SDK, and Cognito's side is the
// twin under the world's switches. After every action the properties are checked:
//   P1  every invocation ends in a policy decision: it returns, or throws a refusal that parses
//       with a known code (client/trigger-error.ts), and never logs internal_error;
//   P2  every link that appears in the pool satisfies every condition of the policy (oracle.ts),
//       judged on the pool as it was before the sign-in;
//   P3  a federated sign-in's pre authentication is refused only when the account's method is one
//       its tenant refuses (P5);
//   P4  a password sign-in by a user whose tenant blocks it is refused with SSO_REQUIRED;
//   P5  no account of a refused method is created or signs in: no federated user is created, and
//       no identity linked, through a provider the asserted email's tenant refuses (sign_in_methods),
//       and no federated sign-in lands in an account of a refused method.
import { parseTriggerError } from '../../../client/trigger-error';
import { createHandler } from '../../../lambda/handler';
import { loadPolicySetFromSources, formatProblem } from '../../../policy';
import type { CompiledPolicySet } from '../../../policy/compiled';
import { poolBlueprint, type PoolBlueprint } from '../../../policy/pool-blueprint';
import {
  handlerTrigger,
  parameterEnvironment,
  writeStackParameters,
  type FederatedSignInResult,
  type LambdaHandler,
  type TriggerFunction,
  type TriggerInvocation,
  type Twin,
  type TwinSwitches,
  type UserPool,
  type UserSnapshot,
} from '../../../twin';
import { tenantSetSources } from '../../../bench/tenants/generate';
import { poolSettings, SUBJECT_ATTRIBUTE, tenantPolicy } from '../../../bench/tenants/recipe';
import { emailVocabulary, LOWER_SUBJECTS, type ActionSpec, type EmailClaim, type WorldSpec } from './arbitraries';
import { blockingTenants, emailDomain, linkViolations, methodExempt, methodTenant, providerRefused } from './oracle';
import { addCount, type Tally, type Violation } from './tally';

const PASSWORD = 'Robust-Passw0rd-1';
/** An IdP configured in the pool that no policy declares: the unknown_provider rule applies. */
const UNDECLARED_PROVIDER = 'LegacyIdP';

export function worldPolicySet(world: WorldSpec): CompiledPolicySet {
  const generated = { pool: poolSettings({ unknownProvider: world.unknownProvider }), tenants: world.tenants.map(tenantPolicy), recipes: world.tenants };
  const loaded = loadPolicySetFromSources(tenantSetSources(generated));
  if (!loaded.ok) throw new Error(`a generated policy set does not validate:\n${loaded.problems.map(formatProblem).join('\n')}`);
  return loaded.set;
}

/** The blueprint's pool plus an IdP no tenant declares, offered by the SSO client. */
function blueprintWithUndeclaredProvider(set: CompiledPolicySet): PoolBlueprint {
  const blueprint = poolBlueprint(set);
  return {
    ...blueprint,
    identity_providers: [
      ...blueprint.identity_providers,
      { name: UNDECLARED_PROVIDER, type: 'OIDC', tenant_id: '', attribute_mapping: { email: 'email', email_verified: 'email_verified' }, idp_identifiers: [] },
    ],
    app_clients: blueprint.app_clients.map((client) =>
      client.sign_in === 'password' ? client : { ...client, supported_identity_providers: [...client.supported_identity_providers, UNDECLARED_PROVIDER] },
    ),
  };
}

const LOOKALIKE: Readonly<Record<string, string>> = { a: '\u0430', o: '\u043e', e: '\u0435', c: '\u0441' };

function emailText(claim: EmailClaim, context: WorldContext): string | undefined {
  if (claim.kind === 'missing') return undefined;
  if (claim.kind === 'malformed') return claim.text;
  const email = claim.kind === 'vocabulary' ? context.vocabulary[claim.index % context.vocabulary.length] : userEmail(context, claim.user);
  if (email === undefined) return undefined;
  switch (claim.variant) {
    case 'as_is':
      return email;
    case 'upper':
      return email.toUpperCase();
    case 'padded':
      return `  ${email} `;
    case 'lookalike': {
      // One Latin letter of the domain replaced by its Cyrillic twin: a different domain.
      const at = email.indexOf('@');
      const domain = email.slice(at + 1).replace(/[aoec]/, (c) => LOOKALIKE[c] ?? c);
      return `${email.slice(0, at + 1)}${domain}`;
    }
  }
}

function snapshot(pool: UserPool): UserSnapshot[] {
  return pool.usernames.map((username) => pool.user(username)).filter((user): user is UserSnapshot => user !== undefined);
}

function decisionOf(invocation: TriggerInvocation): Record<string, unknown> | undefined {
  const line = invocation.logs.find((entry) => entry.includes('"link-policy decision"'));
  return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
}

/** P1 for one invocation, and its tally. */
function checkInvocation(invocation: TriggerInvocation, tally: Tally, violations: Violation[], decisionLog: boolean): void {
  const decision = decisionOf(invocation);
  const reason = typeof decision?.['reason'] === 'string' ? decision['reason'] : 'none';
  addCount(tally.bySource, invocation.triggerSource);
  addCount(tally.byReason, `${invocation.triggerSource} ${reason}`);
  tally.events += 1;
  if (invocation.functionResult === 'threw') {
    const parsed = parseTriggerError(invocation.errorMessage);
    const code = parsed?.kind === 'refusal' ? parsed.code : undefined;
    addCount(tally.byRefusal, code ?? 'unparsed');
    if (!code) violations.push({ property: 'P1', detail: `threw a text that is not a refusal: ${JSON.stringify(invocation.errorMessage)}` });
  } else if (invocation.functionResult !== 'returned') {
    violations.push({ property: 'P1', detail: `the function ${invocation.functionResult ?? 'never finished'}: ${invocation.errorMessage ?? ''}` });
  }
  if (!decision && decisionLog) violations.push({ property: 'P1', detail: 'no decision logged' });
  if (reason === 'internal_error') violations.push({ property: 'P1', detail: `internal_error: ${JSON.stringify(decision)}` });
}

function newLinks(before: readonly UserSnapshot[], after: readonly UserSnapshot[]) {
  const had = new Map(before.map((user) => [user.username, new Set(user.identities.map((i) => `${i.providerName}\u0000${i.userId}`))]));
  return after
    .filter((user) => user.status !== 'EXTERNAL_PROVIDER')
    .flatMap((user) => user.identities.filter((i) => !had.get(user.username)?.has(`${i.providerName}\u0000${i.userId}`)).map((i) => ({ username: user.username, providerName: i.providerName, userId: i.userId })));
}

interface WorldContext {
  readonly world: WorldSpec;
  readonly set: CompiledPolicySet;
  readonly pool: UserPool;
  readonly vocabulary: readonly string[];
  readonly providers: readonly string[];
}

function userEmail(context: WorldContext, index: number): string | undefined {
  const { users } = context.world;
  const user = users[index % Math.max(users.length, 1)];
  return user?.email === undefined ? undefined : context.vocabulary[user.email];
}

/** The provider a sign-in uses: a given one, or the first provider of the tenant owning the claimed email's domain. */
function providerFor(context: WorldContext, action: Extract<ActionSpec, { kind: 'federated' }>, index: number): string {
  if (action.provider !== 'owner') return context.providers[action.provider % context.providers.length] as string;
  const email = action.email.kind === 'user' ? userEmail(context, action.email.user) : action.email.kind === 'vocabulary' ? context.vocabulary[action.email.index] : undefined;
  const domain = emailDomain(email);
  const tenantId = domain !== undefined && Object.hasOwn(context.set.domains, domain) ? context.set.domains[domain] : undefined;
  const owner = tenantId === undefined ? undefined : context.set.tenants[tenantId];
  return owner?.providers[index % owner.providers.length] ?? (context.providers[index % context.providers.length] as string);
}

function subjectFor(context: WorldContext, provider: string, index: number): string {
  const declared = Object.values(context.set.providers).find((candidate) => candidate.name === provider);
  // Social IdPs issue subjects without upper-case letters: the policies' case_stable_because.
  if (declared?.subject.source === 'username_suffix') return LOWER_SUBJECTS[index % LOWER_SUBJECTS.length] as string;
  return context.world.subjects[index % context.world.subjects.length] as string;
}

function claimsFor(context: WorldContext, provider: string, subject: string, action: Extract<ActionSpec, { kind: 'federated' }>): Record<string, string | boolean> {
  const declared = Object.values(context.set.providers).find((candidate) => candidate.name === provider);
  const mapping = declared?.attribute_mapping ?? { email: 'email', email_verified: 'email_verified' };
  const claims: Record<string, string | boolean> = {};
  for (const [attribute, claim] of Object.entries(mapping)) {
    if (attribute === 'email') {
      const email = emailText(action.email, context);
      if (email !== undefined) claims[claim] = email;
    } else if (attribute === 'email_verified') {
      if (action.emailVerified !== undefined) claims[claim] = action.emailVerified;
    } else if (attribute === SUBJECT_ATTRIBUTE) {
      if (action.subjectClaim === 'exact') claims[claim] = subject;
      else if (action.subjectClaim === 'other') claims[claim] = `${subject}-elsewhere`;
    } else {
      claims[claim] = 'Alex';
    }
  }
  return claims;
}

function passwordUsername(context: WorldContext, action: Extract<ActionSpec, { kind: 'password' }>): string {
  const usernames = context.pool.usernames;
  return usernames.length === 0 ? 'nobody' : (usernames[action.user % usernames.length] as string);
}

async function perform(context: WorldContext, action: ActionSpec): Promise<{ provider?: string; subject?: string; result?: FederatedSignInResult }> {
  const { pool } = context;
  switch (action.kind) {
    case 'federated': {
      const provider = providerFor(context, action, action.subject);
      const subject = subjectFor(context, provider, action.subject);
      const result = await pool.federatedSignIn({ provider, subject, claims: claimsFor(context, provider, subject, action), client: 'web' });
      return { provider, subject, result };
    }
    case 'password':
      await pool.passwordSignIn({ username: passwordUsername(context, action), password: PASSWORD, client: 'password' });
      return {};
    case 'sign_up': {
      const email = emailText(action.email, context);
      await pool.signUp({ username: action.username, password: PASSWORD, client: 'password', attributes: email === undefined ? {} : { email } });
      return {};
    }
    case 'admin_create': {
      const email = emailText(action.email, context);
      await pool
        .handle(
          'AdminCreateUser',
          { UserPoolId: pool.id, Username: action.username, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS', UserAttributes: email === undefined ? [] : [{ Name: 'email', Value: email }] },
          { awsSdkVersion: 'aws-sdk-js-3.1169.0' },
        )
        // A refusal (the trigger's, or Cognito's own validation) is an outcome, not a failure of the run.
        .catch(() => undefined);
      return {};
    }
  }
}

function seedUsers(context: WorldContext): void {
  const used = new Set<string>();
  for (const user of context.world.users) {
    const linkedIdentities = user.linked.flatMap(({ provider: p, subject: s }) => {
      const provider = context.providers[p % context.providers.length] as string;
      const subject = subjectFor(context, provider, s);
      const key = `${provider}\u0000${subject}`;
      // One source identity can be linked to one user only.
      if (used.has(key)) return [];
      used.add(key);
      return [{ provider, subject, signedIn: true }];
    });
    const email = user.email === undefined ? undefined : context.vocabulary[user.email];
    context.pool.seedUser({
      username: user.username,
      password: PASSWORD,
      status: user.status,
      enabled: user.enabled,
      attributes: { ...(email ? { email } : {}), ...(user.emailVerified ? { email_verified: user.emailVerified } : {}) },
      linkedIdentities,
    });
  }
}

/** The account a federated sign-in of (provider, subject) lands in: the profile it made, or the user it is linked to. */
function accountOf(users: readonly UserSnapshot[], provider: string, subject: string): UserSnapshot | undefined {
  return users.find((user) => user.identities.some((identity) => identity.providerName === provider && identity.userId === subject));
}

/**
 * Whether pre authentication must refuse this federated sign-in into `account` (its state before
 * the sign-in): its email's tenant refuses its method, and the event shows it. A federated profile's
 * method is its provider. A linked identity's sign-in is named after it only under switch (a)
 * provider_username; under native_username the trigger sees only which identities the user holds,
 * so any refused one refuses it (docs/trigger.md, sign_in_methods).
 */
function refusedMethodSignIn(set: CompiledPolicySet, account: UserSnapshot, provider: string, subject: string, switches: Partial<TwinSwitches>): boolean {
  const tenant = methodTenant(set, account.attributes['email']);
  if (!tenant) return false;
  // The exempt list is read against the userName the event carries: under provider_username a
  // linked identity's sign-in is named `<provider>_<subject>`, not after the account.
  const named = account.status !== 'EXTERNAL_PROVIDER' && switches.linkedIdentityPreAuth === 'provider_username';
  if (methodExempt(tenant, named ? `${provider}_${subject}` : account.username)) return false;
  if (account.status === 'EXTERNAL_PROVIDER' || named) return providerRefused(set, tenant, provider);
  return account.identities.some((identity) => providerRefused(set, tenant, identity.providerName));
}

interface MethodFacts {
  readonly before: readonly UserSnapshot[];
  readonly after: readonly UserSnapshot[];
  /** The existing account the sign-in's identity belongs to, if any. */
  readonly account: UserSnapshot | undefined;
  readonly refusable: boolean;
  readonly signUp: TriggerInvocation | undefined;
  readonly provider: string;
  readonly result: FederatedSignInResult | undefined;
  readonly describeClientFails: boolean;
}

/** P5 after one federated sign-in. */
function checkMethods(context: WorldContext, facts: MethodFacts, tally: Tally, violations: Violation[]): void {
  const { set, world } = context;
  const { before, after, account, provider, result } = facts;
  // Created: a new federated user, or a new link, through a provider the asserted email's tenant refuses.
  const existed = new Set(before.map((user) => user.username));
  const asserted = facts.signUp ? (facts.signUp.event['request'] as { userAttributes: Record<string, string> }).userAttributes['email'] : undefined;
  const assertedTenant = methodTenant(set, asserted);
  for (const user of after.filter((candidate) => !existed.has(candidate.username) && candidate.status === 'EXTERNAL_PROVIDER')) {
    tally.accountsCreatedChecked += 1;
    if (assertedTenant && !methodExempt(assertedTenant, user.username) && providerRefused(set, assertedTenant, provider)) {
      violations.push({ property: 'P5', detail: `${user.username} was created through ${provider}, which tenant ${assertedTenant.id} refuses for ${asserted}` });
    }
  }
  for (const link of newLinks(before, after)) {
    if (assertedTenant && providerRefused(set, assertedTenant, link.providerName)) {
      violations.push({ property: 'P5', detail: `${link.providerName} was linked to ${link.username}, but tenant ${assertedTenant.id} refuses it for ${asserted}` });
    }
  }
  // Signs in: a sign-in into an existing account of a refused method. Where Cognito runs no pre
  // authentication for a linked identity (switch (a) not_invoked) nothing can refuse it before the
  // token exists; where the client cannot be described, the tenant's fail mode decides.
  if (!account) return;
  tally.signInsIntoAccountsChecked += 1;
  if (!facts.refusable) return;
  const linked = account.status !== 'EXTERNAL_PROVIDER';
  if (linked && world.switches.linkedIdentityPreAuth === 'not_invoked') return;
  if (linked && facts.describeClientFails && methodTenant(set, account.attributes['email'])?.linking.on_cognito_unavailable === 'fail_open') return;
  tally.refusedMethodSignInsChecked += 1;
  if (result?.ok === true && result.username === account.username) {
    violations.push({ property: 'P5', detail: `a sign-in through ${provider} landed in ${account.username}, an account of a method its tenant refuses` });
  }
}

export interface RunOptions {
  /** The trigger under test; default: our handler (lambda/handler.ts) in process. */
  readonly trigger?: (set: CompiledPolicySet) => TriggerFunction;
  /** Require our decision log line (P1); off for a trigger that does not write one. Default true. */
  readonly decisionLog?: boolean;
  /** Appended to each violation, e.g. the seed and index that generated the world, to replay it. */
  readonly label?: string;
  /**
   * DescribeUserPoolClient fails throughout (500s, one SDK attempt per call): P1-P3 must still
   * hold; P4 is checked for blocked users with no linked identity only, because a linked user's
   * password sign-in then cannot be told from an SSO one and is allowed by design (docs/trigger.md).
   */
  readonly describeClientFails?: boolean;
  /**
   * No client-kinds map (the clients were created elsewhere), so with describeClientFails the
   * client's kind is unknown: P3 then allows a TRY_AGAIN for a fail_closed tenant's linked user,
   * never SSO_REQUIRED; P4 requires a fail_closed tenant's blocked password to be refused (either
   * code), and SSO_REQUIRED for users with no linked identity.
   */
  readonly clientKindsAbsent?: boolean;
}

/** Each world is its own deployment, with its own parameters. */
let deployments = 0;
const LOG_KEY = 'robustness-log-key-robustness-log-key';

export function ourTrigger(set: CompiledPolicySet, env: Readonly<Record<string, string>> = {}): TriggerFunction {
  return handlerTrigger(() => createHandler({ policySet: set }) as unknown as LambdaHandler, { env: { ...env } });
}

/** Runs the world; returns the violations found (each also counted in the tally). */
export async function runWorld(twin: Twin, world: WorldSpec, tally: Tally, options: RunOptions = {}): Promise<Violation[]> {
  const set = worldPolicySet(world);
  const describeClientFails = options.describeClientFails ?? false;
  const kindUnknown = describeClientFails && (options.clientKindsAbsent ?? false);
  const prefix = `robustness-${(deployments += 1)}`;
  const trigger = options.trigger
    ? options.trigger(set)
    : ourTrigger(set, { ...parameterEnvironment(prefix), ...(describeClientFails ? { LINK_POLICY_MAX_ATTEMPTS: '1' } : {}) });
  const decisionLog = options.decisionLog ?? true;
  const pool = twin.createPoolFromBlueprint(blueprintWithUndeclaredProvider(set), { trigger, switches: world.switches });
  if (options.clientKindsAbsent) twin.parameters.put({ name: parameterEnvironment(prefix)['LINK_POLICY_LOG_HASH_KEY_PARAMETER']!, type: 'SecureString', value: LOG_KEY });
  else writeStackParameters(twin, pool, prefix, { policyDigest: set.digest, logHashKey: LOG_KEY });
  const context: WorldContext = { world, set, pool, vocabulary: emailVocabulary(world.tenants), providers: [...Object.values(set.providers).map((p) => p.name), UNDECLARED_PROVIDER] };
  const violations: Violation[] = [];
  const listUsers = world.switches.listUsersEmailMatch ?? 'case_insensitive';
  addCount(
    tally.bySwitches,
    `linkedIdentityPreAuth=${world.switches.linkedIdentityPreAuth ?? 'native_username'} preAuthIdentities=${world.switches.preAuthIdentities ?? 'present'}${describeClientFails ? `, DescribeUserPoolClient failing${kindUnknown ? ' (no client-kinds map)' : ''}` : ''}`,
  );
  const fault = describeClientFails ? twin.faults.add({ operation: 'DescribeUserPoolClient', kind: 'internal_error', poolId: pool.id }) : undefined;
  try {
    seedUsers(context);
    for (const action of world.actions) {
      // Links are made only by AdminLinkProviderForUser: the pool is compared before and after a
      // federated sign-in (the one path that may link); any other action must send no link request.
      const before = action.kind === 'federated' ? snapshot(pool) : undefined;
      const passwordUser = action.kind === 'password' ? pool.user(passwordUsername(context, action)) : undefined;
      const mark = pool.invocations.entries.length;
      const requestMark = twin.requests.entries.length;
      const facts = await perform(context, action);
      await pool.invocations.idle();
      const invocations = pool.invocations.entries.slice(mark);
      const linkRequests = twin.requests.entries.slice(requestMark).filter((r) => r.poolId === pool.id && r.operation === 'AdminLinkProviderForUser').length;
      addCount(tally.byAction, action.kind);
      for (const invocation of invocations) checkInvocation(invocation, tally, violations, decisionLog);

      const signUp = invocations.find((i) => i.triggerSource === 'PreSignUp_ExternalProvider');
      if (before === undefined) {
        if (linkRequests > 0) violations.push({ property: 'P2', detail: `${linkRequests} link requests during a ${action.kind} action` });
      } else if (signUp || linkRequests > 0) {
        for (const link of newLinks(before, snapshot(pool))) {
          tally.links += 1;
          if (!signUp || facts.provider === undefined || facts.subject === undefined) {
            violations.push({ property: 'P2', detail: `a link appeared without a first federated sign-in: ${JSON.stringify(link)}` });
            continue;
          }
          const attributes = (signUp.event['request'] as { userAttributes: Record<string, string> }).userAttributes;
          for (const problem of linkViolations(set, link, { providerName: facts.provider, subject: facts.subject, attributes }, before, listUsers)) {
            violations.push({ property: 'P2', detail: `${problem}: ${JSON.stringify(link)}` });
          }
        }
      }

      const preAuth = invocations.filter((i) => i.triggerSource === 'PreAuthentication_Authentication');
      if (action.kind === 'federated' && before !== undefined && facts.provider !== undefined && facts.subject !== undefined) {
        const account = accountOf(before, facts.provider, facts.subject);
        const refusable = account !== undefined && refusedMethodSignIn(set, account, facts.provider, facts.subject, world.switches);
        for (const invocation of preAuth) {
          tally.federatedPreAuthChecked += 1;
          if (invocation.functionResult === 'returned') continue;
          // An account of a refused method: SSO_REQUIRED, or TRY_AGAIN where the tenant fails closed on what it cannot judge.
          const refusal = parseTriggerError(invocation.errorMessage);
          if (refusable && refusal?.kind === 'refusal' && (refusal.code === 'SSO_REQUIRED' || refusal.code === 'TRY_AGAIN')) continue;
          // Where nothing can tell the client's kind, only the fail mode of a fail_closed tenant whose
          // rule reaches the user: TRY_AGAIN, never SSO_REQUIRED.
          // The user holding the identity that signed in: the one pre authentication judged.
          const signedInAs = before?.find((user) => user.identities.some((i) => i.providerName === facts.provider && i.userId === facts.subject));
          const closedBlock = signedInAs !== undefined && blockingTenants(set, signedInAs).some((tenant) => tenant.linking.on_cognito_unavailable === 'fail_closed');
          if (!(kindUnknown && refusal?.kind === 'refusal' && refusal.code === 'TRY_AGAIN' && closedBlock)) {
            violations.push({ property: 'P3', detail: `a federated sign-in's pre authentication was refused: ${invocation.errorMessage}` });
          }
        }
        checkMethods(context, { before, after: snapshot(pool), account, refusable, signUp, provider: facts.provider, result: facts.result, describeClientFails }, tally, violations);
      }
      const [passwordPreAuth] = preAuth;
      if (passwordUser && passwordPreAuth) {
        const blocking = blockingTenants(set, passwordUser);
        const refusal = parseTriggerError(passwordPreAuth.errorMessage);
        const code = refusal?.kind === 'refusal' ? refusal.code : undefined;
        if (blocking.length > 0 && (!kindUnknown || passwordUser.identities.length === 0)) {
          tally.passwordBlocksChecked += 1;
          if (code !== 'SSO_REQUIRED') {
            violations.push({ property: 'P4', detail: `password sign-in of blocked user ${passwordUser.username} was not refused with SSO_REQUIRED: ${passwordPreAuth.functionResult} ${passwordPreAuth.errorMessage ?? ''}` });
          }
        } else if (blocking.some((tenant) => tenant.linking.on_cognito_unavailable === 'fail_closed')) {
          // The client's kind is unknown and the user is linked: a fail_closed block still holds.
          tally.passwordBlocksChecked += 1;
          if (code !== 'SSO_REQUIRED' && code !== 'TRY_AGAIN') {
            violations.push({ property: 'P4', detail: `fail_closed: password sign-in of blocked user ${passwordUser.username} went through with the client's kind unknown: ${passwordPreAuth.functionResult}` });
          }
        }
      }
    }
  } finally {
    if (fault) twin.faults.remove(fault.id);
    await pool.trigger?.close();
    // Long runs create thousands of pools on one twin: keep only what the next world needs.
    pool.invocations.clear();
    twin.requests.clear();
  }
  const labelled = options.label === undefined ? violations : violations.map((v) => ({ ...v, detail: `${v.detail} [${options.label}]` }));
  tally.worlds += 1;
  tally.violations.push(...labelled);
  return labelled;
}
