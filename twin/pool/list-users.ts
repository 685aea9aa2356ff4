// ListUsers: the filter grammar, the searchable attributes and their case rules, and paging with
// deliberately short pages so callers must follow PaginationToken.

import { LIST_USERS_PAGE_MAX } from '../../policy/cognito-limits';
import { errors } from '../errors';
import type { Random } from '../random';
import type { TwinSwitches } from '../switches';
import { firstInListOrderAfter, inListOrder, type Directory } from './directory';
import { userAttributeMap, userType, type UserRecord } from './model';

/** MODEL ListUsers: "You can only search for the following standard attributes". */
export const SEARCHABLE_ATTRIBUTES: readonly string[] = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
];

export interface ParsedFilter {
  readonly attribute: string;
  readonly operator: '=' | '^=';
  readonly value: string;
}

/**
 * `AttributeName Filter-Type "AttributeValue"` (MODEL). Inside the quotes the twin accepts exactly two
 * escapes, `\"` and `\\` (MODEL documents only `\"`; reference §7 advises escaping both). Any other
 * backslash, an unterminated value or trailing text is "Error while parsing filter.".
 */
export function parseFilter(filter: string): ParsedFilter | undefined {
  if (filter.trim() === '') return undefined;
  const head = /^\s*([A-Za-z0-9_:]+)\s*(\^=|=)\s*"/.exec(filter);
  if (!head) throw errors.filterParse();
  let value = '';
  let i = head[0].length;
  for (;;) {
    const ch = filter[i];
    if (ch === undefined) throw errors.filterParse();
    if (ch === '"') break;
    if (ch === '\\') {
      const next = filter[i + 1];
      if (next !== '"' && next !== '\\') throw errors.filterParse();
      value += next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  if (filter.slice(i + 1).trim() !== '') throw errors.filterParse();
  const attribute = head[1] as string;
  if (!SEARCHABLE_ATTRIBUTES.includes(attribute)) throw errors.invalidSearchAttribute(attribute);
  return { attribute, operator: head[2] as '=' | '^=', value };
}

/** The value a filter compares for this user, and whether the comparison ignores case. */
function searchable(
  user: UserRecord,
  attribute: string,
  directory: Directory,
  switches: TwinSwitches,
): { value: string | undefined; ignoreCase: boolean } {
  switch (attribute) {
    // MODEL: username (case-sensitive). In a case-insensitive pool the username itself ignores case.
    case 'username':
      return { value: user.username, ignoreCase: !directory.config.caseSensitive };
    // MODEL: cognito:user_status (case-insensitive); status (case-sensitive) is Enabled/Disabled.
    case 'cognito:user_status':
      return { value: user.status, ignoreCase: true };
    case 'status':
      return { value: user.enabled ? 'Enabled' : 'Disabled', ignoreCase: false };
    // Sources disagree on email (reference §7): switch (d).
    case 'email':
      return { value: user.attributes.get('email'), ignoreCase: switches.listUsersEmailMatch === 'case_insensitive' };
    // MODEL UsernameConfigurationType: a case-insensitive pool makes preferred_username case
    // insensitive; GUIDE-2023 ("All searches are case-insensitive") covers the name attributes.
    case 'preferred_username':
    case 'name':
    case 'given_name':
    case 'family_name':
      return { value: user.attributes.get(attribute), ignoreCase: !directory.config.caseSensitive };
    default:
      return { value: userAttributeMap(user).get(attribute), ignoreCase: false };
  }
}

export function matches(user: UserRecord, filter: ParsedFilter, directory: Directory, switches: TwinSwitches): boolean {
  const { value, ignoreCase } = searchable(user, filter.attribute, directory, switches);
  if (value === undefined) return false;
  const held = ignoreCase ? value.toLowerCase() : value;
  const wanted = ignoreCase ? filter.value.toLowerCase() : filter.value;
  return filter.operator === '=' ? held === wanted : held.startsWith(wanted);
}

interface PageToken {
  readonly pool: string;
  /** The order key of the last user on the previous page. */
  readonly after: string;
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(raw: string, poolId: string): PageToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken;
    if (token.pool === poolId && typeof token.after === 'string') return token;
  } catch {
    // fall through to the error below
  }
  throw errors.invalidParameter('Invalid pagination token.');
}

export interface ListUsersInput {
  readonly Filter?: string;
  readonly Limit?: number;
  readonly PaginationToken?: string;
  readonly AttributesToGet?: readonly string[];
}

export type Paging = 'short' | 'full';

export interface ListingRules {
  readonly paging: Paging;
  /** The users ListUsers sees: the live directory, or the lagging replica (listing-replica.ts). */
  readonly users: readonly UserRecord[];
  readonly random: Random;
}

/**
 * MODEL ListUsers AttributesToGet: "Amazon Cognito returns an error if not all users in the results
 * have set a value for the attribute you request. Attributes that you can't filter on, including
 * custom attributes, must have a value set in every user profile". [INF message]
 */
function checkAttributesToGet(requested: readonly string[], results: readonly UserRecord[], everyone: readonly UserRecord[]): void {
  for (const name of requested) {
    const mustHold = SEARCHABLE_ATTRIBUTES.includes(name) ? results : everyone;
    if (mustHold.some((user) => !userAttributeMap(user).has(name))) {
      throw errors.invalidParameter(`AttributesToGet: not every user has a value for ${name}`);
    }
  }
}

/**
 * Without AttributesToGet, or with an empty one, every attribute is returned: "When you don't
 * provide an AttributesToGet parameter, Amazon Cognito returns all attributes for each user" (MODEL
 * ListUsers; `[]` likewise, docs/cognito-facts.md §13), `identities` included, as AdminGetUser
 * returns it.
 */
export function listUsers(poolId: string, directory: Directory, switches: TwinSwitches, input: ListUsersInput, rules: ListingRules) {
  const filter = parseFilter(input.Filter ?? '');
  const limit = input.Limit ? input.Limit : LIST_USERS_PAGE_MAX;
  const after = input.PaginationToken ? decodeToken(input.PaginationToken, poolId).after : '';
  // Listed in each user's seeded listOrder: the API promises no order, so none may be relied on.
  // The live directory keeps its users in that order and answers `=` filters from its indexes
  // (candidates, each still judged by the filter below), so a page of a 100,000-user pool reads
  // one page of users, not the pool.
  const live = rules.users === directory.all;
  const indexed = filter && live ? directory.filterCandidates(filter.attribute, filter.operator, filter.value) : undefined;
  const ordered = indexed ? inListOrder(indexed) : live ? directory.inListOrder() : inListOrder(rules.users);
  const only = input.AttributesToGet?.length ? input.AttributesToGet : undefined;
  if (only) checkAttributesToGet(only, ordered.filter((user) => !filter || matches(user, filter, directory, switches)), rules.users);
  // The matches after the token, up to one more than a page: enough to size the page and to know
  // whether more follow.
  const remaining: { user: UserRecord; key: string }[] = [];
  for (let at = firstInListOrderAfter(ordered, after); at < ordered.length && remaining.length <= limit; at += 1) {
    const user = ordered[at]!;
    if (!filter || matches(user, filter, directory, switches)) remaining.push({ user, key: user.listOrder });
  }
  // A page may hold fewer than Limit users and still have more after it (MODEL): the twin makes
  // that happen, seeded, so callers that stop at the first short page fail here, not in production.
  const size = rules.paging === 'short' ? 1 + Math.floor(rules.random() * Math.min(limit, remaining.length)) : limit;
  const page = remaining.slice(0, size);
  const last = page[page.length - 1];
  return {
    Users: page.map(({ user }) => userType(user, only)),
    ...(remaining.length > page.length && last ? { PaginationToken: encodeToken({ pool: poolId, after: last.key }) } : {}),
  };
}
