// A user's `identities` attribute (a JSON string, docs/cognito-facts.md §2) with the fields the
// operator commands show: which provider, which subject, whether it is the user's own federated
// identity (primary) or a link, and when it was added. Read with the trigger's own parser, so the
// commands and the trigger agree on which elements count.
import { parseIdentityElements } from '../../lambda/engine/identities';

export interface Identity {
  readonly providerName: string;
  readonly userId: string;
  readonly providerType?: string;
  /** True for the identity a federated user was created from; false for a link. */
  readonly primary: boolean;
  /** Epoch milliseconds. */
  readonly dateCreated?: number;
}

/** [] when absent; undefined when present but unreadable. */
export function userIdentities(attributes: Readonly<Record<string, string>>): Identity[] | undefined {
  const raw = attributes['identities'];
  if (raw === undefined) return [];
  return parseIdentityElements(raw)?.map(({ providerName, userId, providerType, primary, dateCreated }) => ({
    providerName,
    userId,
    ...(typeof providerType === 'string' ? { providerType } : {}),
    // Booleans in AdminGetUser (LINKING example); ID-token dumps in public code show "primary":"true" and string dates.
    primary: primary === true || primary === 'true',
    ...(typeof dateCreated === 'number' || typeof dateCreated === 'string' ? { dateCreated: Number(dateCreated) } : {}),
  }));
}
