/** Retry policy: a schedule of delays (the last repeats), ±20 % jitter, dead after maxAttempts. */
export interface RetryPolicy {
  scheduleSeconds: readonly number[];
  maxAttempts: number;
}

/** What to do after a failed attempt number `attempts` (1 = the first try): retry at a time, or give up. */
export function afterFailure(
  policy: RetryPolicy,
  attempts: number,
  now: Date,
  random: () => number = Math.random,
): { dead: true } | { dead: false; nextAttemptAt: Date } {
  if (attempts >= policy.maxAttempts) return { dead: true };
  const base = policy.scheduleSeconds[Math.min(attempts, policy.scheduleSeconds.length) - 1] * 1000;
  // Jitter spreads retries of many deliveries that failed together (a receiver outage) over time.
  const delay = Math.round(base * (0.8 + 0.4 * random()));
  return { dead: false, nextAttemptAt: new Date(now.getTime() + delay) };
}
