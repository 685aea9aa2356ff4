// Events the twin would never build: every field missing, of the wrong type, or holding text no
// IdP would send, mixed with the policy's real provider names, domains and client ids so that
// generated events also reach the deep paths (lookups, links, client checks). They go straight to
// the handler (with the real adapter, on the twin), and P1 must hold for each: a policy decision,
// never a crash or an internal error. Cognito may add fields at any time (TRIGGERS), so none may
// break it.
import fc from 'fast-check';
import { parseTriggerError } from '../../../client/trigger-error';
import { loadPolicySetFromSources } from '../../../policy';
import type { CompiledPolicySet } from '../../../policy/compiled';
import { poolBlueprint } from '../../../policy/pool-blueprint';
import { parameterEnvironment, writeStackParameters, type TriggerRunResult, type Twin, type UserPool } from '../../../twin';
import { generateTenantSet, tenantSetSources } from '../../../bench/tenants/generate';
import { ourTrigger } from './simulate';
import { addCount, type Tally, type Violation } from './tally';

const SOURCES = ['PreSignUp_ExternalProvider', 'PreSignUp_SignUp', 'PreSignUp_AdminCreateUser', 'PreAuthentication_Authentication'] as const;
const OTHER_SOURCES = ['PostConfirmation_ConfirmSignUp', 'TokenGeneration_HostedAuth', 'CustomMessage_AdminCreateUser', 'UserMigration_Authentication'];

export interface RawTarget {
  readonly set: CompiledPolicySet;
  readonly pool: UserPool;
  invoke(event: unknown): Promise<TriggerRunResult>;
}

/** The benchmark's realistic 20-tenant set (SAML, OIDC and the four social providers) on a twin pool, its handler invoked directly. */
export function startRawTarget(twin: Twin): RawTarget {
  const loaded = loadPolicySetFromSources(tenantSetSources(generateTenantSet(20, 5)));
  if (!loaded.ok) throw new Error('the generated 20-tenant set does not validate');
  const set = loaded.set;
  const trigger = ourTrigger(set, parameterEnvironment('robustness-raw'));
  const pool = twin.createPoolFromBlueprint(poolBlueprint(set), { trigger });
  writeStackParameters(twin, pool, 'robustness-raw', { policyDigest: set.digest, logHashKey: 'raw-log-key-raw-log-key-raw-log-key' });
  let sequence = 0;
  return { set, pool, invoke: (event) => trigger.invoke(event, { awsRequestId: `raw-${++sequence}` }) };
}

