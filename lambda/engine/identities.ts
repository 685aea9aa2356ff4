// The `identities` user attribute: a JSON-encoded string holding an array of
// {userId, providerName, providerType, issuer, primary, dateCreated} (docs/cognito-facts.md §2,
// LINKING). userId keeps the IdP subject's exact case. Parsed defensively: an element without
// string userId and providerName is skipped; a value that is not a JSON array is unreadable.
import { asciiLowerCase } from './ascii-case';

export interface LinkedIdentity {
  readonly providerName: string;
  readonly userId: string;
}

/** An element of the attribute: string providerName and userId, and its other fields as Cognito wrote them. */
export type IdentityElement = LinkedIdentity & { readonly [field: string]: unknown };

/**
 * Every element with string providerName and userId, whole (the operator commands also show
 * providerType, primary and dateCreated). undefined when the attribute is absent or unreadable;
 * [] when present and empty.
 */
export function parseIdentityElements(raw: string | undefined): readonly IdentityElement[] | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.filter(isIdentityElement);
}

function isIdentityElement(item: unknown): item is IdentityElement {
  if (item === null || typeof item !== 'object') return false;
  const { providerName, userId } = item as { providerName?: unknown; userId?: unknown };
  return typeof providerName === 'string' && typeof userId === 'string';
}

/** The provider and subject of each element; undefined when the attribute is absent or unreadable. */
export function parseIdentities(raw: string | undefined): readonly LinkedIdentity[] | undefined {
  return parseIdentityElements(raw)?.map(({ providerName, userId }) => ({ providerName, userId }));
}

/** Exact provider name and exact subject: the pair AdminLinkProviderForUser received. */
export function holdsIdentity(identities: readonly LinkedIdentity[], providerName: string, subject: string): boolean {
  return identities.some((identity) => identity.providerName === providerName && identity.userId === subject);
}

/** Provider names compare ignoring A-Z case: Cognito lower-cases them in usernames, and the validator makes them unique ignoring case. */
export function identitiesOf(identities: readonly LinkedIdentity[], providerName: string): readonly LinkedIdentity[] {
  const wanted = asciiLowerCase(providerName);
  return identities.filter((identity) => asciiLowerCase(identity.providerName) === wanted);
}
