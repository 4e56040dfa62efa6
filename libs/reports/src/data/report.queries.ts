import {
  escapeLike,
  lastSuccessfulSyncSql,
  type ExposureException,
  type Row,
  type SyncRun,
} from '@interdict/database';
import { activeCountsSql, coverageGapSql, coveredDevicesCountSql, overdueSql } from '@interdict/exposure';
import type { ExposureFilterStatus, ReportFilters } from '../report-definition';
import type { ReportSnapshot } from './report-snapshot';

/** A WHERE fragment with its parameters, numbered from a given position. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(sqlWithPlaceholder: (p: string) => string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(sqlWithPlaceholder(`$${this.params.length}`));
  }

  raw(sql: string): void {
    this.clauses.push(sql);
  }

  get sql(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : 'true';
  }
}

// Inside the report's snapshot transaction now() is its as-of time: every sheet judges "overdue" at one instant.
const OVERDUE = overdueSql('e', 'now()');
const ACTIVE_COUNTS = activeCountsSql('e', 'now()', '::int');
const STATUS_SQL: Record<ExposureFilterStatus, string> = {
  open: `e.status = 'open'`,
  overdue: OVERDUE,
  review: `(e.status = 'open' AND e.due_at IS NULL)`,
  excepted: `e.status = 'excepted'`,
  resolved: `e.status = 'resolved'`,
};

// Source and group filters ask about the physical device: any of its records, from any source.
function deviceFilters(w: Where, filters: ReportFilters, physicalKey: string, platform: string): void {
  if (filters.source)
    w.add(
      (p) => `EXISTS (SELECT 1 FROM device fd JOIN source fs ON fs.id = fd.source_id
                       WHERE fd.physical_key = ${physicalKey}
                         AND (fs.id::text = ANY (${p}::text[]) OR fs.name = ANY (${p}::text[])))`,
      filters.source,
    );
  if (filters.platform) w.add((p) => `${platform} = ANY (${p}::text[])`, filters.platform);
  if (filters.group)
    w.add(
      (p) =>
        `EXISTS (SELECT 1 FROM device gd WHERE gd.physical_key = ${physicalKey} AND gd.tags && ${p}::text[])`,
      filters.group,
    );
}

/** Filters on exposures; the status clause is the filters' (withStatus), active only, or none (anyStatus). */
function exposureFilters(
  w: Where,
  filters: ReportFilters,
  opts: { withStatus: boolean; anyStatus?: boolean },
): void {
  deviceFilters(w, filters, 'e.physical_key', 'd.platform');
  if (filters.product) w.add((p) => `e.product_id = ANY (${p}::text[])`, filters.product);
  if (filters.rule) w.add((p) => `e.rule_ids && ${p}::text[]`, filters.rule);
  if (filters.severity) w.add((p) => `e.severity = ANY (${p}::text[])`, filters.severity);
  // The exposure list's search (`q`), any of the texts: device name, serial or user of the device shown, or a title.
  if (filters.search)
    w.add(
      (p) => `(d.name ILIKE ANY (${p}::text[]) OR d.serial_number ILIKE ANY (${p}::text[])
                OR d.user_principal_name ILIKE ANY (${p}::text[])
                OR EXISTS (SELECT 1 FROM exposure_evidence qx JOIN software qs ON qs.id = qx.software_id
                            WHERE qx.exposure_id = e.id AND qs.name ILIKE ANY (${p}::text[])))`,
      filters.search.map((s) => `%${escapeLike(s)}%`),
    );
  if (opts.anyStatus) return;
  if (opts.withStatus) {
    w.raw(`(${(filters.status ?? ['open']).map((s) => STATUS_SQL[s]).join(' OR ')})`);
  } else {
    w.raw(`e.status IN ('open', 'excepted')`);
  }
}

/** One row of the Exposed devices sheet: one exposure — a physical device running a product. */
export interface ExposedDeviceRow {
  exposure_id: string;
  device_name: string | null;
  serial_number: string | null;
  user_name: string | null;
  user_principal_name: string | null;
  platform: string;
  os_version: string | null;
  sources: string | null;
  product_id: string;
  severity: string;
  standing: 'binding' | 'review';
  rule_ids: string[];
  titles: string | null;
  versions: string | null;
  publishers: string | null;
  bundle_ids: string | null;
  status: string;
  first_detected_at: Date;
  last_detected_at: Date;
  last_check_in_at: Date | null;
  due_at: Date | null;
  days_overdue: number;
}

