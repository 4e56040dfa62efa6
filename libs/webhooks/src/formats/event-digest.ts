import { listOf, timeOf, type ChatMessage, type ChatRun } from './chat-message';
import { dashboardLink } from './dashboard-links';
import { eventTitle, pick, summarize, type FormatContext, type OutgoingEvent } from './outgoing-event';

/** Many events of one endpoint summarised in one message (digest mode). */
export interface EventDigest {
  /** The message's `webhook-id`: the same set of deliveries gets the same id, so receivers can dedupe a retry. */
  id: string;
  /** Events in the digest (every one is marked delivered when the message is). */
  total: number;
  firstAt: Date;
  lastAt: Date;
  /** Counts per event type, largest first. */
  byType: { type: string; count: number }[];
  /** Counts per product (events about one), largest first. */
  byProduct: { id: string; name: string; count: number }[];
  /** The events listed in full, oldest first: the first few for chat, all of them for the SIEM formats. */
  events: OutgoingEvent[];
}

/** One digest event as the delivery claim returns it: what the counts need, and the payload when listed. */
export interface DigestItem {
  event: Omit<OutgoingEvent, 'payload'> & { payload: Record<string, unknown> | null };
  productName: string | null;
}

/** Builds the digest of claimed items (oldest first); `id` identifies the set of deliveries. */
export function digestOf(id: string, items: DigestItem[]): EventDigest {
  const types = new Map<string, number>();
  const products = new Map<string, { id: string; name: string; count: number }>();
  for (const { event, productName } of items) {
    types.set(event.type, (types.get(event.type) ?? 0) + 1);
    if (event.productId) {
      const p = products.get(event.productId) ?? {
        id: event.productId,
        name: productName ?? event.productId,
        count: 0,
      };
      p.count++;
      products.set(event.productId, p);
    }
  }
  const times = items.map((i) => i.event.occurredAt.getTime());
  return {
    id,
    total: items.length,
    firstAt: new Date(Math.min(...times)),
    lastAt: new Date(Math.max(...times)),
    byType: [...types].map(([type, count]) => ({ type, count })).sort(byCount((t) => t.type)),
    byProduct: [...products.values()].sort(byCount((p) => p.name)),
    events: items.flatMap(({ event }) => (event.payload ? [{ ...event, payload: event.payload }] : [])),
  };
}

function byCount<T extends { count: number }>(name: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => b.count - a.count || name(a).localeCompare(name(b));
}

/** The chat message of a digest: counts per type and product, the first events, and the filtered list's link. */
export function chatDigestMessage(digest: EventDigest, ctx: FormatContext): ChatMessage {
  const n = digest.total.toLocaleString('en-US');
  const listUrl = digestListLink(digest, ctx);
  const span = `${timeOf(digest.firstAt.toISOString())} – ${timeOf(digest.lastAt.toISOString())}`;
  const typeLine = digest.byType.map(
    (t) => `${t.count.toLocaleString('en-US')} ${eventTitle(t.type).toLowerCase()}`,
  );
  const products = digest.byProduct.map((p): ChatRun[] => [
    { text: p.name, bold: true },
    { text: ` — ${p.count.toLocaleString('en-US')}` },
  ]);
  const listed = digest.events.map((e): ChatRun[] => {
    const url = eventLink(e, ctx);
    return [{ text: summarize(e), url }];
  });
  return {
    title: `Interdict digest: ${n} event${digest.total === 1 ? '' : 's'}`,
    fallback: `Interdict digest: ${n} event${digest.total === 1 ? '' : 's'} (${typeLine.join(', ')}) — ${listUrl}`,
    lead: [{ text: `${n} event${digest.total === 1 ? '' : 's'} between ${span}` }],
    facts: digest.byType.slice(0, 8).map((t) => ({
      label: eventTitle(t.type),
      value: [{ text: t.count.toLocaleString('en-US') }],
    })),
    lists: [
      ...(products.length ? [listOf('By product', products)] : []),
      listOf(digest.total > listed.length ? 'First events' : 'Events', listed, digest.total),
    ],
    actions: [{ label: 'Open in Interdict', url: listUrl }],
    footer: `Interdict · digest ${digest.id}`,
  };
}

/** The dashboard list the digest's events are in, filtered as far as they all agree. */
export function digestListLink(digest: EventDigest, ctx: FormatContext): string {
  const types = digest.byType.map((t) => t.type);
  const all = (test: (t: string) => boolean) => types.every(test);
  if (all((t) => t.startsWith('sync.'))) return dashboardLink(ctx.dashboardUrl, 'sources');
  if (all((t) => t === 'report.ready')) return dashboardLink(ctx.dashboardUrl, 'reports');
  if (!types.some((t) => t.startsWith('exposure.'))) return dashboardLink(ctx.dashboardUrl, 'overview');
  const product = digest.byProduct.length === 1 ? digest.byProduct[0].id : undefined;
  return dashboardLink(ctx.dashboardUrl, 'exposures', null, {
    product,
    overdue: all((t) => t === 'exposure.overdue') ? 'true' : undefined,
    status: all((t) => t === 'exposure.detected' || t === 'exposure.overdue') ? 'open' : undefined,
  });
}

function eventLink(event: OutgoingEvent, ctx: FormatContext): string | undefined {
  const p = event.payload;
  const exposureId = pick(p, 'exposureId');
  if (event.type.startsWith('exposure.') && exposureId)
    return dashboardLink(ctx.dashboardUrl, 'exposures', exposureId);
  const sourceId = pick(p, 'source.id');
  if (event.type.startsWith('sync.') && sourceId) return dashboardLink(ctx.dashboardUrl, 'sources', sourceId);
  if (event.type === 'report.ready') return dashboardLink(ctx.dashboardUrl, 'reports');
  return undefined;
}
