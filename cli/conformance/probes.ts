// The conformance probes: each settles twin switches or checks a fact the twin models, against the
// target pool, using only temporary users (lab.ts). What a probe cannot reach through the API (what
// Cognito does during a federated sign-in) is listed as not probed, with the reason.
import { linkableSubjectLength } from '../../policy/cognito-limits';
import { asciiLowerCase } from '../../lambda/engine/ascii-case';
import { parseIdentityElements } from '../../lambda/engine/identities';
import { clientCapabilities } from '../../lambda/engine/client-capabilities';
import { DEFAULT_SWITCHES, type SwitchName, type TwinSwitches } from '../../twin/switches';
import type { ConformanceCheck } from '../../twin/switch-report';
import { Lab, tempEmail, tempPassword, tempUsername, type PoolFacts } from './lab';

export interface Findings {
  readonly switches: Partial<Record<SwitchName, string>>;
  readonly notProbed: Partial<Record<SwitchName, string>>;
  readonly unexpected: Partial<Record<SwitchName, string>>;
  readonly checks: ConformanceCheck[];
  readonly observations: Record<string, unknown>;
}

export function emptyFindings(): Findings {
  return { switches: {}, notProbed: {}, unexpected: {}, checks: [], observations: {} };
}

/** What a probe does, for `--dry-run` and the docs. */
export interface ProbeDescription {
  readonly id: string;
  readonly what: string;
  readonly settles: readonly SwitchName[];
  readonly checks: readonly string[];
  /** Temporary users (role -> what for). */
  readonly users: Readonly<Record<string, string>>;
  /** Other writes, in words. */
  readonly writes: readonly string[];
  readonly needs: readonly ('provider' | 'password client')[];
}

export interface Probe extends ProbeDescription {
  run(lab: Lab, facts: PoolFacts, findings: Findings): Promise<void>;
}

/**
 * Switches no probe settles, with the reason (today: all are about what Cognito does during a
 * federated sign-in, which no API call reaches). A new switch goes here or into a probe's `settles`.
 */
export const NOT_PROBED: Readonly<Partial<Record<SwitchName, string>>> = {
  linkedIdentityPreAuth: 'what pre authentication receives for a linked identity: needs a federated sign-in through a real IdP (see the trigger log after one)',
  firstSignInAfterInFlightLink: 'needs a first federated sign-in through a real IdP while the trigger links',
  preAuthIdentities: 'needs a federated sign-in through a real IdP (see the trigger log after one)',
  unmappedEmailVerified: 'needs a federated sign-in through a real IdP that sends email but not email_verified',
  caseMismatchedLinkSignIn: 'needs a federated sign-in through a real IdP with a mixed-case subject',
};

const ALREADY_LINKED = /SourceUser is already linked to DestinationUser/;
const INVALID_SOURCE_USER = /^Invalid SourceUser: Cognito users with a username\/password may not be passed in as a SourceUser/;
const NOT_LINKED = "Account isn't linked to anyone else, verify that the account has been linked";

function check(findings: Findings, entry: Omit<ConformanceCheck, 'agrees'>): void {
  findings.checks.push({ ...entry, agrees: entry.expected === entry.observed });
}

function errorOf(error: unknown): { name: string; message: string; status?: number } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return { name: e.name ?? 'Error', message: e.message ?? '', ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}) };
}

async function attempt(run: () => Promise<unknown>): Promise<{ ok: true } | ({ ok: false } & ReturnType<typeof errorOf>)> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, ...errorOf(error) };
  }
}

function identitiesOf(user: Awaited<ReturnType<Lab['getUser']>>) {
  const raw = user?.UserAttributes?.find((attribute) => attribute.Name === 'identities')?.Value;
  return { raw, parsed: raw === undefined ? [] : parseIdentityElements(raw) };
}