/**
 * Exposed devices: one row per exposure with the record shown for it (the most recently seen) and a digest of its
 * evidence (live evidence while open). Ordered by physical device and product.
 */
export function streamExposedDevices(
  snap: ReportSnapshot,
  filters: ReportFilters,
): AsyncIterable<ExposedDeviceRow> {
  const w = new Where();
  exposureFilters(w, filters, { withStatus: true });
  return snap.stream<ExposedDeviceRow>(
    `SELECT e.id AS exposure_id, d.name AS device_name, d.serial_number,
            coalesce(d.user_display_name, d.user_principal_name) AS user_name, d.user_principal_name, d.platform,
            d.os_version, ev.sources, e.product_id, e.severity,
            CASE WHEN e.due_at IS NULL THEN 'review' ELSE 'binding' END AS standing, e.rule_ids,
            ev.titles, ev.versions, ev.publishers, ev.bundle_ids, e.status, e.first_detected_at, e.last_detected_at,
            d.last_check_in_at, e.due_at,
            CASE WHEN ${OVERDUE} THEN floor(extract(epoch FROM now() - e.due_at) / 86400)::int ELSE 0 END AS days_overdue
       FROM exposure e
       JOIN device d ON d.id = e.device_id
       LEFT JOIN LATERAL (
         SELECT string_agg(DISTINCT xs.name, ', ') AS sources, string_agg(DISTINCT sw.name, ', ') AS titles,
                string_agg(DISTINCT nullif(x.version, ''), ', ') AS versions,
                string_agg(DISTINCT sw.publisher, ', ') AS publishers,
                string_agg(DISTINCT sw.bundle_id, ', ') AS bundle_ids
           FROM exposure_evidence x
           JOIN software sw ON sw.id = x.software_id
           JOIN device xd ON xd.id = x.device_id
           JOIN source xs ON xs.id = xd.source_id
          WHERE x.exposure_id = e.id AND (x.gone_at IS NULL OR e.status = 'resolved')) ev ON true
      WHERE ${w.sql}
      ORDER BY e.physical_key, e.product_id, e.id`,
    w.params,
  );
}

/** One row of the Evidence sheet: one source record, title and version behind an exposure. */
export interface EvidenceRow {
  exposure_id: string;
  device_name: string | null;
  serial_number: string | null;
  product_id: string;
  exposure_status: string;
  source: string;
  record_name: string | null;
  external_id: string;
  title: string;
  publisher: string | null;
  bundle_id: string | null;
  version: string | null;
  install_path: string | null;
  matcher_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  gone_at: Date | null;
}

/** Evidence: every source record, title and version behind the selected exposures, live and gone. */
export function streamEvidence(snap: ReportSnapshot, filters: ReportFilters): AsyncIterable<EvidenceRow> {
  const w = new Where();
  exposureFilters(w, filters, { withStatus: true });
  return snap.stream<EvidenceRow>(
    `SELECT e.id AS exposure_id, d.name AS device_name, d.serial_number, e.product_id, e.status AS exposure_status,
            xs.name AS source, xd.name AS record_name, xd.external_id, sw.name AS title, sw.publisher, sw.bundle_id,
            nullif(x.version, '') AS version, i.install_path, x.matcher_id, x.first_seen_at,
            CASE WHEN x.gone_at IS NULL THEN greatest(x.last_seen_at, i.last_seen_at, xd.last_seen_at)
                 ELSE x.last_seen_at END AS last_seen_at,
            x.gone_at
       FROM exposure e
       JOIN device d ON d.id = e.device_id
       JOIN exposure_evidence x ON x.exposure_id = e.id
       JOIN device xd ON xd.id = x.device_id
       JOIN source xs ON xs.id = xd.source_id
       JOIN software sw ON sw.id = x.software_id
       LEFT JOIN installation i ON i.device_id = x.device_id AND i.bucket = installation_title_bucket(x.software_id)
                               AND i.software_id = x.software_id AND i.version = x.version
      WHERE ${w.sql}
      ORDER BY e.physical_key, e.product_id, e.id, x.gone_at NULLS FIRST, xs.name, sw.name, x.version`,
    w.params,
  );
}

