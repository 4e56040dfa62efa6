import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching stamps `software.matched_catalog_version` on every title when the catalog changes (50k rows). The
 * partial index on that column made every stamp a non-HOT update touching all four indexes;
 * without it, and with free space left on each page, the stamp is a heap-only update. Finding unmatched titles
 * reads the whole (small) table anyway (`IS DISTINCT FROM <version>`), so the index bought nothing.
 */
export class SoftwareMatchStampHot1764320000001 implements MigrationInterface {
  name = 'SoftwareMatchStampHot1764320000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX software_unmatched_idx`);
    await q.query(`ALTER TABLE software SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE software RESET (fillfactor)`);
    await q.query(
      `CREATE INDEX software_unmatched_idx ON software (id) WHERE matched_catalog_version IS NULL`,
    );
  }
}
