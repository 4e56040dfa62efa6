import { isIPv6 } from 'node:net';

// Addresses tracked at most; past it the one touched longest ago is forgotten. An entry is ~200 bytes, so the
// table stays under a few MB, and forgetting an address only gives it its allowance back: flushing the table
// takes more addresses than an attacker needs to spread a brute force over anyway.
const MAX_ADDRESSES = 10_000;

/**
 * Failed authentications per client address, a token bucket per address held in this process's memory: an
 * address may fail `perMinute` times at once, then once every 60/perMinute s. An attempt takes a token before
 * the credential is checked (so concurrent guesses cannot all slip past, and a refused one costs no key lookup);
 * a successful one gives it back, so callers that authenticate never use up their address's allowance. Only
 * addresses with a recent failure are kept.
 */
export class FailedAuthLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perSecond: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = MAX_ADDRESSES,
    private readonly now: () => number = Date.now,
  ) {
    this.perSecond = perMinute / 60;
  }

  /** Seconds until `address` may try again; 0 when it may now. Takes nothing. */
  retryAfter(address: string): number {
    if (this.perMinute <= 0) return 0;
    const b = this.buckets.get(addressKey(address));
    if (!b) return 0;
    return this.wait(this.refill(b));
  }

  /** Takes one attempt for `address`: 0 when it may go ahead, else the seconds to wait (nothing taken). */
  reserve(address: string): number {
    if (this.perMinute <= 0) return 0;
    const key = addressKey(address);
    const b = this.refill(this.buckets.get(key) ?? { tokens: this.perMinute, at: this.now() });
    // Re-inserted at the end: the Map's order is least recently touched first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxAddresses) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    if (b.tokens < 1) return this.wait(b);
    b.tokens -= 1;
    return 0;
  }

  /** Gives back the attempt `reserve` took, when the credential turned out good (or could not be checked). */
  refund(address: string): void {
    if (this.perMinute <= 0) return;
    const key = addressKey(address);
    const b = this.buckets.get(key);
    if (!b) return;
    this.refill(b).tokens += 1;
    if (b.tokens >= this.perMinute) this.buckets.delete(key);
  }

  /** How many addresses are tracked (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(b: { tokens: number; at: number }): { tokens: number; at: number } {
    const t = this.now();
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    return b;
  }

  private wait(b: { tokens: number }): number {
    return b.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }
}

/**
 * The unit an address is limited as: an IPv4 address (also when it comes IPv4-mapped, `::ffff:a.b.c.d`), or the
 * /64 network of an IPv6 address — one host usually holds a whole /64 and could otherwise take a fresh address
 * per guess.
 */
export function addressKey(address: string): string {
  const plain = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1];
  if (!isIPv6(plain)) return plain;
  const [head, tail] = plain.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  // A dotted IPv4 tail (`64:ff9b::1.2.3.4`) fills the last two groups.
  const tailWidth = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0);
  const fill = Array<string>(8 - headGroups.length - tailWidth).fill('0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...fill, ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
