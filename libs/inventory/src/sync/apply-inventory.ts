import type { PoolClient } from 'pg';

/** What the diff changed. */
export interface AppliedCounts {
  devicesNew: number;
  devicesRemoved: number;
  installationsNew: number;
  installationsRemoved: number;
  softwareNew: number;
  /** Milliseconds per statement that took longer than 100 ms (for the log and the benchmark), by its opening words. */
  slowStepsMs: Record<string, number>;
}

/**
 * Turns the staged walk into current state with set-based SQL, inside the caller's transaction.
 *
 * - software is upserted once per distinct title; every seen device is upserted (new → first_seen, seen →
 *   last_seen, back → removed_at cleared) and keeps the fingerprint of the app list applied now;
 * - installations of devices new in this run are inserted plainly, in device order (no conflict possible: the fast
 *   path of an initial sync);
 * - devices whose app list changed (or that came back) are diffed against their stored rows: new rows inserted,
 *   rows back again un-removed, and — on a complete walk only — rows no longer listed marked removed;
 * - devices whose fingerprint matched were not staged at all: none of their installation rows is written. An active
 *   installation's `last_seen_at` is therefore the last sync that changed it; the last sync that confirmed it is its
 *   device's `last_seen_at` (readers take the later of the two);
 * - only a complete walk (`fullWalk`) marks devices missing from it removed, with their installations. A partial walk
 *   removes nothing, and leaves the fingerprint of devices it diffed unknown so the next walk diffs them in full.
 */
export async function applyInventory(
  raw: PoolClient,
  opts: { sourceId: string; seenAt: Date; fullWalk: boolean; workMemMb: number },
): Promise<AppliedCounts> {
  const { sourceId, seenAt } = opts;
  const slowStepsMs: Record<string, number> = {};
  const client = timed(raw, slowStepsMs);
  await client.query(`SET LOCAL work_mem = '${Math.trunc(opts.workMemMb)}MB'`);
  await client.query(`SET LOCAL statement_timeout = 0`);
  // A crash before the WAL reaches disk loses this sync's commit, never consistency: the next sync redoes it.
  await client.query(`SET LOCAL synchronous_commit = off`);
  // Temp tables are never auto-analyzed; without statistics the planner guesses nested loops over millions of rows.
  await client.query(`ANALYZE stg_device`);
  await client.query(`ANALYZE stg_title`);

  const software = await client.query<{ n: string }>(
    `WITH ins AS (
       INSERT INTO software (identity_key, platform, name, name_norm, publisher, bundle_id, first_seen_at)
       SELECT identity_key, platform, name, name_norm, publisher, bundle_id, $1 FROM stg_title ORDER BY identity_key
       ON CONFLICT (identity_key) DO NOTHING
       RETURNING 1)
     SELECT count(*) AS n FROM ins`,
    [seenAt],
  );
  await client.query(`
    CREATE TEMP TABLE map_title ON COMMIT DROP AS
    SELECT t.idx, s.id AS software_id FROM stg_title t JOIN software s USING (identity_key)`);
  // Without statistics the planner takes this table as tiny and probes it in a loop per staged row (measured:
  // 720 s instead of seconds for 1.5M rows).
  await client.query(`ANALYZE map_title`);

  // prev_seen_at: the device's last sync before this one (the snapshot of the statement, before its own upsert) —
  // the last time its vanished installations were confirmed.
  await client.query(
    `CREATE TEMP TABLE map_device (idx int NOT NULL, device_id bigint NOT NULL, is_new boolean NOT NULL,
       apps_staged boolean NOT NULL, prev_seen_at timestamptz) ON COMMIT DROP`,
  );
  await client.query(
    `WITH up AS (
       INSERT INTO device (source_id, external_id, physical_key, name, serial_number, platform, os_version,
                           user_principal_name, user_display_name, ownership, enrolled_at, last_check_in_at,
                           inventory_reported_at, apps_reported, tags, first_seen_at, last_seen_at, software_hash)
       SELECT $1, external_id, physical_key, name, serial_number, platform, os_version, user_principal_name,
              user_display_name, ownership, enrolled_at, last_check_in_at, inventory_reported_at, apps_reported,
              ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), $2, $2,
              CASE WHEN $3 OR NOT apps_staged THEN software_hash END
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
    [sourceId, seenAt, opts.fullWalk],
  );
  await client.query(`ANALYZE map_device`);
  const devicesNew = await count(client, `SELECT count(*) AS n FROM map_device WHERE is_new`);
  const diffed = await count(client, `SELECT count(*) AS n FROM map_device WHERE apps_staged AND NOT is_new`);
  if (devicesNew > 0 || diffed > 0) await client.query(`ANALYZE stg_install`);

  // New devices cannot have installations yet: a plain insert, no conflict check. Staged rows are in walk order and
  // device ids were assigned in that order, so the primary key grows at its right edge.
  const fresh =
    devicesNew === 0
      ? { rowCount: 0 }
      : await client.query(
          `INSERT INTO installation (device_id, software_id, version, install_path, first_seen_at, last_seen_at)
           SELECT m.device_id, t.software_id, i.version, i.install_path, $1, $1
           FROM stg_install i JOIN map_device m ON m.idx = i.device_idx AND m.is_new
           JOIN map_title t ON t.idx = i.title_idx`,
          [seenAt],
        );

  let installationsNew = fresh.rowCount ?? 0;
  let installationsRemoved = 0;
  if (diffed > 0) {
    const diff = await diffChangedDevices(client, { seenAt, fullWalk: opts.fullWalk });
    installationsNew += diff.inserted;
    installationsRemoved += diff.removed;
  }

  let devicesRemoved = 0;
  if (opts.fullWalk) {
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
  if (installationsNew > 100_000) await client.query(`ANALYZE installation`);
  return {
    devicesNew,
    devicesRemoved,
    installationsNew,
    installationsRemoved,
    softwareNew: Number(software.rows[0].n),
    slowStepsMs,
  };
}

/** The client with each statement timed; those over 100 ms are recorded under their first words. */
function timed(client: PoolClient, into: Record<string, number>): PoolClient {
  const query = async (sql: string, params?: unknown[]) => {
    const started = performance.now();
    const result = await client.query(sql, params);
    const ms = performance.now() - started;
    if (ms >= 100) {
      const label = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
      into[label] = (into[label] ?? 0) + Math.round(ms);
    }
    return result;
  };
  return { query } as unknown as PoolClient;
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
    FROM stg_install i JOIN map_device m ON m.idx = i.device_idx AND m.apps_staged AND NOT m.is_new
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
