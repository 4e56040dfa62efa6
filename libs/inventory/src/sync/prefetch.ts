/**
 * Pulls up to `depth` items ahead of the consumer, so the connector fetches the next page while the previous one is
 * being COPYed — bounded, so a fast source cannot fill memory when Postgres is the slow side.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const ahead: Promise<IteratorResult<T>>[] = [];
  let isDone = false;
  try {
    for (;;) {
      while (!isDone && ahead.length < depth) {
        const next = it.next();
        // Handled here so an early failure is not reported as unhandled; it is rethrown when its turn comes.
        next.catch(() => undefined);
        ahead.push(next);
        if (depth === 1) break;
      }
      const r = await ahead.shift()!;
      if (r.done) {
        isDone = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!isDone) it.return?.().catch(() => undefined);
  }
}
