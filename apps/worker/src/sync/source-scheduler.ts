import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { SourcesService, SyncQueue } from '@interdict/inventory';
import { PolledCronJobs } from '../common/polled-cron-jobs';

const log = getLogger('SourceScheduler');

/**
 * The clock of syncs: one cron job per enabled source with a schedule, kept in step with the source table by polling
 * (added, changed, removed without a restart). A tick only queues a job keyed `sync:<sourceId>`, so every worker may
 * tick at once and the queue coalesces them into one run.
 */
@Injectable()
export class SourceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly jobsBySource: PolledCronJobs;

  constructor(
    private readonly config: Config,
    private readonly sources: SourcesService,
    queue: SyncQueue,
    registry: SchedulerRegistry,
  ) {
    this.jobsBySource = new PolledCronJobs({
      what: 'sync schedule',
      idField: 'sourceId',
      prefix: 'sync:',
      registry,
      log,
      wanted: async () =>
        new Map(
          (await this.sources.list())
            .filter((s) => s.enabled && s.schedule)
            .map((s) => [s.id, { cron: s.schedule!, timeZone: 'UTC', version: s.schedule! }]),
        ),
      onTick: (id) => queue.requestSync(id, 'schedule').then(() => undefined),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.sync.sources.length || (await this.hasConfigDeclared())) {
      const r = await this.sources.applyDeclared(this.config.sync.sources);
      log.info(r, 'sources declared in config applied');
    }
    if (!this.config.sync.enabled) return;
    await this.jobsBySource.start(this.config.sync.pollIntervalMs);
  }

  onApplicationShutdown(): void {
    this.jobsBySource.stop();
  }

  /** Re-reads the sources and brings the registered cron jobs in line with them. */
  reload(): Promise<void> {
    return this.jobsBySource.reload();
  }

  /** Source ids with a registered schedule, and that schedule (for tests and diagnostics). */
  scheduledSources(): Map<string, string> {
    return this.jobsBySource.versions();
  }

  private async hasConfigDeclared(): Promise<boolean> {
    return (await this.sources.list()).some((s) => s.declaredIn === 'config' && s.enabled);
  }
}
