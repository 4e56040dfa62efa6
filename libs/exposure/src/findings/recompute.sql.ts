// The set-based statements of one exposure recompute, run in order in one transaction. Every statement works on
// matched installations only (software_match ⋈ installation via installation_active_software_idx), so the cost
// follows the number of banned installations, not the 15M-row table.

/** Columns returned for every transition, joined with device and title for the event payload. */
const TRANSITION_COLUMNS = `
  f.id, f.status, f.product_id, f.rule_id, f.matcher_id, f.version, f.first_detected_at, f.last_detected_at,
  f.resolved_at, f.due_at, f.exception_id, d.id AS device_id, d.physical_key, d.name AS device_name,
  d.serial_number, d.platform, d.user_principal_name, d.user_display_name, sw.name AS title, sw.publisher, sw.bundle_id`;

/**
 * What is seen now: one row per (physical device, title, rule) with a matched, active installation on an active
 * device, for enabled rules already in force. $1 = product/rule pairs (json), $2 = now.
 */
export const BUILD_SEEN = `
  CREATE TEMP TABLE exposure_seen ON COMMIT DROP AS
  WITH pr AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS x(product_id text, rule_id text, opens_at timestamptz, clock_at timestamptz, remediation_days int)
  )
  SELECT d.physical_key, i.software_id, pr.rule_id, pr.product_id,
         min(sm.matcher_id) AS matcher_id,
         min(d.id) AS device_id,
         (array_agg(i.version ORDER BY greatest(i.last_seen_at, d.last_seen_at) DESC, i.version DESC))[1] AS version,
         min(i.first_seen_at) AS first_seen_at,
         -- An active installation was last confirmed by its device's last sync (the sync skips unchanged rows).
         max(greatest(i.last_seen_at, d.last_seen_at)) AS last_seen_at,
         pr.clock_at, pr.remediation_days,
         NULL::uuid AS exception_id
    FROM software_match sm
    JOIN pr ON pr.product_id = sm.product_id AND pr.opens_at <= $2
    JOIN installation i ON i.software_id = sm.software_id AND i.removed_at IS NULL
    JOIN device d ON d.id = i.device_id AND d.removed_at IS NULL
   WHERE (sm.version_from IS NULL
          OR (cardinality(interdict_version_key(i.version)) > 0
              AND interdict_version_key(i.version) >= interdict_version_key(sm.version_from)))
     AND (sm.version_below IS NULL
          OR (cardinality(interdict_version_key(i.version)) > 0
              AND interdict_version_key(i.version) < interdict_version_key(sm.version_below)))
   GROUP BY d.physical_key, i.software_id, pr.rule_id, pr.product_id, pr.clock_at, pr.remediation_days`;

export const INDEX_SEEN = `CREATE INDEX ON exposure_seen (physical_key, software_id, rule_id)`;

/** Attaches the active exception (latest expiry wins) to each seen row. $1 = now. */
export const APPLY_EXCEPTIONS = `
  UPDATE exposure_seen s SET exception_id = (
    SELECT e.id FROM exception e
     WHERE e.revoked_at IS NULL AND e.expires_at > $1
       AND (e.rule_id IS NULL OR e.rule_id = s.rule_id)
       AND (e.product_id IS NULL OR e.product_id = s.product_id)
       AND EXISTS (
         SELECT 1 FROM device dd
          WHERE dd.physical_key = s.physical_key
            AND ((e.scope_type = 'device' AND (e.scope_value = dd.id::text OR e.scope_value = dd.physical_key))
              OR (e.scope_type = 'serial' AND upper(btrim(e.scope_value)) = upper(btrim(dd.serial_number)))
              OR (e.scope_type = 'group' AND e.scope_value = ANY (dd.tags))))
     ORDER BY e.expires_at DESC, e.id
     LIMIT 1)
   WHERE EXISTS (SELECT 1 FROM exception e WHERE e.revoked_at IS NULL AND e.expires_at > $1)`;

/** Active findings keyed by physical device, so a title seen through either source keeps the same finding. */
export const BUILD_ACTIVE = `
  CREATE TEMP TABLE exposure_active ON COMMIT DROP AS
  SELECT f.id, d.physical_key, f.software_id, f.rule_id, f.status, f.exception_id
    FROM finding f JOIN device d ON d.id = f.device_id
   WHERE f.status <> 'resolved'`;

export const INDEX_ACTIVE = `CREATE INDEX ON exposure_active (physical_key, software_id, rule_id)`;

