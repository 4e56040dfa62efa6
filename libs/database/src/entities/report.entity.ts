import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A generated (or queued) report file. */
@Entity({ name: 'report' })
export class Report {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'report_type' })
  reportType!: string;

  @Column({ type: 'text', name: 'format' })
  format!: 'xlsx' | 'csv';

  @Column({ type: 'jsonb', name: 'filters' })
  filters!: Record<string, unknown>;

  @Column({ type: 'text', name: 'status' })
  status!: 'queued' | 'running' | 'succeeded' | 'failed';

  @Column({ type: 'uuid', name: 'schedule_id', nullable: true })
  scheduleId!: string | null;

  @Column({ type: 'text', name: 'requested_by' })
  requestedBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', name: 'file_name', nullable: true })
  fileName!: string | null;

  @Column({ type: 'text', name: 'storage_key', nullable: true })
  storageKey!: string | null;

  @Column({ type: 'bigint', name: 'size_bytes', nullable: true })
  sizeBytes!: string | null;

  @Column({ type: 'integer', name: 'row_count', nullable: true })
  rowCount!: number | null;

  @Column({ type: 'text', name: 'error_message', nullable: true })
  errorMessage!: string | null;

  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  /** An auditor evidence pack was asked for (docs/evidence-pack.md). */
  @Column({ type: 'boolean', name: 'evidence' })
  evidence!: boolean;

  @Column({ type: 'text', name: 'evidence_storage_key', nullable: true })
  evidenceStorageKey!: string | null;

  @Column({ type: 'bigint', name: 'evidence_size_bytes', nullable: true })
  evidenceSizeBytes!: string | null;

  /** SHA-256 (hex) of the whole pack as stored. */
  @Column({ type: 'text', name: 'evidence_sha256', nullable: true })
  evidenceSha256!: string | null;

  /** How far a running report is, written about once a second while it renders. */
  @Column({ type: 'jsonb', name: 'progress', nullable: true })
  progress!: ReportProgress | null;

  /** The numbers a scheduled report's mail shows, read from the report's own snapshot; null for other reports. */
  @Column({ type: 'jsonb', name: 'headline', nullable: true })
  headline!: ReportHeadline | null;
}

/** What a report's mail says in numbers: totals at the report's snapshot, and the change since the previous one. */
export interface ReportHeadline {
  asOf: string;
  exposedDevices: number;
  openExposures: number;
  overdueExposures: number;
  overdueDevices: number;
  reviewExposures: number;
  exceptedExposures: number;
  /** Since the schedule's previous successful report; null for its first. */
  since: {
    asOf: string;
    newExposures: number;
    resolvedExposures: number;
    newlyOverdue: number;
  } | null;
}

/** A running report's sheet being written and the rows written so far (all sheets). */
export interface ReportProgress {
  sheet: string;
  rows: number;
  at: string;
}
