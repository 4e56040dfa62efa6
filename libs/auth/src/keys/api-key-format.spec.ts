import { generateApiKey, hashApiKey, keyMatchesHash, parseApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates keys that parse back to their stored prefix', () => {
    const k = generateApiKey();
    expect(k.key).toMatch(/^idk_[a-z2-7]{10}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(k.key)).toEqual({ prefix: k.prefix });
  });

  it('never generates the same key twice in a thousand tries', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(seen.size).toBe(1000);
  });

  it('refuses text that is not an Interdict key', () => {
    for (const bad of [
      '',
      'idk_',
      'Bearer x',
      'idk_ABCDEFGHIJ_' + 'a'.repeat(43),
      'idk_abcdefghij_short',
      "idk_abcdefghij_' OR 1=1 --",
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('matches only the exact key against its hash', () => {
    const k = generateApiKey();
    expect(keyMatchesHash(k.key, k.hash)).toBe(true);
    expect(keyMatchesHash(k.key.slice(0, -1) + (k.key.endsWith('A') ? 'B' : 'A'), k.hash)).toBe(false);
    expect(keyMatchesHash(k.key, hashApiKey('other'))).toBe(false);
    expect(keyMatchesHash(k.key, Buffer.alloc(3))).toBe(false);
  });
});
