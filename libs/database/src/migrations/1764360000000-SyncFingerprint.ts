import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync at 15M installations:
 * - `device.software_hash` fingerprints the normalised app list last applied for the device, so a resync stages and
 *   diffs installations only for devices whose list changed. NULL = unknown (forces a full diff of that device).
 * - `installation` loses its two foreign keys: Postgres checks them row by row, most of a bulk insert's cost. The
 *   sync is the only writer and inserts ids it has just read in the same
 *   transaction; the delete behaviour is kept by statement-level triggers — deleting devices (a source) deletes
 *   their installations, deleting software that is still installed fails as the RESTRICT key did.
 */
export class SyncFingerprint1764360000000 implements MigrationInterface {
  name = 'SyncFingerprint1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE device ADD COLUMN software_hash text`);
    await q.query(
      `ALTER TABLE installation DROP CONSTRAINT installation_device_fk, DROP CONSTRAINT installation_software_fk`,
    );
    await q.query(`
      CREATE FUNCTION interdict_device_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM installation i USING gone g WHERE i.device_id = g.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER device_deleted_installations AFTER DELETE ON device
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION interdict_device_deleted()`);
    await q.query(`
      CREATE FUNCTION interdict_software_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM installation i JOIN gone g ON i.software_id = g.id) THEN
          RAISE EXCEPTION 'software is still installed on devices and cannot be deleted'
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER software_deleted_installations AFTER DELETE ON software
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION interdict_software_deleted()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER software_deleted_installations ON software`);
    await q.query(`DROP FUNCTION interdict_software_deleted()`);
    await q.query(`DROP TRIGGER device_deleted_installations ON device`);
    await q.query(`DROP FUNCTION interdict_device_deleted()`);
    await q.query(
      `ALTER TABLE installation
         ADD CONSTRAINT installation_device_fk FOREIGN KEY (device_id) REFERENCES device(id) ON DELETE CASCADE,
         ADD CONSTRAINT installation_software_fk FOREIGN KEY (software_id) REFERENCES software(id)`,
    );
    await q.query(`ALTER TABLE device DROP COLUMN software_hash`);
  }
}
