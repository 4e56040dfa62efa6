import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, type ReportSchedule, type Row, type ScheduleEmail, isUuid } from '@interdict/database';
import { parseScheduleEmail } from '../email/mail-settings';
import { ReportRepository } from '../jobs/report.repository';
import { parseEvidenceFlag } from '../jobs/report.service';
import { toReportView, type ReportView, type Requester } from '../jobs/report-views';
import {
  parseReportFilters,
  parseReportFormat,
  parseReportType,
  type ReportFilters,
  type ReportFormat,
  type ReportType,
} from '../report-definition';
import { ReportError } from '../reports.errors';
import { nextScheduledRun } from './schedule-timing';

/** Where a schedule's latest mail stands. */
export interface ScheduleMailStatus {
  status: 'pending' | 'sending' | 'sent' | 'dead';
  error: string | null;
  reportId: string;
  at: string;
}

/** A report schedule as the API shows it. */
export interface ReportScheduleView {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  type: ReportType;
  format: ReportFormat;
  filters: ReportFilters;
  /** Each report it queues also gets an auditor evidence pack. */
  evidence: boolean;
  enabled: boolean;
  keepCount: number | null;
  keepDays: number | null;
  /** Who gets each report by email, and the subject template; null = not mailed. */
  email: ScheduleEmail | null;
  /** Its latest mail: sent, still trying (with why), or given up; null before the first. */
  lastMail: ScheduleMailStatus | null;
  lastRunAt: string | null;
  nextRunAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Fields of a schedule from outside, before validation; on update every field is optional. */
export interface ScheduleInput {
  name?: unknown;
  cron?: unknown;
  timezone?: unknown;
  type?: unknown;
  format?: unknown;
  filters?: unknown;
  evidence?: unknown;
  enabled?: unknown;
  keepCount?: unknown;
  keepDays?: unknown;
  email?: unknown;
}

/** The stored row, with the type and filters narrowed to what validation let in. */
interface ScheduleRow extends Omit<Row<ReportSchedule>, 'report_type' | 'filters'> {
  report_type: ReportType;
  filters: ReportFilters;
  last_mail?: ScheduleMailStatus | null;
}

/** A schedule's own fields once validated: what a caller sets, without what the service keeps. */
type CleanSchedule = Omit<
  ReportScheduleView,
  'id' | 'lastMail' | 'lastRunAt' | 'nextRunAt' | 'createdBy' | 'createdAt' | 'updatedAt'
>;

const COLUMNS = `id, name, cron, timezone, report_type, format, filters, enabled, keep_count, keep_days, email,
  last_run_at, created_by, created_at, updated_at, evidence`;
// The schedule's latest mail, so a failing SMTP server or a refused recipient shows on the schedule itself.
const LAST_MAIL = `(SELECT jsonb_build_object('status', m.status, 'error', m.last_error, 'reportId', m.report_id,
                                   'at', coalesce(m.sent_at, m.created_at))
                      FROM email_delivery m WHERE m.schedule_id = report_schedule.id
                     ORDER BY m.created_at DESC, m.id LIMIT 1) AS last_mail`;

function toView(r: ScheduleRow): ReportScheduleView {
  let next: string | null = null;
  if (r.enabled) {
    try {
      next = nextScheduledRun(r.cron, r.timezone).toISOString();
    } catch {
      next = null; // a row written before validation tightened; shown without a next run
    }
  }
  return {
    id: r.id,
    name: r.name,
    cron: r.cron,
    timezone: r.timezone,
    type: r.report_type,
    format: r.format,
    filters: r.filters,
    evidence: r.evidence,
    enabled: r.enabled,
    keepCount: r.keep_count,
    keepDays: r.keep_days,
    email: r.email,
    lastMail: r.last_mail ?? null,
    lastRunAt: r.last_run_at?.toISOString() ?? null,
    nextRunAt: next,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function optionalCount(raw: unknown, field: string, max: number): number | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > max) {
    throw new ReportError(
      'invalid_schedule',
      `${field} must be a whole number between 1 and ${max}, or null`,
      field,
    );
  }
  return raw;
}

/** Checks a whole schedule (a new one, or an existing one with a patch applied). */
function cleanSchedule(input: ScheduleInput): CleanSchedule {
  if (typeof input.name !== 'string' || input.name.trim().length === 0 || input.name.length > 200) {
    throw new ReportError('invalid_schedule', 'name must be a text of 1 to 200 characters', 'name');
  }
  const timezone = input.timezone ?? 'UTC';
  nextScheduledRun(input.cron as string, timezone as string);
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean') {
    throw new ReportError('invalid_schedule', 'enabled must be true or false', 'enabled');
  }
  return {
    name: input.name.trim(),
    cron: (input.cron as string).trim(),
    timezone: timezone as string,
    type: parseReportType(input.type),
    format: parseReportFormat(input.format ?? 'xlsx'),
    filters: parseReportFilters(input.filters),
    evidence: parseEvidenceFlag(input.evidence),
    enabled: input.enabled ?? true,
    keepCount: optionalCount(input.keepCount, 'keepCount', 100_000),
    keepDays: optionalCount(input.keepDays, 'keepDays', 3650),
    email: parseScheduleEmail(input.email),
  };
}

/** Report schedules: CRUD for the API, and `fire` for the worker's clock. */
@Injectable()
export class ReportScheduleService {
  private readonly reports: ReportRepository;

  constructor(private readonly dataSource: DataSource) {
    this.reports = new ReportRepository(dataSource);
  }

