import { overdueSql } from './due-date';
import type { PolicyInputs } from './policy-inputs';

// The set-based statements of one exposure recompute, run in order in one transaction. Every statement works on
// matched installations only (software_match ⋈ installation via installation_active_software_idx), so the cost
// follows the number of banned installations, not the 15M-row table. The unit is the exposure: one physical device
// (device.physical_key) × one product, whatever sources, titles, versions and rules stand behind it.

/** The applicable rules of each product (from the organisation policy): the inputs of due dates. $1 = json. */
export const BUILD_RULE_SET = `
  CREATE TEMP TABLE exposure_rule_set ON COMMIT DROP AS
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(product_id text, rule_id text, binding boolean, clock_at timestamptz, remediation_days int)`;

/** The products that are exposure for this organisation, with their severity and rules. $1 = json. */
export const BUILD_PRODUCTS = `
  CREATE TEMP TABLE exposure_product ON COMMIT DROP AS
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(product_id text, severity text, rule_ids text[])`;

/**
 * Evidence seen now: every matched, active installation on an active device, for products that are exposure here,
 * within the matcher's version bounds.
 */
export const BUILD_SEEN_EVIDENCE = `
  CREATE TEMP TABLE exposure_seen_evidence ON COMMIT DROP AS
  SELECT d.physical_key, sm.product_id, i.device_id, i.software_id, i.version, sm.matcher_id,
         i.first_seen_at,
         -- An active installation was last confirmed by its device's last sync (the sync skips unchanged rows).
         greatest(i.last_seen_at, d.last_seen_at) AS last_seen_at,
         d.last_seen_at AS record_seen_at, d.last_check_in_at AS record_check_in_at
    FROM software_match sm
    JOIN exposure_product p ON p.product_id = sm.product_id
    JOIN installation i ON i.software_id = sm.software_id AND i.removed_at IS NULL
    JOIN device d ON d.id = i.device_id AND d.removed_at IS NULL
   WHERE (sm.version_from IS NULL
          OR (cardinality(interdict_version_key(i.version)) > 0
              AND interdict_version_key(i.version) >= interdict_version_key(sm.version_from)))
     AND (sm.version_below IS NULL
          OR (cardinality(interdict_version_key(i.version)) > 0
              AND interdict_version_key(i.version) < interdict_version_key(sm.version_below)))`;

/**
 * What is exposed now: one row per (physical device, product). The record shown for it is the one its source saw
 * last (then: the latest MDM check-in, the newest record).
 */
export const BUILD_SEEN = `
  CREATE TEMP TABLE exposure_seen ON COMMIT DROP AS
  SELECT physical_key, product_id,
         (array_agg(device_id ORDER BY record_seen_at DESC, record_check_in_at DESC NULLS LAST, device_id DESC))[1]
           AS device_id,
         min(first_seen_at) AS first_seen_at,
         max(last_seen_at) AS last_seen_at,
         NULL::uuid AS exception_id,
         '{}'::text[] AS excepted_rule_ids
    FROM exposure_seen_evidence
   GROUP BY physical_key, product_id`;

export const INDEX_SEEN = [
  `CREATE INDEX ON exposure_seen (physical_key, product_id)`,
  `CREATE INDEX ON exposure_seen_evidence (device_id, software_id, version)`,
];

/**
 * Exceptions that cover each exposure, through any source record of its physical device. An exception for a
 * product (or without a rule) covers the whole exposure; exceptions for single rules cover those rules, and the
 * whole exposure once every applicable rule is covered. Covered rules no longer set the due date. $1 = now.
 */
