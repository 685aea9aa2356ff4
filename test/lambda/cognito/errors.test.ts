import { classifyCognitoError, errorName } from '../../../lambda/cognito/errors';

const sdkError = (name: string, message = '', status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('Cognito error classification', () => {
  it.each([
    ['TooManyRequestsException', 400],
    ['InternalErrorException', 500],
    ['TimeoutError', 0],
    ['AbortError', 0],
    ['UnknownError', 503],
  ])('unavailable: %s (%d)', (name, status) => {
    expect(classifyCognitoError(sdkError(name, '', status))).toBe('unavailable');
  });

  it('unavailable: network failures', () => {
    expect(classifyCognitoError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('unavailable');
    expect(classifyCognitoError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('unavailable');
  });

  it('already_linked: both messages Cognito gives for a repeated link (docs/cognito-facts.md §4)', () => {
    expect(classifyCognitoError(sdkError('InvalidParameterException', 'SourceUser is already linked to DestinationUser'))).toBe('already_linked');
    expect(
      classifyCognitoError(
        sdkError('InvalidParameterException', 'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser'),
      ),
    ).toBe('already_linked');
  });

  it('refused: other refusals of the link, including the merge refusal and the limit', () => {
    expect(classifyCognitoError(sdkError('InvalidParameterException', 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link'))).toBe('refused');
    expect(classifyCognitoError(sdkError('LimitExceededException'))).toBe('refused');
    expect(classifyCognitoError(sdkError('AliasExistsException'))).toBe('refused');
    expect(classifyCognitoError(sdkError('NotAuthorizedException'))).toBe('refused');
  });

  it('user_not_found', () => {
    expect(classifyCognitoError(sdkError('UserNotFoundException'))).toBe('user_not_found');
  });

  it('names what it can, whatever was thrown', () => {
    expect(errorName(sdkError('X'))).toBe('X');
    expect(errorName('string')).toBe('Error');
    expect(errorName(null)).toBe('Error');
    expect(classifyCognitoError(undefined)).toBe('refused');
  });
});
