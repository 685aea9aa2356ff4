// The parts of a Cognito trigger event the engine reads. Cognito may add fields at any time
// (docs/cognito-facts.md §2, TRIGGERS: "strict input validation in your function can make it
// fail"), so nothing here rejects an event for its shape: readers return what is usable and
// ignore the rest.

export interface TriggerEvent {
  readonly triggerSource?: unknown;
  readonly userPoolId?: unknown;
  readonly userName?: unknown;
  readonly region?: unknown;
  readonly callerContext?: { readonly clientId?: unknown } | null;
  readonly request?: { readonly userAttributes?: unknown; readonly userNotFound?: unknown } | null;
  readonly response?: unknown;
}

export type UserAttributes = Readonly<Record<string, string>>;

/** request.userAttributes with only string values (Cognito sends strings; anything else is ignored). */
export function userAttributes(event: TriggerEvent): UserAttributes {
  const raw = event.request?.userAttributes;
  if (raw === null || typeof raw !== 'object') return {};
  const out: Record<string, string> = {};
  // for-in with an own-property check: the same as Object.entries without its array per attribute.
  for (const name in raw) {
    if (!Object.hasOwn(raw, name)) continue;
    const value = (raw as Record<string, unknown>)[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

export function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function attribute(attributes: UserAttributes, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name] : undefined;
}
