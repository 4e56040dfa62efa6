import { Inject, Injectable, Optional } from '@nestjs/common';
import { Config } from '@interdict/config';
import { decodeCursor, pageOf, type Page, isUuid } from '@interdict/database';
import { DataSource } from 'typeorm';
import { ReportError } from '../reports.errors';
import {
  parseReportFilters,
  parseReportFormat,
  parseReportType,
  REPORT_CONTENT_TYPES,
} from '../report-definition';
import { REPORT_STORAGE, type ReportStorage } from '../storage/report-storage';
import { ReportRepository } from './report.repository';
import { toReportView, type ReportView, type Requester } from './report-views';

/** A report someone asks for (type, format, filters), before validation. */
export interface NewReport {
  type: unknown;
  format?: unknown;
  filters?: unknown;
  /** Also build an auditor evidence pack (docs/evidence-pack.md). */
  evidence?: unknown;
}

/** An opened report file ready to stream to a client. */
export interface ReportDownload {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  body: NodeJS.ReadableStream;
}

/** How a client gets a finished report: a presigned URL to fetch it from the store, or the stream itself. */
export type ReportDownloadTarget =
  { redirectTo: string; fileName: string } | ({ redirectTo?: undefined } & ReportDownload);

/** `Example-Corp_exposure_2026-11-28_0700Z.xlsx` → `Example-Corp_exposure_2026-11-28_0700Z.evidence.zip`. */
export function evidencePackFileName(reportFileName: string): string {
  return `${reportFileName.replace(/\.(xlsx|csv)$/, '')}.evidence.zip`;
}

/** Checks the `evidence` flag from outside (absent = no pack). */
export function parseEvidenceFlag(raw: unknown, field = 'evidence'): boolean {
  if (raw === undefined || raw === null) return false;
  if (typeof raw === 'boolean') return raw;
  throw new ReportError('invalid_report', `${field} must be true or false`, field);
}

/** On-demand reports: queue one, see its status, list them, open its file. The worker's ReportRunner does the work. */
@Injectable()
export class ReportService {
  private readonly reports: ReportRepository;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REPORT_STORAGE) private readonly storage: ReportStorage,
    // Only for `reports.s3.download`; without it downloads stream.
    @Optional() @Inject(Config) private readonly config?: Config,
  ) {
    this.reports = new ReportRepository(dataSource);
  }

  /** Validates and queues a report; the row and its audit entry are written together. */
  async request(input: NewReport, who: Requester): Promise<ReportView> {
    const type = parseReportType(input.type);
    const format = parseReportFormat(input.format ?? 'xlsx');
    const filters = parseReportFilters(input.filters);
    const evidence = parseEvidenceFlag(input.evidence);
    return this.dataSource.transaction(async (tx) => {
      const row = await this.reports.insert(tx, { type, format, filters, evidence, requestedBy: who.name });
      await this.reports.audit(
        tx,
        who,
        'report.requested',
        { type: 'report', id: row.id },
        { after: { type, format, filters, evidence } },
      );
      return toReportView(row);
    });
  }

  async get(id: string): Promise<ReportView> {
    return toReportView(await this.find(id));
  }

  /** Newest first, `limit` per page, keyset-paged by the cursor of the previous page. */
  async list(opts: { limit?: number; cursor?: string; scheduleId?: string } = {}): Promise<Page<ReportView>> {
    const limit = opts.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
      throw new ReportError('invalid_report', 'limit must be a whole number between 1 and 200', 'limit');
    }
    if (opts.scheduleId !== undefined && !isUuid(opts.scheduleId))
      throw new ReportError('invalid_report', 'scheduleId must be a UUID', 'scheduleId');
    const after = opts.cursor ? decodeCursor(opts.cursor, { id: 'uuid' }).id : undefined;
    const rows = await this.reports.list({ limit: limit + 1, after, scheduleId: opts.scheduleId });
    return pageOf(rows, limit, toReportView, (r) => ({ v: null, id: r.id }));
  }

  /** Opens a finished report's file for streaming; refuses reports still running, failed or expired. */
  async openDownload(id: string): Promise<ReportDownload> {
    const row = await this.findDownloadable(id);
    const stored = await this.storage.get(row.storage_key);
    return {
      fileName: row.file_name,
      contentType: REPORT_CONTENT_TYPES[row.format],
      sizeBytes: stored.sizeBytes,
      body: stored.body,
    };
  }

  /**
   * A presigned URL on the bucket when `reports.s3.download` is redirect and the store can presign; else the
   * stream, as openDownload. Refuses the same reports openDownload does.
   */
  async download(id: string): Promise<ReportDownloadTarget> {
    const s3 = this.config?.reports.storage === 's3' ? this.config.reports.s3 : undefined;
    if (s3?.download !== 'redirect' || !this.storage.downloadUrl) return this.openDownload(id);
    const row = await this.findDownloadable(id);
    const file = { fileName: row.file_name, contentType: REPORT_CONTENT_TYPES[row.format] };
    return {
      redirectTo: await this.storage.downloadUrl(row.storage_key, file, s3.presignSeconds),
      fileName: row.file_name,
    };
  }

  private async findDownloadable(id: string) {
    const row = await this.find(id);
    if (row.status !== 'succeeded' || !row.storage_key || !row.file_name) {
      throw new ReportError(
        'report_not_ready',
        `Report ${id} is ${row.status}; only a succeeded report can be downloaded`,
      );
    }
    if (row.deleted_at) {
      throw new ReportError(
        'report_file_not_found',
        `Report ${id} was removed by the retention policy on ${row.deleted_at.toISOString()}`,
      );
    }
    return { ...row, storage_key: row.storage_key, file_name: row.file_name };
  }

  /**
   * Opens a finished report's evidence pack (a zip) for streaming: for the download route and for anything that
   * sends the pack on (e-mail delivery). Refuses, with a message saying why, a report without one.
   */
  async openEvidence(id: string): Promise<ReportDownload> {
    const row = await this.find(id);
    if (!row.evidence) {
      throw new ReportError(
        'evidence_not_found',
        `Report ${id} has no evidence pack: it was not asked for one`,
      );
    }
    if (row.status !== 'succeeded' || !row.evidence_storage_key || !row.file_name) {
      throw new ReportError(
        'report_not_ready',
        `Report ${id} is ${row.status}; its evidence pack exists only once it succeeded`,
      );
    }
    if (row.deleted_at) {
      throw new ReportError(
        'evidence_not_found',
        `The evidence pack of report ${id} was removed by the retention policy on ${row.deleted_at.toISOString()}`,
      );
    }
    const stored = await this.storage.get(row.evidence_storage_key);
    return {
      fileName: evidencePackFileName(row.file_name),
      contentType: 'application/zip',
      sizeBytes: stored.sizeBytes,
      body: stored.body,
    };
  }

  /** Where a finished report's file is kept (a path on local disk, s3://bucket/key on S3); null while it has none. */
  async locate(id: string): Promise<string | null> {
    const row = await this.find(id);
    if (row.status !== 'succeeded' || !row.storage_key || row.deleted_at) return null;
    return this.storage.locate(row.storage_key);
  }

  private async find(id: string) {
    const row = isUuid(id) ? await this.reports.findById(id) : undefined;
    if (!row) throw new ReportError('report_not_found', `No report ${id}`, 'id');
    return row;
  }
}
