// Reads the link-policy trigger's refusals wherever an app meets them: the redirect's
// error_description (managed login, code or implicit flow) or an SDK error message (InitiateAuth,
// SignUp). Cognito wraps the trigger's text as `<Trigger> failed with error <text>.`, appending a
// period. USERNAME_RESERVED comes from SignUp and AdminCreateUser only (a username shaped like a
// federated user's `<provider>_…` name): ask for another username. Also recognises Cognito's own
// first-sign-in failure after an in-flight link: `Already found an entry for username <Provider>_<subject>`.

export type TriggerErrorCode = 'SSO_REQUIRED' | 'ACCOUNT_LINKED' | 'LINK_DENIED' | 'TRY_AGAIN' | 'USERNAME_RESERVED';

export type TriggerError =
  | {
      readonly kind: 'refusal';
      readonly code: TriggerErrorCode;
      /** Exact-case IdP name (SSO_REQUIRED, ACCOUNT_LINKED): pass it as identity_provider. */
      readonly provider?: string;
      /** The text to show users. */
      readonly message: string;
    }
  | {
      readonly kind: 'already_found_entry';
      /** The federated username Cognito names, possibly lower-cased: for logs, not for identity_provider. */
      readonly username: string;
    };

const REFUSAL = /(?:^|\bfailed with error\s+)(SSO_REQUIRED|ACCOUNT_LINKED|LINK_DENIED|TRY_AGAIN|USERNAME_RESERVED)(?:\(([^()\s]+)\))?(?::\s*([\s\S]*?)|\.)?\s*$/;
const ALREADY_FOUND = /Already found an entry for username\s+(\S+?)\.?\s*$/i;

export function parseTriggerError(text: string | null | undefined): TriggerError | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  const already = ALREADY_FOUND.exec(trimmed);
  if (already) return { kind: 'already_found_entry', username: already[1]! };
  const refusal = REFUSAL.exec(trimmed);
  if (!refusal) return undefined;
  const [, code, provider, rawMessage] = refusal;
  // Cognito's appended period stays: the trigger dropped its own, so the sentence ends once.
  const message = rawMessage ?? '';
  return { kind: 'refusal', code: code as TriggerErrorCode, ...(provider ? { provider } : {}), message };
}

/** error and error_description from a callback URL's query string or fragment. */
export function callbackError(url: string | URL): { readonly error: string; readonly description: string } | undefined {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  for (const params of [parsed.searchParams, new URLSearchParams(parsed.hash.replace(/^#/, ''))]) {
    const error = params.get('error');
    if (error !== null) return { error, description: params.get('error_description') ?? '' };
  }
  return undefined;
}
