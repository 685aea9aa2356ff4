// "What Cognito does next", in sentences: from what the twin actually did with a described sign-in
// (each federated attempt and the app's reaction), or, for a raw event, from the decision alone.
import type { LoggedDecision } from './decision';
import type { ActualOutcome, StepRun } from './steps';

const VIA: Record<string, string> = {
  new_user: 'Cognito creates a separate federated user ({user}) and signs it in.',
  federated_user: 'Cognito signs in the existing federated user {user}.',
  linked: 'The identity is linked: Cognito signs the user in to {user}.',
  linked_in_flight: 'Cognito signs the user in to {user}, to which the identity was linked during this sign-in.',
};

const APP_ACTION: Record<string, string> = {
  restart_sign_in: "The app's client helper (client/handleSignInCallback) restarts the federated sign-in once.",
  use_sso: 'The app offers, or redirects to, the identity provider named in SSO_REQUIRED.',
  show_error: 'The app shows the error to the user.',
};

export function describeRun(run: StepRun): string[] {
  if (run.kind === 'federated_sign_in') {
    return run.attempts.flatMap(({ result, appAction }) => {
      if (result.ok) return [(VIA[result.via] ?? 'Cognito signs the user in to {user}.').replace('{user}', result.username)];
      const reaction = APP_ACTION[appAction];
      const known = /^Already found an entry for username/i.test(result.errorDescription)
        ? ' This is Cognito ending a first sign-in whose identity was linked while it ran (sources disagree on whether it still happens; docs/trigger.md).'
        : '';
      return [`Cognito ends the sign-in and redirects to the app's callback with error=invalid_request and error_description "${result.errorDescription.trim()}".${known}`, ...(reaction ? [reaction] : [])];
    });
  }
  return [describeApiOutcome(run.kind, run.actual)];
}

function describeApiOutcome(kind: StepRun['kind'], actual: ActualOutcome): string {
  if (actual.outcome === 'refused' || actual.outcome === 'failed') return `Cognito answers the app with ${actual.cognitoError ?? actual.message ?? 'an error'}.`;
  switch (kind) {
    case 'password_sign_in':
      return 'Cognito checks the password and signs the user in (or asks for a new one, for a temporary password).';
    case 'sign_up':
      return 'Cognito creates the user, UNCONFIRMED until the address is confirmed.';
    default:
      return 'Cognito creates the user in FORCE_CHANGE_PASSWORD (an invitation with a temporary password).';
  }
}

/** For a raw event: what Cognito does with the trigger's answer. `thrown` is the text the trigger threw. */
export function describeDecision(decision: LoggedDecision, thrown: string | undefined): string[] {
  const trigger = decision.triggerSource.startsWith('PreSignUp') ? 'PreSignUp' : 'PreAuthentication';
  if (decision.action === 'refuse') {
    const text = `${trigger} failed with error ${thrown ?? decision.refusal ?? ''}.`;
    return decision.triggerSource === 'PreSignUp_ExternalProvider'
      ? [`Cognito ends the sign-in and redirects to the app's callback with error=invalid_request and error_description "${text}".`]
      : [`Cognito refuses the call with UserLambdaValidationException: ${text}`];
  }
  switch (decision.triggerSource) {
    case 'PreSignUp_ExternalProvider':
      return decision.reason === 'linked' || decision.reason === 'already_linked'
        ? [
            'Cognito goes on with the first sign-in of an identity that is now linked: it signs the user in to the linked user, or ends this sign-in once with "Already found an entry for username …" (sources disagree; the app\'s client helper restarts it).',
          ]
        : ['Cognito creates a separate federated user for the identity and signs it in.'];
    case 'PreAuthentication_Authentication':
      return ['Cognito goes on: it checks the password (or completes the federated sign-in) and issues tokens.'];
    case 'PreSignUp_SignUp':
      return ['Cognito creates the user, UNCONFIRMED until the address is confirmed.'];
    case 'PreSignUp_AdminCreateUser':
      return ['Cognito creates the user in FORCE_CHANGE_PASSWORD.'];
    default:
      return ['Cognito goes on as if the trigger were not there.'];
  }
}
