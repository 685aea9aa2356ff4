// User identifiers (usernames, emails, subjects) never reach the log in clear: a keyed hash lets an
// operator who holds the key find one user's lines (hash the username the same way) without the
// log itself revealing anyone. Without a key there is no safe hash (an unkeyed one is reversible
// by guessing), so the value is written as "redacted".
import { createHmac, createSecretKey } from 'node:crypto';

export const REDACTED = 'redacted';
const HASH_HEX_CHARS = 16;

export type UserHasher = (value: string) => string;

export function userHasher(key: string | undefined): UserHasher {
  if (key === undefined || key === '') return () => REDACTED;
  // A KeyObject made once: createHmac then skips preparing the key from a string at every call.
  const secret = createSecretKey(key, 'utf8');
  return (value) => createHmac('sha256', secret).update(value, 'utf8').digest('hex').slice(0, HASH_HEX_CHARS);
}
