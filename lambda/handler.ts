// The generic trigger: dispatch on triggerSource, run the path, log one line, then return the
// event unchanged or throw the refusal text. Created once per container with the indexed policy
// set; tests create it with their own set and environment.
import { DEFAULT_MESSAGES } from '../policy/compiled';
import type { TriggerPolicySet } from '../policy/trigger-view';
import { clientSettings, type ClientSettings } from './cognito/client';
import { cognitoDirectory, type CognitoCall, type Directory, type DirectoryScope } from './cognito/directory';
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
import { userHasher } from './observability/user-hash';
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
}

export type TriggerHandler = <E extends TriggerEvent>(event: E, context?: TriggerContext) => Promise<E>;

export function createHandler(options: HandlerOptions): TriggerHandler {
  const index = indexPolicySet(options.policySet);
  const env = options.env ?? process.env;
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const openDirectory = options.openDirectory ?? cognitoDirectory;
  const hash = userHasher(env.LINK_POLICY_LOG_HASH_KEY);
  const preAuthState: PreAuthContainerState = { sawIdentities: false };
  // explain and `link-policy test` set it; production does not, so the hot path builds no trace.
  const tracing = env.LINK_POLICY_TRACE === '1';
  // Read once per container, like the settings above: a process.env read is a call into C++.
  const configuredDeadline = env.LINK_POLICY_DEADLINE_MS;
  const settings = settingsPerRegion(env);
  let coldStart = true;

  return async (event, context) => {
    const started = now();
    const triggerSource = stringField(event.triggerSource);
    const calls: CognitoCall[] = [];
    const trace = tracing ? new Trace() : undefined;
    const deadline = startDeadline(budgetMs(configuredDeadline, context?.getRemainingTimeInMillis?.()), now);
    const directory = (): Directory =>
      openDirectory({
        poolId: stringField(event.userPoolId),
        settings: settings(stringField(event.region)),
        deadline,
        calls,
        now,
      });

    let result: FlowResult;
    try {
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
          result = await preAuthentication(index, event, directory, preAuthState, trace);
          break;
        default:
          trace?.add('trigger_source', 'skip', 'a trigger source this function does not handle: the event is returned unchanged');
          result = { decision: proceed('ignored_trigger') };
      }
    } catch (error) {
      trace?.add('trigger', 'fail', `the trigger itself failed (${error instanceof Error ? error.name : typeof error}): refused with TRY_AGAIN`);
      // A bug, not a policy outcome: refuse with the generic text rather than leak internals.
      result = { decision: refuse('internal_error', refusal('TRY_AGAIN', DEFAULT_MESSAGES.try_again)), details: errorDetails(error) };
    } finally {
      deadline.dispose();
    }

    write(
      decisionLine(
        {
          triggerSource,
          decision: result.decision,
          tenant: result.tenant,
          provider: result.provider,
          emailDomain: result.emailDomain,
          userName: stringField(event.userName),
          calls,
          latencyMs: now() - started,
          coldStart,
          policyDigest: index.set.digest,
          requestId: context?.awsRequestId ?? '',
          candidates: result.candidates,
          details: result.details,
          ...(trace ? { trace: trace.entries } : {}),
        },
        hash,
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

/** The error's name and stack frames; not its message, which may quote user data. */
function errorDetails(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map((line) => line.trim());
  return { error: error.name, error_frames: frames.slice(0, 8) };
}
