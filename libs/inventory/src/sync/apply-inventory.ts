import type { PoolClient } from 'pg';

/** What the diff changed. */
export interface AppliedCounts {
  devicesNew: number;
  devicesRemoved: number;
  installationsNew: number;
  installationsRemoved: number;
  softwareNew: number;
  /** Milliseconds per kind of statement, summed, for those that took 100 ms or more (log and benchmark). */
  slowStepsMs: Record<string, number>;
}

/**
 * Turns the staged walk into current state with set-based SQL, in one transaction that spans the walk: each chunk
 * the stager COPYs is applied while the walk goes on (Postgres works on one core while the connector and the stager
 * use the other), and `finish` completes the diff. Nothing is visible to others before the caller commits; a
 * failure, abort or crash rolls everything back.
 *
 * - software is upserted once per distinct title; every seen device is upserted (new → first_seen, seen →
 *   last_seen, back → removed_at cleared) and keeps the fingerprint of its app list;
 * - installations of devices new in this run are inserted plainly, chunk by chunk in device order (no conflict
 *   possible: the fast path of an initial sync);
 * - staged rows of known devices (app list changed, or back) are kept for `finish`, which diffs them against their
 *   stored rows: new rows inserted, rows back again un-removed, and — on a complete walk only — rows no longer
 *   listed marked removed;
 * - devices whose fingerprint matched were not staged at all: none of their installation rows is written. An active
 *   installation's `last_seen_at` is therefore the last sync that changed it; the last sync that confirmed it is its
 *   device's `last_seen_at` (readers take the later of the two);
 * - only a complete walk marks devices missing from it removed, with their installations. A partial walk removes
 *   nothing, and leaves the fingerprint of the known devices it diffed unknown so the next walk diffs them in full.
 */
export class InventoryApplier {
  private readonly steps: Record<string, number> = {};
  private readonly client: PoolClient;
  private softwareNew = 0;
  private installationsNew = 0;

  constructor(
    raw: PoolClient,
    private readonly opts: { sourceId: string; seenAt: Date; workMemMb: number },
  ) {
    this.client = timed(raw, this.steps);
  }

