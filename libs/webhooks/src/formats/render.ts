import { renderCef } from './cef.format';
import { renderEcs } from './ecs.format';
import { renderJson } from './json.format';
import type { FormatContext, OutgoingEvent, RenderedBody } from './outgoing-event';
import { renderSplunkHec } from './splunk-hec.format';

/** The body formats an endpoint can ask for. */
export const WEBHOOK_FORMATS = ['json', 'splunk_hec', 'ecs', 'cef'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Renders one event in an endpoint's format. */
export function renderEvent(format: WebhookFormat, event: OutgoingEvent, ctx: FormatContext): RenderedBody {
  switch (format) {
    case 'json':
      return renderJson(event, ctx);
    case 'splunk_hec':
      return renderSplunkHec(event, ctx);
    case 'ecs':
      return renderEcs(event, ctx);
    case 'cef':
      return renderCef(event, ctx);
    default: {
      const never: never = format;
      throw new Error(`unknown webhook format ${String(never)}`);
    }
  }
}
