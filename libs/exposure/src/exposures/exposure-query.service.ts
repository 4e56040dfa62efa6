import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogService } from '@interdict/catalog';
import { Config } from '@interdict/config';
import {
  countRows,
  decodeCursor,
  encodeCursor,
  escapeLike,
  keysetSql,
  lastSuccessfulSyncSql,
  timeSortKey,
  type ExposureEventPayload,
  type Page,
  type SortKey,
} from '@interdict/database';
import { ExposureError } from '../exposure.errors';
import { coveredDevicesCountSql } from './coverage.queries';
import { activeCountsSql, isOverdue, overdueSql } from './due-date';
import { evidenceView, type EvidenceRow, type ExposureTransitionRow } from './exposure-events';
import { EVIDENCE_OF } from './recompute.queries';
import { ruleViews, type ExposureRuleView } from './rule-views';

/** Filters shared by the summary and the exposure list; all optional. */
export interface ExposureFilters {
  productId?: string;
  /** Exposures this rule applies to. */
  ruleId?: string;
  platform?: string;
  /** Only physical devices that this source sees. */
  sourceId?: string;
}

/** Sort orders of the exposure list ("-" = descending). */
export const EXPOSURE_SORTS = [
  '-id',
  'id',
  'dueAt',
  '-dueAt',
  'firstDetectedAt',
  '-firstDetectedAt',
] as const;
export type ExposureSort = (typeof EXPOSURE_SORTS)[number];

/** Exposure list filters. */
export interface ExposureListFilters extends ExposureFilters {
  status?: 'open' | 'resolved' | 'excepted';
  /** true: open and past due; false: everything else. */
  overdue?: boolean;
  /** binding: a binding rule applies (due date); review: only review rules apply. */
  standing?: 'binding' | 'review';
  severity?: string;
  /** A device record id: the exposures of its physical device, whichever source reported them. */
  deviceId?: string;
  /** Device name, serial, user or software title contains this (case-insensitive). */
  q?: string;
  sort?: ExposureSort;
  limit?: number;
  cursor?: string;
  /** Also count every exposure the filters select (Page.total). */
  withTotal?: boolean;
}

/** One exposure as people and the API see it: a physical device running a product, and why it matters. */
export interface ExposureView {
  id: string;
  status: 'open' | 'resolved' | 'excepted';
  isOverdue: boolean;
  standing: 'binding' | 'review';
  severity: string;
  product: { id: string; name: string; vendor: string | null };
  device: {
    id: string;
    sourceId: string;
    sourceName: string;
    name: string | null;
    serialNumber: string | null;
    platform: string;
    user: string | null;
    physicalKey: string;
  };
  rules: ExposureRuleView[];
  /** Titles, versions and sources of the evidence (live evidence while open). */
  titles: string[];
  versions: string[];
  sources: string[];
  evidenceCount: number;
  firstDetectedAt: Date;
  lastDetectedAt: Date;
  dueAt: Date | null;
  resolvedAt: Date | null;
  resolvedReason: string | null;
  exceptionId: string | null;
}

/** One piece of evidence with the sentence that explains its match. */
export type EvidenceView = ExposureEventPayload['evidence'][number] & { explanation: string | null };

/** An exposure with every piece of evidence behind it, live and gone. */
export interface ExposureDetail extends ExposureView {
  evidence: EvidenceView[];
}

