import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `installation.bucket`: the fingerprint bucket of the row's title (first hex digit of the software identity key,
 * modulo 8 — the stager's `titleBucket`). A device's fingerprint keeps one hash per bucket, so a resync stages
 * only the buckets of a device that changed and its diff reads back only the stored rows of those buckets.
 * The sync always writes it; NULL (rows written by anything else) counts as every bucket, so such a row is always
 * read back by the diff.
 */
export class InstallationBucket1764380000001 implements MigrationInterface {
  name = 'InstallationBucket1764380000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE installation ADD COLUMN bucket smallint`);
    await q.query(
      `UPDATE installation i SET bucket = (get_byte(uuid_send(s.identity_key), 0) >> 4) % 8
       FROM software s WHERE s.id = i.software_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE installation DROP COLUMN bucket`);
  }
}
