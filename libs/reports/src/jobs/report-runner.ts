import { Inject, Injectable } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { Config } from '@interdict/config';
import { appendEvents, recordProgressEverySecond } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { ReportSnapshot } from '../data/report-snapshot';
import { reportFileName } from '../file-name';
import { renderReport, type RowTally } from '../render/render-report';
import { RULE_DIRECTORY, type RuleDirectory } from '../rule-directory';
import { REPORT_STORAGE, type ReportStorage } from '../storage/report-storage';
import { ReportRepository } from './report.repository';
import { ReportRetention } from './report-retention';
import { toReportView, type ReportRow, type ReportView } from './report-views';

/** Runs queued reports: claim one, render it from one snapshot into storage, mark it done and announce it. */
/** A rendered report's file as the report row records it. */
interface StoredFile {
  fileName: string;
  storageKey: string;
  sizeBytes: number;
  rowCount: number;
}

@Injectable()
export class ReportRunner {
  private readonly log = getLogger('ReportRunner');
  private readonly reports: ReportRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    @Inject(REPORT_STORAGE) private readonly storage: ReportStorage,
    @Inject(RULE_DIRECTORY) private readonly rules: RuleDirectory,
    private readonly retention: ReportRetention,
  ) {
    this.reports = new ReportRepository(dataSource);
  }

  /** Claims and runs the next queued report; returns it when done (succeeded or failed), or null if none waits. */
  async runNext(): Promise<ReportView | null> {
    const claimed = await this.reports.claimNext(this.config.reports.leaseMs);
    if (!claimed) return null;
    return this.run(claimed);
  }

  /** Claims and runs one given queued report (the CLI's "make it now"); null if it is not waiting to run. */
  async runById(id: string): Promise<ReportView | null> {
    const claimed = await this.reports.claimNext(this.config.reports.leaseMs, id);
    if (!claimed) return null;
    return this.run(claimed);
  }

  /** Renders a claimed report into storage and marks it succeeded with its report.ready event, or failed. */
  private async run(report: ReportRow): Promise<ReportView> {
    const startedAt = report.started_at!;
    const t0 = Date.now();
    const renewal = this.keepLease(report);
    const tally: RowTally = { sheet: '', rows: 0 };
    const reporting = this.reportProgress(report, tally);
    try {
      const snap = await ReportSnapshot.open(this.dataSource);
      const storageKey = `${snap.asOf.toISOString().slice(0, 7)}/${report.id}.${report.format}`;
      const file: StoredFile = {
        fileName: reportFileName(this.config.orgName, report.report_type, snap.asOf, report.format),
        storageKey,
        ...(await this.renderInto(snap, report, storageKey, tally)),
      };
      const done = await this.markReady(report, file, snap.asOf);
      if (!done) {
        await this.storage.delete(file.storageKey);
        throw new Error('the claim on this report was lost to another worker');
      }
      this.log.info(
        {
          reportId: report.id,
          type: report.report_type,
          format: report.format,
          rowCount: file.rowCount,
          sizeBytes: file.sizeBytes,
          durationMs: Date.now() - t0,
        },
        'report finished',
      );
      await this.retention
        .applyFor(report.schedule_id)
        .catch((err: unknown) => this.log.warn({ err, reportId: report.id }, 'report retention failed'));
      return toReportView(done);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error({ err, reportId: report.id }, 'report failed');
      await this.reports.markFailed(report.id, startedAt, message);
      return toReportView((await this.reports.findById(report.id))!);
    } finally {
      clearInterval(renewal);
      clearInterval(reporting);
    }
  }

  /** Records the sheet and rows so far each second while the report renders; the caller clears the timer. */
  private reportProgress(report: ReportRow, tally: RowTally): NodeJS.Timeout {
    return recordProgressEverySecond(
      () =>
        tally.sheet
          ? this.reports.reportProgress(report.id, report.started_at!, {
              ...tally,
              at: new Date().toISOString(),
            })
          : null,
      (err) => this.log.warn({ err, reportId: report.id }, 'could not record report progress'),
    );
  }

  /** Renews the report's claim every third of the lease while it renders; the caller clears the timer. */
  private keepLease(report: ReportRow): NodeJS.Timeout {
    const leaseMs = this.config.reports.leaseMs;
    const renewal = setInterval(
      () => {
        this.reports.renewLease(report.id, report.started_at!, leaseMs).then(
          (held) => held || this.log.warn({ reportId: report.id }, 'report claim lost to another worker'),
          (err: unknown) => this.log.warn({ err, reportId: report.id }, 'report lease renewal failed'),
        );
      },
      Math.floor(leaseMs / 3),
    );
    renewal.unref();
    return renewal;
  }

  /**
   * Marks the report succeeded and appends report.ready in one transaction, so a webhook never announces a report
   * that is not there; undefined when another worker took the claim meanwhile.
   */
  private async markReady(report: ReportRow, file: StoredFile, asOf: Date): Promise<ReportRow | undefined> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.reports.markSucceeded(tx, report.id, report.started_at!, file);
      if (!row) return undefined;
      await appendEvents(tx, [
        {
          type: 'report.ready',
          severity: 'info',
          orderingKey: `report:${row.id}`,
          payload: {
            reportId: row.id,
            type: row.report_type,
            format: row.format,
            fileName: file.fileName,
            sizeBytes: file.sizeBytes,
            rowCount: file.rowCount,
            scheduleId: row.schedule_id,
            asOf: asOf.toISOString(),
            downloadPath: `/api/v1/reports/${row.id}/download`,
          },
        },
      ]);
      return row;
    });
  }

  private async renderInto(
    snap: ReportSnapshot,
    report: ReportRow,
    storageKey: string,
    tally: RowTally,
  ): Promise<{ rowCount: number; sizeBytes: number }> {
    const pipe = new PassThrough({ highWaterMark: 1024 * 1024 });
    const stored = this.storage.put(storageKey, pipe);
    stored.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
    try {
      const rowCount = await renderReport(
        snap,
        { type: report.report_type, format: report.format, filters: report.filters },
        {
          orgName: this.config.orgName,
          staleAfterDays: this.config.exposure.staleAfterDays,
          csvBom: this.config.reports.csvBom,
          rules: this.rules,
          tally,
        },
        pipe,
      );
      if (!pipe.writableEnded) pipe.end();
      const { sizeBytes } = await stored;
      await snap.close();
      return { rowCount, sizeBytes };
    } catch (err) {
      pipe.destroy(err as Error);
      // When the store failed first, the writer only saw its output fail; the store's error says what happened.
      const storeError = await stored.then(
        () => undefined,
        (e: unknown) => e,
      );
      await snap.abort();
      throw storeError ?? err;
    }
  }
}