/** Exposure now, per product and per rule, with devices counted once per physical device. */
export interface ExposureSummary {
  generatedAt: Date;
  catalogVersion: string;
  profileVersion: string;
  totals: {
    /** Physical devices with at least one open exposure (binding or review). */
    exposedDevices: number;
    /** Open exposures (one per device and product). */
    exposures: number;
    overdueExposures: number;
    overdueDevices: number;
    /** Open exposures under review rules only: no due date, never overdue. */
    reviewExposures: number;
    exceptedExposures: number;
  };
  byProduct: {
    productId: string;
    productName: string;
    vendor: string | null;
    severity: string;
    exposures: number;
    exposedDevices: number;
    overdueExposures: number;
    reviewExposures: number;
    exceptedExposures: number;
    nextDueAt: Date | null;
    rules: { id: string; standing: 'binding' | 'review' | 'off' }[];
  }[];
  /** The per-rule view: how many exposures (devices) each rule applies to. */
  byRule: {
    ruleId: string;
    title: string | null;
    citation: string | null;
    kind: string | null;
    standing: 'binding' | 'review' | 'off';
    exposures: number;
    exposedDevices: number;
    overdueExposures: number;
    exceptedExposures: number;
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

/** An exposure as the list and detail queries return it: the transition row plus what its evidence adds up to. */
interface ExposureRow extends Omit<ExposureTransitionRow, 'user_display_name'> {
  source_id: string;
  source_name: string;
  titles: string[] | null;
  versions: string[] | null;
  sources: string[] | null;
  evidence_count: string;
}

const DAY_MS = 86_400_000;
// Exposures without a due date (review) sort last ascending, first descending, as NULLs do.
const DUE_KEY = timeSortKey('e.due_at', 'infinity');
const FIRST_KEY = timeSortKey('e.first_detected_at');
const SORTS: Record<
  ExposureSort,
  { key: SortKey | null; desc: boolean; valueOf: (r: ExposureRow) => Date | null }
> = {
  '-id': { key: null, desc: true, valueOf: () => null },
  id: { key: null, desc: false, valueOf: () => null },
  dueAt: { key: DUE_KEY, desc: false, valueOf: (r) => r.due_at },
  '-dueAt': { key: DUE_KEY, desc: true, valueOf: (r) => r.due_at },
  firstDetectedAt: { key: FIRST_KEY, desc: false, valueOf: (r) => r.first_detected_at },
  '-firstDetectedAt': { key: FIRST_KEY, desc: true, valueOf: (r) => r.first_detected_at },
};

/** The columns every exposure list reads: the row, the record shown for it and a digest of its evidence. */
const EXPOSURE_SELECT = `
  SELECT e.id, e.status, e.product_id, e.severity, e.rule_ids, e.excepted_rule_ids, e.first_detected_at,
         e.last_detected_at, e.due_at, e.resolved_at, e.resolved_reason, e.exception_id, e.physical_key,
         e.device_id, d.source_id, s.name AS source_name, d.name AS device_name, d.serial_number, d.platform,
         d.user_principal_name, ev.titles, ev.versions, ev.sources, ev.evidence_count
    FROM exposure e
    JOIN device d ON d.id = e.device_id
    JOIN source s ON s.id = d.source_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS evidence_count,
             array_agg(DISTINCT sw.name ORDER BY sw.name) AS titles,
             array_agg(DISTINCT x.version ORDER BY x.version) FILTER (WHERE x.version <> '') AS versions,
             array_agg(DISTINCT xs.name ORDER BY xs.name) AS sources
        FROM exposure_evidence x
        JOIN software sw ON sw.id = x.software_id
        JOIN device xd ON xd.id = x.device_id
        JOIN source xs ON xs.id = xd.source_id
       WHERE x.exposure_id = e.id AND (x.gone_at IS NULL OR e.status = 'resolved')) ev ON true`;

/** Read side of exposure: summary, exposure list and detail, coverage and trend, for the API and reports. */
@Injectable()
export class ExposureQueryService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly config: Config,
  ) {}

