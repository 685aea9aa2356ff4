// DescribeUserPoolClient, for app clients the stack's configuration does not list (created
// elsewhere, or added since this container read the map). Per container:
//   - an answer is trusted for CLIENT_CAPABILITIES_TTL_MS, then asked again (UpdateUserPoolClient
//     takes effect at once and does not redeploy the function);
//   - the last good answer is kept across failures and used while Cognito does not answer;
//   - a failure is not retried on every invocation: the client is left alone for a back-off
//     (1 s, doubling to 5 minutes), so a throttled API gets no extra load from this function;
//   - AccessDeniedException and ResourceNotFoundException are configuration errors (an IAM or SCP
//     change, a deleted client), reported as such in the log line rather than as an outage.
import { clientKind, type ClientCapabilities, type ClientKind } from '../engine/client-capabilities';
import type { Directory } from './directory';
import { CognitoCallError } from './errors';

/**
 * How long a described client is trusted. Long enough that DescribeUserPoolClient costs about one
 * call per client per container every 5 minutes; short enough that a client changed to offer
 * password sign-in (or SSO) is judged by its new capabilities soon after.
 */
export const CLIENT_CAPABILITIES_TTL_MS = 5 * 60 * 1000;
export const DESCRIBE_RETRY_BASE_MS = 1000;
export const DESCRIBE_RETRY_MAX_MS = 5 * 60 * 1000;

const CONFIGURATION_ERRORS = new Set(['AccessDeniedException', 'ResourceNotFoundException']);

export type ClientSource = 'configuration' | 'described' | 'last_described' | 'unknown';

export interface ClientAnswer {
  readonly capabilities: ClientCapabilities | 'unavailable';
  readonly source: ClientSource;
  /** The describe that failed in this invocation, or the back-off it is in. */
  readonly failure?: { readonly error: string; readonly kind: 'configuration' | 'unavailable' | 'backing_off' };
}

export interface DescribedClients {
  answer(poolId: string, clientId: string, directory: () => Directory): Promise<ClientAnswer>;
}

interface Entry {
  good?: { readonly capabilities: ClientCapabilities; readonly at: number };
  failures: number;
  retryAt: number;
  lastError?: string;
}

export function describedClients(now: () => number): DescribedClients {
  const entries = new Map<string, Entry>();
  return {
    async answer(poolId, clientId, directory) {
      const key = `${poolId}\u0000${clientId}`;
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = { failures: 0, retryAt: 0 }));
      const { good } = entry;
      if (good && now() - good.at < CLIENT_CAPABILITIES_TTL_MS) return { capabilities: good.capabilities, source: 'described' };
      const kept = (failure: NonNullable<ClientAnswer['failure']>): ClientAnswer =>
        good ? { capabilities: good.capabilities, source: 'last_described', failure } : { capabilities: 'unavailable', source: 'unknown', failure };
      if (now() < entry.retryAt) return kept({ error: entry.lastError ?? 'Error', kind: 'backing_off' });
      try {
        const capabilities = await directory().describeClient(clientId);
        entries.set(key, { good: { capabilities, at: now() }, failures: 0, retryAt: 0 });
        return { capabilities, source: 'described' };
      } catch (error) {
        if (!(error instanceof CognitoCallError)) throw error;
        entry.failures += 1;
        entry.retryAt = now() + Math.min(DESCRIBE_RETRY_BASE_MS * 2 ** (entry.failures - 1), DESCRIBE_RETRY_MAX_MS);
        entry.lastError = error.errorName;
        return kept({ error: error.errorName, kind: CONFIGURATION_ERRORS.has(error.errorName) ? 'configuration' : 'unavailable' });
      }
    },
  };
}

export function clientKindOf(answer: ClientAnswer): ClientKind | undefined {
  return answer.capabilities === 'unavailable' ? undefined : clientKind(answer.capabilities);
}
