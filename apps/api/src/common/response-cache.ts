let generation = 0;

/** Called after every successful change made through this process: cached answers from before it are not reused. */
export function markDataChanged(): void {
  generation++;
}

/**
 * A small per-process cache for expensive read answers (exposure summary, coverage, trend): one computation in
 * flight per key (concurrent callers share it) and answers reused for `ttlMs`. Exposure changes only when a sync
 * or recompute finishes, so a few seconds of age is invisible to people — and every answer carries its `asOf`.
 * A change made through this api process (an exception, a source…) drops the cached answers at once; changes
 * made by the worker or another api process show within `ttlMs`.
 */
export class ResponseCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer for `key`, or the result of `compute` (shared by concurrent callers). Failures are not kept. */
  get(rawKey: string, compute: () => Promise<T>): Promise<T> {
    const key = `${generation}:${rawKey}`;
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const value = compute();
    this.entries.set(key, { at: t, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
