import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit people count becomes an exposure: one physical device (serial-merged across sources) × one product,
 * open from the first sighting to the last. A finding was (device record, title, version, rule): one Kaspersky
 * installation opened one per rule, and a Mac that Jamf and Intune both report opened every one twice.
 *
 * - `exposure` keeps history like `finding` did: a reopened exposure is a new row; one active row per
 *   (physical_key, product_id). `rule_ids` are the applicable rules when last computed; `due_at` is the earliest
 *   due among its binding rules, NULL when only review rules apply (never overdue); `severity` the highest.
 *   `device_id` is the source record shown for it (the most recently seen one).
 * - `exposure_evidence` is what stands behind it: every source record, title and version seen, with first/last
 *   seen; `gone_at` marks evidence no longer seen while the exposure stays open (another title still is).
 *
 * Existing findings are carried over: active ones grouped per (physical device, product) into one exposure, resolved
 * ones per (physical device, product, resolution time); every finding's (device, title, version) becomes evidence.
 * Severity and rules of carried-over rows are refined by the next recompute, which runs at worker start. Trend
 * points written before this migration counted findings.
 */
export class ExposureUnit1764400000000 implements MigrationInterface {
  name = 'ExposureUnit1764400000000';

  // Long because a migration is one list of statements applied in order, and a merged migration is never changed
  // (docs/conventions.md §6).
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE exposure (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        physical_key text NOT NULL,
        product_id text NOT NULL,
        device_id bigint NOT NULL CONSTRAINT exposure_device_fk REFERENCES device(id) ON DELETE CASCADE,
        status text NOT NULL CONSTRAINT exposure_status_check CHECK (status IN ('open', 'resolved', 'excepted')),
        severity text NOT NULL,
        rule_ids text[] NOT NULL DEFAULT '{}',
        first_detected_at timestamptz NOT NULL,
        last_detected_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_reason text,
        due_at timestamptz,
        overdue_notified_at timestamptz,
        exception_id uuid CONSTRAINT exposure_exception_fk REFERENCES exception(id) ON DELETE SET NULL,
        excepted_rule_ids text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(
      `CREATE UNIQUE INDEX exposure_one_active_idx ON exposure (physical_key, product_id) WHERE status <> 'resolved'`,
    );
    await q.query(`CREATE INDEX exposure_open_due_idx ON exposure (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX exposure_product_status_idx ON exposure (product_id, status)`);
    await q.query(`CREATE INDEX exposure_rule_ids_idx ON exposure USING gin (rule_ids)`);
    await q.query(`CREATE INDEX exposure_device_idx ON exposure (device_id)`);
    // The day's snapshot counts what opened and resolved that day.
    await q.query(
      `CREATE INDEX exposure_resolved_at_idx ON exposure (resolved_at) WHERE resolved_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX exposure_first_detected_idx ON exposure (first_detected_at)`);
    // A product that comes back on a device opens a new exposure dated after the previous one's resolution.
    await q.query(
      `CREATE INDEX exposure_history_idx ON exposure (physical_key, product_id, resolved_at) WHERE status = 'resolved'`,
    );

    await q.query(`
      CREATE TABLE exposure_evidence (
        exposure_id bigint NOT NULL CONSTRAINT exposure_evidence_exposure_fk REFERENCES exposure(id) ON DELETE CASCADE,
        device_id bigint NOT NULL CONSTRAINT exposure_evidence_device_fk REFERENCES device(id) ON DELETE CASCADE,
        software_id bigint NOT NULL CONSTRAINT exposure_evidence_software_fk REFERENCES software(id),
        version text NOT NULL DEFAULT '',
        matcher_id text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        gone_at timestamptz,
        CONSTRAINT exposure_evidence_pkey PRIMARY KEY (exposure_id, device_id, software_id, version)
      )`);
    await q.query(`CREATE INDEX exposure_evidence_device_idx ON exposure_evidence (device_id)`);
    await q.query(`CREATE INDEX exposure_evidence_software_idx ON exposure_evidence (software_id)`);
    // Each recompute looks for live evidence no longer seen: only the live rows, not the history, are read.
    await q.query(
      `CREATE INDEX exposure_evidence_live_idx ON exposure_evidence (exposure_id) WHERE gone_at IS NULL`,
    );

    await q.query(`
      CREATE TEMP TABLE finding_episode AS
      SELECT f.*, d.physical_key,
             CASE WHEN f.status = 'resolved' THEN f.resolved_at END AS episode_end
        FROM finding f JOIN device d ON d.id = f.device_id`);
    await q.query(`
      INSERT INTO exposure (physical_key, product_id, device_id, status, severity, rule_ids, first_detected_at,
                            last_detected_at, resolved_at, resolved_reason, due_at, overdue_notified_at, exception_id)
      SELECT physical_key, product_id,
             (array_agg(device_id ORDER BY last_detected_at DESC, device_id))[1],
             CASE WHEN bool_or(status = 'open') THEN 'open' WHEN bool_or(status = 'excepted') THEN 'excepted'
                  ELSE 'resolved' END,
             'medium',
             array_agg(DISTINCT rule_id ORDER BY rule_id),
             min(first_detected_at), max(last_detected_at), max(resolved_at),
             CASE WHEN bool_and(status = 'resolved') THEN 'no_longer_seen' END,
             min(due_at) FILTER (WHERE status <> 'resolved') ,
             min(overdue_notified_at),
             (array_agg(exception_id) FILTER (WHERE exception_id IS NOT NULL))[1]
        FROM finding_episode
       GROUP BY physical_key, product_id, episode_end`);
    await q.query(`
      INSERT INTO exposure_evidence (exposure_id, device_id, software_id, version, matcher_id, first_seen_at,
                                     last_seen_at, gone_at)
      SELECT e.id, f.device_id, f.software_id, f.version, min(f.matcher_id), min(f.first_detected_at),
             max(f.last_detected_at), max(f.resolved_at)
        FROM finding_episode f
        JOIN exposure e ON e.physical_key = f.physical_key AND e.product_id = f.product_id
                       AND e.resolved_at IS NOT DISTINCT FROM f.episode_end
       GROUP BY e.id, f.device_id, f.software_id, f.version`);
    await q.query(`DROP TABLE finding_episode`);
    await q.query(`DROP TABLE finding`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE finding (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        device_id bigint NOT NULL CONSTRAINT finding_device_fk REFERENCES device(id) ON DELETE CASCADE,
        software_id bigint NOT NULL CONSTRAINT finding_software_fk REFERENCES software(id),
        product_id text NOT NULL,
        rule_id text NOT NULL,
        matcher_id text NOT NULL,
        version text NOT NULL DEFAULT '',
        status text NOT NULL CONSTRAINT finding_status_check CHECK (status IN ('open', 'resolved', 'excepted')),
        first_detected_at timestamptz NOT NULL,
        last_detected_at timestamptz NOT NULL,
        resolved_at timestamptz,
        due_at timestamptz NOT NULL,
        overdue_notified_at timestamptz,
        exception_id uuid CONSTRAINT finding_exception_fk REFERENCES exception(id) ON DELETE SET NULL
      )`);
    // Back to one finding per (device record, title, version, rule): the inverse of the grouping above. Evidence
    // rows of one device and title keep only one version, as a finding held one.
    await q.query(`
      INSERT INTO finding (device_id, software_id, product_id, rule_id, matcher_id, version, status, first_detected_at,
                           last_detected_at, resolved_at, due_at, overdue_notified_at, exception_id)
      SELECT DISTINCT ON (ev.device_id, ev.software_id, r.rule_id, e.id)
             ev.device_id, ev.software_id, e.product_id, r.rule_id, ev.matcher_id, ev.version,
             CASE WHEN e.status <> 'resolved' AND ev.gone_at IS NOT NULL THEN 'resolved' ELSE e.status END,
             ev.first_seen_at, ev.last_seen_at, coalesce(e.resolved_at, ev.gone_at),
             coalesce(e.due_at, e.first_detected_at), e.overdue_notified_at, e.exception_id
        FROM exposure e
        JOIN exposure_evidence ev ON ev.exposure_id = e.id
        CROSS JOIN LATERAL unnest(e.rule_ids) AS r(rule_id)
       ORDER BY ev.device_id, ev.software_id, r.rule_id, e.id, ev.last_seen_at DESC`);
    await q.query(
      `CREATE UNIQUE INDEX finding_one_active_idx ON finding (device_id, software_id, rule_id) WHERE status <> 'resolved'`,
    );
    await q.query(`CREATE INDEX finding_open_due_idx ON finding (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX finding_rule_status_idx ON finding (rule_id, status)`);
    await q.query(`CREATE INDEX finding_product_status_idx ON finding (product_id, status)`);
    await q.query(`CREATE INDEX finding_device_idx ON finding (device_id)`);
    await q.query(
      `CREATE INDEX finding_history_idx ON finding (device_id, software_id, rule_id, resolved_at)`,
    );
    await q.query(
      `CREATE INDEX finding_resolved_at_idx ON finding (resolved_at) WHERE resolved_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX finding_first_detected_idx ON finding (first_detected_at)`);
    await q.query(`DROP TABLE exposure_evidence`);
    await q.query(`DROP TABLE exposure`);
  }
}
