import type { EntityManager } from 'typeorm';

/** Every event type the outbox carries (versioned payloads are documented with the webhooks lib). */
export type OutboxEventType =
  | 'exposure.detected'
  | 'exposure.resolved'
  | 'exposure.overdue'
  | 'exposure.excepted'
  | 'sync.failed'
  | 'sync.completed'
  | 'report.ready'
  | 'webhook.test';

export interface OutboxEvent {
  type: OutboxEventType;
  payload: Record<string, unknown>;
  /** Events with the same key are delivered in order per endpoint (e.g. `device:<id>`). */
  orderingKey?: string;
  productId?: string;
  severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
  occurredAt?: Date;
}

/**
 * Writes events to the outbox inside the caller's transaction, fanning each out to the enabled endpoints whose
 * filters accept it — so a rolled-back change emits nothing and a committed one can never lose its events.
 * Returns the new event ids.
 */
export async function appendEvents(tx: EntityManager, events: OutboxEvent[]): Promise<string[]> {
  if (!events.length) return [];
  const rows: { id: string }[] = await tx.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS e(type text, payload jsonb, ordering_key text, product_id text, severity text, occurred_at timestamptz, ord int)
     ), inserted AS (
       INSERT INTO webhook_event (type, payload, ordering_key, product_id, severity, occurred_at)
       SELECT type, payload, ordering_key, product_id, severity, coalesce(occurred_at, now()) FROM input ORDER BY ord
       RETURNING id, type, ordering_key, product_id, severity
     ), fanned AS (
       INSERT INTO webhook_delivery (event_id, endpoint_id, ordering_key)
       SELECT i.id, e.id, i.ordering_key
       FROM inserted i
       JOIN webhook_endpoint e ON e.enabled
        AND (cardinality(e.event_types) = 0 OR i.type = ANY (e.event_types))
        AND (cardinality(e.product_ids) = 0 OR i.product_id IS NULL OR i.product_id = ANY (e.product_ids))
        AND (cardinality(e.severities) = 0 OR i.severity IS NULL OR i.severity = ANY (e.severities))
     )
     SELECT id FROM inserted`,
    [
      JSON.stringify(
        events.map((e, ord) => ({
          type: e.type,
          payload: e.payload,
          ordering_key: e.orderingKey ?? null,
          product_id: e.productId ?? null,
          severity: e.severity ?? null,
          occurred_at: e.occurredAt?.toISOString() ?? null,
          ord,
        })),
      ),
    ],
  );
  return rows.map((r) => r.id);
}
