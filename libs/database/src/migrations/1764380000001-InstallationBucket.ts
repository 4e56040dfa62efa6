import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `installation.bucket`: the fingerprint bucket of the row's title (first hex digit of the software identity key,
 * modulo 8 — the stager's `titleBucket`). A device's fingerprint keeps one hash per bucket, so a resync stages
 * only the buckets of a device that changed, and its diff reads back only the stored rows of those buckets: the
 * primary key becomes (device_id, bucket, software_id, version) — the same rows are unique, since the bucket is a
 * function of software_id — so that read is an index range scan, not a visit of all 150 rows of the device.
 * The sync always writes the bucket; a trigger fills it for rows written without one (tests, bulk loads).
 */
export class InstallationBucket1764380000001 implements MigrationInterface {
  name = 'InstallationBucket1764380000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE installation ADD COLUMN bucket smallint`);
    await q.query(`
      CREATE FUNCTION installation_title_bucket(title_id bigint) RETURNS smallint LANGUAGE sql STABLE AS $$
        SELECT ((get_byte(uuid_send(identity_key), 0) >> 4) % 8)::smallint FROM software WHERE id = title_id
      $$`);
    await q.query(`UPDATE installation SET bucket = installation_title_bucket(software_id)`);
    await q.query(`
      CREATE FUNCTION installation_fill_bucket() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.bucket := installation_title_bucket(NEW.software_id);
        RETURN NEW;
      END $$`);
    // WHEN keeps the sync's bulk inserts (bucket given) from calling the function at all.
    await q.query(`
      CREATE TRIGGER installation_bucket BEFORE INSERT ON installation
      FOR EACH ROW WHEN (NEW.bucket IS NULL) EXECUTE FUNCTION installation_fill_bucket()`);
    await q.query(`ALTER TABLE installation ALTER COLUMN bucket SET NOT NULL`);
    await q.query(`ALTER TABLE installation DROP CONSTRAINT installation_pkey`);
    await q.query(
      `ALTER TABLE installation ADD CONSTRAINT installation_pkey PRIMARY KEY (device_id, bucket, software_id, version)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE installation DROP CONSTRAINT installation_pkey`);
    await q.query(
      `ALTER TABLE installation ADD CONSTRAINT installation_pkey PRIMARY KEY (device_id, software_id, version)`,
    );
    await q.query(`DROP TRIGGER installation_bucket ON installation`);
    await q.query(`DROP FUNCTION installation_fill_bucket()`);
    await q.query(`DROP FUNCTION installation_title_bucket(bigint)`);
    await q.query(`ALTER TABLE installation DROP COLUMN bucket`);
  }
}
