// Fault runs: the BUILT trigger artifact in child-process Lambda containers on the twin, with
// Cognito misbehaving: throttling, 5xx, slow responses, a link whose response is lost, and
// Cognito's own retry of a slow invocation (docs/cognito-facts.md §4, §8; twin/README.md
// "Faults"). Each run states what the policy says must happen and checks it, then checks that the
// next sign-in, with Cognito healthy again, converges on the policy's normal answer.
import type { CompiledPolicySet } from '../../../policy/compiled';
import { poolBlueprint } from '../../../policy/pool-blueprint';
import { artifactLambda, parameterEnvironment, writeStackParameters, type FaultSpec, type TwinSwitches, type Twin, type UserPool } from '../../../twin';
import { loadPolicySetFromSources } from '../../../policy';
import { tenantSetSources } from '../../../bench/tenants/generate';
import { poolSettings, SUBJECT_ATTRIBUTE, tenantPolicy, type TenantRecipe } from '../../../bench/tenants/recipe';
import { parseTriggerError } from '../../../client/trigger-error';

export type FaultKind = 'throttling' | '5xx' | 'slow response' | 'lost response' | 'Cognito retry';
/** What the policy says the first attempt must end in. */
export type Expected = 'linked once' | 'fail closed' | 'fail open' | 'refused TRY_AGAIN' | 'refused SSO_REQUIRED' | 'allowed';

export interface FaultRun {
  readonly kind: FaultKind;
  readonly name: string;
  /** acme fails closed and blocks linked users; globex fails open and blocks its domains. */
  readonly tenant: 'acme' | 'globex';
  readonly path: 'first federated sign-in' | 'password sign-in' | 'later federated sign-in';
  readonly faults: readonly Omit<FaultSpec, 'poolId'>[];
  readonly expected: Expected;
  readonly switches?: Partial<TwinSwitches>;
  readonly env?: Readonly<Record<string, string>>;
  readonly triggerTimeoutMs?: number;
  /** 'absent': the clients were created elsewhere, so no client-kinds map (default: the stack's). */
  readonly clientKinds?: 'absent';
}

export interface FaultOutcome {
  readonly run: FaultRun;
  readonly problems: readonly string[];
  /** Decision reasons the trigger logged, in order. */
  readonly reasons: readonly string[];
}

const PASSWORD = 'Fault-Passw0rd-1';
/** Every run is its own deployment: its own parameter names. */
let deployments = 0;

function recipe(id: 'acme' | 'globex'): TenantRecipe {
  const closed = id === 'acme';
  return {
    id,
    displayName: closed ? 'Acme' : 'Globex',
    domains: [`${id}.com`],
    providers: [{ kind: closed ? 'saml_entra' : 'oidc_okta', name: closed ? 'AcmeEntraID' : 'GlobexOkta', trusted: true, connection: true }],
    linking: { enabled: true, matchCase: 'insensitive', statuses: ['CONFIRMED'], onNoMatch: 'create_user', afterLink: closed ? 'continue' : 'retry_code', onUnavailable: closed ? 'fail_closed' : 'fail_open' },
    nativeLogin: { passwordSignIn: closed ? 'block_linked_users' : 'block_tenant_domains', passwordSignUp: 'block', adminCreateUser: 'allow', exemptUsernames: [], exemptEmails: [] },
    customMessages: false,
  };
}

/** The two tenants the fault runs sign in to: one of each fail mode. */
export function faultPolicySet(): CompiledPolicySet {
  const recipes = [recipe('acme'), recipe('globex')];
  const loaded = loadPolicySetFromSources(tenantSetSources({ pool: poolSettings(), tenants: recipes.map(tenantPolicy), recipes }));
  if (!loaded.ok) throw new Error('the fault-run policies do not validate');
  return loaded.set;
}

/** A short deadline keeps persistent faults (retried with back-off) from making a run long. */
const SHORT_DEADLINE = { LINK_POLICY_DEADLINE_MS: '700' };