/** One row of the Software sheet: a banned title and version with how many devices have it. */
export interface SoftwareRow {
  product_id: string;
  title: string;
  publisher: string | null;
  bundle_id: string | null;
  platform: string;
  version: string | null;
  open_devices: number;
  overdue_devices: number;
  excepted_devices: number;
}

/** Software: banned titles × versions behind active exposures, with physical device counts. */
export function streamSoftware(snap: ReportSnapshot, filters: ReportFilters): AsyncIterable<SoftwareRow> {
  const w = new Where();
  exposureFilters(w, filters, { withStatus: false });
  return snap.stream<SoftwareRow>(
    `SELECT e.product_id, sw.name AS title, sw.publisher, sw.bundle_id, sw.platform, nullif(x.version, '') AS version,
            count(DISTINCT e.physical_key) FILTER (WHERE e.status = 'open')::int AS open_devices,
            count(DISTINCT e.physical_key) FILTER (WHERE ${OVERDUE})::int AS overdue_devices,
            count(DISTINCT e.physical_key) FILTER (WHERE e.status = 'excepted')::int AS excepted_devices
       FROM exposure e
       JOIN device d ON d.id = e.device_id
       JOIN exposure_evidence x ON x.exposure_id = e.id AND x.gone_at IS NULL
       JOIN software sw ON sw.id = x.software_id
      WHERE ${w.sql}
      GROUP BY e.product_id, sw.id, x.version
      ORDER BY e.product_id, sw.name, sw.platform, x.version`,
    w.params,
  );
}

/** Counts of active exposures under one rule. */
export interface RuleCountRow {
  rule_id: string;
  exposures: number;
  exposed_devices: number;
  overdue_exposures: number;
  excepted_exposures: number;
}

/** The per-rule view: for each rule, the active exposures it applies to (and their devices). */
export async function readRuleCounts(snap: ReportSnapshot, filters: ReportFilters): Promise<RuleCountRow[]> {
  const w = new Where();
  exposureFilters(w, filters, { withStatus: false });
  return snap.rows<RuleCountRow>(
    `SELECT r.rule_id,
            count(*) FILTER (WHERE e.status = 'open')::int AS exposures,
            count(DISTINCT e.physical_key) FILTER (WHERE e.status = 'open')::int AS exposed_devices,
            count(*) FILTER (WHERE ${OVERDUE})::int AS overdue_exposures,
            count(*) FILTER (WHERE e.status = 'excepted')::int AS excepted_exposures
       FROM exposure e
       JOIN device d ON d.id = e.device_id
      CROSS JOIN LATERAL unnest(e.rule_ids) AS r(rule_id)
      WHERE ${w.sql}
      GROUP BY r.rule_id
      ORDER BY r.rule_id`,
    w.params,
  );
}

/** One row of the Coverage sheet: an active device record we cannot vouch for. */
export interface CoverageRow {
  device_name: string | null;
  serial_number: string | null;
  user_name: string | null;
  platform: string;
  os_version: string | null;
  source: string;
  last_check_in_at: Date | null;
  days_since_check_in: number | null;
  inventory_reported_at: Date | null;
  apps_reported: boolean;
  gap: 'never checked in' | 'stale' | 'no app inventory';
}

function coverageWhere(filters: ReportFilters, staleAfterDays: number): Where {
  const w = new Where();
  deviceFilters(w, filters, 'd.physical_key', 'd.platform');
  w.add((p) => coverageGapSql('d', `now() - make_interval(days => ${p}::int)`), staleAfterDays);
  return w;
}

/** Coverage: active devices that never checked in, are stale, or never reported their apps. */
export function streamCoverage(
  snap: ReportSnapshot,
  filters: ReportFilters,
  staleAfterDays: number,
): AsyncIterable<CoverageRow> {
  const w = coverageWhere(filters, staleAfterDays);
  const stale = `$${w.params.length}`;
  return snap.stream<CoverageRow>(
    `SELECT d.name AS device_name, d.serial_number, coalesce(d.user_display_name, d.user_principal_name) AS user_name,
            d.platform, d.os_version, s.name AS source, d.last_check_in_at,
            floor(extract(epoch FROM now() - d.last_check_in_at) / 86400)::int AS days_since_check_in,
            d.inventory_reported_at, d.apps_reported,
            CASE WHEN d.last_check_in_at IS NULL THEN 'never checked in'
                 WHEN d.last_check_in_at < now() - make_interval(days => ${stale}::int) THEN 'stale'
                 ELSE 'no app inventory' END AS gap
     FROM device d JOIN source s ON s.id = d.source_id
     WHERE ${w.sql}
     ORDER BY d.last_check_in_at NULLS FIRST, d.name, d.id`,
    w.params,
  );
}

