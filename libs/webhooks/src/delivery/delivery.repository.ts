import {
  queryRows,
  type Row,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEvent,
} from '@interdict/database';
import type { DataSource, EntityManager } from 'typeorm';

/** A delivery claimed for sending, with its event. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  attempts: number;
  event_id: string;
  type: string;
  schema_version: number;
  occurred_at: Date;
  ordering_key: string | null;
  product_id: string | null;
  severity: string | null;
  payload: Record<string, unknown>;
  endpoint_updated_at: Date;
}

/** A delivery claimed into a digest: the event's fields, its payload only when the digest lists it in full. */
export interface ClaimedDigestDelivery extends Omit<ClaimedDelivery, 'payload'> {
  seq: string;
  payload: Record<string, unknown> | null;
  product_name: string | null;
}

/** How much one digest takes: deliveries per message, and how many of them come with their payload. */
export interface DigestLimits {
  /** For chat formats, which summarise. */
  chatMax: number;
  chatListed: number;
  /** For the SIEM formats, which list every event in full. */
  listMax: number;
}

/** The outcome of one attempt, written back in batches. */
export interface AttemptOutcome {
  id: string;
  endpointId: string;
  /** `released`: cut short by shutdown; back to pending without counting the attempt. */
  outcome: 'delivered' | 'retry' | 'dead' | 'gone' | 'released';
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number | null;
  excerpt: string | null;
  error: string | null;
  nextAttemptAt: Date | null;
  /** Set on every outcome of one digest message (they share one request). */
  digestId?: string;
}

/** A row of the delivery log. */
export interface DeliveryRow extends Omit<Row<WebhookDelivery>, 'lease_until' | 'ordering_key'> {
  event_type: WebhookEvent['type'];
}

export type AttemptRow = Omit<Row<WebhookAttempt>, 'id'>;

type Runner = DataSource | EntityManager;

/** The only place with SQL for webhook_delivery and webhook_attempt. */
export class DeliveryRepository {
  /**
   * Claims due deliveries with FOR UPDATE SKIP LOCKED, so several workers never take the same row. Per endpoint it
   * takes at most the room left under its concurrency limit (rows in flight with a live lease count), and a
   * delivery whose ordering key has an earlier delivery still pending or in flight waits for it.
   *
   * Two statements in one transaction, because the limit must hold across workers: the first takes the endpoints'
   * claim locks (one claimer per endpoint, others skip it); the second counts what is in flight under a snapshot
   * taken after those locks, so it sees every claim committed before ours. Counted in the locking statement itself,
   * a claim committed between that statement's snapshot and its lock would be missed and the room filled twice.
   */
  async claim(runner: Runner, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return runner.transaction(async (tx) => {
      const locked = await queryRows<{ id: string }>(
        tx,
        `SELECT id FROM webhook_endpoint WHERE enabled AND digest_window_seconds IS NULL
         FOR NO KEY UPDATE SKIP LOCKED`,
      );
      if (!locked.length) return [];
      return queryRows<ClaimedDelivery>(
        tx,
        `WITH ep AS (
           SELECT e.id, e.timeout_ms, e.updated_at, e.max_concurrency - (
             SELECT count(*) FROM webhook_delivery f
             WHERE f.endpoint_id = e.id AND f.status = 'delivering' AND f.lease_until > now()
           ) AS room
           FROM webhook_endpoint e WHERE e.id = ANY($3::uuid[])
         ), picked AS (
           SELECT d.id, ep.timeout_ms, ep.updated_at FROM ep CROSS JOIN LATERAL (
             SELECT d.id FROM webhook_delivery d
             WHERE d.endpoint_id = ep.id AND d.status = 'pending' AND d.next_attempt_at <= now()
               AND (d.ordering_key IS NULL OR NOT EXISTS (
                 SELECT 1 FROM webhook_delivery p
                 WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key
                   AND p.status IN ('pending', 'delivering') AND p.seq < d.seq))
             ORDER BY d.next_attempt_at, d.seq
             LIMIT ep.room
             FOR UPDATE SKIP LOCKED
           ) d
           WHERE ep.room > 0
           LIMIT $1
         )
         UPDATE webhook_delivery w
            SET status = 'delivering', attempts = w.attempts + 1,
                lease_until = now() + make_interval(secs => ($2::int + picked.timeout_ms) / 1000.0)
         FROM picked, webhook_event ev
         WHERE w.id = picked.id AND ev.id = w.event_id
         RETURNING w.id, w.endpoint_id, w.attempts, ev.id AS event_id, ev.type, ev.schema_version, ev.occurred_at,
                   ev.ordering_key, ev.product_id, ev.severity, ev.payload, picked.updated_at AS endpoint_updated_at`,
        [limit, leaseMs, locked.map((e) => e.id)],
      );
    });
  }

