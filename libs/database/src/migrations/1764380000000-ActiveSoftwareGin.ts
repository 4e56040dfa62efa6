import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `installation_active_software_idx` becomes a GIN index (btree_gin) with fast update. As a B-tree on
 * (software_id, device_id) every inserted installation landed on one of ~20,000 hot leaf pages, more than
 * shared_buffers holds, and that index alone cost 60 % of an initial sync (measured at 15M rows: 143 s with it,
 * 50 s with the primary key only). GIN appends new entries to a pending list and merges them in key order, in bulk
 * (89 s with it); its posting lists are also a fifth of the B-tree's size (116 vs 634 MB). Readers find
 * installations by software_id through bitmap scans as before; the sync merges the pending list before it commits.
 * btree_gin is a trusted extension: a database owner may create it.
 */
export class ActiveSoftwareGin1764380000000 implements MigrationInterface {
  name = 'ActiveSoftwareGin1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(`DROP INDEX installation_active_software_idx`);
    await q.query(
      `CREATE INDEX installation_active_software_idx ON installation USING gin (software_id)
       WITH (fastupdate = on, gin_pending_list_limit = 65536) WHERE removed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX installation_active_software_idx`);
    await q.query(
      `CREATE INDEX installation_active_software_idx ON installation (software_id, device_id) WHERE removed_at IS NULL`,
    );
  }
}
