// The text users and apps see when the trigger refuses an operation. Cognito wraps it as
// `<Trigger> failed with error <text>.` and, for redirect flows, puts that in error_description
// (docs/cognito-facts.md §8), so it is short, single-line and starts with a stable code an app can
// parse: `CODE: message` or `CODE(ProviderName): message`. Reason codes stay out of it (they go
// to the log).

import type { TriggerTenant } from '../../policy/trigger-view';

export type RefusalCode = 'SSO_REQUIRED' | 'ACCOUNT_LINKED' | 'LINK_DENIED' | 'TRY_AGAIN' | 'USERNAME_RESERVED';

export interface Refusal {
  readonly code: RefusalCode;
  /** Exact-case provider name, for SSO_REQUIRED and ACCOUNT_LINKED. */
  readonly provider?: string;
  readonly message: string;
}

export function refusal(code: RefusalCode, message: string, provider?: string): Refusal {
  return provider === undefined ? { code, message } : { code, provider, message };
}

/**
 * Cognito appends a period to the trigger's message, so one trailing period is dropped here to
 * avoid "..": the user reads the policy's sentence exactly once. Whitespace is collapsed so the
 * text stays on one line whatever the policy holds.
 */
export function refusalText(r: Refusal): string {
  const message = r.message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  const head = r.provider === undefined ? r.code : `${r.code}(${r.provider})`;
  return message === '' ? head : `${head}: ${message}`;
}

/** Password sign-in or sign-up refused: the tenant's message, naming the provider to use instead. */
export function ssoRequired(tenant: TriggerTenant): Refusal {
  return refusal('SSO_REQUIRED', tenant.messages.sso_required, tenant.native_login.sso_provider);
}

/** A sign-up whose username is `<provider>_…`: one text for every tenant, naming no provider. */
export const USERNAME_RESERVED_MESSAGE = 'This username is not available. Please choose another.';

export function usernameReserved(): Refusal {
  return refusal('USERNAME_RESERVED', USERNAME_RESERVED_MESSAGE);
}