  /**
   * Claims whole digests: for each digest endpoint with nothing in flight whose oldest pending delivery (by `seq`)
   * is due and at least a window old, every pending delivery up to the format's limit, oldest first. One digest in
   * flight per endpoint keeps digests in order and lets a retried digest take what arrived meanwhile; a retry sets
   * the same next attempt time on all its deliveries, so the head's time is the digest's.
   *
   * Same two-statement shape as `claim`: the endpoint locks first, then the in-flight check under a snapshot taken
   * after them. Only the first `listed` deliveries carry their payload; the rest bring what the counts need.
   */
  async claimDigests(
    runner: Runner,
    leaseMs: number,
    limits: DigestLimits,
  ): Promise<ClaimedDigestDelivery[]> {
    return runner.transaction(async (tx) => {
      const locked = await queryRows<{ id: string }>(
        tx,
        `SELECT id FROM webhook_endpoint WHERE enabled AND digest_window_seconds IS NOT NULL
         FOR NO KEY UPDATE SKIP LOCKED`,
      );
      if (!locked.length) return [];
      return queryRows<ClaimedDigestDelivery>(
        tx,
        `WITH ep AS (
           SELECT e.id, e.timeout_ms, e.updated_at,
                  CASE WHEN e.format IN ('slack', 'teams') THEN $3::int ELSE $5::int END AS cap,
                  CASE WHEN e.format IN ('slack', 'teams') THEN $4::int ELSE $5::int END AS listed
           FROM webhook_endpoint e
           WHERE e.id = ANY($1::uuid[])
             AND NOT EXISTS (SELECT 1 FROM webhook_delivery f WHERE f.endpoint_id = e.id AND f.status = 'delivering')
             AND EXISTS (
               SELECT 1 FROM (
                 SELECT h.next_attempt_at, h.created_at FROM webhook_delivery h
                 WHERE h.endpoint_id = e.id AND h.status = 'pending' ORDER BY h.seq LIMIT 1
               ) head
               WHERE head.next_attempt_at <= now()
                 AND head.created_at <= now() - make_interval(secs => e.digest_window_seconds))
         ), picked AS (
           SELECT d.id, d.seq, ep.timeout_ms, ep.updated_at, ep.listed,
                  row_number() OVER (PARTITION BY ep.id ORDER BY d.seq) AS n
           FROM ep CROSS JOIN LATERAL (
             SELECT d.id, d.seq FROM webhook_delivery d
             WHERE d.endpoint_id = ep.id AND d.status = 'pending'
             ORDER BY d.seq
             LIMIT ep.cap
             FOR UPDATE SKIP LOCKED
           ) d
         )
         UPDATE webhook_delivery w
            SET status = 'delivering', attempts = w.attempts + 1,
                lease_until = now() + make_interval(secs => ($2::int + picked.timeout_ms) / 1000.0)
         FROM picked, webhook_event ev
         WHERE w.id = picked.id AND ev.id = w.event_id
         RETURNING w.id, w.endpoint_id, w.attempts, picked.seq::text AS seq, ev.id AS event_id, ev.type,
                   ev.schema_version, ev.occurred_at, ev.ordering_key, ev.product_id, ev.severity,
                   CASE WHEN picked.n <= picked.listed THEN ev.payload END AS payload,
                   ev.payload #>> '{product,name}' AS product_name, picked.updated_at AS endpoint_updated_at`,
        [locked.map((e) => e.id), leaseMs, limits.chatMax, limits.chatListed, limits.listMax],
      );
    });
  }

