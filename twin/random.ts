// Seeded randomness, so that ids, short ListUsers pages and probabilistic faults repeat exactly for a
// given seed. Each concern draws from its own stream: adding a user never shifts a fault decision.
// seededRandom is also the one generator of the CLI's covering array (cli/sim) and the benchmark's
// tenant sets (bench/tenants): it imports nothing, so using it does not load the twin.

export type Random = () => number;

/** mulberry32: tiny, fast, and good enough for test determinism (not for cryptography). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Independent stream `name` of `seed`. */
export function stream(seed: number, name: string): Random {
  let hash = 2166136261 ^ seed;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return seededRandom(hash);
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(random: Random, length: number, alphabet: string = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** RFC 4122 version 4 layout, from the seeded stream. */
export function randomUuid(random: Random): string {
  const hex = randomString(random, 32, '0123456789abcdef').split('');
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)] as string;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Pool ids look like `eu-west-1_AbC123xYz` (MODEL UserPoolIdType: `[\w-]+_[0-9a-zA-Z]+`). */
export function poolId(random: Random, region: string): string {
  return `${region}_${randomString(random, 9, ALNUM_MIXED)}`;
}

/** App client ids are 26 lower-case alphanumerics on real pools. */
export function clientId(random: Random): string {
  return randomString(random, 26);
}

export function clientSecret(random: Random): string {
  return randomString(random, 51, ALNUM_MIXED);
}
