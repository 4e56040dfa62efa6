import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogService } from '@interdict/catalog';
import { Config } from '@interdict/config';
import { ExposureError } from '../exposure.errors';

/** Filters shared by summary and finding lists; all optional. */
export interface ExposureFilters {
  productId?: string;
  ruleId?: string;
  platform?: string;
  /** Only physical devices that this source sees. */
  sourceId?: string;
}

/** Finding list filters; `overdue` is the open-and-past-due state. */
export interface FindingFilters extends ExposureFilters {
  status?: 'open' | 'resolved' | 'excepted' | 'overdue';
  deviceId?: string;
  limit?: number;
}

/** One finding as people and the API see it. */
export interface FindingView {
  id: string;
  status: 'open' | 'resolved' | 'excepted';
  isOverdue: boolean;
  product: { id: string; name: string; vendor: string | null };
  rule: {
    id: string;
    citation: string | null;
    kind: string | null;
    severity: string | null;
    jurisdiction: string | null;
  };
  device: {
    id: string;
    sourceId: string;
    name: string | null;
    serialNumber: string | null;
    platform: string;
    user: string | null;
    physicalKey: string;
  };
  title: string;
  publisher: string | null;
  bundleId: string | null;
  version: string;
  matcher: string;
  explanation: string | null;
  firstDetectedAt: Date;
  lastDetectedAt: Date;
  dueAt: Date;
  resolvedAt: Date | null;
  exceptionId: string | null;
}

/** Exposure per (product, rule), with devices counted once per physical device. */
export interface ExposureSummary {
  generatedAt: Date;
  catalogVersion: string;
  totals: {
    exposedDevices: number;
    overdueDevices: number;
    openFindings: number;
    overdueFindings: number;
    exceptedFindings: number;
  };
  byRule: {
    productId: string;
    productName: string;
    ruleId: string;
    citation: string | null;
    kind: string | null;
    severity: string | null;
    openFindings: number;
    exposedDevices: number;
    overdueFindings: number;
    exceptedFindings: number;
    nextDueAt: Date | null;
  }[];
  coverage: CoverageReport['totals'];
  /** When each source last synced successfully: every number carries its data age. */
  dataAsOf: { sourceId: string; sourceName: string; lastSucceededAt: Date | null }[];
}

/** Devices we cannot vouch for, per source and platform. */
export interface CoverageReport {
  staleAfterDays: number;
  totals: { devices: number; stale: number; neverReportedApps: number; covered: number };
  bySourcePlatform: {
    sourceId: string;
    sourceName: string;
    platform: string;
    devices: number;
    stale: number;
    neverReportedApps: number;
    covered: number;
  }[];
}

/** One coverage gap device. */
export interface CoverageGap {
  deviceId: string;
  sourceId: string;
  name: string | null;
  serialNumber: string | null;
  platform: string;
  user: string | null;
  lastCheckInAt: Date | null;
  reasons: ('stale_check_in' | 'never_checked_in' | 'apps_not_reported')[];
}

/** One day of the exposure trend (from exposure_snapshot totals rows). */
export interface TrendPoint {
  day: string;
  open: number;
  new: number;
  resolved: number;
  overdue: number;
  excepted: number;
  exposedDevices: number;
  devicesCovered: number;
}

const DAY_MS = 86_400_000;

function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,19}$/.test(id))
    throw new ExposureError('invalid_filter', 'cursor is not one this API issued', 'cursor');
  return id;
}

