import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled reports by email. A schedule's `email` holds its recipients and subject template. A finished scheduled
 * report with email gets its `headline` (the numbers the mail shows, read from the report's own snapshot) and one
 * `email_delivery` row in the same transaction that marks it succeeded: the outbox the worker sends from. Each send
 * is logged in `email_attempt`. `message_id` is fixed when the row is made, so a mail sent again after a crash
 * carries the same Message-ID and a receiving server can drop the copy. `download_link` rows back the signed links
 * people without an API key use to fetch one report file; they expire and can be revoked.
 */
export class EmailDelivery1764440000200 implements MigrationInterface {
  name = 'EmailDelivery1764440000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_schedule ADD COLUMN email jsonb`);
    await q.query(`ALTER TABLE report ADD COLUMN headline jsonb`);
    await q.query(`
      CREATE TABLE email_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        schedule_id uuid REFERENCES report_schedule(id) ON DELETE SET NULL,
        message_id text NOT NULL UNIQUE,
        recipients jsonb NOT NULL,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_error text,
        rejected jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX email_delivery_due ON email_delivery (next_attempt_at) WHERE status IN ('pending', 'sending')`,
    );
    await q.query(`CREATE INDEX email_delivery_schedule ON email_delivery (schedule_id, created_at DESC)`);
    await q.query(`CREATE INDEX email_delivery_report ON email_delivery (report_id)`);
    await q.query(`
      CREATE TABLE email_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES email_delivery(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'retry', 'dead', 'interrupted')),
        smtp_response text,
        error text
      )`);
    await q.query(`CREATE INDEX email_attempt_delivery ON email_attempt (delivery_id, attempted_at)`);
    await q.query(`
      CREATE TABLE download_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES report(id) ON DELETE CASCADE,
        email_delivery_id uuid REFERENCES email_delivery(id) ON DELETE SET NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by text,
        use_count integer NOT NULL DEFAULT 0,
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX download_link_report ON download_link (report_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE download_link`);
    await q.query(`DROP TABLE email_attempt`);
    await q.query(`DROP TABLE email_delivery`);
    await q.query(`ALTER TABLE report DROP COLUMN headline`);
    await q.query(`ALTER TABLE report_schedule DROP COLUMN email`);
  }
}
