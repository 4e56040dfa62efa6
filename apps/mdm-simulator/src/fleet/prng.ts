// Fast integer hashing: every generated value is a pure function of (seed, stream, index…), so any page can be
// generated on its own, in any order, and always gives the same bytes.

/** 32-bit avalanche mix (murmur3 finalizer). */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hash of a few integers to an unsigned 32-bit integer. */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = mix32(a ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(b + 0x7f4a7c15, 0x2c1b3c6d));
  h = mix32(h ^ Math.imul(c + 0x3c6ef372, 0x297a2d39));
  return mix32(h ^ Math.imul(d + 0x1b873593, 0x68e31da4));
}

/** Hash of a few integers to a float in [0, 1). */
export function unit(a: number, b = 0, c = 0, d = 0): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** Small stateful generator (mulberry32) for a run of draws that belong to one record. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** Stable 32-bit hash of a string (FNV-1a), to turn names into streams. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const HEX = '0123456789abcdef';

/** `words` 32-bit hashes of (a, b, c) rendered as lower-case hex (8 chars each). */
export function hexId(words: number, a: number, b: number, c: number): string {
  let out = '';
  for (let w = 0; w < words; w++) {
    let h = hash32(a, b, c, w);
    for (let k = 0; k < 8; k++) {
      out += HEX[h & 15];
      h >>>= 4;
    }
  }
  return out;
}

/** A GUID-shaped id (version-4 layout) from (a, b, c). */
export function guid(a: number, b: number, c: number): string {
  const h = hexId(4, a, b, c);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[hash32(a, b, c, 9) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
