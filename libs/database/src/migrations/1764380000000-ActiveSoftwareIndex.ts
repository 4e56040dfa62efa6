import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `installation_active_software_idx` keys on software_id alone. Readers find a title's active installations
 * through it and read device_id from the row anyway (the recompute needs version and dates from the heap too),
 * while every inserted row paid for a (software_id, device_id) entry: deduplicated to software_id, the index is far
 * smaller and a bulk insert faster. (A GIN index with fast update inserted faster still, but answers only with
 * bitmap scans: the matcher's "any install path of this title" probe and the recompute's join lost their index
 * paths.)
 */
export class ActiveSoftwareIndex1764380000000 implements MigrationInterface {
  name = 'ActiveSoftwareIndex1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX installation_active_software_idx`);
    await q.query(
      `CREATE INDEX installation_active_software_idx ON installation (software_id) WHERE removed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX installation_active_software_idx`);
    await q.query(
      `CREATE INDEX installation_active_software_idx ON installation (software_id, device_id) WHERE removed_at IS NULL`,
    );
  }
}
