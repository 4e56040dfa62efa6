import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A title that comes back opens a new finding dated after the previous episode's resolution. Looking that
 * episode up by (device, title, rule) needs this index; without it the planner joined every resolved finding of
 * the same title and rule (thousands of devices) per new finding.
 */
export class FindingHistoryIndex1764320000002 implements MigrationInterface {
  name = 'FindingHistoryIndex1764320000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX finding_history_idx ON finding (device_id, software_id, rule_id, resolved_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX finding_history_idx`);
  }
}