  /**
   * Writes a batch of outcomes in one statement: delivery states, the attempt log, and endpoints disabled by a 410.
   * Only rows still `delivering` change, so a late result never overwrites a redelivery or another worker's claim.
   */
  async record(runner: Runner, outcomes: AttemptOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    await runner.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, endpoint_id uuid, outcome text,
           attempted_at timestamptz, status_code int, latency_ms int, excerpt text, error text, next_at timestamptz)
       ), upd AS (
         UPDATE webhook_delivery d SET
           status = CASE r.outcome WHEN 'delivered' THEN 'delivered' WHEN 'dead' THEN 'dead' WHEN 'gone' THEN 'dead'
                    ELSE 'pending' END,
           attempts = CASE WHEN r.outcome = 'released' THEN greatest(d.attempts - 1, 0) ELSE d.attempts END,
           delivered_at = CASE WHEN r.outcome = 'delivered' THEN r.attempted_at ELSE d.delivered_at END,
           next_attempt_at = coalesce(r.next_at, d.next_attempt_at),
           lease_until = NULL,
           last_status_code = CASE WHEN r.outcome = 'released' THEN d.last_status_code ELSE r.status_code END,
           last_error = CASE WHEN r.outcome = 'released' THEN d.last_error ELSE r.error END
         FROM r WHERE d.id = r.id AND d.status = 'delivering'
         RETURNING d.id
       ), att AS (
         INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
         SELECT r.id, r.attempted_at, r.status_code, r.latency_ms, r.excerpt, r.error
         FROM r JOIN webhook_delivery d ON d.id = r.id
         WHERE r.outcome <> 'released'
       ), gone AS (
         UPDATE webhook_endpoint e
            SET enabled = false, disabled_reason = 'the receiver answered 410 Gone', updated_at = now()
         WHERE e.enabled AND e.id IN (SELECT endpoint_id FROM r WHERE outcome = 'gone')
       )
       SELECT count(*)::int AS n FROM upd`,
      [
        JSON.stringify(
          outcomes.map((o) => ({
            id: o.id,
            endpoint_id: o.endpointId,
            outcome: o.outcome,
            attempted_at: o.attemptedAt.toISOString(),
            status_code: o.statusCode,
            latency_ms: o.latencyMs,
            excerpt: o.excerpt,
            error: o.error,
            next_at: o.nextAttemptAt?.toISOString() ?? null,
          })),
        ),
      ],
    );
  }

  /** Returns deliveries whose worker died (lease expired) to the queue; they are sent again (at least once). */
  async reapExpiredLeases(runner: Runner): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE webhook_delivery SET status = 'pending', lease_until = NULL, next_attempt_at = now()
       WHERE status = 'delivering' AND lease_until < now() RETURNING id`,
    );
    return rows.length;
  }

  async listForEndpoint(
    runner: Runner,
    endpointId: string,
    opts: { limit: number; beforeSeq?: string; status?: string },
  ): Promise<DeliveryRow[]> {
    return queryRows<DeliveryRow>(
      runner,
      `SELECT d.id, d.seq::text AS seq, d.event_id, ev.type AS event_type, d.endpoint_id, d.status, d.attempts,
              d.next_attempt_at, d.created_at, d.delivered_at, d.last_status_code, d.last_error
       FROM webhook_delivery d JOIN webhook_event ev ON ev.id = d.event_id
       WHERE d.endpoint_id = $1 AND ($2::bigint IS NULL OR d.seq < $2::bigint) AND ($3::text IS NULL OR d.status = $3)
       ORDER BY d.seq DESC LIMIT $4`,
      [endpointId, opts.beforeSeq ?? null, opts.status ?? null, opts.limit],
    );
  }

  async attemptsFor(runner: Runner, deliveryIds: string[], perDelivery: number): Promise<AttemptRow[]> {
    return queryRows<AttemptRow>(
      runner,
      `SELECT a.delivery_id, a.attempted_at, a.status_code, a.latency_ms, a.response_excerpt, a.error
       FROM unnest($1::uuid[]) AS ids(id) CROSS JOIN LATERAL (
         SELECT * FROM webhook_attempt WHERE delivery_id = ids.id ORDER BY attempted_at DESC, id DESC LIMIT $2
       ) a`,
      [deliveryIds, perDelivery],
    );
  }

  /** Puts one dead or delivered delivery back in the queue, due now, with a fresh retry schedule. */
  async requeue(runner: Runner, id: string): Promise<'requeued' | 'busy' | 'missing'> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL
       WHERE id = $1 AND status IN ('dead', 'delivered') RETURNING id`,
      [id],
    );
    if (rows.length) return 'requeued';
    const exists = await queryRows<{ id: string }>(runner, `SELECT id FROM webhook_delivery WHERE id = $1`, [
      id,
    ]);
    return exists.length ? 'busy' : 'missing';
  }

  /** Puts every dead delivery of an endpoint back in the queue; returns how many. */
  async requeueDead(runner: Runner, endpointId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL
       WHERE endpoint_id = $1 AND status = 'dead' RETURNING id`,
      [endpointId],
    );
    return rows.length;
  }
}