const listUsersCase: Probe = {
  id: 'list-users-case',
  what: 'ListUsers case rules: email, preferred_username and given_name queried in lower case against mixed-case values',
  settles: ['listUsersEmailMatch'],
  checks: ['listUsers.preferredUsernameCase', 'listUsers.nameCase'],
  users: { case: 'holds a mixed-case email, preferred_username and given_name' },
  writes: [],
  needs: [],
  async run(lab, facts, findings) {
    const email = `Link-Policy-Conformance-${lab.runId}-Case@Example.Invalid`;
    const preferred = `LPConf-${lab.runId}-Pref`;
    const given = `LPConf-${lab.runId}-Given`;
    const username = await lab.createUser(facts, 'case', { email, preferred_username: preferred, given_name: given });
    if (!(await lab.awaitListed(username, 'email', email))) {
      findings.notProbed.listUsersEmailMatch = 'ListUsers did not list the new user by its exact email within 30 s (eventual consistency)';
      return;
    }
    const stored = (await lab.getUser(username))?.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value;
    findings.observations['listUsers.storedEmailCase'] = stored === email ? 'as given' : stored === undefined ? 'missing' : 'changed';
    const byLower = (attribute: string, value: string) => lab.listUsernames(attribute, asciiLowerCase(value)).then((names) => names.includes(username));
    findings.switches.listUsersEmailMatch = (await byLower('email', email)) ? 'case_insensitive' : 'case_sensitive';
    const expected = facts.caseSensitive ? 'exact' : 'ignores case';
    const pool = facts.caseSensitive ? 'case-sensitive' : 'case-insensitive';
    check(findings, {
      id: 'listUsers.preferredUsernameCase',
      fact: `ListUsers on preferred_username in a ${pool} pool`,
      source: 'MODEL UsernameConfigurationType ("also enables both preferred_username and email alias to be case insensitive")',
      expected,
      observed: (await byLower('preferred_username', preferred)) ? 'ignores case' : 'exact',
    });
    check(findings, {
      id: 'listUsers.nameCase',
      fact: `ListUsers on given_name (the name attributes) in a ${pool} pool`,
      source: 'GUIDE-2023 how-to-manage-user-accounts ("All searches are case-insensitive")',
      expected,
      observed: (await byLower('given_name', given)) ? 'ignores case' : 'exact',
    });
  },
};

const linking: Probe = {
  id: 'linking',
  what: 'AdminLinkProviderForUser and AdminDisableProviderForUser on a native user: the repeated link, identities, Provider_subject lookups, a second identity, unlinking',
  settles: ['repeatedLinkError', 'linkedUsernameLookup', 'secondLinkSameProvider'],
  checks: ['link.identitiesAttribute', 'unlink.removesIdentity', 'unlink.notLinkedMessage'],
  users: { link: 'gets a password (CONFIRMED), receives two fake identities of the provider, which are then unlinked' },
  writes: ['links fake identities (subjects starting with lpconf-) of the provider to the temporary user, then unlinks them'],
  needs: ['provider'],
  async run(lab, facts, findings) {
    const provider = facts.provider!.name;
    const subject = `lpconf-${lab.runId}-Subject`;
    const second = `lpconf-${lab.runId}-Second`;
    // CONFIRMED (a permanent password): whether a FORCE_CHANGE_PASSWORD user can be linked is a switch of its own.
    const username = await lab.createUser(facts, 'link', {}, tempPassword());
    await lab.link(username, provider, subject);

    const identities = identitiesOf(await lab.getUser(username));
    const entry = identities.parsed?.find((identity) => identity.providerName === provider && identity.userId === subject);
    findings.observations['link.identitiesKeys'] = entry === undefined ? null : Object.keys(entry);
    check(findings, {
      id: 'link.identitiesAttribute',
      fact: 'after a link the destination has `identities`, a JSON string with the exact subject, primary false',
      source: 'LINKING (docs/cognito-facts.md §2, §4)',
      expected: 'present, exact subject, primary false',
      observed: entry === undefined ? (identities.raw === undefined ? 'absent' : 'without the linked subject') : `present, exact subject, primary ${String(entry['primary'] ?? 'missing')}`,
    });

    const repeated = await attempt(() => lab.link(username, provider, subject));
    findings.observations['link.repeated'] = repeated.ok ? 'succeeded' : `${repeated.name}: ${repeated.message}`;
    if (!repeated.ok && repeated.name === 'InvalidParameterException' && ALREADY_LINKED.test(repeated.message)) findings.switches.repeatedLinkError = 'already_linked';
    else if (!repeated.ok && repeated.name === 'InvalidParameterException' && INVALID_SOURCE_USER.test(repeated.message)) findings.switches.repeatedLinkError = 'invalid_source_user';
    else findings.unexpected.repeatedLinkError = `the repeated link answered ${String(findings.observations['link.repeated'])}`;

    const byLinkedName = await lab.getUser(`${provider}_${subject}`);
    findings.switches.linkedUsernameLookup = byLinkedName?.Username === username ? 'destination' : 'not_found';
    if (byLinkedName !== undefined && byLinkedName.Username !== username) findings.unexpected.linkedUsernameLookup = 'AdminGetUser(<provider>_<subject>) found another user';

    const again = await attempt(() => lab.link(username, provider, second));
    const holdsSecond = identitiesOf(await lab.getUser(username)).parsed?.some((identity) => identity.userId === second) ?? false;
    findings.observations['link.secondOfProvider'] = again.ok ? 'succeeded' : `${again.name}: ${again.message}`;
    if (again.ok && holdsSecond) findings.switches.secondLinkSameProvider = 'linked';
    else if (!again.ok && holdsSecond && INVALID_SOURCE_USER.test(again.message)) findings.switches.secondLinkSameProvider = 'linked_with_error';
    else findings.unexpected.secondLinkSameProvider = `a second identity of the provider: ${String(findings.observations['link.secondOfProvider'])}, ${holdsSecond ? 'linked' : 'not linked'}`;

    const unlinked = await attempt(() => lab.disableProvider(provider, subject));
    const left = identitiesOf(await lab.getUser(username)).parsed ?? [];
    check(findings, {
      id: 'unlink.removesIdentity',
      fact: 'AdminDisableProviderForUser with Cognito_Subject and the exact subject removes that identity (before its first sign-in: the values used at link time)',
      source: 'MODEL AdminDisableProviderForUser',
      expected: 'removed',
      observed: !unlinked.ok ? `${unlinked.name}: ${unlinked.message}` : left.some((identity) => identity.userId === subject) ? 'still linked' : 'removed',
    });
    const twice = await attempt(() => lab.disableProvider(provider, subject));
    check(findings, {
      id: 'unlink.notLinkedMessage',
      fact: 'unlinking an identity that is not linked',
      source: 'aws-sdk-go #4218 (observed; docs/cognito-facts.md §6)',
      expected: `InvalidParameterException: ${NOT_LINKED}`,
      observed: twice.ok ? 'succeeded' : `${twice.name}: ${twice.message}`,
    });
  },
};

