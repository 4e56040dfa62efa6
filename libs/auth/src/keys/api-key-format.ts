import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Keys look like `idk_<prefix>_<secret>`: the prefix (10 lower-case base32 chars) is stored in clear for
 * lookup and display, the whole key only as a SHA-256 hash. The secret has 256 random bits, so a fast
 * hash is enough (no password stretching needed for a random key).
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_PATTERN = /^idk_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$/;

/** A freshly generated key: the text shown once, and what is stored. */
export interface GeneratedApiKey {
  key: string;
  prefix: string;
  hash: Buffer;
}

/** Makes a new random key. */
export function generateApiKey(): GeneratedApiKey {
  const bytes = randomBytes(10);
  const prefix = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  const key = `idk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null when the text is not an Interdict key. */
export function parseApiKey(text: string): { prefix: string } | null {
  const m = KEY_PATTERN.exec(text);
  return m ? { prefix: m[1] } : null;
}

/** SHA-256 of the whole key text. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Constant-time comparison of a presented key with a stored hash. */
export function keyMatchesHash(key: string, storedHash: Buffer): boolean {
  const presented = hashApiKey(key);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}
