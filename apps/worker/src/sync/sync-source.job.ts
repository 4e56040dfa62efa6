import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Config } from '@interdict/config';
import { JobQueue, type ClaimedJob } from '@interdict/database';
import { InventoryError, SYNC_JOB, SyncService, type SyncTrigger } from '@interdict/inventory';
import { getLogger, RepeatedFailureLog } from '@interdict/logger';

const log = getLogger('SyncSourceJob');
const BUSY_RETRY_MS = 30_000;

/**
 * Claims queued `sync` jobs (FOR UPDATE SKIP LOCKED, so several workers share them), runs up to
 * `sync.maxConcurrent` at once, renews each job's lease while it runs, and fails runs of dead workers.
 */
@Injectable()
export class SyncSourceJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queue: JobQueue;
  private readonly running = new Map<string, { done: Promise<void>; stop: AbortController }>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly pollFailures = new RepeatedFailureLog(log, 'sync job poll failed');
  private isStopping = false;

  constructor(
    db: DataSource,
    private readonly config: Config,
    private readonly syncs: SyncService,
  ) {
    this.queue = new JobQueue(db);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.sync.enabled) return;
    // Runs left `running` by a worker that crashed are failed as soon as their lease lapses.
    const lost = await this.syncs.failExpiredRuns();
    if (lost) log.warn({ runs: lost }, 'failed sync runs of workers that stopped');
    this.timer = setInterval(() => void this.poll(), this.config.sync.pollIntervalMs);
    void this.poll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.isStopping = true;
    clearInterval(this.timer);
    await this.polling;
    for (const r of this.running.values()) r.stop.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** One round: recover lapsed leases, then claim as many jobs as there are free slots. */
  poll(): Promise<void> {
    this.polling ??= this.claimAndRun()
      .then(() => this.pollFailures.succeeded())
      .catch((err: unknown) => this.pollFailures.failed(err))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Resolves when no sync of this worker is running (tests and the CLI wait on it). */
  async idle(): Promise<void> {
    while (this.running.size || this.polling) {
      await Promise.all([this.polling, ...[...this.running.values()].map((r) => r.done)]);
    }
  }

  private async claimAndRun(): Promise<void> {
    await this.queue.recoverExpired();
    await this.syncs.failExpiredRuns();
    const free = this.config.sync.maxConcurrent - this.running.size;
    if (free <= 0 || this.isStopping) return;
    const jobs = await this.queue.claim([SYNC_JOB], { limit: free, leaseMs: this.config.sync.leaseMs });
    for (const job of jobs) {
      const stop = new AbortController();
      const done = this.run(job, stop.signal).finally(() => this.running.delete(job.id));
      this.running.set(job.id, { done, stop });
    }
  }

  private async run(job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const sourceId = typeof job.payload.sourceId === 'string' ? job.payload.sourceId : '';
    const trigger = (typeof job.payload.trigger === 'string' ? job.payload.trigger : 'manual') as SyncTrigger;
    const renew = setInterval(
      () =>
        void this.queue
          .renew(job.id, this.config.sync.leaseMs)
          .catch((err: unknown) => log.warn({ err, jobKey: job.key }, 'could not renew the job lease')),
      Math.max(250, Math.floor(this.config.sync.leaseMs / 3)),
    );
    try {
      const run = await this.syncs.syncSource(sourceId, { trigger, signal });
      if (run.status === 'failed') await this.queue.fail(job.id, `${run.error?.code}: ${run.error?.message}`);
      else await this.queue.complete(job.id);
    } catch (err) {
      if (err instanceof InventoryError && err.code === 'source_busy') {
        // Another worker (or the CLI) is syncing it now; try again shortly rather than run twice.
        await this.queue.fail(job.id, err.message, new Date(Date.now() + BUSY_RETRY_MS));
      } else {
        log.error({ err, jobKey: job.key }, 'sync job failed');
        await this.queue.fail(job.id, err instanceof Error ? err.message : 'sync failed');
      }
    } finally {
      clearInterval(renew);
    }
  }
}
