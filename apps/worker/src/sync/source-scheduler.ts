import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Config } from '@interdict/config';
import { getLogger, RepeatedFailureLog } from '@interdict/logger';
import { SourcesService, SyncQueue, type SourceView } from '@interdict/inventory';

const log = getLogger('SourceScheduler');
const PREFIX = 'sync:';

/**
 * The clock of syncs: one cron job per enabled source with a schedule, registered in SchedulerRegistry and kept in
 * step with the source table by polling (added, changed, removed without a restart). A tick only queues a job keyed
 * `sync:<sourceId>`, so every worker may tick at once and the queue coalesces them into one run.
 */
@Injectable()
export class SourceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly registered = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private readonly reloadFailures = new RepeatedFailureLog(log, 'could not reload source schedules');

  constructor(
    private readonly config: Config,
    private readonly sources: SourcesService,
    private readonly queue: SyncQueue,
    private readonly registry: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.sync.sources.length || (await this.hasConfigDeclared())) {
      const r = await this.sources.applyDeclared(this.config.sync.sources);
      log.info(r, 'sources declared in config applied');
    }
    if (!this.config.sync.enabled) return;
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.config.sync.pollIntervalMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    for (const id of this.registered.keys()) this.unregister(id);
  }

  /** Re-reads the sources and brings the registered cron jobs in line with them. */
  reload(): Promise<void> {
    this.reloading ??= this.sync()
      .then(() => this.reloadFailures.succeeded())
      .catch((err: unknown) => this.reloadFailures.failed(err))
      .finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /** Source ids with a registered schedule (for tests and diagnostics). */
  scheduledSources(): Map<string, string> {
    return new Map(this.registered);
  }

  private async sync(): Promise<void> {
    const wanted = new Map<string, SourceView>();
    for (const s of await this.sources.list()) if (s.enabled && s.schedule) wanted.set(s.id, s);
    for (const [id, cron] of this.registered) {
      if (wanted.get(id)?.schedule !== cron) this.unregister(id);
    }
    for (const [id, source] of wanted) {
      if (this.registered.has(id)) continue;
      try {
        const job = CronJob.from({
          cronTime: source.schedule!,
          timeZone: 'UTC',
          onTick: () => {
            this.queue
              .requestSync(id, 'schedule')
              .catch((err: unknown) => log.error({ err, sourceId: id }, 'could not queue a scheduled sync'));
          },
        });
        this.registry.addCronJob(`${PREFIX}${id}`, job);
        job.start();
        this.registered.set(id, source.schedule!);
        log.info({ sourceId: id, schedule: source.schedule }, 'sync schedule registered');
      } catch (err) {
        log.error({ err, sourceId: id, schedule: source.schedule }, 'source schedule refused');
      }
    }
  }

  private unregister(id: string): void {
    const name = `${PREFIX}${id}`;
    if (this.registry.doesExist('cron', name)) this.registry.deleteCronJob(name);
    this.registered.delete(id);
    log.info({ sourceId: id }, 'sync schedule removed');
  }

  private async hasConfigDeclared(): Promise<boolean> {
    return (await this.sources.list()).some((s) => s.declaredIn === 'config' && s.enabled);
  }
}