const forceChangePassword: Probe = {
  id: 'link-force-change-password',
  what: 'AdminLinkProviderForUser onto a user in FORCE_CHANGE_PASSWORD',
  settles: ['linkForceChangePassword'],
  checks: [],
  users: { fcp: 'stays in FORCE_CHANGE_PASSWORD and receives a fake identity' },
  writes: ['links a fake identity of the provider to the temporary user'],
  needs: ['provider'],
  async run(lab, facts, findings) {
    const username = await lab.createUser(facts, 'fcp', {});
    const linked = await attempt(() => lab.link(username, facts.provider!.name, `lpconf-${lab.runId}-Fcp`));
    findings.observations['link.forceChangePassword'] = linked.ok ? 'succeeded' : `${linked.name}: ${linked.message}`;
    if (linked.ok) findings.switches.linkForceChangePassword = 'allowed';
    else if (linked.name === 'AliasExistsException') findings.switches.linkForceChangePassword = 'alias_exists';
    else findings.unexpected.linkForceChangePassword = `answered ${linked.name}: ${linked.message}`;
  },
};

const linkLength: Probe = {
  id: 'link-length',
  what: 'AdminLinkProviderForUser with provider name + Cognito_Subject + subject of exactly 128 and of 129 characters',
  settles: ['linkSourceLengthLimit'],
  checks: [],
  users: { len128: 'receives a fake identity whose source is 128 characters', len129: 'receives one of 129 characters' },
  writes: ['links fake identities of the provider to the temporary users'],
  needs: ['provider'],
  async run(lab, facts, findings) {
    const provider = facts.provider!.name;
    const room = linkableSubjectLength(provider);
    const subject = (length: number) => `lpconf-${lab.runId}-`.padEnd(length, 'x');
    const atLimit = await attempt(async () => lab.link(await lab.createUser(facts, 'len128', {}, tempPassword()), provider, subject(room)));
    const over = await attempt(async () => lab.link(await lab.createUser(facts, 'len129', {}, tempPassword()), provider, subject(room + 1)));
    findings.observations['link.source128'] = atLimit.ok ? 'succeeded' : `${atLimit.name}: ${atLimit.message}`;
    findings.observations['link.source129'] = over.ok ? 'succeeded' : `${over.name}: ${over.message}`;
    if (!atLimit.ok) findings.unexpected.linkSourceLengthLimit = `a 128-character source was refused (${atLimit.name}: ${atLimit.message}): the limit is lower`;
    else if (over.ok) findings.switches.linkSourceLengthLimit = 'unlimited';
    else if (over.name === 'InvalidParameterException') findings.switches.linkSourceLengthLimit = 'combined_128';
    else findings.unexpected.linkSourceLengthLimit = `a 129-character source answered ${over.name}: ${over.message}`;
  },
};

