// Property-based checks of the trigger over generated policies and events, on the twin with the
// real handler, adapter and SDK (world/simulate.ts explains P1-P5). A small sample here; `npm run
// robustness` runs at least 100,000 generated events and reports the counts.
import fc from 'fast-check';
import type { CompiledPolicySet } from '../../policy/compiled';
import { handlerTrigger, startTwin, SWITCH_VALUES, type LambdaHandler, type TriggerFunction, type Twin } from '../../twin';
import { worldArbitrary } from './world/arbitraries';
import { checkRawResult, rawEventArbitrary, startRawTarget } from './world/raw-events';
import { ourTrigger, runWorld } from './world/simulate';
import { newTally, type Violation } from './world/tally';

let twin: Twin;
beforeAll(async () => {
  twin = await startTwin({ seed: 17 });
});
afterAll(async () => {
  await twin.idle();
  await twin.stop();
});

describe('generated worlds on the twin', () => {
  // Pre authentication of a linked identity's sign-in is undocumented (docs/cognito-facts.md §1, §2):
  // the properties must hold under every value of switches (a) and (e).
  const combos = SWITCH_VALUES.linkedIdentityPreAuth.flatMap((a) => SWITCH_VALUES.preAuthIdentities.map((e) => [a, e] as const));

  it.each(combos)('P1-P5 hold with linkedIdentityPreAuth=%s, preAuthIdentities=%s', async (linkedIdentityPreAuth, preAuthIdentities) => {
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(worldArbitrary({ maxActions: 30 }), async (world) => {
        const violations = await runWorld(twin, { ...world, switches: { ...world.switches, linkedIdentityPreAuth, preAuthIdentities } }, tally);
        expect(violations).toEqual([]);
      }),
      { numRuns: 5 },
    );
    expect(tally.events).toBeGreaterThan(0);
  });

  it.each(combos.flatMap(([a, e]) => [[a, e, 'configured'], [a, e, 'absent']] as const))(
    'with DescribeUserPoolClient failing, P1-P3 and P5 hold, no fault lets a fail_closed block through and no SSO sign-in is refused with SSO_REQUIRED (linkedIdentityPreAuth=%s, preAuthIdentities=%s, client kinds %s)',
    async (linkedIdentityPreAuth, preAuthIdentities, kinds) => {
      const tally = newTally();
      await fc.assert(
        fc.asyncProperty(worldArbitrary({ maxActions: 30 }), async (world) => {
          const violations = await runWorld(twin, { ...world, switches: { ...world.switches, linkedIdentityPreAuth, preAuthIdentities } }, tally, {
            describeClientFails: true,
            clientKindsAbsent: kinds === 'absent',
          });
          expect(violations).toEqual([]);
        }),
        { numRuns: 3 },
      );
      expect(tally.events).toBeGreaterThan(0);
    },
  );

  it('a fixed sample exercises every property: links made and judged, federated pre authentications passed, blocked password sign-ins refused', async () => {
    const tally = newTally();
    for (const world of fc.sample(worldArbitrary({ maxActions: 60 }), { numRuns: 20, seed: 20261122 })) await runWorld(twin, world, tally);
    expect(tally.violations).toEqual([]);
    expect(tally.links).toBeGreaterThan(0);
    expect(tally.federatedPreAuthChecked).toBeGreaterThan(0);
    expect(tally.passwordBlocksChecked).toBeGreaterThan(0);
    expect(tally.accountsCreatedChecked).toBeGreaterThan(0);
    expect(tally.refusedMethodSignInsChecked).toBeGreaterThan(0);
    expect(Object.keys(tally.bySource).sort()).toEqual(['PreAuthentication_Authentication', 'PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider', 'PreSignUp_SignUp']);
  });
});

describe('raw generated events straight to the handler', () => {
  it('P1: whatever the event holds, the handler answers with a policy decision', async () => {
    const target = startRawTarget(twin);
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(rawEventArbitrary(target.set, target.pool), async (event) => {
        expect(checkRawResult(event, await target.invoke(event), tally)).toEqual([]);
      }),
      { numRuns: 200 },
    );
    await target.pool.trigger?.close();
  });
});

describe('the checks catch a broken trigger', () => {
  type Event = { triggerSource: string; userPoolId: string; userName: string };
  const broken = (handle: (event: Event, set: CompiledPolicySet) => Promise<Event>) => (set: CompiledPolicySet) =>
    handlerTrigger(() => ((event: Event) => handle(event, set)) as unknown as LambdaHandler);
  const properties = async (trigger: (set: CompiledPolicySet) => TriggerFunction) => {
    const tally = newTally();
    for (const world of fc.sample(worldArbitrary({ maxActions: 60 }), { numRuns: 8, seed: 7 })) await runWorld(twin, world, tally, { trigger, decisionLog: false });
    return new Set(tally.violations.map((violation: Violation) => violation.property));
  };

  it('P1: a trigger that crashes on some events', async () => {
    const found = await properties(broken(async (event) => (event.userName.includes('_') ? Promise.reject(new TypeError("Cannot read properties of undefined (reading 'email')")) : event)));
    expect(found).toContain('P1');
  });

  it('P2: a trigger that links every first federated sign-in to the first user, subject cut from the userName', async () => {
    const found = await properties(
      broken(async (event, set) => {
        const pool = twin.pool(event.userPoolId);
        const [prefix = '', ...rest] = event.userName.split('_');
        const provider = Object.values(set.providers).find((candidate) => candidate.name.toLowerCase() === prefix);
        const [destination] = pool?.usernames ?? [];
        if (event.triggerSource === 'PreSignUp_ExternalProvider' && pool && provider && destination) {
          await pool
            .handle(
              'AdminLinkProviderForUser',
              {
                UserPoolId: pool.id,
                DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination },
                SourceUser: { ProviderName: provider.name, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: rest.join('_') },
              },
              { awsSdkVersion: 'aws-sdk-js-3.1169.0' },
            )
            .catch(() => undefined);
        }
        return event;
      }),
    );
    expect(found).toContain('P2');
  });

  it('P5: the real trigger with every tenant allowing every provider (sign_in_methods ignored)', async () => {
    const found = await properties((set) =>
      ourTrigger({
        ...set,
        tenants: Object.fromEntries(Object.entries(set.tenants).map(([id, tenant]) => [id, { ...tenant, sign_in_methods: { own_providers: 'allow', other_providers: 'allow' } }])),
      }),
    );
    expect(found).toContain('P5');
  });

  it('P3 and P4: a trigger that refuses every pre authentication except the user u1\'s', async () => {
    const found = await properties(
      broken(async (event) => {
        if (event.triggerSource === 'PreAuthentication_Authentication' && event.userName !== 'u1') throw new Error('SSO_REQUIRED(Acme): Use SSO.');
        return event;
      }),
    );
    expect(found).toContain('P3');
    expect(found).toContain('P4');
  });
});
