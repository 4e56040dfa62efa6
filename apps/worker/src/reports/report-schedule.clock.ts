import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Config } from '@interdict/config';
import { getLogger, RepeatedFailureLog } from '@interdict/logger';
import { ReportScheduleService } from '@interdict/reports';
import { ReportJobRunner } from './report-job.runner';

const log = getLogger('ReportScheduleClock');
const PREFIX = 'report-schedule:';

/**
 * One cron job per enabled report schedule, in the schedule's time zone, registered in SchedulerRegistry and kept
 * in step with the table by polling (the api changes schedules in another process). A tick calls `fire`, whose
 * conditional update lets exactly one worker queue the report for that minute.
 */
@Injectable()
export class ReportScheduleClock implements OnApplicationBootstrap, OnApplicationShutdown {
  /** schedule id → the version registered (cron, zone, last change). */
  private readonly registered = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private readonly reloadFailures = new RepeatedFailureLog(log, 'could not reload report schedules');

  constructor(
    private readonly config: Config,
    private readonly schedules: ReportScheduleService,
    private readonly jobs: ReportJobRunner,
    private readonly registry: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.reports.schedulesEnabled) return;
    await this.reload();
    this.timer = setInterval(() => void this.reload(), Math.max(this.config.reports.pollIntervalMs, 15_000));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    for (const id of [...this.registered.keys()]) this.unregister(id);
  }

  /** Re-reads the schedules and brings the registered cron jobs in line with them. */
  reload(): Promise<void> {
    this.reloading ??= this.sync()
      .then(() => this.reloadFailures.succeeded())
      .catch((err: unknown) => this.reloadFailures.failed(err))
      .finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /** Schedule ids with a registered cron job (for tests and diagnostics). */
  scheduled(): string[] {
    return [...this.registered.keys()];
  }

  /** What a tick does; public so tests can drive it without waiting for the clock. */
  async tick(scheduleId: string, at: Date): Promise<void> {
    const report = await this.schedules.fire(scheduleId, at);
    if (report) {
      log.info({ scheduleId, reportId: report.id }, 'scheduled report queued');
      void this.jobs.drain();
    }
  }

  private async sync(): Promise<void> {
    const wanted = new Map<string, { cron: string; timezone: string; version: string }>();
    for (const s of await this.schedules.listEnabled()) {
      wanted.set(s.id, {
        cron: s.cron,
        timezone: s.timezone,
        version: `${s.cron}|${s.timezone}|${s.updatedAt.toISOString()}`,
      });
    }
    for (const [id, version] of this.registered) {
      if (wanted.get(id)?.version !== version) this.unregister(id);
    }
    for (const [id, s] of wanted) {
      if (this.registered.has(id)) continue;
      try {
        const job = CronJob.from({
          cronTime: s.cron,
          timeZone: s.timezone,
          onTick: () => {
            this.tick(id, new Date()).catch((err: unknown) =>
              log.error({ err, scheduleId: id }, 'could not queue a scheduled report'),
            );
          },
        });
        this.registry.addCronJob(`${PREFIX}${id}`, job);
        job.start();
        this.registered.set(id, s.version);
        log.info({ scheduleId: id, cron: s.cron, timezone: s.timezone }, 'report schedule registered');
      } catch (err) {
        log.error({ err, scheduleId: id, cron: s.cron }, 'report schedule refused');
      }
    }
  }

  private unregister(id: string): void {
    const name = `${PREFIX}${id}`;
    if (this.registry.doesExist('cron', name)) this.registry.deleteCronJob(name);
    this.registered.delete(id);
  }
}
