// Generated worlds for the property tests: a valid policy set (2-4 tenants picked as recipes, the
// same recipes the benchmark uses, so every policy shape the format allows at that level appears),
// the twin switches for what Cognito leaves undocumented, the users already in the pool, and a
// sequence of sign-ins, sign-ups and invitations whose claims mix the tenants' own values with
// foreign domains, wrong case, look-alike characters, missing and malformed values.
import fc from 'fast-check';
import type { LinkableStatus } from '../../../policy/compiled';
import type { TwinSwitches } from '../../../twin';
import { providerName, type ProviderKind, type ProviderRecipe, type TenantRecipe } from '../../../bench/tenants/recipe';
import type { SignInMethods } from '../../../policy/schema-types.generated';

const TENANT_WORDS = ['acme', 'globex', 'initech', 'umbrella'] as const;
const ENTERPRISE: readonly ProviderKind[] = ['saml_entra', 'saml_adfs', 'oidc_okta', 'oidc_auth0'];
const VENDOR: Readonly<Record<string, string>> = { saml_entra: 'Entra', saml_adfs: 'ADFS', oidc_okta: 'Okta', oidc_auth0: 'Auth0' };
const SOCIAL: readonly ProviderKind[] = ['google', 'apple', 'facebook', 'amazon'];
const STATUSES: readonly LinkableStatus[] = ['CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED'];
const LOCAL_PARTS = ['alice', 'bob', 'dana', 'it-oncall'] as const;
/** Domains no tenant owns, some of them look-alikes of tenant domains. */
const FOREIGN_DOMAINS = ['gmail.com', 'example.org', 'acme.com.evil.example', 'acme-corp.example'] as const;

export type UserStatusSpec = 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface UserSpec {
  readonly username: string;
  /** Index into the world's email vocabulary; undefined: no email. */
  readonly email?: number;
  readonly status: UserStatusSpec;
  readonly enabled: boolean;
  readonly emailVerified: 'true' | 'false' | undefined;
  /** Identities already linked: provider index and subject. */
  readonly linked: readonly { readonly provider: number; readonly subject: number }[];
}

export type EmailVariant = 'as_is' | 'upper' | 'padded' | 'lookalike';

export type EmailClaim =
  | { readonly kind: 'vocabulary'; readonly index: number; readonly variant: EmailVariant }
  /** The email of the world's n-th seeded user: the claim that can actually link. */
  | { readonly kind: 'user'; readonly user: number; readonly variant: EmailVariant }
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed'; readonly text: string };

export type ActionSpec =
  | {
      readonly kind: 'federated';
      /** Index into the pool's providers, or 'owner': the provider of the tenant owning the claimed email's domain. */
      readonly provider: number | 'owner';
      readonly subject: number;
      readonly email: EmailClaim;
      readonly emailVerified: true | false | 'true' | 'True' | undefined;
      /** What the claim mapped to the subject attribute holds: the subject, nothing, or another value. */
      readonly subjectClaim: 'exact' | 'missing' | 'other';
    }
  | { readonly kind: 'password'; readonly user: number }
  | { readonly kind: 'sign_up'; readonly username: string; readonly email: EmailClaim }
  | { readonly kind: 'admin_create'; readonly username: string; readonly email: EmailClaim };

export interface WorldSpec {
  readonly tenants: readonly TenantRecipe[];
  readonly unknownProvider: 'allow' | 'deny';
  readonly switches: Partial<TwinSwitches>;
  /** Subjects the world's sign-ins draw from (a small set, so identities repeat and sign in again). */
  readonly subjects: readonly string[];
  readonly users: readonly UserSpec[];
  readonly actions: readonly ActionSpec[];
}

