import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chat formats and digests for webhook endpoints:
 * - `format` also takes `slack` and `teams` (incoming-webhook bodies for people, not SIEMs);
 * - `digest_window_seconds` (NULL = off) makes the worker send one message per window summarising the endpoint's
 *   pending deliveries instead of one per event (libs/webhooks/src/delivery/digest.repository.ts);
 * - the digest claim reads an endpoint's pending deliveries in `seq` order, head first, hence the index.
 */
export class WebhookDigest1764440000000 implements MigrationInterface {
  name = 'WebhookDigest1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_endpoint DROP CONSTRAINT webhook_endpoint_format_check`);
    await q.query(
      `ALTER TABLE webhook_endpoint ADD CONSTRAINT webhook_endpoint_format_check
         CHECK (format IN ('json', 'splunk_hec', 'ecs', 'cef', 'slack', 'teams'))`,
    );
    await q.query(
      `ALTER TABLE webhook_endpoint ADD COLUMN digest_window_seconds integer
         CONSTRAINT webhook_endpoint_digest_window_check
         CHECK (digest_window_seconds IS NULL OR digest_window_seconds BETWEEN 60 AND 86400)`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_pending_seq_idx ON webhook_delivery (endpoint_id, seq) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_delivery_pending_seq_idx`);
    await q.query(`ALTER TABLE webhook_endpoint DROP COLUMN digest_window_seconds`);
    // Chat endpoints cannot exist under the old constraint; they fall back to the native format.
    await q.query(`UPDATE webhook_endpoint SET format = 'json' WHERE format IN ('slack', 'teams')`);
    await q.query(`ALTER TABLE webhook_endpoint DROP CONSTRAINT webhook_endpoint_format_check`);
    await q.query(
      `ALTER TABLE webhook_endpoint ADD CONSTRAINT webhook_endpoint_format_check
         CHECK (format IN ('json', 'splunk_hec', 'ecs', 'cef'))`,
    );
  }
}