/** One row of the Exceptions sheet. */
export interface ExceptionRow extends Omit<Row<ExposureException>, 'id'> {
  state: 'active' | 'expired' | 'revoked';
  excepted_exposures: number;
}

/** Exceptions: active, expired and revoked, with how many exposures each currently excepts. */
export function streamExceptions(snap: ReportSnapshot, filters: ReportFilters): AsyncIterable<ExceptionRow> {
  const w = new Where();
  if (filters.rule) w.add((p) => `(e.rule_id = ANY (${p}::text[]) OR e.rule_id IS NULL)`, filters.rule);
  if (filters.product)
    w.add((p) => `(e.product_id = ANY (${p}::text[]) OR e.product_id IS NULL)`, filters.product);
  return snap.stream<ExceptionRow>(
    `SELECT e.rule_id, e.product_id, e.scope_type, e.scope_value, e.reason, e.approved_by, e.created_by,
            e.created_at, e.expires_at, e.revoked_at,
            CASE WHEN e.revoked_at IS NOT NULL THEN 'revoked' WHEN e.expires_at <= now() THEN 'expired'
                 ELSE 'active' END AS state,
            (SELECT count(*) FROM exposure x WHERE x.exception_id = e.id AND x.status = 'excepted')::int
              AS excepted_exposures
     FROM exception e
     WHERE ${w.sql}
     ORDER BY (e.revoked_at IS NULL AND e.expires_at > now()) DESC, e.expires_at, e.id`,
    w.params,
  );
}

/** A source on the Summary with its last successful sync. */
export interface SourceStatusRow {
  name: string;
  kind: string;
  enabled: boolean;
  last_success_at: Date | null;
  last_status: string | null;
  last_started_at: Date | null;
  active_devices: number;
}

/** Counts of active exposures (per product, or the totals with product_id null): what the API summary says. */
export interface ExposureCountRow {
  product_id: string | null;
  exposures: number;
  exposed_devices: number;
  overdue_exposures: number;
  overdue_devices: number;
  review_exposures: number;
  excepted_exposures: number;
  next_due_at: Date | null;
  /** The rules that apply to the product's active exposures. */
  rule_ids: string[];
}

/** One day of the 30-day trend. */
export interface TrendRow {
  day: string;
  exposures: number;
  overdue_exposures: number;
  excepted_exposures: number;
  new_exposures: number;
  resolved_exposures: number;
  exposed_devices: number;
}

/** Everything the Summary sheet shows, read from the same snapshot as the other sheets. */
export interface SummaryFacts {
  sources: SourceStatusRow[];
  devicesCovered: number;
  coverageGaps: number;
  byProduct: ExposureCountRow[];
  totals: ExposureCountRow;
  byRule: RuleCountRow[];
  trend: TrendRow[];
}

/** Reads the Summary's counts (status filter does not apply: it shows open, overdue and excepted side by side). */
export async function readSummaryFacts(
  snap: ReportSnapshot,
  filters: ReportFilters,
  staleAfterDays: number,
): Promise<SummaryFacts> {
  const counts = await readProductCounts(snap, filters);
  const strip = ({ is_total: _t, ...row }: ExposureCountRow & { is_total: boolean }): ExposureCountRow => row;
  const totalsRow = counts.find((c) => c.is_total);
  return {
    sources: await readSourceStatus(snap, filters),
    devicesCovered: await readCoveredDevices(snap, filters, staleAfterDays),
    coverageGaps: await readCoverageGapCount(snap, filters, staleAfterDays),
    byProduct: counts.filter((c) => !c.is_total).map(strip),
    totals: totalsRow ? strip(totalsRow) : NO_EXPOSURES,
    byRule: await readRuleCounts(snap, filters),
    trend: await readTrend(snap, filters),
  };
}

