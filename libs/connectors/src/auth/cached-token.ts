import type { TokenProvider } from '../http/source-http-client';

/**
 * Caches a token until shortly before it expires (5 min early, or at 80% of a short lifetime), fetches one at a
 * time (single-flight), and drops it on `invalidate` after a 401.
 */
export class CachedToken implements TokenProvider {
  private current: { value: string; refreshAt: number } | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: (
      signal: AbortSignal,
    ) => Promise<{ accessToken: string; expiresInSeconds: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  async token(signal: AbortSignal): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.value;
    this.inFlight ??= this.fetchToken(signal)
      .then(({ accessToken, expiresInSeconds }) => {
        const lifetimeMs = Math.max(1, expiresInSeconds) * 1000;
        const early = Math.min(5 * 60_000, lifetimeMs * 0.2);
        this.current = { value: accessToken, refreshAt: this.now() + lifetimeMs - early };
        return accessToken;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  invalidate(): void {
    this.current = null;
  }
}
