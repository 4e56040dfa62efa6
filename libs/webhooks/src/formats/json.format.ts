import { eventSchemaId } from '../events/event-schemas';
import type { FormatContext, OutgoingEvent, RenderedBody } from './outgoing-event';

/** Native format: a CloudEvents 1.0 structured envelope whose `id` is the `webhook-id`. */
export function renderJson(event: OutgoingEvent, ctx: FormatContext): RenderedBody {
  const envelope: Record<string, unknown> = {
    specversion: '1.0',
    id: event.id,
    source: ctx.source,
    type: event.type,
    time: event.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    dataschema: eventSchemaId(event.type, event.schemaVersion),
    ...(event.orderingKey ? { subject: event.orderingKey } : {}),
    ...(event.severity ? { severity: event.severity } : {}),
    data: event.payload,
  };
  return { body: JSON.stringify(envelope), contentType: 'application/json' };
}
