import { createHash } from 'node:crypto';
import { digestOf, type EventDigest } from '../formats/event-digest';
import type { AttemptOutcome, ClaimedDigestDelivery, DigestLimits } from './delivery.repository';

/** Deliveries per digest message and how many are listed in full (docs/chat-webhooks.md, "Digest mode"). */
export const DIGEST_LIMITS: DigestLimits = { chatMax: 10_000, chatListed: 10, listMax: 1_000 };

/** The claimed digest deliveries of each endpoint, oldest first. */
export function digestsByEndpoint(rows: ClaimedDigestDelivery[]): ClaimedDigestDelivery[][] {
  const groups = new Map<string, ClaimedDigestDelivery[]>();
  for (const r of rows) groups.set(r.endpoint_id, [...(groups.get(r.endpoint_id) ?? []), r]);
  return [...groups.values()].map((g) => g.sort((a, b) => compareSeq(a.seq, b.seq)));
}

function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The digest's `webhook-id`: a UUID from the hash of its delivery ids, so a retry of the same deliveries carries the
 * same id (receivers dedupe on it) and a retry that took in newer deliveries carries a new one.
 */
export function digestIdOf(deliveryIds: string[]): string {
  const h = createHash('sha256')
    .update([...deliveryIds].sort().join(','))
    .digest('hex');
  // Version 8 (custom) and the RFC 9562 variant bits.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The digest to render from one endpoint's claimed deliveries (oldest first). */
export function digestOfDeliveries(rows: ClaimedDigestDelivery[]): EventDigest {
  return digestOf(
    digestIdOf(rows.map((r) => r.id)),
    rows.map((r) => ({
      event: {
        id: r.event_id,
        type: r.type,
        schemaVersion: r.schema_version,
        occurredAt: r.occurred_at,
        orderingKey: r.ordering_key,
        productId: r.product_id,
        severity: r.severity,
        payload: r.payload,
      },
      productName: r.product_name,
    })),
  );
}

/**
 * The attempt count a digest's one request stands for: the highest among deliveries that may still be retried (so
 * the backoff follows the oldest), else the highest of all (then the digest is dead).
 */
export function digestAttempts(rows: ClaimedDigestDelivery[], maxAttempts: number): number {
  const live = rows.filter((r) => r.attempts < maxAttempts).map((r) => r.attempts);
  return Math.max(...(live.length ? live : rows.map((r) => r.attempts)));
}

/**
 * One request's outcome for each delivery of the digest: the same answer and next attempt time for all, except that a
 * delivery out of attempts is dead while the rest are retried.
 */
export function spreadOutcome(
  rows: ClaimedDigestDelivery[],
  outcome: AttemptOutcome,
  digestId: string,
  maxAttempts: number,
): AttemptOutcome[] {
  return rows.map((r) => {
    const exhausted = outcome.outcome === 'retry' && r.attempts >= maxAttempts;
    return {
      ...outcome,
      id: r.id,
      digestId,
      ...(exhausted ? { outcome: 'dead' as const, nextAttemptAt: null } : {}),
    };
  });
}
