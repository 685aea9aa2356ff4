// The generic trigger: dispatch on triggerSource, run the path, log one line, then return the
// event unchanged or throw the refusal text. Created once per container with the indexed policy
// set; tests create it with their own set and environment.
import { DEFAULT_MESSAGES } from '../policy/compiled';
import type { TriggerPolicySet } from '../policy/trigger-view';
import { clientSettings, type ClientSettings } from './cognito/client';
import { describedClients } from './cognito/described-clients';
import { cognitoDirectory, type CognitoCall, type Directory, type DirectoryScope } from './cognito/directory';
import { readParameters, type ParameterReader } from './cognito/parameters';
import { proceed, refuse } from './engine/decision';
import { stringField, type TriggerEvent } from './engine/event';
import { indexPolicySet } from './engine/policy-index';
import { refusal, refusalText } from './engine/refusal';
import { federatedSignUp } from './flows/federated-sign-up';
import type { FlowResult } from './flows/flow-result';
import { preAuthentication, type PreAuthContainerState } from './flows/pre-authentication';
import { Trace } from './engine/trace';
import { signUp } from './flows/sign-up';
import { decisionLine } from './observability/decision-log';
import { containerConfiguration, type ConfigurationSnapshot } from './runtime/configuration';
import { budgetMs, startDeadline } from './runtime/deadline';

/** The subset of the Lambda context the trigger uses. */
export interface TriggerContext {
  readonly awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}

export interface HandlerOptions {
  /** The trigger view (policy/trigger-view.ts); a whole compiled set also fits. */
  readonly policySet: TriggerPolicySet;
  readonly env?: NodeJS.ProcessEnv;
  readonly write?: (line: string) => void;
  readonly now?: () => number;
  /** The Cognito adapter; tests substitute a fake. */
  readonly openDirectory?: (scope: DirectoryScope) => Directory;
  /** The Parameter Store adapter; tests substitute a fake. */
  readonly readParameters?: ParameterReader;
}

export type TriggerHandler = <E extends TriggerEvent>(event: E, context?: TriggerContext) => Promise<E>;

