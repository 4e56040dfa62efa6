import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Config } from '@interdict/config';
import { getLogger, RepeatedFailureLog } from '@interdict/logger';
import { ReportRetention, ReportRunner } from '@interdict/reports';

const log = getLogger('ReportJobRunner');
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
// On shutdown, wait this long for a report in progress; after that its lease lets another worker redo it.
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Polls for queued reports and runs them one at a time (a report is CPU-bound; one per worker keeps the api and
 * syncs responsive). Claiming is FOR UPDATE SKIP LOCKED, so any number of workers may poll. Also sweeps retention
 * hourly so age limits apply even when no new report is made.
 */
@Injectable()
export class ReportJobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private readonly pollFailures = new RepeatedFailureLog(log, 'report polling failed');
  private stopping = false;

  constructor(
    private readonly config: Config,
    private readonly runner: ReportRunner,
    private readonly retention: ReportRetention,
  ) {}

  onApplicationBootstrap(): void {
    this.pollTimer = setInterval(() => void this.drain(), this.config.reports.pollIntervalMs);
    this.sweepTimer = setInterval(() => void this.sweep(), RETENTION_SWEEP_MS);
    void this.drain();
    void this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pollTimer);
    clearInterval(this.sweepTimer);
    if (this.draining) {
      await Promise.race([this.draining, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
    }
  }

  /** Runs queued reports until none is left; overlapping calls share one loop. */
  drain(): Promise<void> {
    this.draining ??= this.loop()
      .then(() => this.pollFailures.succeeded())
      .catch((err: unknown) => this.pollFailures.failed(err))
      .finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async loop(): Promise<void> {
    while (!this.stopping && (await this.runner.runNext())) {
      // next one
    }
  }

  private async sweep(): Promise<void> {
    try {
      await this.retention.sweep();
    } catch (err) {
      log.warn({ err }, 'report retention sweep failed');
    }
  }
}