export const APPLY_EXCEPTIONS = `
  WITH active AS MATERIALIZED (
    SELECT id, rule_id, product_id, scope_type, scope_value, expires_at FROM exception
     WHERE revoked_at IS NULL AND expires_at > $1
  ), hits AS (
    SELECT s.physical_key, s.product_id, e.id, e.rule_id, e.expires_at
      FROM exposure_seen s
      JOIN exposure_product p ON p.product_id = s.product_id
      JOIN device dd ON dd.physical_key = s.physical_key
      JOIN active e ON (e.product_id IS NULL OR e.product_id = s.product_id)
                   AND (e.rule_id IS NULL OR e.rule_id = ANY (p.rule_ids))
                   AND ((e.scope_type = 'device' AND (e.scope_value = dd.id::text OR e.scope_value = dd.physical_key))
                     OR (e.scope_type = 'serial' AND upper(btrim(e.scope_value)) = upper(btrim(dd.serial_number)))
                     OR (e.scope_type = 'group' AND e.scope_value = ANY (dd.tags)))
  ), per AS (
    SELECT physical_key, product_id,
           coalesce(array_agg(DISTINCT rule_id) FILTER (WHERE rule_id IS NOT NULL), '{}') AS rules,
           (array_agg(id ORDER BY expires_at DESC, id) FILTER (WHERE rule_id IS NULL))[1] AS whole,
           (array_agg(id ORDER BY expires_at DESC, id))[1] AS latest
      FROM hits GROUP BY physical_key, product_id
  )
  UPDATE exposure_seen s
     SET excepted_rule_ids = per.rules,
         exception_id = CASE WHEN per.whole IS NOT NULL THEN per.whole
                             WHEN p.rule_ids <@ per.rules THEN per.latest END
    FROM per JOIN exposure_product p ON p.product_id = per.product_id
   WHERE s.physical_key = per.physical_key AND s.product_id = per.product_id`;

/** Due date of an exposure detected at `detected`: the earliest due among binding, not excepted rules. */
export const dueAtSql = (detected: string, product: string, excepted: string): string => `
  (SELECT min(greatest(${detected}, r.clock_at) + r.remediation_days * interval '1 day')
     FROM exposure_rule_set r
    WHERE r.product_id = ${product} AND r.binding AND NOT (r.rule_id = ANY (${excepted})))`;

/** Columns returned for every transition, joined with the record shown for the exposure. */
const TRANSITION_COLUMNS = `
  e.id, e.status, e.product_id, e.severity, e.rule_ids, e.excepted_rule_ids, e.first_detected_at,
  e.last_detected_at, e.resolved_at, e.resolved_reason, e.due_at, e.exception_id, e.physical_key,
  d.id AS device_id, d.name AS device_name, d.serial_number, d.platform, d.user_principal_name, d.user_display_name`;

/**
 * Resolves active exposures no longer seen: the product is gone from every record of the device, or it is no
 * longer exposure here (no applicable rule). $1 = now, $2 = ids of products that are exposure here.
 */
/**
 * Fills the temp tables a recompute (and a policy preview) works from: the rules and products in force under
 * `inputs`, and what is installed now with the exceptions that apply, analyzed for the statements that follow.
 */
export async function buildSeen(
  runner: { query(sql: string, params?: unknown[]): Promise<unknown> },
  inputs: PolicyInputs,
  now: Date,
): Promise<void> {
  await runner.query(BUILD_RULE_SET, [JSON.stringify(inputs.rules)]);
  await runner.query(BUILD_PRODUCTS, [JSON.stringify(inputs.products)]);
  await runner.query(BUILD_SEEN_EVIDENCE);
  await runner.query(BUILD_SEEN);
  for (const index of INDEX_SEEN) await runner.query(index);
  await runner.query(APPLY_EXCEPTIONS, [now]);
  await runner.query(`ANALYZE exposure_seen`);
  await runner.query(`ANALYZE exposure_seen_evidence`);
}

export const RESOLVE_GONE = `
  WITH gone AS (
    SELECT a.id FROM exposure a
     WHERE a.status <> 'resolved'
       AND NOT EXISTS (SELECT 1 FROM exposure_seen s
                        WHERE s.physical_key = a.physical_key AND s.product_id = a.product_id)
  ), upd AS (
    UPDATE exposure e
       SET status = 'resolved', resolved_at = $1, exception_id = NULL,
           resolved_reason = CASE WHEN e.product_id = ANY ($2::text[]) THEN 'no_longer_seen'
                                  ELSE 'rule_not_applicable' END
      FROM gone WHERE e.id = gone.id
    RETURNING e.*
  )
  SELECT ${TRANSITION_COLUMNS} FROM upd e JOIN device d ON d.id = e.device_id`;

