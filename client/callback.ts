// What an app should do with the URL its sign-in redirect came back to. The first federated
// sign-in that links an account may fail once: by design (the trigger's ACCOUNT_LINKED, policy
// after_link retry_code) or by Cognito ("Already found an entry for username …",
// docs/cognito-facts.md §5). Restarting the same federated sign-in then lands in the linked
// account; a one-shot flag in the given storage (e.g. sessionStorage) makes sure that happens at
// most once, so a persistent failure is shown instead of looping.
import { callbackError, parseTriggerError, type TriggerErrorCode } from './trigger-error';

/** The part of the Web Storage API the guard uses (sessionStorage fits). */
export interface GuardStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface CallbackOptions {
  readonly storage: GuardStorage;
  /** The identity_provider the app started this sign-in with, if any. */
  readonly provider?: string;
  readonly storageKey?: string;
}

export type CallbackAction =
  /** No error in the URL: continue with the code or tokens. */
  | { readonly action: 'continue' }
  /** Start the federated sign-in again, once, with identity_provider=provider when given. */
  | { readonly action: 'restart_sign_in'; readonly provider?: string }
  /** Password sign-in is not allowed for this user: offer (or redirect to) the IdP. */
  | { readonly action: 'use_sso'; readonly provider: string; readonly message: string }
  /** Show the message; code is the trigger's when it is one. */
  | { readonly action: 'show_error'; readonly message: string; readonly code?: TriggerErrorCode };

export const DEFAULT_GUARD_KEY = 'link-policy:sign-in-restarted';

export function handleSignInCallback(url: string | URL, options: CallbackOptions): CallbackAction {
  const key = options.storageKey ?? DEFAULT_GUARD_KEY;
  const error = callbackError(url);
  if (!error) {
    options.storage.removeItem(key);
    return { action: 'continue' };
  }
  const parsed = parseTriggerError(error.description);
  const restart = parsed?.kind === 'already_found_entry' || (parsed?.kind === 'refusal' && parsed.code === 'ACCOUNT_LINKED');
  if (restart) {
    if (options.storage.getItem(key) !== null) {
      options.storage.removeItem(key);
      return { action: 'show_error', message: error.description, ...(parsed.kind === 'refusal' ? { code: parsed.code } : {}) };
    }
    options.storage.setItem(key, '1');
    const provider = parsed.kind === 'refusal' ? parsed.provider ?? options.provider : options.provider;
    return provider === undefined ? { action: 'restart_sign_in' } : { action: 'restart_sign_in', provider };
  }
  options.storage.removeItem(key);
  if (parsed?.kind === 'refusal' && parsed.code === 'SSO_REQUIRED' && parsed.provider) {
    return { action: 'use_sso', provider: parsed.provider, message: parsed.message };
  }
  if (parsed?.kind === 'refusal') return { action: 'show_error', message: parsed.message, code: parsed.code };
  return { action: 'show_error', message: error.description || error.error };
}

/** The authorize URL that restarts a federated sign-in (managed login's /oauth2/authorize). */
export function authorizeUrl(params: {
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly provider?: string;
  readonly scope?: string;
  readonly state?: string;
  readonly responseType?: 'code' | 'token';
}): string {
  const url = new URL('/oauth2/authorize', params.domain.startsWith('http') ? params.domain : `https://${params.domain}`);
  url.searchParams.set('response_type', params.responseType ?? 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  if (params.provider) url.searchParams.set('identity_provider', params.provider);
  if (params.scope) url.searchParams.set('scope', params.scope);
  if (params.state) url.searchParams.set('state', params.state);
  return url.toString();
}