  /** Current exposure per product and per rule, totals, coverage and data age. */
  async summary(filters: ExposureFilters = {}, now = new Date()): Promise<ExposureSummary> {
    const { where, params } = this.filterSql(filters, 2);
    const counts = activeCountsSql('e', '$1');
    // One pass over the active exposures gives the rows per product and the totals (the empty grouping set);
    // the per-rule view unnests the same rows; the reads run side by side on the pool.
    const [grouped, perRule, dataAsOf, coverage] = await Promise.all([
      this.db.query<CountRow[]>(
        `SELECT e.product_id, grouping(e.product_id) AS is_total, ${counts},
                min(e.due_at) FILTER (WHERE e.status = 'open') AS next_due_at
           FROM exposure e JOIN device d ON d.id = e.device_id
          WHERE e.status <> 'resolved' ${where}
          GROUP BY GROUPING SETS ((e.product_id), ())
          ORDER BY e.product_id`,
        [now, ...params],
      ),
      this.db.query<CountRow[]>(
        `SELECT r.rule_id, ${counts}
           FROM exposure e JOIN device d ON d.id = e.device_id CROSS JOIN LATERAL unnest(e.rule_ids) AS r(rule_id)
          WHERE e.status <> 'resolved' ${where}
          GROUP BY r.rule_id ORDER BY r.rule_id`,
        [now, ...params],
      ),
      this.db.query<{ source_id: string; name: string; last: Date | null }[]>(
        `SELECT s.id AS source_id, s.name,
                ${lastSuccessfulSyncSql('s.id')} AS last
           FROM source s ORDER BY s.name`,
      ),
      this.coverage(now),
    ]);
    const totals = grouped.find((r) => n(r.is_total) === 1);
    return {
      generatedAt: now,
      catalogVersion: this.catalog.version,
      profileVersion: this.catalog.profileVersion,
      totals: {
        exposedDevices: n(totals?.exposed_devices),
        exposures: n(totals?.exposures),
        overdueExposures: n(totals?.overdue_exposures),
        overdueDevices: n(totals?.overdue_devices),
        reviewExposures: n(totals?.review_exposures),
        exceptedExposures: n(totals?.excepted_exposures),
      },
      byProduct: grouped.filter((r) => n(r.is_total) === 0).map((r) => this.productSummary(r, now)),
      byRule: perRule.map((r) => this.ruleSummary(r)),
      coverage: coverage.totals,
      dataAsOf: dataAsOf.map((s) => ({ sourceId: s.source_id, sourceName: s.name, lastSucceededAt: s.last })),
    };
  }

  private productSummary(r: CountRow, now: Date): ExposureSummary['byProduct'][number] {
    const productId = String(r.product_id);
    const product = this.catalog.productById(productId);
    return {
      productId,
      productName: product?.name ?? productId,
      vendor: product?.vendor ?? null,
      severity: this.catalog.policy.severityOf(productId, now),
      exposures: n(r.exposures),
      exposedDevices: n(r.exposed_devices),
      overdueExposures: n(r.overdue_exposures),
      reviewExposures: n(r.review_exposures),
      exceptedExposures: n(r.excepted_exposures),
      nextDueAt: (r.next_due_at as Date | null) ?? null,
      rules: this.catalog.policy
        .rulesFor(productId, now)
        .map((a) => ({ id: a.rule.id, standing: a.standing })),
    };
  }

  private ruleSummary(r: CountRow): ExposureSummary['byRule'][number] {
    const ruleId = String(r.rule_id);
    const rule = this.catalog.ruleById(ruleId);
    return {
      ruleId,
      title: rule?.title ?? null,
      citation: rule?.citation ?? null,
      kind: rule?.kind ?? null,
      standing: this.catalog.applicability(ruleId)?.standing ?? 'off',
      exposures: n(r.exposures),
      exposedDevices: n(r.exposed_devices),
      overdueExposures: n(r.overdue_exposures),
      exceptedExposures: n(r.excepted_exposures),
    };
  }