/** Read side of exposure: summary, findings, coverage and trend, for the API and reports. */
@Injectable()
export class ExposureQueryService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly config: Config,
  ) {}

  /** Current exposure per product and rule, totals, coverage and data age. */
  async summary(filters: ExposureFilters = {}, now = new Date()): Promise<ExposureSummary> {
    const { where, params } = this.filterSql(filters, 2);
    // One pass over the unresolved findings gives the rows per rule and the totals (the empty grouping set);
    // the three reads run side by side on the pool.
    const [grouped, dataAsOf, coverage] = await Promise.all([
      this.db.query<Record<string, string | number | Date | null>[]>(
        `SELECT f.product_id, f.rule_id, grouping(f.product_id) AS is_total,
                count(*) FILTER (WHERE f.status = 'open') AS open_findings,
                count(DISTINCT d.physical_key) FILTER (WHERE f.status = 'open') AS exposed_devices,
                count(DISTINCT d.physical_key) FILTER (WHERE f.status = 'open' AND f.due_at <= $1) AS overdue_devices,
                count(*) FILTER (WHERE f.status = 'open' AND f.due_at <= $1) AS overdue_findings,
                count(*) FILTER (WHERE f.status = 'excepted') AS excepted_findings,
                min(f.due_at) FILTER (WHERE f.status = 'open') AS next_due_at
           FROM finding f JOIN device d ON d.id = f.device_id
          WHERE f.status <> 'resolved' ${where}
          GROUP BY GROUPING SETS ((f.product_id, f.rule_id), ())
          ORDER BY f.product_id, f.rule_id`,
        [now, ...params],
      ),
      this.db.query<{ source_id: string; name: string; last: Date | null }[]>(
        `SELECT s.id AS source_id, s.name,
                (SELECT max(r.finished_at) FROM sync_run r WHERE r.source_id = s.id AND r.status = 'succeeded') AS last
           FROM source s ORDER BY s.name`,
      ),
      this.coverage(now),
    ]);
    const totals = grouped.find((r) => Number(r.is_total) === 1)!;
    const rows = grouped.filter((r) => Number(r.is_total) === 0);
    return {
      generatedAt: now,
      catalogVersion: this.catalog.version,
      totals: {
        exposedDevices: Number(totals.exposed_devices),
        overdueDevices: Number(totals.overdue_devices),
        openFindings: Number(totals.open_findings),
        overdueFindings: Number(totals.overdue_findings),
        exceptedFindings: Number(totals.excepted_findings),
      },
      byRule: rows.map((r) => {
        const rule = this.catalog.ruleById(String(r.rule_id));
        return {
          productId: String(r.product_id),
          productName: this.catalog.productById(String(r.product_id))?.name ?? String(r.product_id),
          ruleId: String(r.rule_id),
          citation: rule?.citation ?? null,
          kind: rule?.kind ?? null,
          severity: rule?.severity ?? null,
          openFindings: Number(r.open_findings),
          exposedDevices: Number(r.exposed_devices),
          overdueFindings: Number(r.overdue_findings),
          exceptedFindings: Number(r.excepted_findings),
          nextDueAt: (r.next_due_at as Date | null) ?? null,
        };
      }),
      coverage: coverage.totals,
      dataAsOf: dataAsOf.map((s) => ({ sourceId: s.source_id, sourceName: s.name, lastSucceededAt: s.last })),
    };
  }

  /** Findings newest first, keyset-paged: pass back `nextCursor` for the next page. */
  async listFindings(
    filters: FindingFilters = {},
    cursor?: string,
    now = new Date(),
  ): Promise<{ items: FindingView[]; nextCursor: string | null }> {
    const limit = filters.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new ExposureError('invalid_filter', 'limit must be a whole number from 1 to 1000', 'limit');
    const after = decodeCursor(cursor);
    const { where, params } = this.filterSql(filters, 4);
    let statusSql = '';
    switch (filters.status) {
      case undefined:
        break;
      case 'overdue':
        statusSql = `AND f.status = 'open' AND f.due_at <= $1`;
        break;
      case 'open':
      case 'resolved':
      case 'excepted':
        statusSql = `AND f.status = '${filters.status}'`;
        break;
      default:
        throw new ExposureError(
          'invalid_filter',
          'status must be open, resolved, excepted or overdue',
          'status',
        );
    }
    const deviceSql = filters.deviceId
      ? `AND d.physical_key = (SELECT physical_key FROM device WHERE id = $${params.length + 4}::bigint)`
      : '';
    if (filters.deviceId && !/^\d{1,19}$/.test(filters.deviceId))
      throw new ExposureError('invalid_filter', 'deviceId must be a device id', 'deviceId');
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT f.*, d.source_id, d.name AS device_name, d.serial_number, d.platform, d.user_principal_name, d.physical_key,
              sw.name AS title, sw.publisher, sw.bundle_id, sm.explanation
         FROM finding f
         JOIN device d ON d.id = f.device_id
         JOIN software sw ON sw.id = f.software_id
         LEFT JOIN software_match sm ON sm.software_id = f.software_id AND sm.product_id = f.product_id
        WHERE $1::timestamptz IS NOT NULL AND ($2::bigint IS NULL OR f.id < $2::bigint) ${statusSql} ${where} ${deviceSql}
        ORDER BY f.id DESC LIMIT $3`,
      [now, after, limit + 1, ...params, ...(filters.deviceId ? [filters.deviceId] : [])],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => this.toView(r, now)),
      nextCursor:
        rows.length > limit ? Buffer.from(String(page[page.length - 1].id)).toString('base64url') : null,
    };
  }

  /** Coverage gaps counted per source and platform (no check-in for staleAfterDays, or apps never reported). */
  async coverage(now = new Date()): Promise<CoverageReport> {
    const days = this.config.exposure.staleAfterDays;
    const rows: Record<string, string>[] = await this.db.query(
      `SELECT d.source_id, s.name AS source_name, d.platform,
              count(*) AS devices,
              count(*) FILTER (WHERE d.last_check_in_at IS NULL OR d.last_check_in_at < $1) AS stale,
              count(*) FILTER (WHERE NOT d.apps_reported) AS never_reported_apps,
              count(*) FILTER (WHERE d.last_check_in_at >= $1 AND d.apps_reported) AS covered
         FROM device d JOIN source s ON s.id = d.source_id
        WHERE d.removed_at IS NULL
        GROUP BY d.source_id, s.name, d.platform ORDER BY s.name, d.platform`,
      [new Date(now.getTime() - days * DAY_MS)],
    );
    const bySourcePlatform = rows.map((r) => ({
      sourceId: r.source_id,
      sourceName: r.source_name,
      platform: r.platform,
      devices: Number(r.devices),
      stale: Number(r.stale),
      neverReportedApps: Number(r.never_reported_apps),
      covered: Number(r.covered),
    }));
    const sum = (k: 'devices' | 'stale' | 'neverReportedApps' | 'covered') =>
      bySourcePlatform.reduce((n, r) => n + r[k], 0);
    return {
      staleAfterDays: days,
      totals: {
        devices: sum('devices'),
        stale: sum('stale'),
        neverReportedApps: sum('neverReportedApps'),
        covered: sum('covered'),
      },
      bySourcePlatform,
    };
  }

  /** The gap devices themselves, with why each is a gap; keyset-paged by device id. */
  async listCoverageGaps(
    opts: { sourceId?: string; platform?: string; limit?: number } = {},
    cursor?: string,
    now = new Date(),
  ): Promise<{ items: CoverageGap[]; nextCursor: string | null }> {
    const limit = opts.limit ?? 100;
    const after = decodeCursor(cursor);
    const since = new Date(now.getTime() - this.config.exposure.staleAfterDays * DAY_MS);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT d.id, d.source_id, d.name, d.serial_number, d.platform, d.user_principal_name, d.last_check_in_at, d.apps_reported
         FROM device d
        WHERE d.removed_at IS NULL
          AND (d.last_check_in_at IS NULL OR d.last_check_in_at < $1 OR NOT d.apps_reported)
          AND ($2::bigint IS NULL OR d.id > $2::bigint)
          AND ($3::uuid IS NULL OR d.source_id = $3::uuid)
          AND ($4::text IS NULL OR d.platform = $4::text)
        ORDER BY d.id LIMIT $5`,
      [since, after, opts.sourceId ?? null, opts.platform ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => {
        const last = r.last_check_in_at as Date | null;
        const reasons: CoverageGap['reasons'] = [];
        if (!last) reasons.push('never_checked_in');
        else if (last < since) reasons.push('stale_check_in');
        if (!r.apps_reported) reasons.push('apps_not_reported');
        return {
          deviceId: String(r.id),
          sourceId: String(r.source_id),
          name: r.name as string | null,
          serialNumber: r.serial_number as string | null,
          platform: String(r.platform),
          user: r.user_principal_name as string | null,
          lastCheckInAt: last,
          reasons,
        };
      }),
      nextCursor:
        rows.length > limit ? Buffer.from(String(page[page.length - 1].id)).toString('base64url') : null,
    };
  }

  /** The last `days` days of totals from the daily snapshots, oldest first. */
  async trend(days: number, now = new Date()): Promise<TrendPoint[]> {
    if (!Number.isInteger(days) || days < 1 || days > 3660)
      throw new ExposureError('invalid_filter', 'days must be a whole number from 1 to 3660', 'days');
    const rows: Record<string, string>[] = await this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, open_count, new_count, resolved_count, overdue_count, excepted_count,
              exposed_devices, devices_covered
         FROM exposure_snapshot
        WHERE rule_id = '*' AND product_id = '*' AND platform = '*'
          AND day > ($1::timestamptz AT TIME ZONE 'UTC')::date - $2::int
        ORDER BY day`,
      [now, days],
    );
    return rows.map((r) => ({
      day: r.day,
      open: Number(r.open_count),
      new: Number(r.new_count),
      resolved: Number(r.resolved_count),
      overdue: Number(r.overdue_count),
      excepted: Number(r.excepted_count),
      exposedDevices: Number(r.exposed_devices),
      devicesCovered: Number(r.devices_covered),
    }));
  }

  private filterSql(f: ExposureFilters, firstParam: number): { where: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    const add = (sqlText: (p: string) => string, value: unknown) => {
      params.push(value);
      parts.push(sqlText(`$${firstParam + params.length - 1}`));
    };
    if (f.productId) add((p) => `f.product_id = ${p}`, f.productId);
    if (f.ruleId) add((p) => `f.rule_id = ${p}`, f.ruleId);
    if (f.platform) add((p) => `d.platform = ${p}`, f.platform);
    if (f.sourceId) {
      if (!/^[0-9a-f-]{36}$/i.test(f.sourceId))
        throw new ExposureError('invalid_filter', 'sourceId must be a source id (uuid)', 'sourceId');
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM device x WHERE x.physical_key = d.physical_key AND x.source_id = ${p}::uuid AND x.removed_at IS NULL)`,
        f.sourceId,
      );
    }
    return { where: parts.map((p) => `AND ${p}`).join(' '), params };
  }

  private toView(r: Record<string, unknown>, now: Date): FindingView {
    const rule = this.catalog.ruleById(String(r.rule_id));
    const product = this.catalog.productById(String(r.product_id));
    const dueAt = r.due_at as Date;
    return {
      id: String(r.id),
      status: r.status as FindingView['status'],
      isOverdue: r.status === 'open' && dueAt <= now,
      product: {
        id: String(r.product_id),
        name: product?.name ?? String(r.product_id),
        vendor: product?.vendor ?? null,
      },
      rule: {
        id: String(r.rule_id),
        citation: rule?.citation ?? null,
        kind: rule?.kind ?? null,
        severity: rule?.severity ?? null,
        jurisdiction: rule?.jurisdiction ?? null,
      },
      device: {
        id: String(r.device_id),
        sourceId: String(r.source_id),
        name: r.device_name as string | null,
        serialNumber: r.serial_number as string | null,
        platform: String(r.platform),
        user: r.user_principal_name as string | null,
        physicalKey: String(r.physical_key),
      },
      title: String(r.title),
      publisher: r.publisher as string | null,
      bundleId: r.bundle_id as string | null,
      version: String(r.version),
      matcher: String(r.matcher_id),
      explanation: (r.explanation as string | null) ?? null,
      firstDetectedAt: r.first_detected_at as Date,
      lastDetectedAt: r.last_detected_at as Date,
      dueAt,
      resolvedAt: (r.resolved_at as Date | null) ?? null,
      exceptionId: (r.exception_id as string | null) ?? null,
    };
  }
}
