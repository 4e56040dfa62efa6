import type { FindingFilterStatus, ReportFilters } from '../report-definition';
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

const STATUS_SQL: Record<FindingFilterStatus, string> = {
  open: `f.status = 'open'`,
  overdue: `(f.status = 'open' AND f.due_at < now())`,
  excepted: `f.status = 'excepted'`,
  resolved: `f.status = 'resolved'`,
};

function deviceFilters(w: Where, filters: ReportFilters): void {
  if (filters.source)
    w.add((p) => `(s.id::text = ANY (${p}::text[]) OR s.name = ANY (${p}::text[]))`, filters.source);
  if (filters.platform) w.add((p) => `d.platform = ANY (${p}::text[])`, filters.platform);
  if (filters.group) w.add((p) => `d.tags && ${p}::text[]`, filters.group);
}

function findingFilters(w: Where, filters: ReportFilters, opts: { withStatus: boolean }): void {
  deviceFilters(w, filters);
  if (filters.product) w.add((p) => `f.product_id = ANY (${p}::text[])`, filters.product);
  if (filters.rule) w.add((p) => `f.rule_id = ANY (${p}::text[])`, filters.rule);
  if (opts.withStatus) {
    w.raw(`(${(filters.status ?? ['open']).map((s) => STATUS_SQL[s]).join(' OR ')})`);
  } else {
    w.raw(`f.status IN ('open', 'excepted')`);
  }
}

/** One row of the Exposed devices sheet: a finding per physical device, title and rule. */
export interface ExposedDeviceRow {
  device_name: string | null;
  serial_number: string | null;
  user_name: string | null;
  user_principal_name: string | null;
  platform: string;
  os_version: string | null;
  sources: string;
  product_id: string;
  rule_id: string;
  title: string;
  versions: string | null;
  publisher: string | null;
  bundle_id: string | null;
  matchers: string;
  status: string;
  first_detected_at: Date;
  last_detected_at: Date;
  last_check_in_at: Date | null;
  due_at: Date;
  days_overdue: number;
}

/** Separator of multi-valued aggregates; `distinctList` turns it into a readable, de-duplicated list. */
export const LIST_SEPARATOR = '\u001f';

/** "a␟b␟a" → "a, b": the de-duplication Postgres would do with DISTINCT, for a fraction of the cost. */
export function distinctList(value: string | null): string | null {
  if (value === null || !value.includes(LIST_SEPARATOR)) return value;
  return [...new Set(value.split(LIST_SEPARATOR))].join(', ');
}

/**
 * Exposed devices: findings grouped by (physical device, software, rule) so one Mac seen by Jamf and Intune is one
 * row listing both sources; device details come from the record that checked in last. For speed at a million rows
 * the input is sorted once and everything else streams from that sort: the aggregates need neither DISTINCT nor
 * ORDER BY (each would sort every group again; lists are de-duplicated by the caller with `distinctList`), and the
 * rows leave in group order (physical device, title, rule), so there is no sort of the wide result and no join after
 * the grouping.
 */
