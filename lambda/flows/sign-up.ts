// PreSignUp_SignUp and PreSignUp_AdminCreateUser: decided from the event alone.
import type { TriggerEvent } from '../engine/event';
import type { PolicyIndex } from '../engine/policy-index';
import { decideSignUp } from '../engine/sign-up';
import type { Trace } from '../engine/trace';
import type { FlowResult } from './flow-result';

export function signUp(index: PolicyIndex, event: TriggerEvent, kind: 'sign_up' | 'admin_create', trace?: Trace): FlowResult {
  const { decision, facts } = decideSignUp(index, event, kind, trace);
  return { decision, tenant: facts.tenant, provider: facts.provider, emailDomain: facts.emailDomain };
}
