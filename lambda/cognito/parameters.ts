// Reads the function's configuration parameters from Systems Manager Parameter Store: the app-client
// sign-in kinds the stack writes and the log hash key the operator creates (a SecureString, read
// decrypted). One GetParameters call for all of them; recorded like every AWS call, failures
// classified like Cognito's (an SDK error is an SDK error).
import type { Deadline } from '../runtime/deadline';
import { parametersClient, type ClientSettings } from './client';
import type { CognitoCall } from './directory';
import { CognitoCallError, classifyCognitoError, errorName } from './errors';

export interface ParameterReading {
  /** Name -> value, for the parameters that exist. */
  readonly values: ReadonlyMap<string, string>;
  /** Names Parameter Store does not have (GetParameters' InvalidParameters). */
  readonly missing: readonly string[];
}

export interface ParameterScope {
  readonly settings: ClientSettings;
  readonly deadline: Deadline;
  /** Appended to as calls complete. */
  readonly calls: CognitoCall[];
}

export type ParameterReader = (names: readonly string[], scope: ParameterScope) => Promise<ParameterReading>;

/** Throws CognitoCallError('GetParameters', kind, name) when Parameter Store does not answer. */
export const readParameters: ParameterReader = async (names, scope) => {
  try {
    const remaining = scope.deadline.remainingMs();
    if (remaining <= 0 || scope.deadline.signal.aborted) throw Object.assign(new Error('deadline reached'), { name: 'AbortError' });
    const { client, sdk, settings } = parametersClient(scope.settings);
    const answer = await client.send(new sdk.GetParametersCommand({ Names: [...names], WithDecryption: true }), {
      abortSignal: scope.deadline.signal,
      requestTimeout: Math.min(settings.callTimeoutMs, remaining),
    });
    scope.calls.push({ operation: 'GetParameters', outcome: 'ok' });
    const values = new Map<string, string>();
    for (const parameter of answer.Parameters ?? []) {
      if (parameter.Name !== undefined && parameter.Value !== undefined) values.set(parameter.Name, parameter.Value);
    }
    return { values, missing: names.filter((name) => !values.has(name)) };
  } catch (error) {
    scope.calls.push({ operation: 'GetParameters', outcome: errorName(error) });
    throw new CognitoCallError('GetParameters', classifyCognitoError(error), errorName(error));
  }
};
