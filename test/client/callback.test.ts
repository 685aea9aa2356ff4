import { authorizeUrl, callbackError, DEFAULT_GUARD_KEY, handleSignInCallback, parseTriggerError, type GuardStorage } from '../../client';

function memoryStorage(): GuardStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const APP = 'https://app.example.com/callback';
/** What Cognito appends to the callback for a trigger error (docs/cognito-facts.md §8: amplify-js #4004, #14063). */
function withError(description: string, where: 'query' | 'fragment' = 'query'): string {
  const params = new URLSearchParams({ error_description: description, state: 's', error: 'invalid_request' }).toString();
  return where === 'query' ? `${APP}?${params}` : `${APP}#${params}`;
}

describe('parseTriggerError', () => {
  it('reads CODE(Provider): message from Cognito\'s wrapper, keeping the sentence\'s single period', () => {
    expect(parseTriggerError('PreSignUp failed with error ACCOUNT_LINKED(GlobexOkta): Your Okta sign-in is now connected. Continuing...')).toEqual({
      kind: 'refusal',
      code: 'ACCOUNT_LINKED',
      provider: 'GlobexOkta',
      message: 'Your Okta sign-in is now connected. Continuing...',
    });
    expect(parseTriggerError('PreAuthentication failed with error SSO_REQUIRED(AcmeEntraID): Acme uses single sign-on.')).toMatchObject({
      code: 'SSO_REQUIRED',
      provider: 'AcmeEntraID',
      message: 'Acme uses single sign-on.',
    });
    expect(parseTriggerError('PreSignUp failed with error LINK_DENIED: Ask IT.')).toEqual({ kind: 'refusal', code: 'LINK_DENIED', message: 'Ask IT.' });
    expect(parseTriggerError('PreSignUp failed with error TRY_AGAIN.')).toEqual({ kind: 'refusal', code: 'TRY_AGAIN', message: '' });
  });

  it('reads USERNAME_RESERVED from a SignUp error (a username in the federated users\' name space)', () => {
    expect(parseTriggerError('PreSignUp failed with error USERNAME_RESERVED: This username is not available. Please choose another.')).toEqual({
      kind: 'refusal',
      code: 'USERNAME_RESERVED',
      message: 'This username is not available. Please choose another.',
    });
  });

  it('recognises Cognito\'s "Already found an entry for username" (amplify-swift #2226, amplify-js #9976)', () => {
    expect(parseTriggerError('Already found an entry for username google_1048827 ')).toEqual({ kind: 'already_found_entry', username: 'google_1048827' });
    expect(parseTriggerError('already found an entry for username Google_1048827.')).toEqual({ kind: 'already_found_entry', username: 'Google_1048827' });
  });

  it('ignores anything else', () => {
    expect(parseTriggerError('PreSignUp failed with error User already exists..')).toBeUndefined();
    expect(parseTriggerError('')).toBeUndefined();
    expect(parseTriggerError(undefined)).toBeUndefined();
    expect(parseTriggerError('NOT_SSO_REQUIRED: x')).toBeUndefined();
  });
});

describe('callbackError', () => {
  it('reads the query (code flow) and the fragment (implicit flow), decoding "+"', () => {
    expect(callbackError(`${APP}?error=invalid_request&error_description=PreSignUp+failed+with+error+TRY_AGAIN.+`)).toEqual({
      error: 'invalid_request',
      description: 'PreSignUp failed with error TRY_AGAIN. ',
    });
    expect(callbackError(withError('x', 'fragment'))).toEqual({ error: 'invalid_request', description: 'x' });
    expect(callbackError(`${APP}?code=abc`)).toBeUndefined();
  });
});

describe('handleSignInCallback: restart the federated sign-in exactly once', () => {
  it('ACCOUNT_LINKED -> restart with the exact provider, then continue on success', () => {
    const storage = memoryStorage();
    const linked = withError('PreSignUp failed with error ACCOUNT_LINKED(GlobexOkta): Connected.');
    expect(handleSignInCallback(linked, { storage })).toEqual({ action: 'restart_sign_in', provider: 'GlobexOkta' });
    expect(storage.data.get(DEFAULT_GUARD_KEY)).toBe('1');
    expect(handleSignInCallback(`${APP}?code=abc&state=s`, { storage })).toEqual({ action: 'continue' });
    expect(storage.data.size).toBe(0);
  });

  it('"Already found an entry" -> restart with the provider the app started with (the username may be lower-cased)', () => {
    const storage = memoryStorage();
    expect(handleSignInCallback(withError('Already found an entry for username acmeentraid_abc-123', 'fragment'), { storage, provider: 'AcmeEntraID' })).toEqual({
      action: 'restart_sign_in',
      provider: 'AcmeEntraID',
    });
    const fresh = memoryStorage();
    expect(handleSignInCallback(withError('Already found an entry for username google_1'), { storage: fresh })).toEqual({ action: 'restart_sign_in' });
  });

  it('a second failure after a restart is shown, never restarted again', () => {
    const storage = memoryStorage();
    const url = withError('Already found an entry for username google_1');
    expect(handleSignInCallback(url, { storage }).action).toBe('restart_sign_in');
    expect(handleSignInCallback(url, { storage })).toEqual({ action: 'show_error', message: 'Already found an entry for username google_1' });
    expect(storage.data.size).toBe(0);
    expect(handleSignInCallback(url, { storage }).action).toBe('restart_sign_in');
  });

  it('SSO_REQUIRED -> use_sso with the provider and message', () => {
    expect(handleSignInCallback(withError('PreAuthentication failed with error SSO_REQUIRED(AcmeEntraID): Use SSO.'), { storage: memoryStorage() })).toEqual({
      action: 'use_sso',
      provider: 'AcmeEntraID',
      message: 'Use SSO.',
    });
  });

  it('LINK_DENIED, TRY_AGAIN and foreign errors are shown', () => {
    const storage = memoryStorage();
    expect(handleSignInCallback(withError('PreSignUp failed with error LINK_DENIED: Ask IT.'), { storage })).toEqual({ action: 'show_error', message: 'Ask IT.', code: 'LINK_DENIED' });
    expect(handleSignInCallback(withError('PreSignUp failed with error TRY_AGAIN: Later.'), { storage })).toEqual({ action: 'show_error', message: 'Later.', code: 'TRY_AGAIN' });
    expect(handleSignInCallback(withError('PreSignUp failed with error USERNAME_RESERVED: Choose another.'), { storage })).toEqual({
      action: 'show_error',
      message: 'Choose another.',
      code: 'USERNAME_RESERVED',
    });
    expect(handleSignInCallback(`${APP}?error=access_denied`, { storage })).toEqual({ action: 'show_error', message: 'access_denied' });
  });

  it('honours a custom storage key', () => {
    const storage = memoryStorage();
    handleSignInCallback(withError('PreSignUp failed with error ACCOUNT_LINKED(X_Corp): ok'), { storage, storageKey: 'k' });
    expect([...storage.data.keys()]).toEqual(['k']);
  });
});

describe('authorizeUrl', () => {
  it('builds the managed-login authorize URL with identity_provider', () => {
    const url = new URL(authorizeUrl({ domain: 'auth.example.com', clientId: 'c1', redirectUri: APP, provider: 'GlobexOkta', scope: 'openid email', state: 'st' }));
    expect(url.origin + url.pathname).toBe('https://auth.example.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'c1',
      redirect_uri: APP,
      identity_provider: 'GlobexOkta',
      scope: 'openid email',
      state: 'st',
    });
  });
});
