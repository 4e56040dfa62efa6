import { Inject, Injectable } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { Config } from '@interdict/config';
import {
  appendEvents,
  queryRows,
  recordProgressEverySecond,
  type ReportHeadline,
  type ScheduleEmail,
} from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { readHeadline } from '../data/report.queries';
import { ReportSnapshot } from '../data/report-snapshot';
import { MailOutbox } from '../email/mail-outbox';
import { renderSubject } from '../email/report-mail';
import { reportFileName } from '../file-name';
import { loadEvidenceSigningKey, type EvidenceSigningKey } from '../evidence/evidence-key';
import { renderWithEvidencePack, type StoredPack } from '../evidence/evidence-pack';
import { renderReport, type RenderContext, type RowTally } from '../render/render-report';
import { RULE_DIRECTORY, type RuleDirectory } from '../rule-directory';
import { REPORT_STORAGE, type ReportStorage } from '../storage/report-storage';
import { ReportRepository } from './report.repository';
import { ReportRetention } from './report-retention';
import { toReportView, type ReportRow, type ReportView } from './report-views';

/** A rendered report's file (and evidence pack, when asked for) as the report row records it. */
interface StoredFile {
  fileName: string;
  storageKey: string;
  sizeBytes: number;
  rowCount: number;
  pack: StoredPack | null;
}

/** A scheduled report that is mailed: the schedule's settings and when its previous report's data was taken. */
interface MailPlan {
  scheduleId: string;
  scheduleName: string;
  email: ScheduleEmail;
  previousAsOf: Date | null;
}

