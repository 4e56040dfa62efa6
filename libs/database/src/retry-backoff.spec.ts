import { afterFailure } from './retry-backoff';

const policy = { scheduleSeconds: [10, 60, 3600], maxAttempts: 5 };
const now = new Date('2026-11-28T00:00:00Z');
const delayS = (attempts: number, r: number) => {
  const out = afterFailure(policy, attempts, now, () => r);
  return out.dead ? 'dead' : (out.nextAttemptAt.getTime() - now.getTime()) / 1000;
};

describe('afterFailure', () => {
  it('follows the schedule, repeating its last step', () => {
    expect([1, 2, 3, 4].map((a) => delayS(a, 0.5))).toEqual([10, 60, 3600, 3600]);
  });

  it('adds at most ±20 % jitter', () => {
    expect(delayS(1, 0)).toBe(8);
    expect(delayS(1, 0.999999)).toBeCloseTo(12, 1);
  });

  it('gives up after maxAttempts', () => {
    expect(delayS(5, 0.5)).toBe('dead');
    expect(afterFailure({ scheduleSeconds: [1], maxAttempts: 1 }, 1, now)).toEqual({ dead: true });
  });
});