const nativeProviderDisabled: Probe = {
  id: 'disable-native-provider',
  what: 'a password sign-in before and after AdminDisableProviderForUser(Cognito, Cognito_Subject, username)',
  settles: ['nativeProviderDisabledError'],
  checks: ['disableNative.signInBefore'],
  users: { native: 'gets a password, signs in, loses password sign-in' },
  writes: ['two password sign-ins through the password client (the pre authentication trigger runs)', 'AdminDisableProviderForUser(Cognito) on the temporary user'],
  needs: ['password client'],
  async run(lab, facts, findings) {
    const client = facts.passwordClient!;
    const password = tempPassword();
    const username = await lab.createUser(facts, 'native', {}, password);
    // Cognito needs the username here even in email-as-username pools (the sub); sign-in takes the email there.
    const signInName = facts.emailIsUsername ? tempEmail(lab.runId, 'native') : username;
    const before = await lab.signIn(client, signInName, password);
    check(findings, {
      id: 'disableNative.signInBefore',
      fact: 'a temporary user with a permanent password signs in through the password client (precondition)',
      source: 'MODEL InitiateAuth / AdminInitiateAuth',
      expected: 'signed in',
      observed: before.ok ? 'signed in' : `${before.name}: ${before.message}`,
    });
    if (!before.ok) {
      findings.notProbed.nativeProviderDisabledError = `the sign-in before disabling did not succeed (${before.name}): MFA or a trigger may stand in the way`;
      return;
    }
    await lab.disableProvider('Cognito', username);
    const after = await lab.signIn(client, signInName, password);
    findings.observations['disableNative.signInAfter'] = after.ok ? 'signed in' : `${after.name}: ${after.message}`;
    if (!after.ok && after.name === 'NotAuthorizedException' && after.message === 'Incorrect username or password.') findings.switches.nativeProviderDisabledError = 'incorrect_credentials';
    else if (!after.ok && after.name === 'NotAuthorizedException' && after.message === 'User is disabled.') findings.switches.nativeProviderDisabledError = 'user_disabled';
    else findings.unexpected.nativeProviderDisabledError = `the sign-in after disabling: ${String(findings.observations['disableNative.signInAfter'])}`;
  },
};

const errorStatus: Probe = {
  id: 'error-status',
  what: 'the HTTP status of UserNotFoundException (AdminGetUser of a user that does not exist)',
  settles: ['errorStatusCodes'],
  checks: [],
  users: {},
  writes: [],
  needs: [],
  async run(lab, _facts, findings) {
    const missing = await attempt(() => lab.adminGetUser(tempUsername(lab.runId, 'missing')));
    findings.observations['errorStatus.UserNotFoundException'] = missing.ok ? 'found' : missing.status ?? null;
    if (missing.ok || missing.name !== 'UserNotFoundException') findings.unexpected.errorStatusCodes = `AdminGetUser of a missing user answered ${missing.ok ? 'a user' : missing.name}`;
    else if (missing.status === 400) findings.switches.errorStatusCodes = 'all_400';
    else if (missing.status === 404) findings.switches.errorStatusCodes = 'smithy_model';
    else findings.unexpected.errorStatusCodes = `UserNotFoundException came with HTTP ${String(missing.status)}`;
  },
};

const describeClients: Probe = {
  id: 'describe-clients',
  what: "DescribeUserPoolClient of every app client: whether SupportedIdentityProviders and ExplicitAuthFlows are present, and what the trigger derives from them",
  settles: [],
  checks: [],
  users: {},
  writes: [],
  needs: [],
  async run(_lab, facts, findings) {
    const counts = { clients: facts.clients.length, withoutSupportedIdentityProviders: 0, withoutExplicitAuthFlows: 0, password: 0, sso: 0, passwordAndSso: 0, neither: 0 };
    for (const client of facts.clients) {
      if (client.SupportedIdentityProviders === undefined) counts.withoutSupportedIdentityProviders++;
      if (client.ExplicitAuthFlows === undefined) counts.withoutExplicitAuthFlows++;
      const capabilities = clientCapabilities(client.SupportedIdentityProviders, client.ExplicitAuthFlows);
      if (capabilities.password && capabilities.federated) counts.passwordAndSso++;
      else if (capabilities.password) counts.password++;
      else if (capabilities.federated) counts.sso++;
      else counts.neither++;
    }
    findings.observations['describeClients'] = counts;
  },
};

/** In the order they run. */
export const PROBES: readonly Probe[] = [errorStatus, describeClients, listUsersCase, linking, forceChangePassword, linkLength, nativeProviderDisabled];

/** Every switch some probe settles, for the docs and the tests. */
export const PROBED_SWITCHES: readonly SwitchName[] = PROBES.flatMap((probe) => probe.settles);

/** Defaults of the probed switches: what a twin run with defaults must report. */
export function defaultProbedSwitches(): Partial<TwinSwitches> {
  return Object.fromEntries(PROBED_SWITCHES.map((name) => [name, DEFAULT_SWITCHES[name]])) as Partial<TwinSwitches>;
}
