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

/** Payload schema version of each event type (`webhook_event.schema_version`); bumped when a payload changes shape. */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<OutboxEventType, number>> = {
  'exposure.detected': 2,
  'exposure.resolved': 2,
  'exposure.overdue': 2,
  'exposure.excepted': 2,
  'sync.failed': 1,
  'sync.completed': 1,
  'report.ready': 1,
  'webhook.test': 1,
};

export interface OutboxEvent {
  type: OutboxEventType;
  /**
   * The event's data (JSON Schemas and versions: `EVENT_SCHEMAS` in @interdict/webhooks). The shapes are
   * `ExposureEventPayload`, `SyncEventPayload`, `ReportReadyPayload` below.
   */
  payload: Record<string, unknown>;
  /** Events with the same key are delivered in order per endpoint (e.g. `device:<id>`). */
  orderingKey?: string;
  productId?: string;
  severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
  occurredAt?: Date;
  /**
   * Names the transition, e.g. `exposure:42:resolved`: the event id (the `webhook-id` receivers dedupe on) is
   * derived from it, so the same transition is one event however often it is written.
   */
  idempotencyKey?: string;
}

/**
 * Payload (v2) of `exposure.detected|resolved|overdue|excepted`: one exposure — one physical device running one
 * product — with the rules that apply to it and the evidence behind it. (v1 described one finding per rule.)
 */
export interface ExposureEventPayload {
  exposureId: string;
  status: 'open' | 'resolved' | 'excepted';
  reason?: string;
  /** binding: a rule that binds the organisation applies (due date, can be overdue); review: only review rules. */
  standing: 'binding' | 'review';
  severity: string;
  device: {
    id: string;
    physicalKey: string;
    name: string | null;
    serialNumber?: string | null;
    platform: string;
    user?: string | null;
    userDisplayName?: string | null;
  };
  product: { id: string; name: string; vendor?: string | null };
  rules: {
    id: string;
    title: string | null;
    citation: string | null;
    kind: string | null;
    jurisdiction: string | null;
    standing: 'binding' | 'review' | 'off';
    status: string | null;
    dueAt: string | null;
    excepted: boolean;
  }[];
  evidence: {
    deviceId: string;
    source: { id: string; name: string; kind: string };
    title: string;
    publisher: string | null;
    bundleId: string | null;
    version: string;
    installPath: string | null;
    matcher: string;
    firstSeenAt: string;
    lastSeenAt: string;
    goneAt: string | null;
  }[];
  firstDetectedAt: string;
  lastDetectedAt?: string | null;
  dueAt?: string | null;
  resolvedAt?: string | null;
  exceptionId?: string | null;
  catalogVersion?: string;
}

/** Payload (v1) of `sync.completed|failed`. */
export interface SyncEventPayload {
  runId: string;
  source: { id: string; name: string; kind: 'intune' | 'jamf' };
  status: 'succeeded' | 'failed' | 'partial';
  startedAt: string;
  finishedAt?: string | null;
  counts?: Record<string, number>;
  error?: { code: string; message: string } | null;
}

/** Payload (v1) of `report.ready`. */
/** The file formats a report comes in: the report.ready contract and libs/reports share this one list. */
export const REPORT_FORMATS = ['xlsx', 'csv'] as const;

export interface ReportReadyPayload {
  reportId: string;
  type: string;
  format: (typeof REPORT_FORMATS)[number];
  fileName: string;
  sizeBytes?: number;
  rowCount?: number;
  scheduleId?: string | null;
  asOf?: string;
  /** API path the file downloads from, e.g. `/api/v1/reports/<id>/download`. */
  downloadPath: string;
}

/**
 * Writes events to the outbox inside the caller's transaction, fanning each out to the enabled endpoints whose
 * filters accept it — so a rolled-back change emits nothing and a committed one can never lose its events.
 * Returns the ids of the events written (the `webhook-id` receivers dedupe on); an event whose idempotency key was
 * written before is skipped.
 */
export async function appendEvents(tx: EntityManager, events: OutboxEvent[]): Promise<string[]> {
  if (!events.length) return [];
  // Ids are made in `input` so the fan-out can follow the callers' order: `seq` then orders deliveries per key.
  const rows: { id: string }[] = await tx.query(
    `WITH input AS MATERIALIZED (
       SELECT coalesce(md5(idempotency_key)::uuid, gen_random_uuid()) AS id, *
         FROM jsonb_to_recordset($1::jsonb)
           AS e(type text, schema_version int, payload jsonb, ordering_key text, product_id text, severity text,
                occurred_at timestamptz, idempotency_key text, ord int)
     ), inserted AS (
       INSERT INTO webhook_event (id, type, schema_version, payload, ordering_key, product_id, severity, occurred_at)
       SELECT id, type, schema_version, payload, ordering_key, product_id, severity, coalesce(occurred_at, now())
         FROM input ORDER BY ord
       ON CONFLICT (id) DO NOTHING
       RETURNING id
     ), fanned AS (
       INSERT INTO webhook_delivery (event_id, endpoint_id, ordering_key)
       SELECT i.id, e.id, i.ordering_key
       FROM input i
       JOIN inserted USING (id)
       JOIN webhook_endpoint e ON e.enabled
        AND (cardinality(e.event_types) = 0 OR i.type = ANY (e.event_types))
        AND (cardinality(e.product_ids) = 0 OR i.product_id IS NULL OR i.product_id = ANY (e.product_ids))
        AND (cardinality(e.severities) = 0 OR i.severity IS NULL OR i.severity = ANY (e.severities))
       ORDER BY i.ord, e.id
     )
     SELECT i.id FROM input i JOIN inserted USING (id) ORDER BY i.ord`,
    [
      JSON.stringify(
        events.map((e, ord) => ({
          type: e.type,
          schema_version: EVENT_SCHEMA_VERSIONS[e.type],
          payload: e.payload,
          ordering_key: e.orderingKey ?? null,
          product_id: e.productId ?? null,
          severity: e.severity ?? null,
          occurred_at: e.occurredAt?.toISOString() ?? null,
          idempotency_key: e.idempotencyKey ?? null,
          ord,
        })),
      ),
    ],
  );
  return rows.map((r) => r.id);
}
