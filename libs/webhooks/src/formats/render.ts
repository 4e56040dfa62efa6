import { renderCef } from './cef.format';
import { chatMessageOf } from './chat-message';
import { renderEcs } from './ecs.format';
import { chatDigestMessage, type EventDigest } from './event-digest';
import { renderJson } from './json.format';
import type { FormatContext, OutgoingEvent, RenderedBody } from './outgoing-event';
import { renderSlack } from './slack.format';
import { renderSplunkHec } from './splunk-hec.format';
import { renderTeams } from './teams.format';

/** The body formats an endpoint can ask for. */
export const WEBHOOK_FORMATS = ['json', 'splunk_hec', 'ecs', 'cef', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Formats read by people: a digest of them summarises; the others list every event of a digest. */
export const CHAT_FORMATS: readonly WebhookFormat[] = ['slack', 'teams'];

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
    case 'slack':
      return renderSlack(chatMessageOf(event, ctx));
    case 'teams':
      return renderTeams(chatMessageOf(event, ctx));
    default: {
      const never: never = format;
      throw new Error(`unknown webhook format ${String(never)}`);
    }
  }
}

/**
 * Renders a digest in an endpoint's format. Chat formats get one summary message; the SIEM formats get every event
 * of the digest in their own batch form: a CloudEvents JSON batch (an array of the usual envelopes), Splunk HEC's
 * concatenated events, ECS as NDJSON, CEF one line per event.
 */
export function renderDigest(format: WebhookFormat, digest: EventDigest, ctx: FormatContext): RenderedBody {
  switch (format) {
    case 'json':
      return {
        body: `[${digest.events.map((e) => renderJson(e, ctx).body).join(',')}]`,
        contentType: 'application/cloudevents-batch+json',
      };
    case 'splunk_hec':
      return {
        body: joinLines(digest.events.map((e) => renderSplunkHec(e, ctx).body)),
        contentType: 'application/json',
      };
    case 'ecs':
      return {
        body: joinLines(digest.events.map((e) => renderEcs(e, ctx).body)),
        contentType: 'application/x-ndjson',
      };
    case 'cef':
      return {
        body: digest.events.map((e) => renderCef(e, ctx).body).join(''),
        contentType: 'text/plain; charset=utf-8',
      };
    case 'slack':
      return renderSlack(chatDigestMessage(digest, ctx));
    case 'teams':
      return renderTeams(chatDigestMessage(digest, ctx));
    default: {
      const never: never = format;
      throw new Error(`unknown webhook format ${String(never)}`);
    }
  }
}

function joinLines(bodies: string[]): string {
  return bodies.map((b) => `${b}\n`).join('');
}