  async create(input: ScheduleInput, who: Requester): Promise<ReportScheduleView> {
    const s = cleanSchedule(input);
    return this.dataSource.transaction(async (tx) => {
      const [row] = await queryRows<ScheduleRow>(
        tx,
        `INSERT INTO report_schedule (name, cron, timezone, report_type, format, filters, enabled, keep_count, keep_days,
                                      email, created_by, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        [...scheduleColumns(s), who.name, s.evidence],
      );
      const view = toView(row);
      await this.reports.audit(
        tx,
        who,
        'report_schedule.created',
        { type: 'report_schedule', id: row.id },
        { after: view },
      );
      return view;
    });
  }

  /** Applies the given fields; absent fields keep their value, `null` clears keepCount/keepDays. */
  async update(id: string, patch: ScheduleInput, who: Requester): Promise<ReportScheduleView> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.lockRow(tx, id);
      const merged: ScheduleInput = {
        name: before.name,
        cron: before.cron,
        timezone: before.timezone,
        type: before.report_type,
        format: before.format,
        filters: before.filters,
        evidence: before.evidence,
        enabled: before.enabled,
        keepCount: before.keep_count,
        keepDays: before.keep_days,
        email: before.email,
      };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k as keyof ScheduleInput] = v;
      const s = cleanSchedule(merged);
      const [row] = await queryRows<ScheduleRow>(
        tx,
        `UPDATE report_schedule SET name = $2, cron = $3, timezone = $4, report_type = $5, format = $6, filters = $7,
                enabled = $8, keep_count = $9, keep_days = $10, email = $11, updated_at = now(), evidence = $12
         WHERE id = $1 RETURNING ${COLUMNS}, ${LAST_MAIL}`,
        [id, ...scheduleColumns(s), s.evidence],
      );
      const view = toView(row);
      await this.reports.audit(
        tx,
        who,
        'report_schedule.updated',
        { type: 'report_schedule', id },
        { before: toView(before), after: view },
      );
      return view;
    });
  }

  /** Deletes a schedule; its past reports stay (their schedule id is cleared). */
  async remove(id: string, who: Requester): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const before = await this.lockRow(tx, id);
      await tx.query(`DELETE FROM report_schedule WHERE id = $1`, [id]);
      await this.reports.audit(
        tx,
        who,
        'report_schedule.deleted',
        { type: 'report_schedule', id },
        { before: toView(before) },
      );
    });
  }

  async get(id: string): Promise<ReportScheduleView> {
    const [row] = isUuid(id)
      ? await queryRows<ScheduleRow>(
          this.dataSource,
          `SELECT ${COLUMNS}, ${LAST_MAIL} FROM report_schedule WHERE id = $1`,
          [id],
        )
      : [];
    if (!row) throw new ReportError('schedule_not_found', `No report schedule ${id}`, 'id');
    return toView(row);
  }

  async list(): Promise<ReportScheduleView[]> {
    const rows = await queryRows<ScheduleRow>(
      this.dataSource,
      `SELECT ${COLUMNS}, ${LAST_MAIL} FROM report_schedule ORDER BY name, id`,
    );
    return rows.map(toView);
  }

  /** What the worker's clock needs: enabled schedules with their cron, zone and last change. */
  async listEnabled(): Promise<{ id: string; cron: string; timezone: string; updatedAt: Date }[]> {
    const rows = await queryRows<ScheduleRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM report_schedule WHERE enabled ORDER BY id`,
    );
    return rows.map((r) => ({ id: r.id, cron: r.cron, timezone: r.timezone, updatedAt: r.updated_at }));
  }

  /**
   * Queues the schedule's report for the run due at `tick`. Every worker's clock may call this for the same tick;
   * the conditional update on `last_run_at` lets exactly one of them queue it. Returns the queued report, or null.
   */
  async fire(scheduleId: string, tick: Date): Promise<ReportView | null> {
    return this.dataSource.transaction(async (tx) => {
      const [s] = await queryRows<ScheduleRow>(
        tx,
        `UPDATE report_schedule SET last_run_at = date_trunc('minute', $2::timestamptz)
         WHERE id = $1 AND enabled AND (last_run_at IS NULL OR last_run_at < date_trunc('minute', $2::timestamptz))
         RETURNING ${COLUMNS}`,
        [scheduleId, tick],
      );
      if (!s) return null;
      const row = await this.reports.insert(tx, {
        type: s.report_type,
        format: s.format,
        filters: s.filters,
        requestedBy: `schedule:${s.name}`,
        scheduleId: s.id,
        evidence: s.evidence,
      });
      return toReportView(row);
    });
  }

  private async lockRow(tx: EntityManager, id: string): Promise<ScheduleRow> {
    const [row] = isUuid(id)
      ? await queryRows<ScheduleRow>(
          tx,
          `SELECT ${COLUMNS}, ${LAST_MAIL} FROM report_schedule WHERE id = $1 FOR UPDATE`,
          [id],
        )
      : [];
    if (!row) throw new ReportError('schedule_not_found', `No report schedule ${id}`, 'id');
    return row;
  }
}

/** A cleaned schedule's column values in the order INSERT and UPDATE list them (name … email). */
function scheduleColumns(s: ReturnType<typeof cleanSchedule>): unknown[] {
  return [
    s.name,
    s.cron,
    s.timezone,
    s.type,
    s.format,
    JSON.stringify(s.filters),
    s.enabled,
    s.keepCount,
    s.keepDays,
    s.email === null ? null : JSON.stringify(s.email),
  ];
}