const NO_EXPOSURES: ExposureCountRow = {
  product_id: null,
  exposures: 0,
  exposed_devices: 0,
  overdue_exposures: 0,
  overdue_devices: 0,
  review_exposures: 0,
  excepted_exposures: 0,
  next_due_at: null,
  rule_ids: [],
};

/** The selected sources with their last successful sync, last run and active devices. */
function readSourceStatus(snap: ReportSnapshot, filters: ReportFilters): Promise<SourceStatusRow[]> {
  const src = new Where();
  if (filters.source)
    src.add((p) => `(s.id::text = ANY (${p}::text[]) OR s.name = ANY (${p}::text[]))`, filters.source);
  return snap.rows<SourceStatusRow>(
    `SELECT s.name, s.kind, s.enabled,
            ${lastSuccessfulSyncSql('s.id')} AS last_success_at,
            last.status AS last_status, last.started_at AS last_started_at,
            (SELECT count(*) FROM device d WHERE d.source_id = s.id AND d.removed_at IS NULL)::int AS active_devices
     FROM source s
     LEFT JOIN LATERAL (SELECT r.status, r.started_at FROM sync_run r WHERE r.source_id = s.id
                        ORDER BY r.started_at DESC LIMIT 1) last ON true
     WHERE ${src.sql}
     ORDER BY s.name`,
    src.params,
  );
}

/** Physical devices covered (coveredDevicesCountSql), among the active devices the filters select. */
async function readCoveredDevices(
  snap: ReportSnapshot,
  filters: ReportFilters,
  staleAfterDays: number,
): Promise<number> {
  const dev = new Where();
  deviceFilters(dev, filters, 'd.physical_key', 'd.platform');
  dev.raw('d.removed_at IS NULL');
  const since = dev.params.length + 1;
  const [covered] = await snap.rows<{ n: number }>(
    `SELECT ${coveredDevicesCountSql('d', `now() - make_interval(days => $${since}::int)`)}::int AS n
       FROM device d WHERE ${dev.sql}`,
    [...dev.params, staleAfterDays],
  );
  return covered?.n ?? 0;
}

