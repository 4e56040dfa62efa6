import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { ReportScheduleService } from '@interdict/reports';
import { PolledCronJobs } from '../common/polled-cron-jobs';
import { ReportJobRunner } from './report-job.runner';

const log = getLogger('ReportScheduleClock');

/**
 * One cron job per enabled report schedule, in the schedule's time zone, kept in step with the table by polling. A
 * tick calls `fire`, whose conditional update lets exactly one worker queue the report for that minute.
 */
@Injectable()
export class ReportScheduleClock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly jobsBySchedule: PolledCronJobs;

  constructor(
    private readonly config: Config,
    private readonly schedules: ReportScheduleService,
    private readonly jobs: ReportJobRunner,
    registry: SchedulerRegistry,
  ) {
    this.jobsBySchedule = new PolledCronJobs({
      what: 'report schedule',
      idField: 'scheduleId',
      prefix: 'report-schedule:',
      registry,
      log,
      wanted: async () =>
        new Map(
          (await this.schedules.listEnabled()).map((s) => [
            s.id,
            {
              cron: s.cron,
              timeZone: s.timezone,
              version: `${s.cron}|${s.timezone}|${s.updatedAt.toISOString()}`,
            },
          ]),
        ),
      onTick: (id, at) => this.tick(id, at),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.reports.schedulesEnabled) return;
    await this.jobsBySchedule.start(Math.max(this.config.reports.pollIntervalMs, 15_000));
  }

  onApplicationShutdown(): void {
    this.jobsBySchedule.stop();
  }

  /** Re-reads the schedules and brings the registered cron jobs in line with them. */
  reload(): Promise<void> {
    return this.jobsBySchedule.reload();
  }

  /** Schedule ids with a registered cron job (for tests and diagnostics). */
  scheduled(): string[] {
    return [...this.jobsBySchedule.versions().keys()];
  }

  /** What a tick does; public so tests can drive it without waiting for the clock. */
  async tick(scheduleId: string, at: Date): Promise<void> {
    const report = await this.schedules.fire(scheduleId, at);
    if (report) {
      log.info({ scheduleId, reportId: report.id }, 'scheduled report queued');
      void this.jobs.drain();
    }
  }
}
