// Request validation against the service model's constraints (botocore cognito-idp service-2.json),
// reported as AWS does: InvalidParameterException "1 validation error detected: Value '…' at
// 'filter' failed to satisfy constraint: Member must have length less than or equal to 256"
// (aws-sdk-net #3565). Members marked sensitive in the model are reported without their value.

import { ATTRIBUTE_VALUE_MAX, LIST_USERS_FILTER_MAX, LIST_USERS_PAGE_MAX, PROVIDER_NAME_MAX } from '../../policy/cognito-limits';
import { CognitoServiceError, errors } from '../errors';

type Kind = 'string' | 'integer' | 'boolean' | 'object' | 'list';

interface Rule {
  /** Member path in the message, camelCase as AWS prints it (e.g. 'sourceUser.providerName'). */
  readonly path: string;
  readonly kind: Kind;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly values?: readonly string[];
  readonly sensitive?: boolean;
}

const USER_POOL_ID: Rule = { path: 'userPoolId', kind: 'string', required: true, minLength: 1, maxLength: 55, pattern: '[\\w-]+_[0-9a-zA-Z]+' };
const USERNAME: Rule = { path: 'username', kind: 'string', required: true, minLength: 1, maxLength: 128, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', sensitive: true };
const CLIENT_ID: Rule = { path: 'clientId', kind: 'string', required: true, minLength: 1, maxLength: 128, pattern: '[\\w+]+', sensitive: true };
const PASSWORD = (path: string, required: boolean): Rule => ({ path, kind: 'string', required, maxLength: 256, pattern: '[\\S]+', sensitive: true });
const USER_ATTRIBUTES = (required: boolean): Rule => ({ path: 'userAttributes', kind: 'list', required });
const PROVIDER_NAME = (path: string, required: boolean): Rule => ({ path, kind: 'string', required, minLength: 1, maxLength: PROVIDER_NAME_MAX });
const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'];
const MAX_RESULTS: Rule = { path: 'maxResults', kind: 'integer', min: 1, max: 60 };
const NEXT_TOKEN: Rule = { path: 'nextToken', kind: 'string', minLength: 1, pattern: '[\\S]+' };
const CLIENT_METADATA: Rule = { path: 'clientMetadata', kind: 'object' };

const USER_OPERATION = [USER_POOL_ID, USERNAME];

export const OPERATION_RULES: Readonly<Record<string, readonly Rule[]>> = {
  AdminCreateUser: [
    ...USER_OPERATION,
    USER_ATTRIBUTES(false),
    { path: 'validationData', kind: 'list' },
    PASSWORD('temporaryPassword', false),
    { path: 'forceAliasCreation', kind: 'boolean' },
    { path: 'messageAction', kind: 'string', values: ['RESEND', 'SUPPRESS'] },
    { path: 'desiredDeliveryMediums', kind: 'list' },
    CLIENT_METADATA,
  ],
  AdminGetUser: USER_OPERATION,
  AdminDeleteUser: USER_OPERATION,
  AdminDisableUser: USER_OPERATION,
  AdminEnableUser: USER_OPERATION,
  AdminConfirmSignUp: [...USER_OPERATION, CLIENT_METADATA],
  AdminUserGlobalSignOut: USER_OPERATION,
  AdminUpdateUserAttributes: [...USER_OPERATION, USER_ATTRIBUTES(true), CLIENT_METADATA],
  AdminSetUserPassword: [...USER_OPERATION, PASSWORD('password', true), { path: 'permanent', kind: 'boolean' }],
  ListUsers: [
    USER_POOL_ID,
    { path: 'attributesToGet', kind: 'list' },
    { path: 'limit', kind: 'integer', min: 0, max: LIST_USERS_PAGE_MAX },
    { path: 'paginationToken', kind: 'string', minLength: 1, pattern: '[\\S]+' },
    { path: 'filter', kind: 'string', maxLength: LIST_USERS_FILTER_MAX },
  ],
  AdminLinkProviderForUser: [
    USER_POOL_ID,
    { path: 'destinationUser', kind: 'object', required: true },
    { path: 'sourceUser', kind: 'object', required: true },
    PROVIDER_NAME('destinationUser.providerName', false),
    PROVIDER_NAME('sourceUser.providerName', false),
  ],
  AdminDisableProviderForUser: [USER_POOL_ID, { path: 'user', kind: 'object', required: true }, PROVIDER_NAME('user.providerName', false)],
  AdminInitiateAuth: [
    USER_POOL_ID,
    CLIENT_ID,
    { path: 'authFlow', kind: 'string', required: true, values: AUTH_FLOWS },
    { path: 'authParameters', kind: 'object' },
    CLIENT_METADATA,
  ],
  InitiateAuth: [CLIENT_ID, { path: 'authFlow', kind: 'string', required: true, values: AUTH_FLOWS }, { path: 'authParameters', kind: 'object' }, CLIENT_METADATA],
  AdminRespondToAuthChallenge: [USER_POOL_ID, CLIENT_ID, { path: 'challengeName', kind: 'string', required: true }, { path: 'challengeResponses', kind: 'object' }],
  RespondToAuthChallenge: [CLIENT_ID, { path: 'challengeName', kind: 'string', required: true }, { path: 'challengeResponses', kind: 'object' }],
  SignUp: [CLIENT_ID, USERNAME, PASSWORD('password', true), USER_ATTRIBUTES(false), { path: 'validationData', kind: 'list' }, CLIENT_METADATA],
  DescribeUserPool: [USER_POOL_ID],
  DescribeUserPoolClient: [USER_POOL_ID, CLIENT_ID],
  ListUserPoolClients: [USER_POOL_ID, MAX_RESULTS, NEXT_TOKEN],
  DescribeIdentityProvider: [USER_POOL_ID, PROVIDER_NAME('providerName', true)],
  ListIdentityProviders: [USER_POOL_ID, MAX_RESULTS, NEXT_TOKEN],
};

/** 'sourceUser.providerName' -> input.SourceUser.ProviderName */
function lookup(input: Record<string, unknown>, path: string): unknown {
  let value: unknown = input;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part.charAt(0).toUpperCase() + part.slice(1)];
  }
  return value;
}