/**
 * Refreshes exposures still seen: last detection, shown record, rules, severity and due date (they follow the
 * policy), and open ⇄ excepted when an exception starts or ends. A due date moved past `now` re-arms the overdue
 * announcement. Returns only rows whose status changed, with the previous status. $1 = now.
 */
export const REFRESH_KEPT = `
  WITH k AS (
    SELECT a.id, a.status AS old_status, s.exception_id, s.excepted_rule_ids, s.last_seen_at, s.device_id,
           p.severity, p.rule_ids,
           ${dueAtSql('a.first_detected_at', 'a.product_id', 's.excepted_rule_ids')} AS due_at
      FROM exposure a
      JOIN exposure_seen s ON s.physical_key = a.physical_key AND s.product_id = a.product_id
      JOIN exposure_product p ON p.product_id = a.product_id
     WHERE a.status <> 'resolved'
  ), upd AS (
    UPDATE exposure e
       SET last_detected_at = greatest(e.last_detected_at, k.last_seen_at),
           device_id = k.device_id,
           severity = k.severity,
           rule_ids = k.rule_ids,
           excepted_rule_ids = k.excepted_rule_ids,
           due_at = k.due_at,
           overdue_notified_at = CASE WHEN k.due_at IS NULL OR k.due_at > $1 THEN NULL ELSE e.overdue_notified_at END,
           status = CASE WHEN k.exception_id IS NULL THEN 'open' ELSE 'excepted' END,
           exception_id = k.exception_id
      FROM k
     WHERE e.id = k.id
       AND (e.last_detected_at < k.last_seen_at OR e.device_id <> k.device_id OR e.severity <> k.severity
            OR e.rule_ids <> k.rule_ids OR e.excepted_rule_ids <> k.excepted_rule_ids
            OR e.due_at IS DISTINCT FROM k.due_at OR e.exception_id IS DISTINCT FROM k.exception_id)
    RETURNING e.*, k.old_status
  )
  SELECT ${TRANSITION_COLUMNS}, e.old_status FROM upd e JOIN device d ON d.id = e.device_id
   WHERE e.old_status <> e.status`;

/**
 * Opens an exposure for every seen (device, product) without an active one. A product that comes back after a
 * resolved exposure opens a new row (history kept), detected when it was seen again. Returns whether an earlier
 * exposure existed (reopened).
 */
export const OPEN_NEW = `
  WITH n AS MATERIALIZED (
    SELECT s.* FROM exposure_seen s
     WHERE NOT EXISTS (SELECT 1 FROM exposure a
                        WHERE a.physical_key = s.physical_key AND a.product_id = s.product_id
                          AND a.status <> 'resolved')
  ), prev AS (
    -- One indexed probe per new row (exposure_history_idx).
    SELECT n.physical_key, n.product_id, x.resolved_at
      FROM n CROSS JOIN LATERAL (
        SELECT max(e.resolved_at) AS resolved_at FROM exposure e
         WHERE e.physical_key = n.physical_key AND e.product_id = n.product_id AND e.status = 'resolved') x
     WHERE x.resolved_at IS NOT NULL
  ), d0 AS (
    SELECT n.*, p.resolved_at AS previous_resolved_at,
           CASE WHEN p.resolved_at IS NULL OR n.first_seen_at > p.resolved_at THEN n.first_seen_at
                ELSE greatest(n.last_seen_at, p.resolved_at) END AS detected_at
      FROM n LEFT JOIN prev p ON p.physical_key = n.physical_key AND p.product_id = n.product_id
  ), ins AS (
    INSERT INTO exposure (physical_key, product_id, device_id, status, severity, rule_ids, excepted_rule_ids,
                          first_detected_at, last_detected_at, due_at, exception_id)
    SELECT d0.physical_key, d0.product_id, d0.device_id,
           CASE WHEN d0.exception_id IS NULL THEN 'open' ELSE 'excepted' END,
           p.severity, p.rule_ids, d0.excepted_rule_ids, d0.detected_at, greatest(d0.detected_at, d0.last_seen_at),
           ${dueAtSql('d0.detected_at', 'd0.product_id', 'd0.excepted_rule_ids')},
           d0.exception_id
      FROM d0 JOIN exposure_product p ON p.product_id = d0.product_id
    RETURNING *
  )
  SELECT ${TRANSITION_COLUMNS}, (d0.previous_resolved_at IS NOT NULL) AS reopened
    FROM ins e
    JOIN d0 ON d0.physical_key = e.physical_key AND d0.product_id = e.product_id
    JOIN device d ON d.id = e.device_id`;

