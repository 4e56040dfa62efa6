import { pick, summarize, type FormatContext, type OutgoingEvent, type RenderedBody } from './outgoing-event';

/**
 * Splunk HTTP Event Collector event JSON (`/services/collector/event`): epoch-seconds `time`, the device as `host`
 * when the event is about one, and the whole event under `event`; the token goes in a custom Authorization header.
 */
export function renderSplunkHec(event: OutgoingEvent, ctx: FormatContext): RenderedBody {
  const hec = {
    time: event.occurredAt.getTime() / 1000,
    host: pick(event.payload, 'device.name') ?? ctx.host,
    source: ctx.source,
    sourcetype: 'interdict:event',
    event: {
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      ...(event.severity ? { severity: event.severity } : {}),
      ...(event.productId ? { productId: event.productId } : {}),
      message: summarize(event),
      data: event.payload,
    },
    fields: { event_type: event.type, ...(event.productId ? { product_id: event.productId } : {}) },
  };
  return { body: JSON.stringify(hec), contentType: 'application/json' };
}
