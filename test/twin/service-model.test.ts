// The twin's wire layer comes from Cognito's official service model (vendor/aws-model/): the
// generated table must be exactly what the generator makes of the vendored files, every pattern
// must carry over to JavaScript, and the error mapping and response check must hold the twin to it.
import { readFileSync } from 'node:fs';
import {
  BotocoreModel,
  generateFromVendored,
  generateSsmFromVendored,
  GENERATED_MODEL_PATH,
  GENERATED_SSM_MODEL_PATH,
  generateTwinModel,
  javaPatternToJs,
  MODEL_PATH,
} from '../../scripts/gen-twin-model';
import { CognitoServiceError, errors } from '../../twin/errors';
import { answerFor, DOCUMENTED_EXCEPTIONS, errorListed, httpStatus, PROTOCOL_ERRORS } from '../../twin/wire/error-mapping';
import { responseProblems } from '../../twin/wire/response-members';
import { SERVED_OPERATIONS } from '../../twin/wire/served-operations';
import { operationEntry } from '../../twin/wire/service-model';
import { validate } from '../../twin/wire/validation';

const model = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as BotocoreModel;

describe('the generated table (twin/wire/service-model.generated.ts)', () => {
  test('is exactly what `npm run gen:twin-model` makes of vendor/aws-model/ (run it after changing the model or the served operations)', () => {
    expect(readFileSync(GENERATED_MODEL_PATH, 'utf8')).toBe(generateFromVendored());
  });

  test("Systems Manager's table (twin/wire/ssm-model.generated.ts) is exactly what the generator makes of SSM's vendored model", () => {
    expect(readFileSync(GENERATED_SSM_MODEL_PATH, 'utf8')).toBe(generateSsmFromVendored());
  });

  test('adding an operation is one line in served-operations.ts: the generator takes any operation of the model', () => {
    const table = generateTwinModel(model, {}, [...SERVED_OPERATIONS, 'GlobalSignOut']);
    expect(table).toMatch(/^ {2}GlobalSignOut: \{"input":"GlobalSignOutRequest"/m);
    expect(() => generateTwinModel(model, {}, ['NoSuchOperation'])).toThrow('operation NoSuchOperation is not in the model');
  });

  test('every pattern in the whole model carries over to JavaScript (a new construct fails generation, not validation)', () => {
    const patterns = new Set(Object.values(model.shapes).flatMap((shape) => (shape.pattern === undefined ? [] : [shape.pattern])));
    expect(patterns.size).toBeGreaterThan(30);
    for (const pattern of patterns) expect(() => javaPatternToJs(pattern)).not.toThrow();
  });
});

describe('Java patterns as JavaScript (MODEL patterns are Java regular expressions, matched whole)', () => {
  const whole = (pattern: string, text: string) => {
    const { source, flags } = javaPatternToJs(pattern);
    return new RegExp(`^(?:${source})$`, flags).test(text);
  };

  test('Unicode classes carry over with the u flag', () => {
    expect(whole('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', 'Zoë-ü_1')).toBe(true);
    expect(whole('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', 'has space')).toBe(false);
  });

  test("(?s) becomes the s flag: '.' then matches line breaks", () => {
    expect(javaPatternToJs('(?s).*')).toEqual({ source: '.*', flags: 'su' });
    expect(whole('(?s).*', 'two\nlines')).toBe(true);
  });

  test("\\s and \\S are Java's ASCII whitespace: a no-break space is not whitespace in Java", () => {
    expect(whole('[\\S]+', 'a\u00a0b')).toBe(true);
    expect(whole('[\\S]+', 'a b')).toBe(false);
    expect(whole('[\\w\\s+=.@-]+', 'a\tb')).toBe(true);
    expect(whole('[\\w\\s+=.@-]+', 'a\u2003b')).toBe(false);
  });

  test('a construct it cannot translate is refused', () => {
    expect(() => javaPatternToJs('[a-z&&[^q]]')).toThrow('nested class');
  });
});

describe('validation walks the model (MODEL constraints at every depth)', () => {
  const failure = (operation: Parameters<typeof validate>[0], input: Record<string, unknown>) => {
    try {
      validate(operation, input);
    } catch (error) {
      return error as CognitoServiceError;
    }
    return undefined;
  };

  test('nested list members: userAttributes.N.member.name, required inside list items, sensitive values hidden', () => {
    const error = failure('AdminUpdateUserAttributes', {
      UserPoolId: 'eu-west-1_abc',
      Username: 'alice',
      UserAttributes: [{ Name: 'email', Value: 'x'.repeat(2049) }, { Value: 'v' }],
    });
    expect(error?.type).toBe('InvalidParameterException');
    expect(error?.message).toBe(
      "2 validation errors detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048; " +
        "Value null at 'userAttributes.2.member.name' failed to satisfy constraint: Member must not be null",
    );
  });

  test("the current AttributeNameType pattern allows tabs and spaces (older pools' pattern did not)", () => {
    expect(failure('AdminUpdateUserAttributes', { UserPoolId: 'eu-west-1_abc', Username: 'a', UserAttributes: [{ Name: 'custom:a b', Value: '1' }] })).toBeUndefined();
  });

  test('AdminLinkProviderForUser UserPoolId is a StringType without a pattern; ProviderNameType has one', () => {
    const error = failure('AdminLinkProviderForUser', {
      UserPoolId: 'not a pool id',
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'x' },
      SourceUser: { ProviderName: 'Bad\u0007Name', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 's' },
    });
    expect(error?.message).toBe(
      "1 validation error detected: Value 'Bad\u0007Name' at 'sourceUser.providerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+",
    );
  });

  test('SignUp Password is optional (MODEL: required are ClientId and Username)', () => {
    expect(failure('SignUp', { ClientId: 'abc', Username: 'pat' })).toBeUndefined();
  });

  test('ListIdentityProviders MaxResults 0-60 (ListProvidersLimitType); ListUserPoolClients MaxResults 1-60 (QueryLimit)', () => {
    expect(failure('ListIdentityProviders', { UserPoolId: 'eu-west-1_abc', MaxResults: 0 })).toBeUndefined();
    expect(failure('ListUserPoolClients', { UserPoolId: 'eu-west-1_abc', MaxResults: 0 })?.message).toBe(
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  test('enums: AuthFlow', () => {
    expect(failure('InitiateAuth', { ClientId: 'abc', AuthFlow: 'PASSWORD' })?.message).toMatch(
      /^1 validation error detected: Value 'PASSWORD' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: \[USER_SRP_AUTH, /,
    );
  });

  test('a value of the wrong JSON type is a SerializationException, at any depth', () => {
    expect(failure('ListUsers', { UserPoolId: 'eu-west-1_abc', Limit: '5' })?.type).toBe('com.amazon.coral.service#SerializationException');
    expect(failure('AdminCreateUser', { UserPoolId: 'eu-west-1_abc', Username: 'a', UserAttributes: [{ Name: 1 }] })?.type).toBe(
      'com.amazon.coral.service#SerializationException',
    );
  });
});

describe('error mapping: an operation answers only the errors the model lists for it', () => {
  test('a listed error goes out as it is; an unlisted one becomes a twin defect that names it', () => {
    const listed = errors.userNotFound();
    expect(answerFor('AdminGetUser', listed)).toBe(listed);
    const unlisted = answerFor('ListUsers', errors.userNotFound());
    expect(unlisted.type).toBe('InternalErrorException');
    expect(unlisted.message).toBe('Twin defect: ListUsers answered UserNotFoundException (User does not exist.), which the model does not list for ListUsers');
  });

  test('protocol errors and the documented exceptions only', () => {
    for (const operation of SERVED_OPERATIONS) for (const type of PROTOCOL_ERRORS) expect(errorListed(operation, type)).toBe(true);
    expect(errorListed('AdminCreateUser', 'AliasExistsException')).toBe(true);
    expect(operationEntry('AdminCreateUser').errors).not.toContain('AliasExistsException');
    for (const [operation, exceptions] of Object.entries(DOCUMENTED_EXCEPTIONS)) {
      for (const [type, source] of Object.entries(exceptions ?? {})) {
        expect(operationEntry(operation as (typeof SERVED_OPERATIONS)[number]).errors).not.toContain(type);
        expect(source).toMatch(/^MODEL /);
      }
    }
  });

  test('every error the twin can raise is one some served operation lists (a misspelt type cannot slip through)', () => {
    const listedSomewhere = new Set([...SERVED_OPERATIONS.flatMap((operation) => operationEntry(operation).errors), ...PROTOCOL_ERRORS]);
    for (const [name, make] of Object.entries(errors)) {
      const error = (make as (...args: string[]) => CognitoServiceError)('x', 'y');
      expect([name, listedSomewhere.has(error.type)]).toEqual([name, true]);
    }
  });

  test('HTTP status: 400 for client errors as observed (switch m default), the Smithy model\'s status with smithy_model, 500 for server faults', () => {
    const statuses = (mode: 'all_400' | 'smithy_model') =>
      ['UserNotFoundException', 'ResourceNotFoundException', 'NotAuthorizedException', 'TooManyRequestsException', 'InvalidParameterException', 'InternalErrorException'].map(
        (type) => httpStatus(type, mode),
      );
    expect(statuses('all_400')).toEqual([400, 400, 400, 400, 400, 500]);
    expect(statuses('smithy_model')).toEqual([404, 404, 403, 429, 400, 500]);
    expect(httpStatus('com.amazon.coral.service#UnknownOperationException', 'smithy_model')).toBe(400);
  });
});

describe('responses carry only members the model defines', () => {
  test('an unknown member or a wrong type is reported, nested too', () => {
    expect(responseProblems('AdminGetUser', { Username: 'a', Enabled: true, UserAttributes: [{ Name: 'sub', Value: '1' }] })).toEqual([]);
    expect(responseProblems('AdminGetUser', { Username: 'a', Extra: 1 })).toEqual(['Extra is not a member of AdminGetUserResponse']);
    expect(responseProblems('AdminGetUser', { UserAttributes: [{ Name: 'sub', Value: 1 }] })).toEqual(['UserAttributes[0].Value is number, the model says a string']);
    expect(responseProblems('AdminDeleteUser', {})).toEqual([]);
  });
});
