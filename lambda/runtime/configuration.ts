// What the function learns once per container from Parameter Store, by names it is configured with
// (never by a resource attribute: the pool refers to the function, so nothing created after the
// pool can flow into the function's settings without a dependency cycle):
//
//   LINK_POLICY_CLIENTS_PARAMETER       the stack's "app client id -> sign-in kind" map, written
//                                       after the clients exist, tagged with the policy digest;
//   LINK_POLICY_LOG_HASH_KEY_PARAMETER  the operator's SecureString holding the log hash key, so the
//                                       key is in neither the function's environment nor Terraform state.
//
// Both are read with one GetParameters call, started by the first invocation and awaited only where
// needed (the client map by pre authentication, the key by the log line). What could not be read is
// tried again after a back-off (1 s, doubling to 5 minutes), never on every invocation; what was read
// is kept for the container's life. A client map written for another policy digest (an apply still
// under way) is stale: not used, read again after the back-off. A client id the map does not list
// makes one more read of the map (once per id): a client created after this container read it is
// then found without DescribeUserPoolClient. Client ids come from Cognito, one per app client of
// the pool, so this is bounded by the pool's clients (UNKNOWN_CLIENT_REREADS, Cognito's default
// quota of app clients per pool, caps it anyway).
import { capabilitiesOfKind, clientCapabilities, clientKind, isClientKind, type ClientCapabilities, type ClientKind } from '../engine/client-capabilities';
import { CognitoCallError } from '../cognito/errors';
import type { ParameterReader, ParameterScope } from '../cognito/parameters';
import { userHasher, type UserHasher } from '../observability/user-hash';

/** The shortest log hash key accepted: an HMAC key shorter than its 32-byte output is guessable sooner. */
export const LOG_HASH_KEY_MIN_LENGTH = 32;
export const CONFIGURATION_RETRY_BASE_MS = 1000;
export const CONFIGURATION_RETRY_MAX_MS = 5 * 60 * 1000;
export const UNKNOWN_CLIENT_REREADS = 1000;

export interface ConfigurationNames {
  readonly clients?: string;
  readonly logHashKey?: string;
}

/** Why a configured parameter is not in use (absent: in use, or not configured). */
export type ParameterProblem = 'unavailable' | 'missing' | 'unreadable' | 'stale' | 'too_short';

export interface ConfigurationSnapshot {
  /** Client id -> capabilities, when the stack's map is loaded and written for this policy digest. */
  readonly clients?: ReadonlyMap<string, ClientCapabilities>;
  readonly clientsProblem?: ParameterProblem;
  /** Hashes users for the log; "redacted" until a usable key is loaded. */
  readonly hasher: UserHasher;
  readonly logKeyProblem?: ParameterProblem;
  /** The error name of the last failed read, for the log line. */
  readonly error?: string;
}

/** The stack's parameter value (stack/client-kinds-parameter.ts writes it). */
export interface ClientKindsDocument {
  readonly version: 1;
  readonly policy_digest: string;
  readonly clients: Readonly<Record<string, string>>;
}

/** Every configuration parameter lives under this root: no name_prefix can start it with the reserved "aws" or "ssm". */
export const PARAMETER_ROOT = '/cognito-link-policy';

/** The parameter names of a deployment whose resources are prefixed `prefix` (the stack's name_prefix). */
export function parameterNames(prefix: string): { readonly clients: string; readonly logHashKey: string } {
  return { clients: `${PARAMETER_ROOT}/${prefix}/app-clients`, logHashKey: `${PARAMETER_ROOT}/${prefix}/log-hash-key` };
}

/** An app client as created: its id and the exact providers and flows it was given. */
export interface CreatedClient {
  readonly id: string;
  readonly supportedIdentityProviders: readonly string[];
  readonly explicitAuthFlows: readonly string[];
}

/** The client-kinds parameter's value, as the stack writes it (the ids may be Terraform references). */
export function clientKindsDocument(clients: readonly CreatedClient[], policyDigest: string): ClientKindsDocument {
  const kinds: Record<string, ClientKind> = {};
  for (const client of clients) kinds[client.id] = clientKind(clientCapabilities(client.supportedIdentityProviders, client.explicitAuthFlows));
  return { version: 1, policy_digest: policyDigest, clients: kinds };
}

