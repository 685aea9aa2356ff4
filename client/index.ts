// Browser and Node helper for apps that sign in through a pool guarded by the link-policy trigger.
// No dependencies: copy it, bundle it, or import it.
export { handleSignInCallback, authorizeUrl, DEFAULT_GUARD_KEY } from './callback';
export type { CallbackAction, CallbackOptions, GuardStorage } from './callback';
export { parseTriggerError, callbackError } from './trigger-error';
export type { TriggerError, TriggerErrorCode } from './trigger-error';
