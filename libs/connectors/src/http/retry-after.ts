/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (integer or, defensively, fractional) or an
 * HTTP-date; null when absent or unreadable (the caller then backs off exponentially).
 */
export function retryAfterMs(header: unknown, now = Date.now()): number | null {
  if (typeof header !== 'string' || !header.trim()) return null;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** "Full jitter" exponential backoff: a random wait in [0, min(cap, base · 2^attempt)]. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