  /** One page of exposures matching the filters, keyset-paged on (sort value, id). */
  async listExposures(filters: ExposureListFilters = {}, now = new Date()): Promise<Page<ExposureView>> {
    const limit = filters.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new ExposureError('invalid_filter', 'limit must be a whole number from 1 to 1000', 'limit');
    const sort = SORTS[filters.sort ?? '-id'];
    if (!sort)
      throw new ExposureError('invalid_filter', `sort must be one of ${EXPOSURE_SORTS.join(', ')}`, 'sort');
    const { where: filterWhere, params } = this.filterSql(filters, 2);
    const p = (v: unknown) => `$${params.push(v) + 1}`;
    const where = listConditions(filters, p);
    const selected = `WHERE $1::timestamptz IS NOT NULL ${filterWhere} ${where.map((w) => `AND ${w}`).join(' ')}`;
    const countParams = [now, ...params];
    // A bad cursor is refused before any statement runs; the count then runs beside the page's query.
    const after = filters.cursor
      ? decodeCursor(filters.cursor, { id: 'bigint', sortedBy: sort.key?.kind })
      : null;
    const keyset = keysetSql(sort.key, sort.desc, 'e.id', after, p);
    if (keyset.after) where.push(keyset.after);
    const counting = filters.withTotal
      ? countRows(this.db, `FROM (${EXPOSURE_SELECT} ${selected}) selected`, countParams)
      : Promise.resolve(undefined);
    const [rows, total] = await Promise.all([
      this.db.query<ExposureRow[]>(
        `${EXPOSURE_SELECT}
        WHERE $1::timestamptz IS NOT NULL ${filterWhere} ${where.map((w) => `AND ${w}`).join(' ')}
        ORDER BY ${keyset.order}
        LIMIT ${p(limit + 1)}`,
        [now, ...params],
      ),
      counting,
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.toView(r, now)),
      nextCursor:
        rows.length > limit ? encodeCursor({ v: iso(sort.valueOf(last)), id: String(last.id) }) : null,
      ...(total === undefined ? {} : { total }),
    };
  }

