// The twin directory's indexes (twin/pool/user-index.ts) change how fast a lookup answers, never
// what: after any sequence of changes (attributes rewritten in any case, identities linked, signed
// in, unlinked, users deleted), every indexed lookup gives what a scan of every user in creation
// order gives, the rule the twin applied before it had indexes (each rule's source is in
// twin/README.md); and the ListUsers candidates of an `=` filter hold every user the filter matches.
import fc from 'fast-check';
import { Directory } from '../../twin/pool/directory';
import { matches, parseFilter } from '../../twin/pool/list-users';
import type { AliasAttribute, LinkedIdentity, UserRecord } from '../../twin/pool/model';
import { resolveSwitches, type TwinSwitches } from '../../twin/switches';

const SUBJECT = 'Cognito_Subject';
const PROVIDERS = ['Acme', 'Okta'] as const;
const VALUES = ['alice@acme.com', 'ALICE@acme.com', 'Alice@Acme.com', 'bob@acme.com', 'x-1', 'X-1', 'x-2'];
const NAMES = ['alice', 'Alice', 'bob', 'acme_x-1', 'Acme_X-1', 'okta_x-2', 'carol'];

type Change =
  | { kind: 'add'; name: number; email?: number; phone?: number; verified: boolean; federated?: { provider: number; subject: number } }
  | { kind: 'set'; user: number; attribute: 'email' | 'preferred_username' | 'name'; value: number }
  | { kind: 'verify'; user: number; verified: boolean }
  | { kind: 'link'; user: number; provider: number; attribute: 'subject' | 'email' | 'custom:idp_sub'; value: number }
  | { kind: 'signIn'; user: number; subject: number }
  | { kind: 'unlink'; user: number }
  | { kind: 'delete'; user: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    name: fc.nat(NAMES.length - 1),
    email: fc.option(fc.nat(VALUES.length - 1), { nil: undefined }),
    phone: fc.option(fc.nat(1), { nil: undefined }),
    verified: fc.boolean(),
    federated: fc.option(fc.record({ provider: fc.nat(1), subject: fc.nat(VALUES.length - 1) }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('set' as const), user: fc.nat(20), attribute: fc.constantFrom('email' as const, 'preferred_username' as const, 'name' as const), value: fc.nat(VALUES.length - 1) }),
  fc.record({ kind: fc.constant('verify' as const), user: fc.nat(20), verified: fc.boolean() }),
  fc.record({ kind: fc.constant('link' as const), user: fc.nat(20), provider: fc.nat(1), attribute: fc.constantFrom('subject' as const, 'email' as const, 'custom:idp_sub' as const), value: fc.nat(VALUES.length - 1) }),
  fc.record({ kind: fc.constant('signIn' as const), user: fc.nat(20), subject: fc.nat(VALUES.length - 1) }),
  fc.record({ kind: fc.constant('unlink' as const), user: fc.nat(20) }),
  fc.record({ kind: fc.constant('delete' as const), user: fc.nat(20) }),
);

