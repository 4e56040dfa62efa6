/** Counts of requests per endpoint, with ids folded into `{id}` so tests can assert on shapes of traffic. */
export class RequestLog {
  private counts = new Map<string, number>();
  private total = 0;

  record(method: string, path: string): void {
    const key = `${method} ${normalizePath(path)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  snapshot(): { total: number; byEndpoint: Record<string, number> } {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  clear(): void {
    this.counts.clear();
    this.total = 0;
  }
}

/** Replaces GUIDs, 64-hex ids, numbers and quoted keys in a path by `{id}`. */
export function normalizePath(path: string): string {
  return path
    .replace(/\('[^']*'\)/g, '/{id}')
    .replace(/\/[0-9a-fA-F-]{36}(?=\/|$)/g, '/{id}')
    .replace(/\/[0-9a-f]{64}(?=\/|$)/g, '/{id}')
    .replace(/\/\d+(?=\/|$)/g, '/{id}')
    .replace(/\/[A-Za-z]+_[0-9a-f-]{36}(\.zip)?(?=\/|$)/g, '/{id}$1')
    .replace(/\/(login)\/[^/]+\//, '/$1/{tenant}/');
}