function kindOf(value: unknown): Kind | 'other' {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'other';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object' && value !== null) return 'object';
  return 'other';
}

function violations(rule: Rule, value: unknown): string[] {
  const shown = (v: unknown) => (rule.sensitive ? `Value at '${rule.path}'` : `Value '${String(v)}' at '${rule.path}'`);
  const constraint = (text: string) => `${shown(value)} failed to satisfy constraint: Member must ${text}`;
  if (value === undefined || value === null) {
    return rule.required ? [`Value null at '${rule.path}' failed to satisfy constraint: Member must not be null`] : [];
  }
  // A value of the wrong JSON type never reaches validation: Coral rejects the document.
  if (kindOf(value) !== rule.kind) throw errors.serialization();
  const found: string[] = [];
  if (typeof value === 'string') {
    const length = [...value].length;
    if (rule.minLength !== undefined && length < rule.minLength) found.push(constraint(`have length greater than or equal to ${rule.minLength}`));
    if (rule.maxLength !== undefined && length > rule.maxLength) found.push(constraint(`have length less than or equal to ${rule.maxLength}`));
    if (rule.pattern !== undefined && length > 0 && !new RegExp(`^(?:${rule.pattern})$`, 'u').test(value)) {
      found.push(constraint(`satisfy regular expression pattern: ${rule.pattern}`));
    }
    if (rule.values && !rule.values.includes(value)) found.push(constraint(`satisfy enum value set: [${rule.values.join(', ')}]`));
  }
  if (typeof value === 'number') {
    if (rule.min !== undefined && value < rule.min) found.push(constraint(`have value greater than or equal to ${rule.min}`));
    if (rule.max !== undefined && value > rule.max) found.push(constraint(`have value less than or equal to ${rule.max}`));
  }
  return found;
}

/** Attribute lists: names 1-32 (AttributeNameType), values up to 2048 (AttributeValueType, sensitive). */
function attributeViolations(listPath: string, list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) => {
    if (typeof item !== 'object' || item === null) throw errors.serialization();
    const entry = item as Record<string, unknown>;
    const base = `${listPath}.${index + 1}.member`;
    return [
      ...violations({ path: `${base}.name`, kind: 'string', required: true, minLength: 1, maxLength: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' }, entry['Name']),
      ...violations({ path: `${base}.value`, kind: 'string', maxLength: ATTRIBUTE_VALUE_MAX, sensitive: true }, entry['Value']),
    ];
  });
}

export function validate(operation: string, input: Record<string, unknown>): void {
  const rules = OPERATION_RULES[operation] ?? [];
  const found: string[] = [];
  for (const rule of rules) {
    const value = lookup(input, rule.path);
    found.push(...violations(rule, value));
    if (rule.path === 'userAttributes' || rule.path === 'validationData') found.push(...attributeViolations(rule.path, value));
  }
  if (found.length > 0) {
    const count = found.length === 1 ? '1 validation error detected' : `${found.length} validation errors detected`;
    throw new CognitoServiceError('InvalidParameterException', `${count}: ${found.join('; ')}`);
  }
}