function apply(directory: Directory, changes: readonly Change[]): void {
  const pick = (index: number): UserRecord | undefined => directory.all[index % Math.max(directory.all.length, 1)];
  for (const step of changes) {
    if (step.kind === 'add') {
      const attributes = new Map<string, string>();
      if (step.email !== undefined) attributes.set('email', VALUES[step.email]!);
      if (step.phone !== undefined) attributes.set('phone_number', `+4470000000${step.phone}`);
      attributes.set('email_verified', String(step.verified));
      attributes.set('phone_number_verified', String(step.verified));
      const federated = step.federated ? { providerName: PROVIDERS[step.federated.provider]!, subject: VALUES[step.federated.subject]! } : undefined;
      const seq = directory.nextSeq();
      directory.add({
        seq,
        username: federated ? directory.fold(`${federated.providerName}_${federated.subject}`) : `${NAMES[step.name]!}${seq}`,
        sub: `sub-${seq}`,
        listOrder: `order-${(seq * 7919) % 1009}-${seq}`,
        attributes,
        identities: federated ? [identity(federated.providerName, SUBJECT, federated.subject, true)] : [],
        status: federated ? 'EXTERNAL_PROVIDER' : 'CONFIRMED',
        enabled: true,
        createdAt: 0,
        modifiedAt: 0,
        nativeSignInDisabled: false,
        ...(federated ? { federated } : {}),
        tokenGeneration: 0,
      });
      continue;
    }
    const user = pick(step.user);
    if (!user) continue;
    if (step.kind === 'set') user.attributes.set(step.attribute, VALUES[step.value]!);
    if (step.kind === 'verify') user.attributes.set('email_verified', String(step.verified));
    if (step.kind === 'link') {
      const name = step.attribute === 'subject' ? SUBJECT : step.attribute;
      user.identities.push(identity(PROVIDERS[step.provider]!, name, VALUES[step.value]!, false));
    }
    if (step.kind === 'signIn') {
      const linked = user.identities.find((candidate) => !candidate.primary);
      if (linked) Object.assign(linked, { signedIn: true, userId: VALUES[step.subject]!, linkAttributeName: SUBJECT, linkAttributeValue: VALUES[step.subject]! });
    }
    if (step.kind === 'unlink') user.identities = user.identities.filter((candidate) => candidate.primary);
    if (step.kind === 'delete') {
      directory.remove(user);
      continue;
    }
    directory.reindex(user);
  }
}

function identity(providerName: string, attributeName: string, value: string, primary: boolean): LinkedIdentity {
  return {
    providerName,
    providerType: 'OIDC',
    userId: value,
    issuer: null,
    primary,
    dateCreated: 0,
    linkAttributeName: attributeName,
    linkAttributeValue: value,
    signedIn: primary,
  };
}

/** The rules as a scan of every user, in creation order. */
function scan(directory: Directory, switches: TwinSwitches) {
  const all = directory.all;
  const fold = (value: string) => directory.fold(value);
  const verifiedFlag: Record<AliasAttribute, string | undefined> = { email: 'email_verified', phone_number: 'phone_number_verified', preferred_username: undefined };
  return {
    byUsername: (name: string) => all.find((user) => fold(user.username) === fold(name)),
    bySub: (sub: string) => all.find((user) => user.sub === sub),
    byAlias: (value: string) => {
      for (const attribute of [...new Set<AliasAttribute>([...directory.config.usernameAttributes, ...directory.config.aliasAttributes])]) {
        const flag = (directory.config.usernameAttributes as readonly string[]).includes(attribute) ? undefined : verifiedFlag[attribute];
        const wanted = attribute === 'phone_number' ? value : fold(value);
        const found = all.find((user) => {
          const held = user.attributes.get(attribute);
          if (held === undefined || (flag && user.attributes.get(flag) !== 'true')) return false;
          return (attribute === 'phone_number' ? held : fold(held)) === wanted;
        });
        if (found) return found;
      }
      return undefined;
    },
    byLinkedUsername: (name: string) =>
      switches.linkedUsernameLookup !== 'destination'
        ? undefined
        : all.find((user) => user.identities.some((candidate) => !candidate.primary && fold(`${candidate.providerName}_${candidate.userId}`) === fold(name))),
    federatedUser: (provider: string, subject: string) => all.find((user) => user.federated?.providerName === provider && user.federated.subject === subject),
    linkedIdentity: (provider: string, subject: string, mapped: ReadonlyMap<string, string>) => {
      for (const user of all) {
        for (const candidate of user.identities) {
          if (candidate.primary || candidate.providerName !== provider) continue;
          if (candidate.linkAttributeName === SUBJECT ? candidate.userId === subject : mapped.get(candidate.linkAttributeName) === candidate.linkAttributeValue) {
            return { user, identity: candidate };
          }
        }
      }
      return undefined;
    },
    caseMismatchedLink: (provider: string, subject: string) =>
      all.find((user) =>
        user.identities.some(
          (candidate) =>
            !candidate.primary &&
            candidate.providerName === provider &&
            candidate.linkAttributeName === SUBJECT &&
            candidate.userId !== subject &&
            candidate.userId.toLowerCase() === subject.toLowerCase(),
        ),
      ),
    linkHolders: (provider: string, attributeName: string, value: string) =>
      all.filter((user) =>
        user.identities.some(
          (candidate) =>
            !candidate.primary &&
            candidate.providerName === provider &&
            (candidate.signedIn
              ? attributeName === SUBJECT && candidate.userId === value
              : candidate.linkAttributeName === attributeName && candidate.linkAttributeValue === value),
        ),
      ),
    linkAttributeNames: (provider: string) =>
      new Set(all.flatMap((user) => user.identities.filter((candidate) => candidate.providerName === provider && candidate.linkAttributeName !== SUBJECT).map((candidate) => candidate.linkAttributeName))),
  };
}

