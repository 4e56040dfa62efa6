import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses until tokens refill at the sustained rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    now += 500; // one token back at 2/s
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });

  it('keeps callers apart', () => {
    const buckets = new TokenBuckets(1, 1, () => 0);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
  });

  it('never limits when the rate is 0', () => {
    const buckets = new TokenBuckets(0, 1, () => 0);
    for (let i = 0; i < 100; i++) expect(buckets.take('a')).toBe(0);
  });
});
