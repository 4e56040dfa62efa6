import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type ReportProgress } from '@interdict/database';
import type { ReportFilters, ReportFormat, ReportType } from '../report-definition';
import type { ReportRow, Requester } from './report-views';

const COLUMNS = `id, report_type, format, filters, status, schedule_id, requested_by, created_at, started_at,
  finished_at, file_name, storage_key, size_bytes, row_count, error_message, deleted_at, progress, evidence,
  evidence_storage_key, evidence_size_bytes, evidence_sha256`;

/** The only place with SQL for `report` rows and the report audit entries. */
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    input: {
      type: ReportType;
      format: ReportFormat;
      filters: ReportFilters;
      requestedBy: string;
      scheduleId?: string;
      evidence?: boolean;
    },
  ): Promise<ReportRow> {
    const [row] = await queryRows<ReportRow>(
      tx,
      `INSERT INTO report (report_type, format, filters, requested_by, schedule_id, evidence)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        input.type,
        input.format,
        JSON.stringify(input.filters),
        input.requestedBy,
        input.scheduleId ?? null,
        input.evidence ?? false,
      ],
    );
    return row;
  }

  async findById(id: string): Promise<ReportRow | undefined> {
    const [row] = await queryRows<ReportRow>(this.dataSource, `SELECT ${COLUMNS} FROM report WHERE id = $1`, [
      id,
    ]);
    return row;
  }

  /** Newest first; `after` is the id of the last report of the previous page. */
  async list(opts: { limit: number; after?: string; scheduleId?: string }): Promise<ReportRow[]> {
    return queryRows<ReportRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM report
       WHERE ($2::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM report WHERE id = $2::uuid))
         AND ($3::uuid IS NULL OR schedule_id = $3::uuid)
       ORDER BY created_at DESC, id DESC LIMIT $1`,
      [opts.limit, opts.after ?? null, opts.scheduleId ?? null],
    );
  }

  /**
   * Claims the oldest queued report, or one whose worker's lease ran out, with FOR UPDATE SKIP LOCKED so
   * several workers never take the same one. The new `started_at` (whole milliseconds, so it survives the round trip
   * through a JS Date) is the claim's fencing token.
   */
  async claimNext(leaseMs: number, onlyId?: string): Promise<ReportRow | undefined> {
    const [row] = await queryRows<ReportRow>(
      this.dataSource,
      `WITH next AS (
         SELECT id FROM report
         WHERE (status = 'queued' OR (status = 'running' AND lease_until < now()))
           AND ($2::uuid IS NULL OR id = $2::uuid)
         ORDER BY created_at
         LIMIT 1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE report r SET status = 'running', started_at = date_trunc('milliseconds', clock_timestamp()),
              lease_until = clock_timestamp() + ($1 || ' milliseconds')::interval, error_message = NULL
       FROM next WHERE r.id = next.id
       RETURNING ${COLUMNS.split(',')
         .map((c) => `r.${c.trim()}`)
         .join(', ')}`,
      [String(leaseMs), onlyId ?? null],
    );
    return row;
  }

  async renewLease(id: string, startedAt: Date, leaseMs: number): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE report SET lease_until = clock_timestamp() + ($3 || ' milliseconds')::interval
       WHERE id = $1 AND status = 'running' AND started_at = $2 RETURNING id`,
      [id, startedAt, String(leaseMs)],
    );
    return rows.length === 1;
  }

  /** Records how far the claimed report is (nothing once it ended or the claim moved on). */
  async reportProgress(id: string, startedAt: Date, progress: ReportProgress): Promise<void> {
    await this.dataSource.query(
      `UPDATE report SET progress = $3 WHERE id = $1 AND status = 'running' AND started_at = $2`,
      [id, startedAt, JSON.stringify(progress)],
    );
  }

  /** Marks the claimed report done; false when the claim was lost (another worker took it over). */
  async markSucceeded(
    tx: EntityManager,
    id: string,
    startedAt: Date,
    file: {
      fileName: string;
      storageKey: string;
      sizeBytes: number;
      rowCount: number;
      pack: { storageKey: string; sizeBytes: number; sha256: string } | null;
    },
  ): Promise<ReportRow | undefined> {
    const [row] = await queryRows<ReportRow>(
      tx,
      `UPDATE report SET status = 'succeeded', finished_at = clock_timestamp(), lease_until = NULL, progress = NULL,
              file_name = $3, storage_key = $4, size_bytes = $5, row_count = $6,
              evidence_storage_key = $7, evidence_size_bytes = $8, evidence_sha256 = $9
       WHERE id = $1 AND status = 'running' AND started_at = $2
       RETURNING ${COLUMNS}`,
      [
        id,
        startedAt,
        file.fileName,
        file.storageKey,
        file.sizeBytes,
        file.rowCount,
        file.pack?.storageKey ?? null,
        file.pack?.sizeBytes ?? null,
        file.pack?.sha256 ?? null,
      ],
    );
    return row;
  }

  async markFailed(id: string, startedAt: Date, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE report SET status = 'failed', finished_at = clock_timestamp(), lease_until = NULL, progress = NULL,
              error_message = $3
       WHERE id = $1 AND status = 'running' AND started_at = $2`,
      [id, startedAt, message.slice(0, 2000)],
    );
  }

  /**
   * Finished reports of one schedule (or the on-demand ones, scheduleId null) beyond the newest `keepCount` or
   * older than `keepDays`; 0 disables a limit.
   */
  async findExpired(scheduleId: string | null, keepCount: number, keepDays: number): Promise<ReportRow[]> {
    return queryRows<ReportRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM (
         SELECT *, row_number() OVER (ORDER BY created_at DESC, id DESC) AS n FROM report
         WHERE schedule_id IS NOT DISTINCT FROM $1::uuid AND status IN ('succeeded', 'failed') AND deleted_at IS NULL
       ) r
       WHERE ($2::int > 0 AND n > $2::int) OR ($3::int > 0 AND created_at < now() - make_interval(days => $3::int))`,
      [scheduleId, keepCount, keepDays],
    );
  }

  async markDeleted(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE report SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [
      id,
    ]);
  }

  /** Schedule ids that have finished reports, plus null for on-demand ones: what a retention sweep visits. */
  async scheduleIdsWithFiles(): Promise<(string | null)[]> {
    const rows = await queryRows<{ schedule_id: string | null }>(
      this.dataSource,
      `SELECT DISTINCT schedule_id FROM report WHERE deleted_at IS NULL AND status IN ('succeeded', 'failed')`,
    );
    return rows.map((r) => r.schedule_id);
  }

  /** One audit entry in the caller's transaction. */
  async audit(
    tx: EntityManager,
    who: Requester,
    action: string,
    target: { type: string; id: string },
    change: { before?: unknown; after?: unknown },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, target_type, target_id, before, after, ip, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        who.type,
        who.id,
        who.name,
        action,
        target.type,
        target.id,
        change.before === undefined ? null : JSON.stringify(change.before),
        change.after === undefined ? null : JSON.stringify(change.after),
        who.ip ?? null,
        who.requestId ?? null,
      ],
    );
  }
}
