import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A running sync says how far it is: `progress` holds its phase and the devices, installations and requests so far,
 * written about once a second by the worker running it (outside the run's own transaction, which only commits at the
 * end), so the dashboard and the API can show a live sync. NULL for runs from before this migration.
 */
export class SyncRunProgress1764420000000 implements MigrationInterface {
  name = 'SyncRunProgress1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_run ADD COLUMN progress jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_run DROP COLUMN progress`);
  }
}