/** One round of runs: every fault kind, on both fail modes where the policy's answer differs. */
export function faultRuns(): FaultRun[] {
  const runs: FaultRun[] = [];
  const failMode = (tenant: 'acme' | 'globex'): Expected => (tenant === 'acme' ? 'fail closed' : 'fail open');
  for (const tenant of ['acme', 'globex'] as const) {
    const link = 'first federated sign-in' as const;
    runs.push(
      { kind: 'throttling', name: 'ListUsers throttled throughout', tenant, path: link, faults: [{ operation: 'ListUsers', kind: 'throttle' }], expected: failMode(tenant), env: SHORT_DEADLINE },
      { kind: 'throttling', name: 'ListUsers throttled twice, then answers', tenant, path: link, faults: [{ operation: 'ListUsers', kind: 'throttle', times: 2 }], expected: 'linked once' },
      { kind: '5xx', name: 'ListUsers failing with 500 throughout', tenant, path: link, faults: [{ operation: 'ListUsers', kind: 'internal_error' }], expected: failMode(tenant), env: SHORT_DEADLINE },
      { kind: '5xx', name: 'AdminLinkProviderForUser failing with 500 twice', tenant, path: link, faults: [{ operation: 'AdminLinkProviderForUser', kind: 'internal_error', times: 2 }], expected: 'linked once' },
      { kind: 'slow response', name: 'every call 150 ms slow (inside the call timeout)', tenant, path: link, faults: [{ operation: '*', kind: 'latency', latencyMs: 150 }], expected: 'linked once' },
      {
        kind: 'slow response',
        name: 'ListUsers slower than the deadline',
        tenant,
        path: link,
        faults: [{ operation: 'ListUsers', kind: 'latency', latencyMs: 900 }],
        expected: failMode(tenant),
        env: { LINK_POLICY_DEADLINE_MS: '600', LINK_POLICY_CALL_TIMEOUT_MS: '250' },
      },
    );
    for (const repeatedLinkError of ['already_linked', 'invalid_source_user'] as const) {
      for (const lostResponseAs of ['destroy_socket', 'internal_error'] as const) {
        runs.push({
          kind: 'lost response',
          name: `link applied, response lost (${lostResponseAs}), repeated link says ${repeatedLinkError}`,
          tenant,
          path: link,
          faults: [{ operation: 'AdminLinkProviderForUser', kind: 'lost_response', times: 1, lostResponseAs }],
          switches: { repeatedLinkError },
          expected: 'linked once',
        });
      }
      for (const firstSignInAfterInFlightLink of ['fails_once', 'succeeds'] as const) {
        runs.push({
          kind: 'Cognito retry',
          name: `Cognito gives up on a slow link and invokes again (${repeatedLinkError}, first sign-in ${firstSignInAfterInFlightLink})`,
          tenant,
          path: link,
          // Cognito stops waiting at 600 ms (its 5 s, scaled down) while the link is held 1.2 s.
          faults: [{ operation: 'AdminLinkProviderForUser', kind: 'latency', latencyMs: 1200, times: 1 }],
          switches: { repeatedLinkError, firstSignInAfterInFlightLink },
          triggerTimeoutMs: 600,
          env: { LINK_POLICY_CALL_TIMEOUT_MS: '3000' },
          expected: 'linked once',
        });
      }
    }
    // The stack's clients are in the configuration: DescribeUserPoolClient failing changes nothing,
    // both tenants' blocked passwords are refused with SSO_REQUIRED.
    const password = 'password sign-in' as const;
    runs.push(
      // The stack's default deadline: nothing here calls the failing operation.
      { kind: 'throttling', name: 'DescribeUserPoolClient throttled throughout (clients configured)', tenant, path: password, faults: [{ operation: 'DescribeUserPoolClient', kind: 'throttle' }], expected: 'refused SSO_REQUIRED' },
      { kind: '5xx', name: 'DescribeUserPoolClient failing with 500 throughout (clients configured)', tenant, path: password, faults: [{ operation: 'DescribeUserPoolClient', kind: 'internal_error' }], expected: 'refused SSO_REQUIRED' },
      // Parameter Store throttled: the client is described instead, and the block holds.
      { kind: 'throttling', name: 'GetParameters throttled throughout (the client is described instead)', tenant, path: password, faults: [{ operation: 'GetParameters', kind: 'throttle' }], expected: 'refused SSO_REQUIRED', env: { ...SHORT_DEADLINE, LINK_POLICY_MAX_ATTEMPTS: '1' } },
    );
    // Neither the configuration nor Cognito can say what the client is: acme's linked user may be
    // on SSO, so acme (fail closed) refuses with TRY_AGAIN, never SSO_REQUIRED and never letting the
    // password through; globex's unlinked user is provably on a password and refused with SSO_REQUIRED.
    // Globex's user carries no identities, so one AdminGetUser must prove she is unlinked: one SDK
    // attempt per call keeps the throttled calls' back-off from spending the short deadline first.
    const unknownExpected: Expected = tenant === 'acme' ? 'refused TRY_AGAIN' : 'refused SSO_REQUIRED';
    runs.push(
      {
        kind: '5xx',
        name: 'clients created elsewhere, DescribeUserPoolClient failing with 500 throughout',
        tenant,
        path: password,
        faults: [{ operation: 'DescribeUserPoolClient', kind: 'internal_error' }],
        clientKinds: 'absent',
        expected: unknownExpected,
        env: { ...SHORT_DEADLINE, LINK_POLICY_MAX_ATTEMPTS: '1' },
      },
      {
        kind: 'throttling',
        name: 'GetParameters and DescribeUserPoolClient throttled throughout',
        tenant,
        path: password,
        faults: [
          { operation: 'GetParameters', kind: 'throttle' },
          { operation: 'DescribeUserPoolClient', kind: 'throttle' },
        ],
        expected: unknownExpected,
        env: { ...SHORT_DEADLINE, LINK_POLICY_MAX_ATTEMPTS: '1' },
      },
    );
  }
  for (const linkedIdentityPreAuth of ['native_username', 'provider_username'] as const) {
    runs.push({
      kind: '5xx',
      name: `DescribeUserPoolClient failing while a linked user signs in through SSO (pre authentication sees the ${linkedIdentityPreAuth.replace('_', ' ')})`,
      tenant: 'acme',
      path: 'later federated sign-in',
      faults: [{ operation: 'DescribeUserPoolClient', kind: 'internal_error' }],
      switches: { linkedIdentityPreAuth },
      expected: 'allowed',
    });
  }
  // Clients created elsewhere and nothing answering: a Provider_subject userName backed by the
  // user's identity still proves an SSO sign-in.
  runs.push({
    kind: '5xx',
    name: 'clients created elsewhere, DescribeUserPoolClient failing while a linked user signs in through SSO (pre authentication sees the provider username)',
    tenant: 'acme',
    path: 'later federated sign-in',
    faults: [{ operation: 'DescribeUserPoolClient', kind: 'internal_error' }],
    clientKinds: 'absent',
    switches: { linkedIdentityPreAuth: 'provider_username' },
    expected: 'allowed',
    env: SHORT_DEADLINE,
  });
  // Globex blocks its whole domain: with identities absent from the event and AdminGetUser not
  // resolving the federated name (switch (i)), nobody by that name signs in with a password.
  runs.push({
    kind: '5xx',
    name: 'clients created elsewhere, DescribeUserPoolClient failing while a linked user signs in through SSO (identities absent, AdminGetUser not resolving the federated name)',
    tenant: 'globex',
    path: 'later federated sign-in',
    faults: [{ operation: 'DescribeUserPoolClient', kind: 'internal_error' }],
    clientKinds: 'absent',
    switches: { linkedIdentityPreAuth: 'provider_username', preAuthIdentities: 'absent', linkedUsernameLookup: 'not_found' },
    expected: 'allowed',
    // One attempt per call leaves AdminGetUser the time to answer: without its answer acme (fail
    // closed, blocking linked users) might apply, and the sign-in would meet TRY_AGAIN.
    env: { ...SHORT_DEADLINE, LINK_POLICY_MAX_ATTEMPTS: '1' },
  });
  runs.push({
    kind: 'throttling',
    name: 'AdminGetUser throttled while identities are missing from the event',
    tenant: 'acme',
    path: 'password sign-in',
    faults: [{ operation: 'AdminGetUser', kind: 'throttle' }],
    switches: { preAuthIdentities: 'absent' },
    expected: 'refused TRY_AGAIN',
    env: SHORT_DEADLINE,
  });
  return runs;
}