export interface ContainerConfiguration {
  /**
   * Reads what is still missing if a read is due (otherwise resolves at once); joins a read under
   * way. Never rejects: problems are in the snapshot.
   */
  refresh(scope: ParameterScope): Promise<void>;
  /** For a client id the loaded map does not list: reads the map once more (once per id). */
  rereadFor(clientId: string, scope: ParameterScope): Promise<void>;
  current(): ConfigurationSnapshot;
}

export function containerConfiguration(names: ConfigurationNames, policyDigest: string, read: ParameterReader, now: () => number): ContainerConfiguration {
  const redacted = userHasher(undefined);
  let snapshot: ConfigurationSnapshot = { hasher: redacted };
  let clientsDone = names.clients === undefined;
  let keyDone = names.logHashKey === undefined;
  let failures = 0;
  let retryAt = 0;
  let loading: Promise<void> | undefined;
  const reread = new Set<string>();

  async function load(scope: ParameterScope): Promise<void> {
    const wanted = [...(clientsDone ? [] : [names.clients!]), ...(keyDone ? [] : [names.logHashKey!])];
    const { error: _previous, ...kept } = snapshot;
    let next: ConfigurationSnapshot = kept;
    try {
      const reading = await read(wanted, scope);
      if (!clientsDone) {
        const value = reading.values.get(names.clients!);
        const parsed = value === undefined ? 'missing' : parseClientKinds(value, policyDigest);
        if (typeof parsed === 'string') next = { ...withoutClients(next), clientsProblem: parsed };
        else {
          next = { ...withoutClients(next), clients: parsed };
          clientsDone = true;
        }
      }
      if (!keyDone) {
        const key = reading.values.get(names.logHashKey!);
        if (key === undefined || key.length < LOG_HASH_KEY_MIN_LENGTH) {
          next = { ...next, hasher: redacted, logKeyProblem: key === undefined ? 'missing' : 'too_short' };
        } else {
          next = { ...withoutKeyProblem(next), hasher: userHasher(key) };
          keyDone = true;
        }
      }
    } catch (error) {
      if (!(error instanceof CognitoCallError)) throw error;
      next = {
        ...next,
        error: error.errorName,
        ...(clientsDone ? {} : { clientsProblem: 'unavailable' as const }),
        ...(keyDone ? {} : { logKeyProblem: 'unavailable' as const }),
      };
    }
    snapshot = next;
    if (clientsDone && keyDone) return;
    failures += 1;
    retryAt = now() + Math.min(CONFIGURATION_RETRY_BASE_MS * 2 ** (failures - 1), CONFIGURATION_RETRY_MAX_MS);
  }

  return {
    refresh(scope) {
      if (loading) return loading;
      if ((clientsDone && keyDone) || now() < retryAt) return Promise.resolve();
      loading = load(scope).finally(() => {
        loading = undefined;
      });
      return loading;
    },
    async rereadFor(clientId, scope) {
      if (loading) await loading;
      if (names.clients === undefined || !snapshot.clients || snapshot.clients.has(clientId)) return;
      if (reread.has(clientId) || reread.size >= UNKNOWN_CLIENT_REREADS) return;
      reread.add(clientId);
      clientsDone = false;
      loading = load(scope).finally(() => {
        loading = undefined;
      });
      await loading;
    },
    current: () => snapshot,
  };
}

/** The map, or why it cannot be used. */
export function parseClientKinds(value: string, policyDigest: string): Map<string, ClientCapabilities> | 'unreadable' | 'stale' {
  let document: unknown;
  try {
    document = JSON.parse(value);
  } catch {
    return 'unreadable';
  }
  if (typeof document !== 'object' || document === null) return 'unreadable';
  const { version, policy_digest: digest, clients } = document as Partial<Record<keyof ClientKindsDocument, unknown>>;
  if (version !== 1 || typeof digest !== 'string' || typeof clients !== 'object' || clients === null || Array.isArray(clients)) return 'unreadable';
  const map = new Map<string, ClientCapabilities>();
  for (const [id, kind] of Object.entries(clients)) {
    if (!isClientKind(kind)) return 'unreadable';
    map.set(id, capabilitiesOfKind(kind));
  }
  return digest === policyDigest ? map : 'stale';
}

function withoutClients(snapshot: ConfigurationSnapshot): ConfigurationSnapshot {
  const { clients: _clients, clientsProblem: _problem, ...rest } = snapshot;
  return rest;
}

function withoutKeyProblem(snapshot: ConfigurationSnapshot): ConfigurationSnapshot {
  const { logKeyProblem: _problem, ...rest } = snapshot;
  return rest;
}