export function rawEventArbitrary(set: CompiledPolicySet, pool: UserPool): fc.Arbitrary<unknown> {
  const providers = Object.values(set.providers).map((provider) => provider.name);
  const domains = Object.keys(set.domains);
  const text = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 }));
  const anything = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
  const email = fc.oneof(
    fc.tuple(fc.constantFrom('alice', 'Bob', ' carol', 'x"y', 'a\\b'), fc.constantFrom(...domains, 'gmail.com', 'example.org'), fc.constantFrom('', ' ', '\u0000', '\u202e')).map(([local, domain, tail]) => `${local}@${domain}${tail}`),
    fc.constantFrom(...domains).map((domain) => `ALICE@${domain.toUpperCase()}`),
    text,
  );
  const identity = fc.record(
    { providerName: fc.oneof(fc.constantFrom(...providers), text), userId: text, providerType: fc.constantFrom('SAML', 'OIDC', 'Google'), primary: fc.boolean(), dateCreated: fc.nat() },
    { requiredKeys: [] },
  );
  const identities = fc.oneof(
    fc.array(identity, { maxLength: 6 }).map((list) => JSON.stringify(list)),
    fc.constantFrom('[]', 'null', '{}', '[1,2]', '[{"providerName":null}]', 'not json'),
    text,
  );
  const attributes = fc.oneof(
    { weight: 6, arbitrary: fc.record(
      {
        email,
        email_verified: fc.oneof(fc.constantFrom('true', 'false', 'TRUE'), text),
        'custom:idp_sub': text,
        identities,
        'cognito:user_status': fc.oneof(fc.constantFrom('CONFIRMED', 'EXTERNAL_PROVIDER', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD'), text),
        sub: fc.uuid(),
        phone_number: text,
      },
      { requiredKeys: [] },
    ) },
    { weight: 1, arbitrary: fc.dictionary(text, anything, { maxKeys: 4 }) },
    { weight: 1, arbitrary: anything },
  );
  const userName = fc.oneof(
    fc.tuple(fc.constantFrom(...providers, ...providers.map((name) => name.toLowerCase()), 'unknownidp', '_', 'a'), fc.constantFrom('_', '__', ''), text).map(([prefix, separator, rest]) => `${prefix}${separator}${rest}`),
    text,
    fc.constantFrom('', 'u0'),
    fc.integer(),
  );
  const clientIds = pool.clientNames.map((name) => pool.clientId(name));
  // Now and then not an object at all: null, a number, a string, a boolean, an array.
  const notAnObject = fc.oneof(fc.constant(null), fc.integer(), text, fc.boolean(), fc.array(anything, { maxLength: 2 }));
  const shaped = fc.record(
    {
      version: fc.constantFrom('1', 1),
      triggerSource: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...SOURCES) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_SOURCES) }, { weight: 1, arbitrary: anything }),
      region: fc.oneof(fc.constant('eu-west-1'), text),
      userPoolId: fc.oneof({ weight: 4, arbitrary: fc.constant(pool.id) }, { weight: 1, arbitrary: fc.oneof(text, fc.constant('eu-west-1_NotAPool')) }),
      userName,
      callerContext: fc.oneof(
        { weight: 4, arbitrary: fc.record({ clientId: fc.oneof(fc.constantFrom(...clientIds, 'CLIENT_ID_NOT_APPLICABLE'), text, fc.integer()), awsSdkVersion: text }, { requiredKeys: [] }) },
        { weight: 1, arbitrary: anything },
      ),
      request: fc.oneof(
        { weight: 6, arbitrary: fc.record({ userAttributes: attributes, validationData: anything, userNotFound: fc.oneof(fc.boolean(), anything) }, { requiredKeys: ['userAttributes'] }) },
        { weight: 1, arbitrary: anything },
      ),
      response: anything,
    },
    { requiredKeys: [] },
  );
  return fc.oneof({ weight: 30, arbitrary: shaped }, { weight: 1, arbitrary: notAnObject });
}

/** P1 for one raw invocation's result; counted in the tally. */
export function checkRawResult(event: unknown, result: TriggerRunResult, tally: Tally): Violation[] {
  const violations: Violation[] = [];
  const line = result.logs.find((entry) => entry.includes('"link-policy decision"'));
  const decision = line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
  const shaped = typeof event === 'object' && event !== null && !Array.isArray(event);
  const sent = shaped ? (event as Record<string, unknown>)['triggerSource'] : undefined;
  const source = !shaped
    ? `(event ${event === null ? 'null' : Array.isArray(event) ? 'array' : typeof event})`
    : typeof sent !== 'string'
      ? `(${sent === null ? 'null' : typeof sent})`
      : [...SOURCES, ...OTHER_SOURCES].includes(sent)
        ? sent
        : '(other text)';
  const reason = typeof decision?.['reason'] === 'string' ? decision['reason'] : 'none';
  tally.events += 1;
  addCount(tally.bySource, source);
  addCount(tally.byReason, `${(SOURCES as readonly string[]).includes(source) ? source : 'other'} ${reason}`);
  if (result.kind === 'threw') {
    const parsed = parseTriggerError(result.errorMessage);
    const code = parsed?.kind === 'refusal' ? parsed.code : undefined;
    addCount(tally.byRefusal, code ?? 'unparsed');
    if (!code) violations.push({ property: 'P1', detail: `threw ${JSON.stringify(result.errorMessage)} for ${JSON.stringify(event)}` });
  } else if (result.kind === 'crashed') {
    violations.push({ property: 'P1', detail: `crashed: ${result.errorMessage} for ${JSON.stringify(event)}` });
  }
  if (!decision) violations.push({ property: 'P1', detail: `no decision logged for ${JSON.stringify(event)}` });
  const lines = result.logs.filter((entry) => entry.includes('"link-policy decision"')).length;
  if (lines > 1) violations.push({ property: 'P1', detail: `${lines} decision lines for one event: ${JSON.stringify(event)}` });
  if (reason === 'internal_error') violations.push({ property: 'P1', detail: `internal_error ${line} for ${JSON.stringify(event)}` });
  tally.violations.push(...violations);
  return violations;
}