function capitalised(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

function tenantArbitrary(index: number, social: ProviderKind | undefined): fc.Arbitrary<TenantRecipe> {
  const id = TENANT_WORDS[index] as string;
  const domainChoices = [`${id}.com`, `${id}.co.uk`, `${id}-labs.example`];
  const providerArb = (slot: number) =>
    fc.record({
      kind: fc.constantFrom(...ENTERPRISE),
      trusted: fc.integer({ min: 0, max: 5 }).map((n) => n > 0 || slot > 0),
      connection: fc.boolean(),
      // Cognito allows '_' as a provider name's second character (MODEL ProviderNameTypeV2).
      underscore: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    }).map(({ kind, trusted, connection, underscore }): ProviderRecipe => {
      const base = `${capitalised(id)}${VENDOR[kind]}${slot}`;
      return { kind, name: underscore ? `${base.charAt(0)}_${base.slice(1)}` : base, trusted, connection };
    });
  return fc
    .record({
      domains: fc.subarray(domainChoices, { minLength: 1 }),
      enterprise: fc.array(fc.nat(), { minLength: social ? 0 : 1, maxLength: 2 }).chain((slots) => fc.tuple(...slots.map((_, slot) => providerArb(slot)))),
      enabled: fc.integer({ min: 0, max: 6 }).map((n) => n > 0),
      matchCase: fc.constantFrom('insensitive' as const, 'insensitive' as const, 'exact' as const),
      statuses: fc.subarray([...STATUSES], { minLength: 1 }),
      onNoMatch: fc.constantFrom('create_user' as const, 'deny' as const),
      afterLink: fc.constantFrom('continue' as const, 'retry_code' as const),
      onUnavailable: fc.constantFrom('fail_closed' as const, 'fail_open' as const),
      passwordSignIn: fc.constantFrom('allow' as const, 'block_linked_users' as const, 'block_tenant_domains' as const),
      passwordSignUp: fc.constantFrom('allow' as const, 'block' as const),
      adminCreateUser: fc.constantFrom('allow' as const, 'block' as const),
      exemptUser: fc.boolean(),
      exemptEmail: fc.boolean(),
      customMessages: fc.boolean(),
    })
    .map((r): TenantRecipe => {
      const providers: ProviderRecipe[] = [...r.enterprise];
      if (social) providers.push({ kind: social, name: social, trusted: true, connection: true });
      return {
        id,
        displayName: capitalised(id),
        domains: r.domains,
        providers,
        linking: { enabled: r.enabled, matchCase: r.matchCase, statuses: r.statuses, onNoMatch: r.onNoMatch, afterLink: r.afterLink, onUnavailable: r.onUnavailable },
        nativeLogin: {
          passwordSignIn: r.passwordSignIn,
          passwordSignUp: r.passwordSignUp,
          adminCreateUser: r.adminCreateUser,
          exemptUsernames: r.exemptUser ? ['u0'] : [],
          exemptEmails: r.exemptEmail ? [`it-oncall@${r.domains[0]}`] : [],
        },
        customMessages: r.customMessages,
      };
    });
}

/** The tenants, each social provider at most once (their names are fixed per pool). */
const tenantsArbitrary: fc.Arbitrary<TenantRecipe[]> = fc
  .integer({ min: 2, max: 4 })
  .chain((count) => fc.tuple(fc.constant(count), fc.array(fc.constantFrom<ProviderKind | undefined>(undefined, ...SOCIAL), { minLength: count, maxLength: count })))
  .chain(([count, socials]) => {
    const seen = new Set<ProviderKind>();
    const unique = socials.map((kind) => (kind && !seen.has(kind) ? (seen.add(kind), kind) : undefined));
    return fc.tuple(...Array.from({ length: count }, (_, index) => tenantArbitrary(index, unique[index])));
  })
  .chain((tenants) => fc.tuple(...tenants.map((tenant) => signInMethodsArbitrary(tenant, tenants))).map((methods) => tenants.map((tenant, index) => withMethods(tenant, methods[index]))));

/**
 * sign_in_methods as a tenant might write them: mostly the defaults (refuse other providers only
 * for block_tenant_domains), else each rule stated: allow, refuse, or allow_only some providers
 * (its own, or other tenants'). own_providers is never refuse: the validator rejects that.
 */
function signInMethodsArbitrary(tenant: TenantRecipe, all: readonly TenantRecipe[]): fc.Arbitrary<SignInMethods | undefined> {
  const own = tenant.providers.map(providerName);
  const others = all.filter((other) => other !== tenant).flatMap((other) => other.providers.map(providerName));
  const list = (names: readonly string[]) => fc.subarray([...names], { minLength: 1 }).map((allow_only) => ({ allow_only: allow_only as [string, ...string[]] }));
  const ownRule = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant('allow' as const) }, { weight: 1, arbitrary: list(own) });
  const otherRule = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('allow' as const) },
    { weight: 2, arbitrary: fc.constant('refuse' as const) },
    ...(others.length > 0 ? [{ weight: 1, arbitrary: list(others) }] : []),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 3,
      arbitrary: fc.record({ own: ownRule, other: otherRule }).map(({ own: o, other }) =>
        o === undefined && other === undefined ? undefined : { ...(o !== undefined ? { own_providers: o } : {}), ...(other !== undefined ? { other_providers: other } : {}) },
      ),
    },
  );
}

function withMethods(tenant: TenantRecipe, methods: SignInMethods | undefined): TenantRecipe {
  return methods === undefined ? tenant : { ...tenant, signInMethods: methods };
}

/** Every email a world's users and claims draw from: tenant domains and foreign ones. */
export function emailVocabulary(tenants: readonly TenantRecipe[]): string[] {
  const domains = [...tenants.flatMap((tenant) => tenant.domains), ...FOREIGN_DOMAINS];
  return domains.flatMap((domain) => LOCAL_PARTS.map((local) => `${local}@${domain}`));
}

const variantArbitrary = fc.constantFrom<EmailVariant>('as_is', 'as_is', 'as_is', 'upper', 'padded', 'lookalike');

const emailClaimArbitrary = (vocabulary: number): fc.Arbitrary<EmailClaim> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.record({ kind: fc.constant('user' as const), user: fc.nat(19), variant: variantArbitrary }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('vocabulary' as const), index: fc.nat(vocabulary - 1), variant: variantArbitrary }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('malformed' as const),
        text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('a@b@acme.com', 'alice@', '@acme.com', 'alice@acme.com\u0000', 'alice@acme.com\u202e', 'ali"ce@acme.com', 'a\\b@acme.com', 'x'.repeat(300) + '@acme.com')),
      }),
    },
  );

