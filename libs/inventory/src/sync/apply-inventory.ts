import type { PoolClient } from 'pg';
import { FINGERPRINT_BUCKETS } from './inventory-stager';

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
 * Staged rows of a chunk with devices back after removal: those looked new to the stager, so their rows are in
 * stg_install. Only such chunks read it: the plain stg_changed keeps the common chunk's plan as it was.
 */
const STAGED_WITH_BACK = `(SELECT * FROM stg_changed
  UNION ALL
  SELECT b.* FROM stg_install b JOIN map_device bm ON bm.idx = b.device_idx AND bm.apps_staged AND NOT bm.is_new)`;

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
 * - staged rows of known devices (app list changed, or back) are diffed chunk by chunk against their stored rows:
 *   new rows inserted and rows back again un-removed at once; rows no longer listed are kept, and `finish` marks
 *   them removed on a complete walk only;
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
    // The chunk statements are planned hundreds of times per sync, often above jit_above_cost: compiling each one
    // costs more than it saves.
    await client.query(`SET LOCAL jit = off`);
    // Keys on the maps: chunk tables have no statistics, so whatever plan the planner picks probes an index.
    await client.query(
      `CREATE TEMP TABLE map_title (idx int PRIMARY KEY, software_id bigint NOT NULL, bucket smallint NOT NULL)
       ON COMMIT DROP`,
    );
    // prev_seen_at: the device's last sync before this one — the last time its vanished installations were confirmed.
    await client.query(
      `CREATE TEMP TABLE map_device (idx int PRIMARY KEY, device_id bigint NOT NULL, is_new boolean NOT NULL,
         apps_staged boolean NOT NULL, bucket_mask int NOT NULL, prev_seen_at timestamptz) ON COMMIT DROP`,
    );
    // kind: n = new, b = back (or moved path), g = gone. prev_seen_at dates a gone row's last confirmation.
    await client.query(
      `CREATE TEMP TABLE inst_diff (device_id bigint NOT NULL, software_id bigint NOT NULL, version text NOT NULL,
         install_path text, bucket smallint NOT NULL, kind "char" NOT NULL, prev_seen_at timestamptz) ON COMMIT DROP`,
    );
    // Gone rows wait for the end of the walk: only a complete walk may mark them removed.
    await client.query(
      `CREATE TEMP TABLE inst_gone (device_id bigint NOT NULL, bucket smallint NOT NULL, software_id bigint NOT NULL,
         version text NOT NULL, prev_seen_at timestamptz) ON COMMIT DROP`,
    );
  }

  /**
   * Applies the chunk now in stg_title / stg_device / stg_install / stg_changed (rows of `changedDevices` known
   * devices whose list changed), then empties those tables.
   */
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
      `INSERT INTO map_title (idx, software_id, bucket)
       SELECT t.idx, s.id, t.bucket FROM stg_title t JOIN software s USING (identity_key)`,
    );
    // The device's previous row is read from the statement's snapshot, before its own upsert. `n` counts the chunk's
    // known devices whose app list was staged (changed, or back after removal): the ones to diff; `back` those back.
    const known = await client.query<{ n: string; back: string }>(
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
         RETURNING id, external_id, (xmax = 0) AS is_new),
       src AS (
         SELECT s.idx, up.id, up.is_new, s.apps_staged, s.bucket_mask, p.last_seen_at, p.removed_at IS NOT NULL AS back
         FROM up JOIN stg_device s USING (external_id) LEFT JOIN device p ON p.id = up.id),
       mapped AS (
         INSERT INTO map_device (idx, device_id, is_new, apps_staged, bucket_mask, prev_seen_at)
         SELECT idx, id, is_new, apps_staged, bucket_mask, last_seen_at FROM src)
       SELECT count(*) FILTER (WHERE apps_staged AND NOT is_new) AS n,
              count(*) FILTER (WHERE apps_staged AND NOT is_new AND back) AS back
       FROM src`,
      [sourceId, seenAt],
    );
    // New devices cannot have installations yet: a plain insert, no conflict check. Rows are in walk order and
    // device ids were assigned in that order, so the primary key grows at its right edge.
    const fresh = await client.query(
      `INSERT INTO installation (device_id, software_id, version, install_path, bucket, first_seen_at, last_seen_at)
       SELECT m.device_id, t.software_id, i.version, i.install_path, t.bucket, $1, $1
       FROM stg_install i JOIN map_device m ON m.idx = i.device_idx AND m.is_new
       JOIN map_title t ON t.idx = i.title_idx`,
      [seenAt],
    );
    this.installationsNew += fresh.rowCount ?? 0;
    if (known.rows[0].n !== '0') await this.diffChunk(known.rows[0].back !== '0');
  }

  /**
   * Diffs this chunk's known devices whose app list changed while the walk goes on: one join of their staged rows
   * with their stored rows (active and removed, found through the primary key) keeps only the differences. New rows
   * are inserted and rows back again un-removed at once; gone rows wait in inst_gone for `finish`. Rows equal on
   * both sides — the vast majority — are read but never written.
   */
  private async diffChunk(withBack: boolean): Promise<void> {
    const client = this.client;
    const { seenAt } = this.opts;
    await client.query(`
      INSERT INTO inst_diff
      WITH cur AS (
        SELECT m.device_id, m.prev_seen_at,
               ARRAY(SELECT b::smallint FROM generate_series(0, ${FINGERPRINT_BUCKETS - 1}) b
                     WHERE (m.bucket_mask >> b) & 1 = 1) AS buckets
        FROM stg_device sd JOIN map_device m ON m.idx = sd.idx AND m.apps_staged AND NOT m.is_new
      ), staged AS (
        SELECT m.device_id, t.software_id, i.version, i.install_path, t.bucket
        FROM ${withBack ? STAGED_WITH_BACK : 'stg_changed'} i
        JOIN map_device m ON m.idx = i.device_idx JOIN map_title t ON t.idx = i.title_idx
      ), stored AS (
        -- LATERAL: each device's rows of the buckets the stager sent (the others did not change), as ranges of the
        -- primary key, whatever the planner guesses of the unanalysed maps.
        SELECT i.device_id, i.bucket, i.software_id, i.version, i.install_path, i.removed_at, cur.prev_seen_at
        FROM cur CROSS JOIN LATERAL (
          SELECT * FROM installation x WHERE x.device_id = cur.device_id AND x.bucket = ANY (cur.buckets)) i
      )
      SELECT coalesce(s.device_id, c.device_id), coalesce(s.software_id, c.software_id),
             coalesce(s.version, c.version), s.install_path, coalesce(s.bucket, c.bucket),
             CASE WHEN c.device_id IS NULL THEN 'n' WHEN s.device_id IS NULL THEN 'g' ELSE 'b' END,
             c.prev_seen_at
      FROM staged s
      FULL JOIN stored c ON c.device_id = s.device_id AND c.software_id = s.software_id AND c.version = s.version
      WHERE c.device_id IS NULL
         OR (s.device_id IS NULL AND c.removed_at IS NULL)
         OR (s.device_id IS NOT NULL AND (c.removed_at IS NOT NULL OR s.install_path IS DISTINCT FROM c.install_path))`);
    const inserted = await client.query(
      `INSERT INTO installation (device_id, software_id, version, install_path, bucket, first_seen_at, last_seen_at)
       SELECT device_id, software_id, version, install_path, bucket, $1, $1 FROM inst_diff WHERE kind = 'n'
       ORDER BY device_id, bucket, software_id, version`,
      [seenAt],
    );
    this.installationsNew += inserted.rowCount ?? 0;
    await client.query(
      `UPDATE installation i SET removed_at = NULL, install_path = d.install_path, last_seen_at = $1
       FROM inst_diff d
       WHERE d.kind = 'b' AND i.device_id = d.device_id AND i.bucket = d.bucket AND i.software_id = d.software_id
         AND i.version = d.version`,
      [seenAt],
    );
    await client.query(
      `INSERT INTO inst_gone SELECT device_id, bucket, software_id, version, prev_seen_at FROM inst_diff WHERE kind = 'g'`,
    );
    await client.query(`TRUNCATE inst_diff`);
  }

  /** After a complete walk, marks removed what it did not see: rows gone from changed devices, missing devices. */
  async finish(fullWalk: boolean): Promise<AppliedCounts> {
    const client = this.client;
    await client.query(`ANALYZE map_device`);
    const devicesNew = await count(client, `SELECT count(*) AS n FROM map_device WHERE is_new`);
    let removed = { devices: 0, installations: 0 };
    if (fullWalk) removed = await this.removeUnseen();
    // A partial walk applies no removals, so the devices whose apps it staged lose their hash: the next walk diffs them.
    else
      await client.query(
        `UPDATE device d SET software_hash = NULL FROM map_device m
         WHERE d.id = m.device_id AND m.apps_staged AND NOT m.is_new`,
      );
    // Large inserts leave the planner's picture of the table stale for the exposure run that follows (and the next
    // diff); a sampled ANALYZE is cheap next to the insert that made it necessary.
    if (this.installationsNew > 100_000) await client.query(`ANALYZE installation`);
    const slowStepsMs: Record<string, number> = {};
    for (const [label, ms] of Object.entries(this.steps)) if (ms >= 100) slowStepsMs[label] = Math.round(ms);
    return {
      devicesNew,
      devicesRemoved: removed.devices,
      installationsNew: this.installationsNew,
      installationsRemoved: removed.installations,
      softwareNew: this.softwareNew,
      slowStepsMs,
    };
  }

  /** Marks removed the installations gone from changed devices, the devices not seen, and those devices' apps. */
  private async removeUnseen(): Promise<{ devices: number; installations: number }> {
    const client = this.client;
    const { sourceId, seenAt } = this.opts;
    let installations = await count(
      client,
      `WITH gone AS (
         UPDATE installation i SET removed_at = $1, last_seen_at = greatest(i.last_seen_at, g.prev_seen_at)
         FROM inst_gone g
         WHERE i.device_id = g.device_id AND i.bucket = g.bucket AND i.software_id = g.software_id
           AND i.version = g.version
         RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [seenAt],
    );
    await client.query(
      `CREATE TEMP TABLE gone_device ON COMMIT DROP AS
       WITH gone AS (
         UPDATE device d SET removed_at = $2, software_hash = NULL
         WHERE source_id = $1 AND removed_at IS NULL AND last_seen_at < $2
         RETURNING id, last_seen_at)
       SELECT id, last_seen_at FROM gone`,
      [sourceId, seenAt],
    );
    const devices = await count(client, `SELECT count(*) AS n FROM gone_device`);
    if (devices > 0) {
      await client.query(`ANALYZE gone_device`);
      installations += await count(
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
    return { devices, installations };
  }
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
