// Classifies what an SDK call threw. Only the adapter sees SDK errors; the handler sees one of
// these kinds (and the error's name, for the log: messages can hold user data and are not logged).

export type CognitoFailureKind =
  /** Throttled, 5xx, timed out, aborted by the deadline, or unreachable: try again later. */
  | 'unavailable'
  /** AdminLinkProviderForUser says the link exists (to be confirmed with AdminGetUser). */
  | 'already_linked'
  | 'user_not_found'
  /** Any other refusal (limit, merge, alias, parameter, permission). */
  | 'refused';

export class CognitoCallError extends Error {
  constructor(
    readonly operation: string,
    readonly kind: CognitoFailureKind,
    readonly errorName: string,
  ) {
    super(`${operation} failed: ${errorName} (${kind})`);
    this.name = 'CognitoCallError';
  }
}

const UNAVAILABLE_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'InternalErrorException',
  'ServiceUnavailableException',
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// A repeated AdminLinkProviderForUser fails with one of these although the link exists
// (docs/cognito-facts.md §4: the newer message, and the older one seen on trigger retries:
// aws-sdk-js-v3 #5281, amplify-js #13334, boto3 #4163; aws/aws-sdk #766).
const ALREADY_LINKED_MESSAGES = [
  /SourceUser is already linked to DestinationUser/i,
  /Invalid SourceUser: Cognito users with a username\/password may not be passed in as a SourceUser/i,
];

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

export function errorName(error: unknown): string {
  const name = (error as ErrorLike | null)?.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

export function classifyCognitoError(error: unknown): CognitoFailureKind {
  const e = (error ?? {}) as ErrorLike;
  const name = errorName(error);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : 0;
  if (UNAVAILABLE_NAMES.has(name) || status >= 500 || (typeof e.code === 'string' && NETWORK_CODES.has(e.code))) {
    return 'unavailable';
  }
  if (name === 'UserNotFoundException') return 'user_not_found';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name === 'InvalidParameterException' && ALREADY_LINKED_MESSAGES.some((pattern) => pattern.test(message))) {
    return 'already_linked';
  }
  return 'refused';
}
