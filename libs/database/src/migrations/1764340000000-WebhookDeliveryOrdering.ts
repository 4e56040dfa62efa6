import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery order and claim paths for the webhook worker:
 * - `seq` orders deliveries of one endpoint (rows written in one transaction share `created_at`), so a later event
 *   for the same ordering key waits for the earlier one;
 * - the claim reads per endpoint by due time, the ordering check by key, the concurrency check by in-flight rows.
 * The global due index is replaced by the per-endpoint one (claims are per endpoint, for fairness).
 */
export class WebhookDeliveryOrdering1764340000000 implements MigrationInterface {
  name = 'WebhookDeliveryOrdering1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_delivery ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`);
    await q.query(`DROP INDEX webhook_delivery_due_idx`);
    await q.query(
      `CREATE INDEX webhook_delivery_claim_idx ON webhook_delivery (endpoint_id, next_attempt_at, seq)
       WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_ordering_idx ON webhook_delivery (endpoint_id, ordering_key, seq)
       WHERE status IN ('pending', 'delivering') AND ordering_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_inflight_idx ON webhook_delivery (endpoint_id, lease_until)
       WHERE status = 'delivering'`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_dead_idx ON webhook_delivery (endpoint_id) WHERE status = 'dead'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_delivery_dead_idx`);
    await q.query(`DROP INDEX webhook_delivery_inflight_idx`);
    await q.query(`DROP INDEX webhook_delivery_ordering_idx`);
    await q.query(`DROP INDEX webhook_delivery_claim_idx`);
    await q.query(
      `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`ALTER TABLE webhook_delivery DROP COLUMN seq`);
  }
}