/** Subject shapes seen in the wild: mixed case, '_' inside, a backslash (AD FS), a quote; each in a few numbered copies so that first sign-ins keep happening. */
const SUBJECT_SHAPES = ['AbC-12', 'abc-12', 'Sub_With_Underscore', '00uXyZ', 'AD\\rumesh', 'quote"sub', '9988'];
const SUBJECT_POOL = SUBJECT_SHAPES.flatMap((shape) => [0, 1, 2, 3, 4].map((n) => `${shape}${n}`));
/** Social providers' subjects have no upper-case letters (the policies' case_stable_because). */
export const LOWER_SUBJECTS = ['123456789', '001234.0a1b2c.00', '9988'].flatMap((shape) => [0, 1, 2, 3, 4].map((n) => `${shape}${n}`));

export interface WorldSize {
  /** Most actions per world: short worlds shrink fast (jest), long ones spread the policy's set-up cost (the script). */
  readonly maxActions: number;
}

export const worldArbitrary = (size: WorldSize = { maxActions: 60 }): fc.Arbitrary<WorldSpec> => tenantsArbitrary.chain((tenants) => {
  const vocabulary = emailVocabulary(tenants).length;
  const providers = tenants.reduce((sum, tenant) => sum + tenant.providers.length, 0);
  const subjects = SUBJECT_POOL.length + LOWER_SUBJECTS.length;
  const user = (index: number): fc.Arbitrary<UserSpec> =>
    fc.record({
      username: fc.constant(`u${index}`),
      email: fc.option(fc.nat(vocabulary - 1), { nil: undefined, freq: 8 }),
      status: fc.constantFrom<UserStatusSpec>('CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED'),
      enabled: fc.boolean().map((b) => b || index % 3 !== 0),
      emailVerified: fc.constantFrom<'true' | 'false' | undefined>('true', 'true', 'true', 'false', undefined),
      linked: fc.array(fc.record({ provider: fc.nat(providers - 1), subject: fc.nat(subjects - 1) }), { maxLength: 5 }),
    });
  const action: fc.Arbitrary<ActionSpec> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('federated' as const),
        provider: fc.oneof({ weight: 3, arbitrary: fc.constant('owner' as const) }, { weight: 2, arbitrary: fc.nat(providers) }),
        subject: fc.nat(subjects - 1),
        email: emailClaimArbitrary(vocabulary),
        emailVerified: fc.constantFrom(true, true, true, 'true' as const, false, 'True' as const, undefined),
        subjectClaim: fc.constantFrom('exact' as const, 'exact' as const, 'exact' as const, 'exact' as const, 'exact' as const, 'missing' as const, 'other' as const),
      }),
    },
    {
      // The sign-in most likely to link: the owning tenant's provider, a seeded user's email, verified, exact subject.
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('federated' as const),
        provider: fc.constant('owner' as const),
        subject: fc.nat(subjects - 1),
        email: fc.record({ kind: fc.constant('user' as const), user: fc.nat(19), variant: fc.constantFrom<EmailVariant>('as_is', 'as_is', 'upper') }),
        emailVerified: fc.constant(true),
        subjectClaim: fc.constant('exact' as const),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('password' as const), user: fc.nat(19) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('sign_up' as const), username: fc.constantFrom('new1', 'new2', 'u0'), email: emailClaimArbitrary(vocabulary) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('admin_create' as const), username: fc.constantFrom('inv1', 'inv2', 'u0'), email: emailClaimArbitrary(vocabulary) }) },
  );
  return fc.record({
    tenants: fc.constant(tenants),
    unknownProvider: fc.constantFrom('allow' as const, 'deny' as const),
    switches: fc.record({
      linkedIdentityPreAuth: fc.constantFrom('native_username' as const, 'provider_username' as const, 'not_invoked' as const),
      preAuthIdentities: fc.constantFrom('present' as const, 'absent' as const),
      firstSignInAfterInFlightLink: fc.constantFrom('fails_once' as const, 'succeeds' as const),
      repeatedLinkError: fc.constantFrom('already_linked' as const, 'invalid_source_user' as const),
      listUsersEmailMatch: fc.constantFrom('case_insensitive' as const, 'case_sensitive' as const),
      linkForceChangePassword: fc.constantFrom('allowed' as const, 'alias_exists' as const),
      unmappedEmailVerified: fc.constantFrom('false_placeholder' as const, 'absent' as const),
      caseMismatchedLinkSignIn: fc.constantFrom('new_user' as const, 'invalid_combination' as const),
      linkedUsernameLookup: fc.constantFrom('destination' as const, 'not_found' as const),
      secondLinkSameProvider: fc.constantFrom('linked' as const, 'linked_with_error' as const),
    }),
    subjects: fc.constant([...SUBJECT_POOL, ...LOWER_SUBJECTS]),
    users: fc.integer({ min: 1, max: 20 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => user(index)))),
    actions: fc.array(action, { minLength: Math.min(10, size.maxActions), maxLength: size.maxActions, size: 'max' }),
  });
});
