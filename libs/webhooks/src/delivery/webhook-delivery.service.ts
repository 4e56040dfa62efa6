import type { DataSource } from 'typeorm';
import { decodeCursor, pageOf, type Page, isUuid } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { WebhookError } from '../webhooks.errors';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { DeliveryRepository, type AttemptRow, type DeliveryRow } from './delivery.repository';

/** One attempt in the delivery log. */
export interface WebhookAttemptView {
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number | null;
  /** The start of the receiver's response (capped by webhooks.responseBodyCapBytes). */
  responseExcerpt: string | null;
  error: string | null;
}

/** A delivery and its latest attempts. */
export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: 'pending' | 'delivering' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attemptLog: WebhookAttemptView[];
}

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'dead'] as const;

const ATTEMPTS_SHOWN = 10;
const log = getLogger('WebhookDeliveryService');

/** The delivery log and manual redelivery. */
export class WebhookDeliveryService {
  private readonly deliveries = new DeliveryRepository();
  private readonly endpoints = new EndpointRepository();

  constructor(private readonly db: DataSource) {}

  /** Newest first, keyset-paged by the cursor of the previous page. */
  async listDeliveries(
    endpointId: string,
    opts: { limit?: number; cursor?: string; status?: (typeof DELIVERY_STATUSES)[number] } = {},
  ): Promise<Page<WebhookDeliveryView>> {
    await this.mustHaveEndpoint(endpointId);
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    const beforeSeq = opts.cursor ? decodeCursor(opts.cursor, { id: 'bigint' }).id : undefined;
    const rows = await this.deliveries.listForEndpoint(this.db, endpointId, {
      status: opts.status,
      beforeSeq,
      limit: limit + 1,
    });
    const shown = rows.slice(0, limit);
    const attempts = shown.length
      ? await this.deliveries.attemptsFor(
          this.db,
          shown.map((r) => r.id),
          ATTEMPTS_SHOWN,
        )
      : [];
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const a of attempts) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
    return pageOf(
      rows,
      limit,
      (r) => toDeliveryView(r, byDelivery.get(r.id) ?? []),
      (r) => ({ v: null, id: r.seq }),
    );
  }

  /** Sends one dead (or already delivered) delivery again, now. */
  async redeliver(deliveryId: string): Promise<void> {
    const result = isUuid(deliveryId) ? await this.deliveries.requeue(this.db, deliveryId) : 'missing';
    if (result === 'missing')
      throw new WebhookError('delivery_not_found', `No webhook delivery "${deliveryId.slice(0, 64)}"`, 'id');
    if (result === 'busy')
      throw new WebhookError(
        'delivery_busy',
        'The delivery is still pending or in flight; it will be sent anyway',
        'id',
      );
    log.info({ deliveryId }, 'webhook delivery requeued');
  }

  /** Sends every dead delivery of an endpoint again; returns how many. */
  async redeliverDead(endpointId: string): Promise<{ requeued: number }> {
    await this.mustHaveEndpoint(endpointId);
    const requeued = await this.deliveries.requeueDead(this.db, endpointId);
    log.info({ endpointId, requeued }, 'dead webhook deliveries requeued');
    return { requeued };
  }

  private async mustHaveEndpoint(id: string): Promise<void> {
    if (!isUuid(id) || !(await this.endpoints.findById(this.db, id)))
      throw new WebhookError('endpoint_not_found', `No webhook endpoint "${id.slice(0, 64)}"`, 'id');
  }
}

function toDeliveryView(r: DeliveryRow, attempts: AttemptRow[]): WebhookDeliveryView {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    endpointId: r.endpoint_id,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    attemptLog: attempts.map((a) => ({
      attemptedAt: a.attempted_at.toISOString(),
      statusCode: a.status_code,
      latencyMs: a.latency_ms,
      responseExcerpt: a.response_excerpt,
      error: a.error,
    })),
  };
}
