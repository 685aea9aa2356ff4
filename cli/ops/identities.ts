// A user's `identities` attribute (a JSON string, cognito-behaviour.md §2) with the fields the
// operator commands show: which provider, which subject, whether it is the user's own federated
// identity (primary) or a link, and when it was added.

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
export function identitiesOf(attributes: Readonly<Record<string, string>>): Identity[] | undefined {
  const raw = attributes['identities'];
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.flatMap((item: unknown): Identity[] => {
    if (item === null || typeof item !== 'object') return [];
    const { providerName, userId, providerType, primary, dateCreated } = item as Record<string, unknown>;
    if (typeof providerName !== 'string' || typeof userId !== 'string') return [];
    return [
      {
        providerName,
        userId,
        ...(typeof providerType === 'string' ? { providerType } : {}),
        // Booleans in AdminGetUser (LINKING example); ID-token dumps in public code show "primary":"true" and string dates.
        primary: primary === true || primary === 'true',
        ...(typeof dateCreated === 'number' || typeof dateCreated === 'string' ? { dateCreated: Number(dateCreated) } : {}),
      },
    ];
  });
}