/** Resolves active findings no longer seen. $1 = now, $2 = enabled rule ids (to tell the reason). */
export const RESOLVE_GONE = `
  WITH gone AS (
    SELECT a.id FROM exposure_active a
     WHERE NOT EXISTS (SELECT 1 FROM exposure_seen s
                        WHERE s.physical_key = a.physical_key AND s.software_id = a.software_id AND s.rule_id = a.rule_id)
  ), upd AS (
    UPDATE finding f SET status = 'resolved', resolved_at = $1, exception_id = NULL
      FROM gone WHERE f.id = gone.id
    RETURNING f.*
  )
  SELECT ${TRANSITION_COLUMNS}, (f.rule_id = ANY ($2::text[])) AS rule_enabled
    FROM upd f JOIN device d ON d.id = f.device_id JOIN software sw ON sw.id = f.software_id`;

/**
 * Refreshes findings still seen; flips open ⇄ excepted when an exception starts or ends. Returns only rows whose
 * status changed, with the previous status.
 */
export const REFRESH_KEPT = `
  WITH k AS (
    SELECT a.id, a.status AS old_status, s.exception_id, s.version, s.last_seen_at, s.matcher_id
      FROM exposure_active a
      JOIN exposure_seen s ON s.physical_key = a.physical_key AND s.software_id = a.software_id AND s.rule_id = a.rule_id
  ), upd AS (
    UPDATE finding f
       SET last_detected_at = greatest(f.last_detected_at, k.last_seen_at),
           version = k.version,
           matcher_id = k.matcher_id,
           status = CASE WHEN k.exception_id IS NULL THEN 'open' ELSE 'excepted' END,
           exception_id = k.exception_id
      FROM k
     WHERE f.id = k.id
       AND (f.last_detected_at < k.last_seen_at OR f.version <> k.version OR f.matcher_id <> k.matcher_id
            OR f.exception_id IS DISTINCT FROM k.exception_id)
    RETURNING f.*, k.old_status
  )
  SELECT ${TRANSITION_COLUMNS}, f.old_status
    FROM upd f JOIN device d ON d.id = f.device_id JOIN software sw ON sw.id = f.software_id
   WHERE f.old_status <> f.status`;

/**
 * Opens a new finding for every seen row without an active one. A title that comes back after a resolved finding
 * opens a new row (history kept) detected when it was seen again. Due = max(first detected, clock) + window.
 * Returns whether an earlier finding existed (reopened).
 */
export const OPEN_NEW = `
  WITH n AS MATERIALIZED (
    SELECT s.* FROM exposure_seen s
     WHERE NOT EXISTS (SELECT 1 FROM exposure_active a
                        WHERE a.physical_key = s.physical_key AND a.software_id = s.software_id AND a.rule_id = s.rule_id)
  ), prev AS (
    -- One indexed probe per new row (finding_history_idx), through the device records of the physical device.
    SELECT n.physical_key, n.software_id, n.rule_id, x.resolved_at
      FROM n CROSS JOIN LATERAL (
        SELECT max(f.resolved_at) AS resolved_at
          FROM device dd JOIN finding f
            ON f.device_id = dd.id AND f.software_id = n.software_id AND f.rule_id = n.rule_id
         WHERE dd.physical_key = n.physical_key AND f.status = 'resolved') x
     WHERE x.resolved_at IS NOT NULL
  ), d0 AS (
    SELECT n.*, p.resolved_at AS previous_resolved_at,
           CASE WHEN p.resolved_at IS NULL OR n.first_seen_at > p.resolved_at THEN n.first_seen_at
                ELSE greatest(n.last_seen_at, p.resolved_at) END AS detected_at
      FROM n LEFT JOIN prev p
        ON p.physical_key = n.physical_key AND p.software_id = n.software_id AND p.rule_id = n.rule_id
  ), ins AS (
    INSERT INTO finding (device_id, software_id, product_id, rule_id, matcher_id, version, status,
                         first_detected_at, last_detected_at, due_at, exception_id)
    SELECT device_id, software_id, product_id, rule_id, matcher_id, version,
           CASE WHEN exception_id IS NULL THEN 'open' ELSE 'excepted' END,
           detected_at, greatest(detected_at, last_seen_at),
           greatest(detected_at, clock_at) + remediation_days * interval '1 day',
           exception_id
      FROM d0
    RETURNING *
  )
  SELECT ${TRANSITION_COLUMNS}, (d0.previous_resolved_at IS NOT NULL) AS reopened
    FROM ins f
    JOIN d0 ON d0.device_id = f.device_id AND d0.software_id = f.software_id AND d0.rule_id = f.rule_id
    JOIN device d ON d.id = f.device_id
    JOIN software sw ON sw.id = f.software_id`;

/** Open findings past their due date that have not been announced as overdue yet. $1 = now. */
export const MARK_OVERDUE = `
  WITH upd AS (
    UPDATE finding f SET overdue_notified_at = $1
     WHERE f.status = 'open' AND f.due_at <= $1 AND f.overdue_notified_at IS NULL
    RETURNING f.*
  )
  SELECT ${TRANSITION_COLUMNS}
    FROM upd f JOIN device d ON d.id = f.device_id JOIN software sw ON sw.id = f.software_id`;