/** Device records in a coverage gap (coverageWhere), among those the filters select. */
async function readCoverageGapCount(
  snap: ReportSnapshot,
  filters: ReportFilters,
  staleAfterDays: number,
): Promise<number> {
  const gaps = coverageWhere(filters, staleAfterDays);
  const [gapCount] = await snap.rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM device d WHERE ${gaps.sql}`,
    gaps.params,
  );
  return gapCount?.n ?? 0;
}

/** Active exposure counts per product and in total (the empty grouping set), in one pass. */
function readProductCounts(
  snap: ReportSnapshot,
  filters: ReportFilters,
): Promise<(ExposureCountRow & { is_total: boolean })[]> {
  const w = new Where();
  exposureFilters(w, filters, { withStatus: false });
  return snap.rows<ExposureCountRow & { is_total: boolean }>(
    `SELECT e.product_id, grouping(e.product_id) = 1 AS is_total,
            ${ACTIVE_COUNTS},
            min(e.due_at) FILTER (WHERE e.status = 'open') AS next_due_at,
            array(SELECT DISTINCT u FROM unnest(array_agg(array_to_string(e.rule_ids, ','))) AS a(s),
                                          unnest(string_to_array(a.s, ',')) AS u ORDER BY u) AS rule_ids
       FROM exposure e JOIN device d ON d.id = e.device_id
      WHERE ${w.sql}
      GROUP BY GROUPING SETS ((e.product_id), ())
      ORDER BY is_total, e.product_id`,
    w.params,
  );
}

/**
 * The last 30 days from the snapshots. Unfiltered, it is the totals row of each day — the same figures as the
 * trend API. A product or platform filter sums that product's per-platform rows, a rule filter reads the rule's
 * rows; the rows of one day are never added to that day's totals row.
 */
async function readTrend(snap: ReportSnapshot, filters: ReportFilters): Promise<TrendRow[]> {
  const w = new Where();
  if (filters.rule) {
    w.add((p) => `x.rule_id = ANY (${p}::text[])`, filters.rule);
    w.raw(`x.product_id = '*' AND x.platform = '*'`);
  } else if (filters.product || filters.platform) {
    w.raw(`x.rule_id = '*' AND x.product_id <> '*'`);
    if (filters.product) w.add((p) => `x.product_id = ANY (${p}::text[])`, filters.product);
    if (filters.platform) w.add((p) => `x.platform = ANY (${p}::text[])`, filters.platform);
  } else {
    w.raw(`x.rule_id = '*' AND x.product_id = '*' AND x.platform = '*'`);
  }
  w.raw(`x.day > (now() AT TIME ZONE 'UTC')::date - 30`);
  return snap.rows<TrendRow>(
    `SELECT to_char(x.day, 'YYYY-MM-DD') AS day,
            sum(x.open_count)::int AS exposures, sum(x.overdue_count)::int AS overdue_exposures,
            sum(x.excepted_count)::int AS excepted_exposures, sum(x.new_count)::int AS new_exposures,
            sum(x.resolved_count)::int AS resolved_exposures, sum(x.exposed_devices)::int AS exposed_devices
     FROM exposure_snapshot x
     WHERE ${w.sql}
     GROUP BY x.day ORDER BY x.day`,
    w.params,
  );
}

/** Totals at the snapshot and the change since an earlier time, for a scheduled report's mail. */
export interface HeadlineCounts {
  exposed_devices: number;
  exposures: number;
  overdue_exposures: number;
  overdue_devices: number;
  review_exposures: number;
  excepted_exposures: number;
  new_exposures: number;
  resolved_exposures: number;
  newly_overdue: number;
}

/**
 * The mail's numbers under the report's filters (status aside, like the Summary): active totals, and since `since`
 * the exposures first detected, those resolved, and those that fell due (overdue now, due after `since`).
 */
export async function readHeadline(
  snap: ReportSnapshot,
  filters: ReportFilters,
  since: Date | null,
): Promise<HeadlineCounts> {
  const w = new Where();
  exposureFilters(w, filters, { withStatus: false, anyStatus: true });
  const s = w.params.length + 1;
  const [row] = await snap.rows<HeadlineCounts>(
    `SELECT ${ACTIVE_COUNTS},
            count(*) FILTER (WHERE e.status <> 'resolved' AND e.first_detected_at > $${s})::int AS new_exposures,
            count(*) FILTER (WHERE e.status = 'resolved' AND e.resolved_at > $${s})::int AS resolved_exposures,
            count(*) FILTER (WHERE ${OVERDUE} AND e.due_at > $${s})::int AS newly_overdue
       FROM exposure e JOIN device d ON d.id = e.device_id
      WHERE ${w.sql} AND (e.status IN ('open', 'excepted') OR (e.status = 'resolved' AND e.resolved_at > $${s}))`,
    // Without an earlier report there is no change to count: a far-future `since` counts none and reads no history.
    [...w.params, since ?? new Date(8.64e15)],
  );
  return row;
}

/** A sync run behind a report's data: per source, its newest run that had finished when the snapshot was taken. */
export interface SyncRunBehindRow extends Pick<
  Row<SyncRun>,
  | 'id'
  | 'source_id'
  | 'trigger'
  | 'status'
  | 'started_at'
  | 'finished_at'
  | 'devices_seen'
  | 'installations_seen'
  | 'devices_new'
  | 'devices_removed'
  | 'installations_new'
  | 'installations_removed'
  | 'requests'
> {
  source_name: string;
  source_kind: string;
}

/** The sync runs behind the snapshot's data (evidence pack manifest), one per source that ever finished one. */
export async function readSyncRunsBehind(snap: ReportSnapshot): Promise<SyncRunBehindRow[]> {
  // Inside the snapshot only runs committed before it are visible; now() is the snapshot's time.
  return snap.rows<SyncRunBehindRow>(
    `SELECT DISTINCT ON (s.id) r.id, r.source_id, s.name AS source_name, s.kind AS source_kind, r.trigger, r.status,
            r.started_at, r.finished_at, r.devices_seen, r.installations_seen, r.devices_new, r.devices_removed,
            r.installations_new, r.installations_removed, r.requests
     FROM source s JOIN sync_run r ON r.source_id = s.id
     WHERE r.finished_at IS NOT NULL AND r.finished_at <= now()
     ORDER BY s.id, r.finished_at DESC, r.id`,
  );
}
