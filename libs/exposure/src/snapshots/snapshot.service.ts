import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { coveredDevicesCountSql } from '../exposures/coverage.queries';
import { overdueSql } from '../exposures/due-date';

const log = getLogger('SnapshotService');
const DAY_MS = 86_400_000;

/**
 * Writes the day's exposure_snapshot rows, counting exposures (one per physical device and product): one row per
 * (product, platform) with rule '*', one per rule with product and platform '*' (the per-rule view), and one totals
 * row whose rule, product and platform are '*'. Re-running on the same day replaces that day's rows, so it is
 * idempotent. "new" = first detected that day; "resolved" = resolved that day (UTC).
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
    const counts = `
      count(*) FILTER (WHERE x.status = 'open'),
      count(*) FILTER (WHERE x.first_detected_at >= $2 AND x.first_detected_at < $3),
      count(*) FILTER (WHERE x.resolved_at >= $2 AND x.resolved_at < $3),
      count(*) FILTER (WHERE ${overdueSql('x', '$4')}),
      count(*) FILTER (WHERE x.status = 'excepted'),
      count(DISTINCT x.physical_key) FILTER (WHERE x.status = 'open')`;
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM exposure_snapshot WHERE day = $1::date`, [day]);
      const inserted: { n: string }[] = await tx.query(
        `WITH x AS (
           SELECT e.product_id, e.rule_ids, e.status, e.first_detected_at, e.resolved_at, e.due_at, e.physical_key,
                  d.platform
             FROM exposure e JOIN device d ON d.id = e.device_id
            WHERE e.status <> 'resolved' OR e.resolved_at >= $2 OR e.first_detected_at >= $2
         ), covered AS MATERIALIZED ( -- referenced from a per-row subquery: computed once, not per row
           SELECT d.platform, ${coveredDevicesCountSql('d', '$5')} AS n FROM device d
            GROUP BY GROUPING SETS ((d.platform), ())
         ), rows AS (
           SELECT '*'::text AS rule_id, x.product_id, x.platform, ${counts} FROM x GROUP BY x.product_id, x.platform
           UNION ALL
           SELECT r.rule_id, '*', '*', ${counts} FROM x CROSS JOIN LATERAL unnest(x.rule_ids) AS r(rule_id)
            GROUP BY r.rule_id
           UNION ALL
           SELECT '*', '*', '*', ${counts} FROM x
         ), ins AS (
           INSERT INTO exposure_snapshot (day, rule_id, product_id, platform, open_count, new_count, resolved_count,
                                          overdue_count, excepted_count, exposed_devices, devices_covered, taken_at)
           SELECT $1::date, r.*,
                  coalesce((SELECT n FROM covered c
                             WHERE c.platform IS NOT DISTINCT FROM nullif(r.platform, '*')), 0), $4
             FROM rows r
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
