import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long work says how far it is, for the dashboard and the API: a running sync's `progress` holds its phase and the
 * devices, installations and requests so far; a running report's, the sheet being written and its rows so far. The
 * worker doing the work writes it about once a second (outside the sync's own transaction, which only commits at the
 * end) and clears it when the work ends. NULL for work from before this migration.
 */
export class LiveProgress1764420000000 implements MigrationInterface {
  name = 'LiveProgress1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sync_run ADD COLUMN progress jsonb`);
    await q.query(`ALTER TABLE report ADD COLUMN progress jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report DROP COLUMN progress`);
    await q.query(`ALTER TABLE sync_run DROP COLUMN progress`);
  }
}