  /** Opens the transaction and the maps from staging numbers to ids. */
  async begin(): Promise<void> {
    const client = this.client;
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '${Math.trunc(this.opts.workMemMb)}MB'`);
    await client.query(`SET LOCAL statement_timeout = 0`);
    // A crash before the WAL reaches disk loses this sync's commit, never consistency: the next sync redoes it.
    await client.query(`SET LOCAL synchronous_commit = off`);
    // Keys on the maps: chunk tables have no statistics, so whatever plan the planner picks probes an index.
    await client.query(
      `CREATE TEMP TABLE map_title (idx int PRIMARY KEY, software_id bigint NOT NULL) ON COMMIT DROP`,
    );
    // prev_seen_at: the device's last sync before this one — the last time its vanished installations were confirmed.
    await client.query(
      `CREATE TEMP TABLE map_device (idx int PRIMARY KEY, device_id bigint NOT NULL, is_new boolean NOT NULL,
         apps_staged boolean NOT NULL, prev_seen_at timestamptz) ON COMMIT DROP`,
    );
    await client.query(
      `CREATE TEMP TABLE stg_changed (device_idx int NOT NULL, title_idx int NOT NULL, version text NOT NULL,
         install_path text) ON COMMIT DROP`,
    );
  }

  /** Applies the chunk now in stg_title / stg_device / stg_install, then empties those tables. */
  async chunk(): Promise<void> {
    const client = this.client;
    const { sourceId, seenAt } = this.opts;
    const software = await client.query<{ n: string }>(
      `WITH ins AS (
         INSERT INTO software (identity_key, platform, name, name_norm, publisher, bundle_id, first_seen_at)
         SELECT identity_key, platform, name, name_norm, publisher, bundle_id, $1 FROM stg_title ORDER BY identity_key
         ON CONFLICT (identity_key) DO NOTHING
         RETURNING 1)
       SELECT count(*) AS n FROM ins`,
      [seenAt],
    );
    this.softwareNew += Number(software.rows[0].n);
    await client.query(
      `INSERT INTO map_title (idx, software_id) SELECT t.idx, s.id FROM stg_title t JOIN software s USING (identity_key)`,
    );
    // The device's previous last_seen_at is read from the statement's snapshot, before its own upsert.
    await client.query(
      `WITH up AS (
         INSERT INTO device (source_id, external_id, physical_key, name, serial_number, platform, os_version,
                             user_principal_name, user_display_name, ownership, enrolled_at, last_check_in_at,
                             inventory_reported_at, apps_reported, tags, first_seen_at, last_seen_at, software_hash)
         SELECT $1, external_id, physical_key, name, serial_number, platform, os_version, user_principal_name,
                user_display_name, ownership, enrolled_at, last_check_in_at, inventory_reported_at, apps_reported,
                ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), $2, $2, software_hash
         FROM stg_device ORDER BY idx
         ON CONFLICT (source_id, external_id) DO UPDATE SET
           physical_key = excluded.physical_key, name = excluded.name, serial_number = excluded.serial_number,
           platform = excluded.platform, os_version = excluded.os_version,
           user_principal_name = excluded.user_principal_name, user_display_name = excluded.user_display_name,
           ownership = excluded.ownership, enrolled_at = excluded.enrolled_at,
           last_check_in_at = excluded.last_check_in_at, inventory_reported_at = excluded.inventory_reported_at,
           apps_reported = excluded.apps_reported, tags = excluded.tags,
           last_seen_at = excluded.last_seen_at, removed_at = NULL, software_hash = excluded.software_hash
         RETURNING id, external_id, (xmax = 0) AS is_new)
       INSERT INTO map_device (idx, device_id, is_new, apps_staged, prev_seen_at)
       SELECT s.idx, up.id, up.is_new, s.apps_staged, p.last_seen_at
       FROM up JOIN stg_device s USING (external_id) LEFT JOIN device p ON p.id = up.id`,
      [sourceId, seenAt],
    );
    // New devices cannot have installations yet: a plain insert, no conflict check. Rows are in walk order and
    // device ids were assigned in that order, so the primary key grows at its right edge.
    const fresh = await client.query(
      `INSERT INTO installation (device_id, software_id, version, install_path, first_seen_at, last_seen_at)
       SELECT m.device_id, t.software_id, i.version, i.install_path, $1, $1
       FROM stg_install i JOIN map_device m ON m.idx = i.device_idx AND m.is_new
       JOIN map_title t ON t.idx = i.title_idx`,
      [seenAt],
    );
    this.installationsNew += fresh.rowCount ?? 0;
    // Devices back after removal are not new either; their rows join those of changed devices (the stager sent
    // those straight to stg_changed).
    await client.query(
      `INSERT INTO stg_changed SELECT i.* FROM stg_install i
       JOIN map_device m ON m.idx = i.device_idx AND m.apps_staged AND NOT m.is_new`,
    );
    await client.query(`TRUNCATE stg_title, stg_device, stg_install`);
  }

  /** Diffs the known devices that changed and, after a complete walk, marks what it did not see removed. */
  async finish(fullWalk: boolean): Promise<AppliedCounts> {
    const client = this.client;
    const { sourceId, seenAt } = this.opts;
    await client.query(`ANALYZE map_device`);
    await client.query(`ANALYZE map_title`);
    const devicesNew = await count(client, `SELECT count(*) AS n FROM map_device WHERE is_new`);
    let installationsRemoved = 0;
    if (await count(client, `SELECT count(*) AS n FROM (SELECT 1 FROM stg_changed LIMIT 1) x`)) {
      await client.query(`ANALYZE stg_changed`);
      const diff = await diffChangedDevices(client, { seenAt, fullWalk });
      this.installationsNew += diff.inserted;
      installationsRemoved += diff.removed;
    }
    if (!fullWalk)
      await client.query(
        `UPDATE device d SET software_hash = NULL FROM map_device m
         WHERE d.id = m.device_id AND m.apps_staged AND NOT m.is_new`,
      );

    let devicesRemoved = 0;
    if (fullWalk) {
      await client.query(
        `CREATE TEMP TABLE gone_device ON COMMIT DROP AS
         WITH gone AS (
           UPDATE device d SET removed_at = $2, software_hash = NULL
           WHERE source_id = $1 AND removed_at IS NULL AND last_seen_at < $2
           RETURNING id, last_seen_at)
         SELECT id, last_seen_at FROM gone`,
        [sourceId, seenAt],
      );
      devicesRemoved = await count(client, `SELECT count(*) AS n FROM gone_device`);
      if (devicesRemoved > 0) {
        await client.query(`ANALYZE gone_device`);
        installationsRemoved += await count(
          client,
          `WITH gone AS (
             UPDATE installation i SET removed_at = $1, last_seen_at = greatest(i.last_seen_at, g.last_seen_at)
             FROM gone_device g
             WHERE i.device_id = g.id AND i.removed_at IS NULL
             RETURNING 1)
           SELECT count(*) AS n FROM gone`,
          [seenAt],
        );
      }
    }
    // Large inserts leave the planner's picture of the table stale for the exposure run that follows (and the next
    // diff); a sampled ANALYZE costs about a second at 15M rows.
    if (this.installationsNew > 100_000) await client.query(`ANALYZE installation`);
    const slowStepsMs: Record<string, number> = {};
    for (const [label, ms] of Object.entries(this.steps)) if (ms >= 100) slowStepsMs[label] = Math.round(ms);
    return {
      devicesNew,
      devicesRemoved,
      installationsNew: this.installationsNew,
      installationsRemoved,
      softwareNew: this.softwareNew,
      slowStepsMs,
    };
  }
}

/**
 * The per-device diff of known devices whose app list changed: one join of their staged rows with their stored
 * rows (active and removed) keeps only the differences, which are then applied. Rows equal on both sides — the
 * vast majority — are read but never written.
 */
async function diffChangedDevices(
  client: PoolClient,
  opts: { seenAt: Date; fullWalk: boolean },
): Promise<{ inserted: number; removed: number }> {
  await client.query(`
    CREATE TEMP TABLE stg_known ON COMMIT DROP AS
    SELECT m.device_id, t.software_id, i.version, i.install_path
    FROM stg_changed i JOIN map_device m ON m.idx = i.device_idx
    JOIN map_title t ON t.idx = i.title_idx`);
  await client.query(`ANALYZE stg_known`);
  // kind: n = new, b = back (or moved path), g = gone. prev_seen_at dates a gone row's last confirmation.
  await client.query(`
    CREATE TEMP TABLE inst_diff ON COMMIT DROP AS
    SELECT coalesce(s.device_id, c.device_id) AS device_id, coalesce(s.software_id, c.software_id) AS software_id,
           coalesce(s.version, c.version) AS version, s.install_path,
           CASE WHEN c.device_id IS NULL THEN 'n' WHEN s.device_id IS NULL THEN 'g' ELSE 'b' END AS kind,
           c.prev_seen_at
    FROM stg_known s
    FULL JOIN (
      SELECT i.device_id, i.software_id, i.version, i.install_path, i.removed_at, m.prev_seen_at
      FROM installation i JOIN map_device m ON m.device_id = i.device_id AND m.apps_staged AND NOT m.is_new
    ) c ON c.device_id = s.device_id AND c.software_id = s.software_id AND c.version = s.version
    WHERE c.device_id IS NULL
       OR (s.device_id IS NULL AND c.removed_at IS NULL)
       OR (s.device_id IS NOT NULL AND (c.removed_at IS NOT NULL OR s.install_path IS DISTINCT FROM c.install_path))`);

  const inserted = await client.query(
    `INSERT INTO installation (device_id, software_id, version, install_path, first_seen_at, last_seen_at)
     SELECT device_id, software_id, version, install_path, $1, $1 FROM inst_diff WHERE kind = 'n'
     ORDER BY device_id, software_id, version`,
    [opts.seenAt],
  );
  await client.query(
    `UPDATE installation i SET removed_at = NULL, install_path = d.install_path, last_seen_at = $1
     FROM inst_diff d
     WHERE d.kind = 'b' AND i.device_id = d.device_id AND i.software_id = d.software_id AND i.version = d.version`,
    [opts.seenAt],
  );
  let removed = 0;
  if (opts.fullWalk) {
    removed = await count(
      client,
      `WITH gone AS (
         UPDATE installation i SET removed_at = $1, last_seen_at = greatest(i.last_seen_at, d.prev_seen_at)
         FROM inst_diff d
         WHERE d.kind = 'g' AND i.device_id = d.device_id AND i.software_id = d.software_id AND i.version = d.version
         RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [opts.seenAt],
    );
  }
  return { inserted: inserted.rowCount ?? 0, removed };
}

async function count(client: PoolClient, sql: string, params: unknown[] = []): Promise<number> {
  const r = await client.query<{ n: string }>(sql, params);
  return Number(r.rows[0].n);
}

/** The client with each statement's time added up under its first words. */
function timed(client: PoolClient, into: Record<string, number>): PoolClient {
  const query = async (sql: string, params?: unknown[]) => {
    const started = performance.now();
    const result = await client.query(sql, params);
    const label = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
    into[label] = (into[label] ?? 0) + performance.now() - started;
    return result;
  };
  return { query } as unknown as PoolClient;
}
