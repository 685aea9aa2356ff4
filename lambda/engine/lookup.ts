// The ListUsers queries for the match value. The filter is `attr = "value"`: a double quote in the
// value must be escaped with a backslash (API reference); escaping a literal backslash is not
// documented, so both are escaped and the twin accepts exactly that (docs/cognito-facts.md §7).
// Control characters are refused, and so is a filter over Cognito's 256-character limit
// (UserFilterType max=256), rather than truncated into a different query.
import type { CompiledLinking } from '../../policy/compiled';
import { LIST_USERS_FILTER_MAX, LIST_USERS_PAGE_MAX } from '../../policy/cognito-limits';
import { asciiLowerCase } from './ascii-case';
import { attribute, type UserAttributes } from './event';

const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * At most this many ListUsers pages (5 x 60 = 300 users) per lookup, over all its queries. Nobody
 * has 300 accounts with one address: that many means someone signed up in bulk with a victim's
 * address (UNCONFIRMED accounts cost nothing). Reading them all would spend the 30 RPS
 * account-wide ListUsers quota and the invocation's deadline (every page is a call). Beyond the
 * cap an email match that requires a verified email asks AdminGetUser for the verified alias
 * holder, the only user who can qualify (flows/federated-sign-up.ts); any other match is refused
 * (ambiguous_match): the candidates were not all seen, so choosing one would be a guess.
 */
export const LOOKUP_MAX_PAGES = 5;
export const LOOKUP_MAX_USERS = LOOKUP_MAX_PAGES * LIST_USERS_PAGE_MAX;

export type LookupPlan =
  | {
      readonly ok: true;
      /** The value as asserted (trimmed): candidates are compared against it per match.case. */
      readonly value: string;
      /** One filter per distinct value queried; results are united by username. */
      readonly filters: readonly string[];
    }
  | { readonly ok: false; readonly reason: 'match_value_missing' | 'match_value_invalid' };

export function escapeFilterValue(value: string): string {
  return value.replace(/[\\"]/g, (c) => `\\${c}`);
}

export function listUsersFilter(attributeName: string, value: string): string {
  return `${attributeName} = "${escapeFilterValue(value)}"`;
}

/**
 * With case insensitive, the value with A-Z lower-cased is queried and, when it differs, the value
 * as asserted too: whether ListUsers matches email ignoring case is contradicted between AWS
 * sources (§7), so both spellings are asked for and the case rule is applied on our side.
 */
export function planLookup(match: CompiledLinking['match'], attributes: UserAttributes): LookupPlan {
  const raw = attribute(attributes, match.from);
  const value = raw?.trim() ?? '';
  if (value === '') return { ok: false, reason: 'match_value_missing' };
  if (CONTROL.test(value)) return { ok: false, reason: 'match_value_invalid' };
  const values = match.case === 'insensitive' ? [...new Set([asciiLowerCase(value), value])] : [value];
  const filters = values.map((v) => listUsersFilter(match.attribute, v));
  if (filters.some((filter) => filter.length > LIST_USERS_FILTER_MAX)) return { ok: false, reason: 'match_value_invalid' };
  return { ok: true, value, filters };
}

/** The stored value against the asserted one, per match.case (A-Z only when insensitive). */
export function sameValue(stored: string | undefined, asserted: string, matchCase: CompiledLinking['match']['case']): boolean {
  if (stored === undefined) return false;
  const a = stored.trim();
  return matchCase === 'insensitive' ? asciiLowerCase(a) === asciiLowerCase(asserted) : a === asserted;
}