/** Runs queued reports: claim one, render it from one snapshot into storage, mark it done and announce it. */
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
      const mail = await this.mailPlan(report);
      // Before any work: a pack that cannot be signed fails the report at once, saying which setting is missing.
      const signer = report.evidence ? loadEvidenceSigningKey(this.config, { generate: true }) : null;
      const snap = await ReportSnapshot.open(this.dataSource);
      // Read first, in the same snapshot as every sheet; a failure here must still return the connection.
      const headline = mail ? await headlineOf(snap, report, mail.previousAsOf).catch(abortWith(snap)) : null;
      const file = await this.produce(snap, report, tally, signer);
      const done = await this.markReady(
        report,
        file,
        snap.asOf,
        mail && headline ? { plan: mail, headline } : null,
      );
      if (!done) {
        await this.storage.delete(file.storageKey);
        if (file.pack) await this.storage.delete(file.pack.storageKey);
        throw new Error('the claim on this report was lost to another worker');
      }
      this.log.info(
        {
          reportId: report.id,
          type: report.report_type,
          format: report.format,
          rowCount: file.rowCount,
          sizeBytes: file.sizeBytes,
          evidenceSizeBytes: file.pack?.sizeBytes,
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
  private async markReady(
    report: ReportRow,
    file: StoredFile,
    asOf: Date,
    mail: { plan: MailPlan; headline: ReportHeadline } | null,
  ): Promise<ReportRow | undefined> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.reports.markSucceeded(tx, report.id, report.started_at!, file);
      if (!row) return undefined;
      if (mail) await this.enqueueMail(tx, row, mail.plan, mail.headline);
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
            ...(file.pack
              ? {
                  evidencePath: `/api/v1/reports/${row.id}/evidence`,
                  evidenceSha256: file.pack.sha256,
                }
              : {}),
          },
        },
      ]);
      return row;
    });
  }

  /** The schedule's mail settings when this report is a scheduled one with recipients; else null. */
  private async mailPlan(report: ReportRow): Promise<MailPlan | null> {
    if (!report.schedule_id) return null;
    const [s] = await queryRows<{ name: string; email: ScheduleEmail; previous_as_of: Date | null }>(
      this.dataSource,
      `SELECT s.name, s.email,
              (SELECT coalesce((p.headline->>'asOf')::timestamptz, p.started_at) FROM report p
                WHERE p.schedule_id = s.id AND p.status = 'succeeded' AND p.id <> $2
                ORDER BY p.finished_at DESC LIMIT 1) AS previous_as_of
         FROM report_schedule s WHERE s.id = $1 AND s.email IS NOT NULL`,
      [report.schedule_id, report.id],
    );
    return s
      ? {
          scheduleId: report.schedule_id,
          scheduleName: s.name,
          email: s.email,
          previousAsOf: s.previous_as_of,
        }
      : null;
  }

  /** Adds the report's mail to the outbox, with the headline on the report, in the transaction that finishes it. */
  private async enqueueMail(
    tx: EntityManager,
    row: ReportRow,
    plan: MailPlan,
    headline: ReportHeadline,
  ): Promise<void> {
    await tx.query(`UPDATE report SET headline = $2 WHERE id = $1`, [row.id, JSON.stringify(headline)]);
    const from = this.config.email.from ?? '';
    const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'interdict.invalid';
    await new MailOutbox().enqueue(tx, {
      reportId: row.id,
      scheduleId: plan.scheduleId,
      // One report, one mail: the id is derived from the report, so it stays the same on every send.
      messageId: `<report-${row.id}@${domain}>`,
      recipients: { to: plan.email.to, cc: plan.email.cc },
      subject: renderSubject(plan.email.subject, {
        orgName: this.config.orgName,
        scheduleName: plan.scheduleName,
        reportType: row.report_type,
        headline,
      }),
    });
  }

  /** Renders the report (with its evidence pack when `signer` is given) and stores it; closes the snapshot. */
  private async produce(
    snap: ReportSnapshot,
    report: ReportRow,
    tally: RowTally,
    signer: EvidenceSigningKey | null,
  ): Promise<StoredFile> {
    const fileName = reportFileName(this.config.orgName, report.report_type, snap.asOf, report.format);
    const storageKey = `${snap.asOf.toISOString().slice(0, 7)}/${report.id}.${report.format}`;
    if (!signer)
      return {
        fileName,
        storageKey,
        pack: null,
        ...(await this.renderInto(snap, report, storageKey, tally)),
      };
    const packKey = `${snap.asOf.toISOString().slice(0, 7)}/${report.id}.evidence.zip`;
    try {
      const made = await renderWithEvidencePack(snap, {
        report,
        fileName,
        storageKey,
        packKey,
        storage: this.storage,
        signer,
        ctx: this.renderContext(tally),
      });
      await snap.close();
      return { fileName, storageKey, ...made };
    } catch (err) {
      await snap.abort();
      // Neither file may outlive a failed report: the row would never point at them.
      await this.storage.delete(storageKey).catch(() => undefined);
      await this.storage.delete(packKey).catch(() => undefined);
      throw err;
    }
  }

  private renderContext(tally: RowTally): RenderContext {
    return {
      orgName: this.config.orgName,
      staleAfterDays: this.config.exposure.staleAfterDays,
      csvBom: this.config.reports.csvBom,
      rules: this.rules,
      tally,
    };
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
        this.renderContext(tally),
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

/** Rolls the snapshot back, then rethrows. */
function abortWith(snap: ReportSnapshot): (err: unknown) => Promise<never> {
  return async (err) => {
    await snap.abort();
    throw err;
  };
}

/** The mail's numbers from the report's own snapshot. */
async function headlineOf(
  snap: ReportSnapshot,
  report: ReportRow,
  since: Date | null,
): Promise<ReportHeadline> {
  const c = await readHeadline(snap, report.filters, since);
  return {
    asOf: snap.asOf.toISOString(),
    exposedDevices: c.exposed_devices,
    openExposures: c.exposures,
    overdueExposures: c.overdue_exposures,
    overdueDevices: c.overdue_devices,
    reviewExposures: c.review_exposures,
    exceptedExposures: c.excepted_exposures,
    since: since
      ? {
          asOf: since.toISOString(),
          newExposures: c.new_exposures,
          resolvedExposures: c.resolved_exposures,
          newlyOverdue: c.newly_overdue,
        }
      : null,
  };
}
