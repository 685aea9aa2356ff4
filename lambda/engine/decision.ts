// What every engine path returns: continue (the event goes back to Cognito unchanged) or refuse
// (the handler throws the refusal text), with the reason code for the log.
import type { ReasonCode } from './reasons';
import type { Refusal } from './refusal';

export type Decision =
  | { readonly action: 'continue'; readonly reason: ReasonCode }
  | { readonly action: 'refuse'; readonly reason: ReasonCode; readonly refusal: Refusal };

export function proceed(reason: ReasonCode): Decision {
  return { action: 'continue', reason };
}

export function refuse(reason: ReasonCode, r: Refusal): Decision {
  return { action: 'refuse', reason, refusal: r };
}
