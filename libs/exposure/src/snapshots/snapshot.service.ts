import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';

const log = getLogger('SnapshotService');
const DAY_MS = 86_400_000;

/**
 * Writes the day's exposure_snapshot rows: one per (rule, product, platform) plus one totals row whose rule,
 * product and platform are '*' (devices counted once across rules). Re-running on the same day replaces that
 * day's rows, so it is idempotent. "new" = first detected that day; "resolved" = resolved that day (UTC).
 */
@Injectable()
export class SnapshotService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
  ) {}

  /** Snapshots the UTC day of `now`; returns the day and the number of rows written. */
  async takeSnapshot(now = new Date()): Promise<{ day: string; rows: number }> {
    const day = now.toISOString().slice(0, 10);
    const dayStart = new Date(`${day}T00:00:00Z`);
    const dayEnd = new Date(dayStart.getTime() + DAY_MS);
    const staleBefore = new Date(now.getTime() - this.config.exposure.staleAfterDays * DAY_MS);
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM exposure_snapshot WHERE day = $1::date`, [day]);
      const inserted: { n: string }[] = await tx.query(
        `WITH f AS (
           SELECT f.rule_id, f.product_id, f.status, f.first_detected_at, f.resolved_at, f.due_at, d.physical_key, d.platform
             FROM finding f JOIN device d ON d.id = f.device_id
            WHERE f.status <> 'resolved' OR f.resolved_at >= $2 OR f.first_detected_at >= $2
         ), covered AS (
           SELECT platform, count(DISTINCT physical_key) AS n FROM device
            WHERE removed_at IS NULL AND apps_reported AND last_check_in_at >= $5
            GROUP BY GROUPING SETS ((platform), ())
         ), per_rule AS (
           SELECT f.rule_id, f.product_id, f.platform,
                  count(*) FILTER (WHERE f.status = 'open') AS open_count,
                  count(*) FILTER (WHERE f.first_detected_at >= $2 AND f.first_detected_at < $3) AS new_count,
                  count(*) FILTER (WHERE f.resolved_at >= $2 AND f.resolved_at < $3) AS resolved_count,
                  count(*) FILTER (WHERE f.status = 'open' AND f.due_at <= $4) AS overdue_count,
                  count(*) FILTER (WHERE f.status = 'excepted') AS excepted_count,
                  count(DISTINCT f.physical_key) FILTER (WHERE f.status = 'open') AS exposed_devices
             FROM f GROUP BY f.rule_id, f.product_id, f.platform
         ), totals AS (
           SELECT '*'::text, '*'::text, '*'::text,
                  count(*) FILTER (WHERE f.status = 'open'),
                  count(*) FILTER (WHERE f.first_detected_at >= $2 AND f.first_detected_at < $3),
                  count(*) FILTER (WHERE f.resolved_at >= $2 AND f.resolved_at < $3),
                  count(*) FILTER (WHERE f.status = 'open' AND f.due_at <= $4),
                  count(*) FILTER (WHERE f.status = 'excepted'),
                  count(DISTINCT f.physical_key) FILTER (WHERE f.status = 'open')
             FROM f
         ), ins AS (
           INSERT INTO exposure_snapshot (day, rule_id, product_id, platform, open_count, new_count, resolved_count,
                                          overdue_count, excepted_count, exposed_devices, devices_covered, taken_at)
           SELECT $1::date, p.*, coalesce((SELECT n FROM covered c WHERE c.platform = p.platform), 0), $4 FROM per_rule p
           UNION ALL
           SELECT $1::date, t.*, coalesce((SELECT n FROM covered c WHERE c.platform IS NULL), 0), $4 FROM totals t
           RETURNING 1
         )
         SELECT count(*) AS n FROM ins`,
        [day, dayStart, dayEnd, now, staleBefore],
      );
      return Number(inserted[0].n);
    });
    log.info({ day, rows }, 'exposure snapshot taken');
    return { day, rows };
  }
}
