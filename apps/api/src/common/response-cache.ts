let generation = 0;

/** Called after every successful change made through this process: cached answers from before it are not reused. */
export function markDataChanged(): void {
  generation++;
}

interface Entry<T> {
  /** When `value` was computed (or started computing). */
  at: number;
  value: Promise<T>;
  /** Set once `value` resolved: what may be served while a refresh runs. */
  settled?: T;
  refreshing?: boolean;
}

/**
 * A small per-process cache for expensive read answers (exposure summary, coverage, trend, exposure pages): one
 * computation in flight per key (concurrent callers share it); an answer is fresh for `ttlMs`, then served once
 * more while a single refresh runs in the background (stale-while-revalidate), so a busy endpoint never makes a
 * crowd wait for a recomputation. Exposure changes only when a sync or recompute finishes, so a few seconds of age
 * is invisible to people — and every answer carries its `asOf`. A change made through this api process (an
 * exception, a source…) drops the cached answers at once; changes made by the worker or another api process show
 * within `ttlMs` plus one computation.
 */
export class ResponseCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

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
    const stale = this.staleAnswer(key, hit, t, compute);
    if (stale !== undefined) return Promise.resolve(stale);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry: Entry<T> = { at: t, value: compute() };
    this.entries.set(key, entry);
    entry.value.then(
      (v) => {
        entry.settled = v;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /**
   * The answer for `key` if one is already at hand (fresh, or stale within the same bounds as `get`, which
   * starts the one background refresh); undefined when only a computation could answer. Never waits: the hot
   * read path answers from memory or hands the request to the full pipeline.
   */
  peek(rawKey: string, compute: () => Promise<T>): T | undefined {
    const key = `${generation}:${rawKey}`;
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.settled;
    return this.staleAnswer(key, hit, t, compute);
  }

  // Stale but usable: answer with it and refresh once in the background (never older than 10 TTLs).
  private staleAnswer(
    key: string,
    hit: Entry<T> | undefined,
    t: number,
    compute: () => Promise<T>,
  ): T | undefined {
    if (!hit || hit.settled === undefined || t - hit.at >= this.ttlMs * 10) return undefined;
    if (!hit.refreshing) {
      hit.refreshing = true;
      compute().then(
        (v) => this.entries.set(key, { at: this.now(), value: Promise.resolve(v), settled: v }),
        () => {
          hit.refreshing = false;
        },
      );
    }
    return hit.settled;
  }
}