function decisionReasons(pool: UserPool): string[] {
  return pool.invocations.entries
    .flatMap((entry) => entry.logs)
    .filter((line) => line.includes('"link-policy decision"'))
    .map((line) => String((JSON.parse(line) as { reason?: unknown }).reason));
}

function identitiesEverywhere(pool: UserPool): string[] {
  return pool.usernames.flatMap((username) => (pool.user(username)?.identities ?? []).filter((i) => !i.primary).map((i) => `${username}:${i.providerName}:${i.userId}`));
}

function claims(set: CompiledPolicySet, provider: string, subject: string, email: string): Record<string, string | boolean> {
  const mapping = Object.values(set.providers).find((p) => p.name === provider)?.attribute_mapping ?? {};
  const out: Record<string, string | boolean> = {};
  for (const [attribute, claim] of Object.entries(mapping)) {
    out[claim] = attribute === 'email' ? email : attribute === 'email_verified' ? true : attribute === SUBJECT_ATTRIBUTE ? subject : 'Alex';
  }
  return out;
}

/** Runs one fault run in a fresh pool with its own containers; `sequence` keeps subjects unique across rounds. */
export async function runFault(twin: Twin, set: CompiledPolicySet, artifactDir: string, run: FaultRun, sequence: number): Promise<FaultOutcome> {
  const prefix = `fault-run-${(deployments += 1)}`;
  const trigger = artifactLambda(artifactDir, { env: { ...parameterEnvironment(prefix), ...run.env } });
  const pool = twin.createPoolFromBlueprint(poolBlueprint(set), {
    trigger,
    listUsersPaging: 'full',
    ...(run.switches ? { switches: run.switches } : {}),
    ...(run.triggerTimeoutMs ? { triggerTimeoutMs: run.triggerTimeoutMs } : {}),
  });
  // The deployment's parameters, unless the run is about clients created elsewhere.
  if (run.clientKinds !== 'absent') writeStackParameters(twin, pool, prefix, { policyDigest: set.digest, logHashKey: 'fault-log-key-fault-log-key-fault-log-key' });
  const problems: string[] = [];
  const tenant = set.tenants[run.tenant]!;
  const provider = tenant.providers[0]!;
  const email = `user${sequence}@${tenant.domains[0]}`;
  const subject = `Fault-Sub-${sequence}X`;
  const signIn = () => pool.federatedSignIn({ provider, subject, claims: claims(set, provider, subject, email), client: 'web' });
  /** The first attempt runs with the run's faults; Cognito is healthy again once it has settled. */
  const underFaults = async <T>(attempt: () => Promise<T>): Promise<T> => {
    // Parameter Store requests name no pool: its faults apply to the twin (runs go one at a time).
    for (const fault of run.faults) twin.faults.add(fault.operation === 'GetParameters' ? fault : { ...fault, poolId: pool.id });
    const result = await attempt();
    await twin.idle();
    twin.faults.clear();
    return result;
  };
  try {
    if (run.path === 'first federated sign-in') {
      pool.seedUser({ username: 'native', password: PASSWORD, attributes: { email, email_verified: 'true' } });
      const first = await underFaults(signIn);
      const links = identitiesEverywhere(pool);
      const reasons = decisionReasons(pool);
      if (run.expected === 'linked once') {
        if (links.join() !== `native:${provider}:${subject}`) problems.push(`expected exactly one link native:${provider}:${subject}, found [${links.join(', ')}]`);
        if (reasons.some((reason) => reason !== 'linked' && reason !== 'already_linked')) problems.push(`unexpected decisions ${reasons.join(', ')}`);
        if (reasons.filter((reason) => reason === 'linked').length > 1) problems.push('linked more than once');
      } else {
        const refused = !first.ok && parseTriggerError(first.errorDescription)?.kind === 'refusal';
        if (links.length > 0) problems.push(`linked although Cognito was unavailable: ${links.join(', ')}`);
        if (!reasons.includes('cognito_unavailable')) problems.push(`no cognito_unavailable decision: ${reasons.join(', ')}`);
        if (run.expected === 'fail closed' && !(refused && !first.ok && first.errorDescription.includes('TRY_AGAIN'))) problems.push(`expected a TRY_AGAIN refusal, got ${JSON.stringify(first)}`);
        if (run.expected === 'fail closed' && pool.usernames.length !== 1) problems.push(`a user was created although the sign-in failed closed: ${pool.usernames.join(', ')}`);
        if (run.expected === 'fail open' && !(first.ok && first.via === 'new_user')) problems.push(`expected the sign-up to proceed unlinked, got ${JSON.stringify(first)}`);
      }
      // Converges: with Cognito healthy, signing in again (twice at most: "Already found an entry"
      // or ACCOUNT_LINKED ask the app to restart once) lands where the policy says.
      let again = await signIn();
      if (!again.ok) again = await signIn();
      await twin.idle();
      const landed = again.ok ? again.username : `not signed in: ${again.errorDescription}`;
      const wanted = run.expected === 'fail open' ? pool.user(`${provider}_${subject}`)?.username : 'native';
      if (landed !== wanted) problems.push(`the next sign-in did not converge: landed on ${landed}, expected ${wanted}`);
      return { run, problems, reasons };
    }

    if (run.path === 'later federated sign-in') {
      pool.seedUser({ username: 'native', password: PASSWORD, attributes: { email, email_verified: 'true' }, linkedIdentities: [{ provider, subject, signedIn: true }] });
      const first = await underFaults(signIn);
      const reasons = decisionReasons(pool);
      if (!(first.ok && first.username === 'native')) problems.push(`a linked user's SSO sign-in was not let through: ${JSON.stringify(first)}`);
      const again = await signIn();
      if (!(again.ok && again.username === 'native')) problems.push(`with Cognito healthy the SSO sign-in did not land on the linked user: ${JSON.stringify(again)}`);
      return { run, problems, reasons };
    }

    // Password sign-in of a user the tenant blocks: acme's linked user, globex's domain user.
    pool.seedUser({
      username: 'native',
      password: PASSWORD,
      attributes: { email, email_verified: 'true' },
      ...(run.tenant === 'acme' ? { linkedIdentities: [{ provider, subject, signedIn: true }] } : {}),
    });
    const first = await underFaults(() => pool.passwordSignIn({ username: 'native', password: PASSWORD, client: 'password' }));
    const reasons = decisionReasons(pool);
    const refusal = first.ok ? undefined : parseTriggerError(first.error.message);
    if (run.expected !== 'refused SSO_REQUIRED' && !reasons.includes('cognito_unavailable')) problems.push(`no cognito_unavailable decision: ${reasons.join(', ')}`);
    if (run.expected === 'refused SSO_REQUIRED' && !(refusal?.kind === 'refusal' && refusal.code === 'SSO_REQUIRED')) problems.push(`expected SSO_REQUIRED, got ${JSON.stringify(first)}`);
    if (run.expected === 'refused TRY_AGAIN' && !(refusal?.kind === 'refusal' && refusal.code === 'TRY_AGAIN')) problems.push(`expected TRY_AGAIN, got ${JSON.stringify(first)}`);
    if (run.expected === 'allowed' && !first.ok) problems.push(`expected the sign-in to proceed (fail open), got ${JSON.stringify(first)}`);
    const again = await pool.passwordSignIn({ username: 'native', password: PASSWORD, client: 'password' });
    const code = again.ok ? 'allowed' : parseTriggerError(again.error.message);
    if (!(typeof code === 'object' && code?.kind === 'refusal' && code.code === 'SSO_REQUIRED')) problems.push(`with Cognito healthy the blocked sign-in was not refused with SSO_REQUIRED: ${JSON.stringify(again)}`);
    return { run, problems, reasons };
  } finally {
    twin.faults.clear();
    await twin.idle();
    await trigger.close();
  }
}