describe('twin directory indexes agree with a scan of every user', () => {
  const configs = [
    { caseSensitive: false, usernameAttributes: [], aliasAttributes: ['email', 'preferred_username'] },
    { caseSensitive: true, usernameAttributes: [], aliasAttributes: ['email', 'phone_number'] },
    { caseSensitive: false, usernameAttributes: ['email'], aliasAttributes: [] },
  ] as const;

  test.each(configs.map((config) => [JSON.stringify(config), config] as const))('%s', (_, config) => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), fc.constantFrom('destination' as const, 'not_found' as const), (changes, linkedUsernameLookup) => {
        const switches = resolveSwitches({ linkedUsernameLookup });
        const directory = new Directory({ caseSensitive: config.caseSensitive, usernameAttributes: [...config.usernameAttributes], aliasAttributes: [...config.aliasAttributes] }, switches);
        apply(directory, changes);
        const reference = scan(directory, switches);
        const subs = directory.all.map((user) => user.sub).concat('sub-missing');
        for (const name of [...NAMES, ...VALUES, ...directory.all.map((user) => user.username)]) {
          expect(directory.byUsername(name)).toBe(reference.byUsername(name));
          expect(directory.byLinkedUsername(name)).toBe(reference.byLinkedUsername(name));
        }
        for (const sub of subs) expect(directory.bySub(sub)).toBe(reference.bySub(sub));
        for (const value of [...VALUES, '+447000000000', '+447000000001']) {
          expect(directory.byAlias(value)).toBe(reference.byAlias(value));
          for (const provider of PROVIDERS) {
            expect(directory.federatedUser(provider, value)).toBe(reference.federatedUser(provider, value));
            expect(directory.caseMismatchedLink(provider, value)).toBe(reference.caseMismatchedLink(provider, value));
            for (const mapped of [new Map(), new Map([['email', value]]), new Map([['custom:idp_sub', value], ['email', 'bob@acme.com']])]) {
              expect(directory.linkedIdentity(provider, value, mapped)).toEqual(reference.linkedIdentity(provider, value, mapped));
            }
            for (const attributeName of [SUBJECT, 'email', 'custom:idp_sub']) {
              const candidates = directory.linkCandidates(provider, attributeName, value);
              for (const holder of reference.linkHolders(provider, attributeName, value)) expect(candidates).toContain(holder);
            }
          }
          for (const attribute of ['email', 'preferred_username', 'name', 'username', 'sub']) {
            const filter = parseFilter(`${attribute} = "${value}"`)!;
            const candidates = directory.filterCandidates(filter.attribute, filter.operator, filter.value) ?? directory.all;
            for (const user of directory.all) if (matches(user, filter, directory, switches)) expect(candidates).toContain(user);
          }
        }
        for (const provider of PROVIDERS) expect(directory.linkAttributeNames(provider)).toEqual(reference.linkAttributeNames(provider));
      }),
      { numRuns: 40, seed: 16 },
    );
  });
});