export function streamExposedDevices(
  snap: ReportSnapshot,
  filters: ReportFilters,
): AsyncIterable<ExposedDeviceRow> {
  const w = new Where();
  findingFilters(w, filters, { withStatus: true });
  return snap.stream<ExposedDeviceRow>(
    `SELECT g.*,
            CASE WHEN g.status = 'open' AND g.due_at < now()
                 THEN floor(extract(epoch FROM now() - g.due_at) / 86400)::int ELSE 0 END AS days_overdue
     FROM (
       SELECT (array_agg(x.device_name))[1] AS device_name,
              (array_agg(x.serial_number))[1] AS serial_number,
              (array_agg(x.user_name))[1] AS user_name,
              (array_agg(x.user_principal_name))[1] AS user_principal_name,
              (array_agg(x.platform))[1] AS platform,
              (array_agg(x.os_version))[1] AS os_version,
              string_agg(x.source_name, E'\x1f') AS sources,
              min(x.product_id) AS product_id, x.rule_id,
              min(x.title) AS title,
              string_agg(nullif(x.version, ''), E'\x1f') AS versions,
              min(x.publisher) AS publisher, min(x.bundle_id) AS bundle_id,
              string_agg(x.matcher_id, E'\x1f') AS matchers,
              CASE WHEN bool_or(x.status = 'open') THEN 'open' WHEN bool_or(x.status = 'excepted') THEN 'excepted'
                   ELSE 'resolved' END AS status,
              min(x.first_detected_at) AS first_detected_at,
              max(x.last_detected_at) AS last_detected_at,
              (array_agg(x.last_check_in_at))[1] AS last_check_in_at,
              min(x.due_at) AS due_at
       FROM (
         SELECT d.physical_key, f.software_id, f.rule_id, f.product_id, f.matcher_id, f.version, f.status,
                f.first_detected_at, f.last_detected_at, f.due_at, s.name AS source_name,
                d.name AS device_name, d.serial_number, coalesce(d.user_display_name, d.user_principal_name) AS user_name,
                d.user_principal_name, d.platform, d.os_version, d.last_check_in_at,
                sw.name AS title, sw.publisher, sw.bundle_id
         FROM finding f
         JOIN device d ON d.id = f.device_id
         JOIN source s ON s.id = d.source_id
         JOIN software sw ON sw.id = f.software_id
         WHERE ${w.sql}
         -- latest check-in first within each group: element 1 of each array_agg is that device record's value
         ORDER BY d.physical_key, f.software_id, f.rule_id, d.last_check_in_at DESC NULLS LAST, d.id
       ) x
       GROUP BY x.physical_key, x.software_id, x.rule_id
       ORDER BY x.physical_key, x.software_id, x.rule_id
     ) g`,
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

/** Software: banned titles × versions × physical device counts (open, overdue, excepted). */
export function streamSoftware(snap: ReportSnapshot, filters: ReportFilters): AsyncIterable<SoftwareRow> {
  const w = new Where();
  findingFilters(w, filters, { withStatus: false });
  return snap.stream<SoftwareRow>(
    `SELECT f.product_id, sw.name AS title, sw.publisher, sw.bundle_id, sw.platform, nullif(f.version, '') AS version,
            count(DISTINCT d.physical_key) FILTER (WHERE f.status = 'open')::int AS open_devices,
            count(DISTINCT d.physical_key) FILTER (WHERE f.status = 'open' AND f.due_at < now())::int AS overdue_devices,
            count(DISTINCT d.physical_key) FILTER (WHERE f.status = 'excepted')::int AS excepted_devices
     FROM finding f
     JOIN device d ON d.id = f.device_id
     JOIN source s ON s.id = d.source_id
     JOIN software sw ON sw.id = f.software_id
     WHERE ${w.sql}
     GROUP BY f.product_id, sw.id, f.version
     ORDER BY f.product_id, sw.name, sw.platform, f.version`,
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
  deviceFilters(w, filters);
  w.raw('d.removed_at IS NULL');
  w.add(
    (p) => `(d.last_check_in_at IS NULL OR d.last_check_in_at < now() - make_interval(days => ${p}::int)
             OR NOT d.apps_reported)`,
    staleAfterDays,
  );
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
export interface ExceptionRow {
  rule_id: string | null;
  product_id: string | null;
  scope_type: string;
  scope_value: string;
  reason: string;
  approved_by: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  state: 'active' | 'expired' | 'revoked';
  excepted_findings: number;
}

/** Exceptions: active, expired and revoked, with how many findings each currently suppresses. */
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
            (SELECT count(*) FROM finding f WHERE f.exception_id = e.id AND f.status = 'excepted')::int AS excepted_findings
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

/** Counts per product and rule (and, with product_id null, the totals row). */
export interface ProductRuleCountRow {
  product_id: string | null;
  rule_id: string | null;
  open_findings: number;
  overdue_findings: number;
  excepted_findings: number;
  exposed_devices: number;
}

/** One day of the 30-day trend. */
export interface TrendRow {
  day: string;
  open_findings: number;
  overdue_findings: number;
  excepted_findings: number;
  new_findings: number;
  resolved_findings: number;
}

/** Everything the Summary sheet shows, read from the same snapshot as the other sheets. */
export interface SummaryFacts {
  sources: SourceStatusRow[];
  devicesCovered: number;
  coverageGaps: number;
  byProductRule: ProductRuleCountRow[];
  totals: ProductRuleCountRow;
  trend: TrendRow[];
}

/** Reads the Summary's counts (status filter does not apply: it shows open, overdue and excepted side by side). */
export async function readSummaryFacts(
  snap: ReportSnapshot,
  filters: ReportFilters,
  staleAfterDays: number,
): Promise<SummaryFacts> {
  const src = new Where();
  if (filters.source)
    src.add((p) => `(s.id::text = ANY (${p}::text[]) OR s.name = ANY (${p}::text[]))`, filters.source);
  const sources = await snap.rows<SourceStatusRow>(
    `SELECT s.name, s.kind, s.enabled,
            (SELECT max(r.finished_at) FROM sync_run r WHERE r.source_id = s.id AND r.status = 'succeeded') AS last_success_at,
            last.status AS last_status, last.started_at AS last_started_at,
            (SELECT count(*) FROM device d WHERE d.source_id = s.id AND d.removed_at IS NULL)::int AS active_devices
     FROM source s
     LEFT JOIN LATERAL (SELECT r.status, r.started_at FROM sync_run r WHERE r.source_id = s.id
                        ORDER BY r.started_at DESC LIMIT 1) last ON true
     WHERE ${src.sql}
     ORDER BY s.name`,
    src.params,
  );

  const dev = new Where();
  deviceFilters(dev, filters);
  dev.raw('d.removed_at IS NULL');
  const [covered] = await snap.rows<{ n: number }>(
    `SELECT count(DISTINCT d.physical_key)::int AS n FROM device d JOIN source s ON s.id = d.source_id WHERE ${dev.sql}`,
    dev.params,
  );

  const gaps = coverageWhere(filters, staleAfterDays);
  const [gapCount] = await snap.rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM device d JOIN source s ON s.id = d.source_id WHERE ${gaps.sql}`,
    gaps.params,
  );

  const fw = new Where();
  findingFilters(fw, filters, { withStatus: false });
  const counts = await snap.rows<ProductRuleCountRow & { is_total: boolean }>(
    `WITH g AS (
       SELECT f.product_id, f.rule_id, d.physical_key, f.software_id,
              bool_or(f.status = 'open') AS is_open,
              bool_or(f.status = 'open' AND f.due_at < now()) AS is_overdue,
              bool_or(f.status = 'excepted') AND NOT bool_or(f.status = 'open') AS is_excepted
       FROM finding f
       JOIN device d ON d.id = f.device_id
       JOIN source s ON s.id = d.source_id
       WHERE ${fw.sql}
       GROUP BY f.product_id, f.rule_id, d.physical_key, f.software_id
     )
     SELECT product_id, rule_id, grouping(product_id, rule_id) = 3 AS is_total,
            count(*) FILTER (WHERE is_open)::int AS open_findings,
            count(*) FILTER (WHERE is_overdue)::int AS overdue_findings,
            count(*) FILTER (WHERE is_excepted)::int AS excepted_findings,
            count(DISTINCT physical_key) FILTER (WHERE is_open)::int AS exposed_devices
     FROM g
     GROUP BY GROUPING SETS ((product_id, rule_id), ())
     ORDER BY is_total, product_id, rule_id`,
    fw.params,
  );
  const totalsRow = counts.find((c) => c.is_total);
  const strip = ({
    is_total: _t,
    ...row
  }: ProductRuleCountRow & { is_total: boolean }): ProductRuleCountRow => row;

  const tw = new Where();
  if (filters.product) tw.add((p) => `x.product_id = ANY (${p}::text[])`, filters.product);
  if (filters.rule) tw.add((p) => `x.rule_id = ANY (${p}::text[])`, filters.rule);
  if (filters.platform) tw.add((p) => `x.platform = ANY (${p}::text[])`, filters.platform);
  tw.raw(`x.day > (now() AT TIME ZONE 'UTC')::date - 30`);
  const trend = await snap.rows<TrendRow>(
    `SELECT to_char(x.day, 'YYYY-MM-DD') AS day,
            sum(x.open_count)::int AS open_findings, sum(x.overdue_count)::int AS overdue_findings,
            sum(x.excepted_count)::int AS excepted_findings, sum(x.new_count)::int AS new_findings,
            sum(x.resolved_count)::int AS resolved_findings
     FROM exposure_snapshot x
     WHERE ${tw.sql}
     GROUP BY x.day ORDER BY x.day`,
    tw.params,
  );

  return {
    sources,
    devicesCovered: covered?.n ?? 0,
    coverageGaps: gapCount?.n ?? 0,
    byProductRule: counts.filter((c) => !c.is_total).map(strip),
    totals: totalsRow
      ? strip(totalsRow)
      : {
          product_id: null,
          rule_id: null,
          open_findings: 0,
          overdue_findings: 0,
          excepted_findings: 0,
          exposed_devices: 0,
        },
    trend,
  };
}
