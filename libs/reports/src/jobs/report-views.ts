import type { Report, ReportProgress, Row } from '@interdict/database';
import type { ReportFilters, ReportFormat, ReportType } from '../report-definition';

/** Who asked for a change, as recorded on rows and in the audit log (the auth lib's ActorRef fits). */
export interface Requester {
  type: 'api_key' | 'oidc' | 'system';
  id: string | null;
  name: string;
  ip?: string | null;
  requestId?: string | null;
}

/** A report as the API shows it. */
export interface ReportView {
  id: string;
  type: ReportType;
  format: ReportFormat;
  filters: ReportFilters;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  scheduleId: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  rowCount: number | null;
  error: string | null;
  /** Set when retention removed the file; the row stays as history. */
  deletedAt: string | null;
  /** While running: the sheet being written and the rows so far. */
  progress: ReportProgress | null;
  /** An auditor evidence pack was asked for (docs/evidence-pack.md). */
  evidence: boolean;
  /** The stored pack's size; null until it is stored, and once retention removed it. */
  evidenceSizeBytes: number | null;
  /** SHA-256 (hex) of the stored pack; null as evidenceSizeBytes. */
  evidenceSha256: string | null;
}

/** The `report` row as stored, with the type and filters narrowed to what validation let in. */
export interface ReportRow extends Omit<Row<Report>, 'report_type' | 'filters' | 'lease_until'> {
  report_type: ReportType;
  filters: ReportFilters;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toReportView(r: ReportRow): ReportView {
  return {
    id: r.id,
    type: r.report_type,
    format: r.format,
    filters: r.filters,
    status: r.status,
    scheduleId: r.schedule_id,
    requestedBy: r.requested_by,
    createdAt: r.created_at.toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    fileName: r.file_name,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    rowCount: r.row_count,
    error: r.error_message,
    deletedAt: iso(r.deleted_at),
    progress: r.progress,
    evidence: r.evidence,
    evidenceSizeBytes: r.evidence_size_bytes === null || r.deleted_at ? null : Number(r.evidence_size_bytes),
    evidenceSha256: r.deleted_at ? null : r.evidence_sha256,
  };
}
