// What the stack and the operator put in Parameter Store for the trigger, done on the twin: the
// function is created knowing only the parameter names (derived from a prefix, as the stack derives
// them from name_prefix), and the client-kinds map is written once the pool's clients exist.
import { clientKindsDocument, parameterNames } from '../lambda/runtime/configuration';
import type { UserPool } from './pool/pool';
import type { Twin } from './twin';

export interface StackParameterOptions {
  /** The policy digest the map is written for: the function's own (CompiledPolicySet.digest). */
  readonly policyDigest: string;
  /** The operator's SecureString; omitted: not created (the function logs users as "redacted"). */
  readonly logHashKey?: string;
}

/** The function's environment for a deployment prefixed `prefix`: the names it reads, nothing else. */
export function parameterEnvironment(prefix: string): Record<string, string> {
  const names = parameterNames(prefix);
  return { LINK_POLICY_CLIENTS_PARAMETER: names.clients, LINK_POLICY_LOG_HASH_KEY_PARAMETER: names.logHashKey };
}

/** Writes the client-kinds map of `pool` (and the log hash key) under `prefix`, as an apply would. */
export function writeStackParameters(twin: Twin, pool: UserPool, prefix: string, options: StackParameterOptions): void {
  const names = parameterNames(prefix);
  const clients = pool.clientNames.map((name) => pool.clientSettings(name));
  twin.parameters.put({ name: names.clients, type: 'String', value: JSON.stringify(clientKindsDocument(clients, options.policyDigest)) });
  if (options.logHashKey !== undefined) twin.parameters.put({ name: names.logHashKey, type: 'SecureString', value: options.logHashKey });
}