/**
 * Evidence of active exposures: new (record, title, version) rows are added, returning ones revived. Rows already
 * stored are left alone — their last sighting is read live from the installation (see EVIDENCE_OF).
 */
export const ADD_EVIDENCE = `
  INSERT INTO exposure_evidence AS x (exposure_id, device_id, software_id, version, matcher_id, first_seen_at,
                                      last_seen_at)
  SELECT e.id, ev.device_id, ev.software_id, ev.version, ev.matcher_id, ev.first_seen_at, ev.last_seen_at
    FROM exposure_seen_evidence ev
    JOIN exposure e ON e.physical_key = ev.physical_key AND e.product_id = ev.product_id AND e.status <> 'resolved'
  ON CONFLICT (exposure_id, device_id, software_id, version) DO UPDATE
     SET matcher_id = EXCLUDED.matcher_id, gone_at = NULL, last_seen_at = EXCLUDED.last_seen_at
   WHERE x.gone_at IS NOT NULL OR x.matcher_id <> EXCLUDED.matcher_id`;

/**
 * Evidence no longer seen (its exposure resolved, or the title gone while another keeps the exposure open):
 * marked gone, with the last sighting its installation recorded. $1 = now.
 */
export const MARK_EVIDENCE_GONE = `
  UPDATE exposure_evidence x
     SET gone_at = $1,
         last_seen_at = greatest(x.last_seen_at, coalesce(
           (SELECT i.last_seen_at FROM installation i
             WHERE i.device_id = x.device_id AND i.bucket = installation_title_bucket(x.software_id)
               AND i.software_id = x.software_id AND i.version = x.version), x.last_seen_at))
    FROM exposure e
   WHERE x.gone_at IS NULL AND e.id = x.exposure_id
     AND NOT EXISTS (SELECT 1 FROM exposure_seen_evidence ev
                      WHERE ev.device_id = x.device_id AND ev.software_id = x.software_id AND ev.version = x.version
                        AND ev.product_id = e.product_id AND e.status <> 'resolved')`;

/** Open exposures past their due date that have not been announced as overdue yet. $1 = now. */
export const MARK_OVERDUE = `
  WITH upd AS (
    UPDATE exposure e SET overdue_notified_at = $1
     WHERE ${overdueSql('e', '$1')} AND e.overdue_notified_at IS NULL
    RETURNING e.*
  )
  SELECT ${TRANSITION_COLUMNS} FROM upd e JOIN device d ON d.id = e.device_id`;

/**
 * The evidence behind exposures, as people and events show it: source, title, version, path, first and last
 * seen, and why the title matched. Live evidence's last sighting comes from its installation and device.
 * $1 = exposure ids.
 */
export const EVIDENCE_OF = `
  SELECT x.exposure_id, x.device_id, d.source_id, s.name AS source_name, s.kind AS source_kind,
         d.name AS device_name, sw.name AS title, sw.publisher, sw.bundle_id, x.version, i.install_path,
         x.matcher_id, x.first_seen_at,
         CASE WHEN x.gone_at IS NULL THEN greatest(x.last_seen_at, i.last_seen_at, d.last_seen_at)
              ELSE x.last_seen_at END AS last_seen_at,
         x.gone_at, sm.explanation
    FROM exposure_evidence x
    JOIN exposure e ON e.id = x.exposure_id
    LEFT JOIN software_match sm ON sm.software_id = x.software_id AND sm.product_id = e.product_id
    JOIN device d ON d.id = x.device_id
    JOIN source s ON s.id = d.source_id
    JOIN software sw ON sw.id = x.software_id
    LEFT JOIN installation i ON i.device_id = x.device_id AND i.bucket = installation_title_bucket(x.software_id)
                            AND i.software_id = x.software_id AND i.version = x.version
   WHERE x.exposure_id = ANY ($1::bigint[])
   ORDER BY x.exposure_id, x.gone_at NULLS FIRST, x.first_seen_at, x.device_id, x.software_id, x.version`;