  /** One exposure with all its evidence and rules; null when there is none with this id. */
  async getExposure(id: string, now = new Date()): Promise<ExposureDetail | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const [row] = await this.db.query<ExposureRow[]>(`${EXPOSURE_SELECT} WHERE e.id = $1::bigint`, [id]);
    if (!row) return null;
    const evidence = await this.db.query<EvidenceRow[]>(EVIDENCE_OF, [[id]]);
    return {
      ...this.toView(row, now),
      evidence: evidence.map((e) => ({ ...evidenceView(e), explanation: e.explanation })),
    };
  }

  /** Coverage gaps counted per source and platform (no check-in for staleAfterDays, or apps never reported). */
  async coverage(now = new Date()): Promise<CoverageReport> {
    const days = this.config.exposure.staleAfterDays;
    // One pass gives the rows per source and platform and the totals (the empty grouping set): a physical device
    // two sources report is covered once (coverage.queries.ts), so the total is counted, not summed from the rows.
    const rows: Record<string, string>[] = await this.db.query(
      `SELECT d.source_id, s.name AS source_name, d.platform, grouping(d.source_id) AS is_total,
              count(*) AS devices,
              count(*) FILTER (WHERE d.last_check_in_at IS NULL OR d.last_check_in_at < $1) AS stale,
              count(*) FILTER (WHERE NOT d.apps_reported) AS never_reported_apps,
              ${coveredDevicesCountSql('d', '$1')} AS covered
         FROM device d JOIN source s ON s.id = d.source_id
        WHERE d.removed_at IS NULL
        GROUP BY GROUPING SETS ((d.source_id, s.name, d.platform), ()) ORDER BY s.name, d.platform`,
      [new Date(now.getTime() - days * DAY_MS)],
    );
    const counts = (r: Record<string, string> | undefined) => ({
      devices: Number(r?.devices ?? 0),
      stale: Number(r?.stale ?? 0),
      neverReportedApps: Number(r?.never_reported_apps ?? 0),
      covered: Number(r?.covered ?? 0),
    });
    return {
      staleAfterDays: days,
      totals: counts(rows.find((r) => Number(r.is_total) === 1)),
      bySourcePlatform: rows
        .filter((r) => Number(r.is_total) === 0)
        .map((r) => ({
          sourceId: r.source_id,
          sourceName: r.source_name,
          platform: r.platform,
          ...counts(r),
        })),
    };
  }

  /** The gap devices themselves, with why each is a gap; keyset-paged by device id. */
  async listCoverageGaps(
    opts: { sourceId?: string; platform?: string; limit?: number } = {},
    cursor?: string,
    now = new Date(),
  ): Promise<Page<CoverageGap>> {
    const limit = opts.limit ?? 100;
    const after = cursor ? decodeCursor(cursor, { id: 'bigint' }).id : null;
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
        rows.length > limit ? encodeCursor({ v: null, id: String(page[page.length - 1].id) }) : null,
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
    if (f.productId) add((p) => `e.product_id = ${p}`, f.productId);
    if (f.ruleId) add((p) => `${p} = ANY (e.rule_ids)`, f.ruleId);
    if (f.platform) add((p) => `d.platform = ${p}`, f.platform);
    if (f.sourceId) {
      if (!/^[0-9a-f-]{36}$/i.test(f.sourceId))
        throw new ExposureError('invalid_filter', 'sourceId must be a source id (uuid)', 'sourceId');
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM device x WHERE x.physical_key = e.physical_key AND x.source_id = ${p}::uuid AND x.removed_at IS NULL)`,
        f.sourceId,
      );
    }
    return { where: parts.map((p) => `AND ${p}`).join(' '), params };
  }

  private toView(r: ExposureRow, now: Date): ExposureView {
    const product = this.catalog.productById(r.product_id);
    return {
      id: String(r.id),
      status: r.status,
      isOverdue: isOverdue({ status: r.status, dueAt: r.due_at }, now),
      standing: r.due_at ? 'binding' : 'review',
      severity: r.severity,
      product: { id: r.product_id, name: product?.name ?? r.product_id, vendor: product?.vendor ?? null },
      device: {
        id: String(r.device_id),
        sourceId: r.source_id,
        sourceName: r.source_name,
        name: r.device_name,
        serialNumber: r.serial_number,
        platform: r.platform,
        user: r.user_principal_name,
        physicalKey: r.physical_key,
      },
      rules: ruleViews(this.catalog, r.rule_ids, r.excepted_rule_ids, r.first_detected_at, now),
      titles: r.titles ?? [],
      versions: r.versions ?? [],
      sources: r.sources ?? [],
      evidenceCount: Number(r.evidence_count ?? 0),
      firstDetectedAt: r.first_detected_at,
      lastDetectedAt: r.last_detected_at,
      dueAt: r.due_at,
      resolvedAt: r.resolved_at,
      resolvedReason: r.resolved_reason,
      exceptionId: r.exception_id,
    };
  }
}

function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

/** A row of counts per product or rule, as summary's statements return them (numbers may arrive as text). */
type CountRow = Record<string, string | number | Date | null>;

const n = (v: unknown) => Number(v ?? 0);

/** The list's own filters (beyond filterSql's), as SQL conditions; `p` binds a value and returns its placeholder. */
function listConditions(filters: ExposureListFilters, p: (v: unknown) => string): string[] {
  const where: string[] = [];
  if (filters.status) {
    if (!['open', 'resolved', 'excepted'].includes(filters.status))
      throw new ExposureError('invalid_filter', 'status must be open, resolved or excepted', 'status');
    where.push(`e.status = ${p(filters.status)}`);
  }
  if (filters.overdue === true) where.push(overdueSql('e', '$1'));
  if (filters.overdue === false) where.push(`NOT coalesce(${overdueSql('e', '$1')}, false)`);
  if (filters.standing === 'binding') where.push(`e.due_at IS NOT NULL`);
  if (filters.standing === 'review') where.push(`e.due_at IS NULL`);
  if (filters.severity) where.push(`e.severity = ${p(filters.severity)}`);
  if (filters.deviceId) {
    if (!/^\d{1,18}$/.test(filters.deviceId))
      throw new ExposureError('invalid_filter', 'device must be a device id', 'device');
    where.push(
      `e.physical_key = (SELECT physical_key FROM device WHERE id = ${p(filters.deviceId)}::bigint)`,
    );
  }
  if (filters.q) {
    const like = p(`%${escapeLike(filters.q)}%`);
    where.push(
      `(d.name ILIKE ${like} OR d.serial_number ILIKE ${like} OR d.user_principal_name ILIKE ${like}
        OR EXISTS (SELECT 1 FROM exposure_evidence qx JOIN software qs ON qs.id = qx.software_id
                    WHERE qx.exposure_id = e.id AND qs.name ILIKE ${like}))`,
    );
  }
  return where;
}