export function createHandler(options: HandlerOptions): TriggerHandler {
  const index = indexPolicySet(options.policySet);
  const env = options.env ?? process.env;
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const openDirectory = options.openDirectory ?? cognitoDirectory;
  // Read by name once per container (runtime/configuration.ts): the stack's client kinds and the log hash key.
  const configuration = containerConfiguration(
    { ...(env.LINK_POLICY_CLIENTS_PARAMETER ? { clients: env.LINK_POLICY_CLIENTS_PARAMETER } : {}), ...(env.LINK_POLICY_LOG_HASH_KEY_PARAMETER ? { logHashKey: env.LINK_POLICY_LOG_HASH_KEY_PARAMETER } : {}) },
    index.set.digest,
    options.readParameters ?? readParameters,
    now,
  );
  const described = describedClients(now);
  const preAuthState: PreAuthContainerState = { sawIdentities: false };
  // explain and `link-policy test` set it; production does not, so the hot path builds no trace.
  const tracing = env.LINK_POLICY_TRACE === '1';
  // Read once per container, like the settings above: a process.env read is a call into C++.
  const configuredDeadline = env.LINK_POLICY_DEADLINE_MS;
  const settings = settingsPerRegion(env);
  let coldStart = true;

  return async (event, context) => {
    const started = now();
    // Anything may arrive (a test console, a misrouted invoke): read no field of a non-object.
    const shaped = isEventObject(event);
    const triggerSource = shaped ? stringField(event.triggerSource) : '';
    const calls: CognitoCall[] = [];
    const configCalls: CognitoCall[] = [];
    const trace = tracing ? new Trace() : undefined;
    const deadline = startDeadline(budgetMs(configuredDeadline, context?.getRemainingTimeInMillis?.()), now);
    const region = shaped ? stringField(event.region) : '';
    // Started now, awaited only where needed: the client kinds by pre authentication, the key by the log line.
    const parameterScope = { settings: settings(region), deadline, calls: configCalls };
    const configured = configuration.refresh(parameterScope);
    const directory = (): Directory =>
      openDirectory({
        poolId: stringField(event.userPoolId),
        settings: settings(region),
        deadline,
        calls,
      });
    const clientKinds = async (clientId: string) => {
      await configured;
      if (!configuration.current().clients?.has(clientId)) await configuration.rereadFor(clientId, parameterScope);
      const capabilities = configuration.current().clients?.get(clientId);
      return capabilities ? { capabilities, source: 'configuration' as const } : described.answer(stringField(event.userPoolId), clientId, directory);
    };

    let result: FlowResult;
    try {
      if (!shaped) {
        trace?.add('event', 'skip', 'the event is not a JSON object, so no Cognito trigger event: returned unchanged');
        result = { decision: proceed('malformed_event'), details: { event_type: eventType(event) } };
      } else {
        switch (triggerSource) {
        case 'PreSignUp_ExternalProvider':
          result = await federatedSignUp(index, event, directory, trace);
          break;
        case 'PreSignUp_SignUp':
          result = signUp(index, event, 'sign_up', trace);
          break;
        case 'PreSignUp_AdminCreateUser':
          result = signUp(index, event, 'admin_create', trace);
          break;
        case 'PreAuthentication_Authentication':
          result = await preAuthentication(index, event, directory, clientKinds, preAuthState, trace);
          break;
        default:
          trace?.add('trigger_source', 'skip', 'a trigger source this function does not handle: the event is returned unchanged');
          result = { decision: proceed('ignored_trigger') };
        }
      }
    } catch (error) {
      trace?.add('trigger', 'fail', `the trigger itself failed (${error instanceof Error ? error.name : typeof error}): refused with TRY_AGAIN`);
      // A bug, not a policy outcome: refuse with the generic text rather than leak internals.
      result = { decision: refuse('internal_error', refusal('TRY_AGAIN', DEFAULT_MESSAGES.try_again)), details: errorDetails(error) };
    }
    await configured;
    deadline.dispose();
    const config = configuration.current();

    write(
      decisionLine(
        {
          triggerSource,
          decision: result.decision,
          tenant: result.tenant,
          provider: result.provider,
          emailDomain: result.emailDomain,
          userName: shaped ? stringField(event.userName) : '',
          calls,
          latencyMs: now() - started,
          coldStart,
          policyDigest: index.set.digest,
          requestId: context?.awsRequestId ?? '',
          candidates: result.candidates,
          details: withConfiguration(result.details, config, configCalls),
          ...(trace ? { trace: trace.entries } : {}),
        },
        config.hasher,
      ),
    );
    coldStart = false;
    if (result.decision.action === 'refuse') throw refusalError(refusalText(result.decision.refusal));
    return event;
  };
}

/**
 * The error Cognito turns into the refusal the user sees: only its message counts. Made without a
 * stack trace, whose capture costs more than the rest of a warm refusal and would only show this
 * file's frames in the runtime's log of the error.
 */
function refusalError(message: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** clientSettings for the event's region, made once per region rather than at every directory opening. */
function settingsPerRegion(env: NodeJS.ProcessEnv): (region: string) => ClientSettings {
  let last: { readonly region: string; readonly settings: ClientSettings } | undefined;
  return (region) => {
    if (last?.region !== region) last = { region, settings: clientSettings(env, region) };
    return last.settings;
  };
}

/** The configuration reads of this invocation and what is unusable, when there is something to say. */
function withConfiguration(details: FlowResult['details'], config: ConfigurationSnapshot, configCalls: readonly CognitoCall[]): FlowResult['details'] {
  if (configCalls.length === 0 && config.logKeyProblem === undefined) return details;
  return {
    ...details,
    ...(configCalls.length > 0 ? { config_calls: configCalls.map((c) => (c.outcome === 'ok' ? c.operation : `${c.operation}:${c.outcome}`)) } : {}),
    ...(configCalls.length > 0 && config.clientsProblem ? { clients_parameter: config.clientsProblem } : {}),
    ...(config.logKeyProblem ? { log_hash_key: config.logKeyProblem } : {}),
  };
}

/** A JSON object: the only shape a Cognito trigger event has. */
function isEventObject(event: unknown): event is TriggerEvent {
  return typeof event === 'object' && event !== null && !Array.isArray(event);
}

function eventType(event: unknown): string {
  if (event === null) return 'null';
  return Array.isArray(event) ? 'array' : typeof event;
}

/** The error's name and stack frames; not its message, which may quote user data. */
function errorDetails(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map((line) => line.trim());
  return { error: error.name, error_frames: frames.slice(0, 8) };
}
