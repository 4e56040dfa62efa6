import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Config } from '@interdict/config';
import { ExposureService, SnapshotService } from '@interdict/exposure';
import { SyncHooks } from '@interdict/inventory';
import { getLogger } from '@interdict/logger';

const log = getLogger('ExposureScheduler');

/**
 * Keeps exposure current outside syncs: once at start (titles synced while no worker ran, a changed catalog) and
 * daily (overdue transitions, expired exceptions, the day's snapshot). Several workers may do this at once: the
 * recompute is serialised by a Postgres advisory lock and the snapshot is idempotent per day. After every
 * successful sync (full or partial walk) it runs as the first SyncHooks listener, so later listeners see exposures.
 */
@Injectable()
export class ExposureScheduler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<void> | null = null;
  private unhook: (() => void) | null = null;

  constructor(
    private readonly config: Config,
    private readonly exposure: ExposureService,
    private readonly snapshots: SnapshotService,
    private readonly registry: SchedulerRegistry,
    private readonly syncHooks: SyncHooks,
  ) {}

  // Registered before any sync can start (the sync job starts at application bootstrap).
  onModuleInit(): void {
    this.unhook = this.syncHooks.onSucceeded(({ sourceId }) => this.run('sync', sourceId));
  }

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.exposure.dailyCron,
      timeZone: 'UTC',
      onTick: () => void this.run('daily'),
    });
    this.registry.addCronJob('exposure-daily', job);
    job.start();
    // Exceptions expire and due dates pass between syncs; an hourly recompute (cheap when nothing changed:
    // docs/benchmarks.md, "Exposure") makes them take effect within the hour, not at the next sync or daily run.
    const hourly = CronJob.from({
      cronTime: '5 * * * *',
      timeZone: 'UTC',
      onTick: () => void this.run('hourly'),
    });
    this.registry.addCronJob('exposure-hourly', hourly);
    hourly.start();
    // In the background: a large fleet's first recompute must not hold up the worker's health endpoint.
    if (this.config.exposure.recomputeOnStart) void this.run('start');
  }

  async onApplicationShutdown(): Promise<void> {
    this.unhook?.();
    await this.running;
  }

  /** Recompute then snapshot; errors are logged (the next trigger retries), never thrown into the scheduler. */
  run(trigger: 'start' | 'daily' | 'hourly' | 'sync', sourceId?: string): Promise<void> {
    const next = (this.running ?? Promise.resolve()).then(async () => {
      try {
        const outcome = await this.exposure.recompute({ sourceId });
        // The snapshot is idempotent per day, so refreshing it after every recompute keeps today's trend point current.
        await this.snapshots.takeSnapshot();
        log.info(
          { trigger, sourceId, durationMs: outcome.durationMs, events: outcome.events },
          'exposure refreshed',
        );
      } catch (err) {
        log.error({ err, trigger, sourceId }, 'exposure refresh failed');
      }
    });
    this.running = next;
    return next;
  }
}
