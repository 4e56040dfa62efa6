import type { Logger } from './logger';

const REMIND_EVERY_MS = 60_000;

/**
 * For loops that retry on their own (pollers, delivery loops): the first failure is logged as an error, repeats of
 * it only once a minute with their count, and the first success after failures says so. A database outage then
 * reads as three lines, not one per poll.
 */
export class RepeatedFailureLog {
  private failures = 0;
  private lastLoggedAt = 0;

  constructor(
    private readonly log: Logger,
    private readonly message: string,
    private readonly now: () => number = Date.now,
  ) {}

  failed(err: unknown, fields: Record<string, unknown> = {}): void {
    this.failures++;
    const t = this.now();
    if (this.failures === 1) this.log.error({ ...fields, err }, this.message);
    else if (t - this.lastLoggedAt >= REMIND_EVERY_MS)
      this.log.warn(
        { ...fields, failures: this.failures, error: err instanceof Error ? err.message : String(err) },
        `${this.message} (still failing)`,
      );
    else return;
    this.lastLoggedAt = t;
  }

  succeeded(): void {
    if (!this.failures) return;
    this.log.info({ failures: this.failures }, `${this.message}: recovered`);
    this.failures = 0;
  }
}
