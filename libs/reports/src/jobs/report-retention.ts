import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Config } from '@interdict/config';
import { queryRows } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { REPORT_STORAGE, type ReportStorage } from '../storage/report-storage';
import { ReportRepository } from './report.repository';

/**
 * Deletes report files beyond a schedule's keep count or age (the schedule's own limits, else the global
 * defaults); the report rows stay, marked deleted, as history.
 */
@Injectable()
export class ReportRetention {
  private readonly log = getLogger('ReportRetention');
  private readonly reports: ReportRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    @Inject(REPORT_STORAGE) private readonly storage: ReportStorage,
  ) {
    this.reports = new ReportRepository(dataSource);
  }

  /** Applies the policy of one schedule (null: on-demand reports); returns how many files were removed. */
  async applyFor(scheduleId: string | null): Promise<number> {
    let keepCount = this.config.reports.keepCount;
    let keepDays = this.config.reports.retentionDays;
    if (scheduleId) {
      const [s] = await queryRows<{ keep_count: number | null; keep_days: number | null }>(
        this.dataSource,
        `SELECT keep_count, keep_days FROM report_schedule WHERE id = $1`,
        [scheduleId],
      );
      keepCount = s?.keep_count ?? keepCount;
      keepDays = s?.keep_days ?? keepDays;
    }
    const expired = await this.reports.findExpired(scheduleId, keepCount, keepDays);
    for (const r of expired) {
      // File first, then the mark: a crash in between leaves a row that the next sweep retries.
      if (r.storage_key) await this.storage.delete(r.storage_key);
      if (r.evidence_storage_key) await this.storage.delete(r.evidence_storage_key);
      await this.reports.markDeleted(r.id);
    }
    if (expired.length)
      this.log.info({ scheduleId, removed: expired.length, keepCount, keepDays }, 'report files removed');
    return expired.length;
  }

  /** Applies every schedule's policy and the on-demand one. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (const id of await this.reports.scheduleIdsWithFiles()) removed += await this.applyFor(id);
    return removed;
  }
}
