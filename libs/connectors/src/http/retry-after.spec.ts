import { backoffMs, retryAfterMs } from './retry-after';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');

  it('reads delta-seconds, including fractional ones', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('0.5', now)).toBe(500);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(retryAfterMs('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sat, 28 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('gives null when the header is missing or unreadable', () => {
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('backoff', () => {
  it('grows exponentially, stays under the cap, and is jittered', () => {
    expect(backoffMs(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffMs(10, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffMs(3, 1000, 30_000, () => 0.25)).toBe(2000);
  });
});
