import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { RepeatedFailureLog, type Logger } from '@interdict/logger';

/** The cron job a row wants: its schedule and zone, and a version that changes whenever the job must be replaced. */
export interface WantedCron {
  cron: string;
  timeZone: string;
  version: string;
}

export interface PolledCronJobsOptions {
  /** What the jobs are, for log messages: "report schedule", "sync schedule". */
  what: string;
  /** Log field that carries a row's id. */
  idField: string;
  /** Registry name prefix; a job is `<prefix><id>`. */
  prefix: string;
  registry: SchedulerRegistry;
  log: Logger;
  /** Every row that wants a job now, by id. */
  wanted(): Promise<Map<string, WantedCron>>;
  /** What a tick does; a failure is logged, the job keeps ticking. */
  onTick(id: string, at: Date): Promise<void>;
}

/**
 * Cron jobs kept in step with a table by polling, since the api changes the table in another process: one job per
 * row that wants one, registered in SchedulerRegistry, replaced when its version changes and removed when the row
 * stops wanting it. Reloads never overlap; a reload that keeps failing is logged once in a while, not every poll.
 */
export class PolledCronJobs {
  /** row id → the version registered. */
  private readonly registered = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private readonly reloadFailures: RepeatedFailureLog;

  constructor(private readonly o: PolledCronJobsOptions) {
    this.reloadFailures = new RepeatedFailureLog(o.log, `could not reload ${o.what}s`);
  }

  /** Registers the wanted jobs, then reloads every `pollMs`. */
  async start(pollMs: number): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), pollMs);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const id of [...this.registered.keys()]) this.unregister(id);
  }

  /** Re-reads the wanted jobs and brings the registered ones in line with them. */
  reload(): Promise<void> {
    this.reloading ??= this.align()
      .then(() => this.reloadFailures.succeeded())
      .catch((err: unknown) => this.reloadFailures.failed(err))
      .finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /** Registered row ids with their versions (for tests and diagnostics). */
  versions(): Map<string, string> {
    return new Map(this.registered);
  }

  private async align(): Promise<void> {
    const wanted = await this.o.wanted();
    for (const [id, version] of this.registered) {
      if (wanted.get(id)?.version !== version) this.unregister(id);
    }
    for (const [id, w] of wanted) if (!this.registered.has(id)) this.register(id, w);
  }

  private register(id: string, w: WantedCron): void {
    const { log, idField, what } = this.o;
    try {
      const job = CronJob.from({
        cronTime: w.cron,
        timeZone: w.timeZone,
        onTick: () => {
          this.o
            .onTick(id, new Date())
            .catch((err: unknown) => log.error({ err, [idField]: id }, `${what} tick failed`));
        },
      });
      this.o.registry.addCronJob(`${this.o.prefix}${id}`, job);
      job.start();
      this.registered.set(id, w.version);
      log.info({ [idField]: id, cron: w.cron, timeZone: w.timeZone }, `${what} registered`);
    } catch (err) {
      log.error({ err, [idField]: id, cron: w.cron }, `${what} refused`);
    }
  }

  private unregister(id: string): void {
    const name = `${this.o.prefix}${id}`;
    if (this.o.registry.doesExist('cron', name)) this.o.registry.deleteCronJob(name);
    this.registered.delete(id);
    this.o.log.info({ [this.o.idField]: id }, `${this.o.what} removed`);
  }
}
