import { dashboardLink } from './dashboard-links';
import {
  bindingRules,
  eventTitle,
  pick,
  pickList,
  summarize,
  type FormatContext,
  type OutgoingEvent,
} from './outgoing-event';

// One neutral description of a chat message, rendered by slack.format.ts and teams.format.ts, so both say the same
// thing and each renderer only knows its own markup and limits. Text here is raw (unescaped) data: renderers
// escape it for their markup, and only `url` fields (built here from the dashboard base) ever become links.

/** A run of text in a line; with `url` it is a link, and only renderers make it one. */
export interface ChatRun {
  text: string;
  url?: string;
  bold?: boolean;
}

/** A label and its value, shown as a two-column fact. */
export interface ChatFact {
  label: string;
  value: ChatRun[];
}

/** A titled list; `more` counts the items left out ("… and N more"). */
export interface ChatList {
  heading: string;
  items: ChatRun[][];
  more: number;
}

/** What a chat message says, before markup. */
export interface ChatMessage {
  /** A short heading (plain text). */
  title: string;
  /** The one-line notification fallback: meaningful on its own, with the main link. */
  fallback: string;
  lead: ChatRun[];
  facts: ChatFact[];
  lists: ChatList[];
  actions: { label: string; url: string }[];
  /** A last small line: when and what. */
  footer: string;
}

/** Longest data string shown in one run; names and messages beyond it are cut with "…". */
export const MAX_RUN_CHARS = 300;
/** Items listed per list before "… and N more" (renderers may drop more to meet size limits). */
export const MAX_LIST_ITEMS = 10;

/** The chat message of one event: rich for exposures, sync failures and reports; generic for the rest. */
export function chatMessageOf(event: OutgoingEvent, ctx: FormatContext): ChatMessage {
  if (event.type.startsWith('exposure.')) return exposureMessage(event, ctx);
  if (event.type === 'sync.failed' || event.type === 'sync.completed') return syncMessage(event, ctx);
  if (event.type === 'report.ready') return reportMessage(event, ctx);
  return genericMessage(event, ctx);
}

function exposureMessage(event: OutgoingEvent, ctx: FormatContext): ChatMessage {
  const p = event.payload;
  const exposureId = pick(p, 'exposureId');
  const product = clip(pick(p, 'product.name') ?? 'Banned software');
  const device = clip(pick(p, 'device.name') ?? pick(p, 'device.serialNumber') ?? 'a device');
  const deviceId = pick(p, 'device.id');
  const url = exposureId ? dashboardLink(ctx.dashboardUrl, 'exposures', exposureId) : undefined;
  const due = dateOf(pick(p, 'dueAt'));
  const overdue = event.type === 'exposure.overdue';
  const rules = bindingRules(p);
  const versions = [...new Set(pickList(p, 'evidence').flatMap((e) => pick(e, 'version') ?? []))];
  const sources = [...new Set(pickList(p, 'evidence').flatMap((e) => pick(e, 'source.name') ?? []))];
  const verb = VERBS[event.type] ?? 'on';
  const facts: ChatFact[] = [
    fact('Device', device, deviceId ? dashboardLink(ctx.dashboardUrl, 'devices', deviceId) : undefined),
    fact('Product', product),
    fact('Serial', pick(p, 'device.serialNumber')),
    fact('User', pick(p, 'device.userDisplayName') ?? pick(p, 'device.user')),
    fact('Platform', pick(p, 'device.platform')),
    fact('Severity', pick(p, 'severity') ?? event.severity ?? undefined),
    fact(
      overdue ? 'Was due' : 'Due',
      due ?? (pick(p, 'standing') === 'review' ? 'none (for review)' : undefined),
    ),
    fact('Rules', rules.flatMap((r) => pick(r, 'id') ?? []).join(', ') || undefined),
    fact('Version', versions.join(', ') || undefined),
    fact('Seen by', sources.join(', ') || undefined),
  ].flatMap((f) => f ?? []);
  const productId = pick(p, 'product.id') ?? event.productId ?? undefined;
  return {
    title: eventTitle(event.type),
    fallback: `${eventTitle(event.type)}: ${product} ${verb} ${device}${due ? ` (${overdue ? 'was due' : 'due'} ${due})` : ''}`,
    lead: [{ text: product, url, bold: true }, { text: ` ${verb} ` }, { text: device, bold: true }],
    facts,
    lists: [ruleList(rules)].filter((l) => l.items.length),
    actions: [
      ...(url ? [{ label: 'Open exposure', url }] : []),
      ...(overdue
        ? [
            {
              label: 'All overdue',
              url: dashboardLink(ctx.dashboardUrl, 'exposures', null, {
                overdue: 'true',
                status: 'open',
                product: productId,
              }),
            },
          ]
        : []),
    ],
    footer: footerOf(event),
  };
}

const VERBS: Record<string, string> = {
  'exposure.detected': 'detected on',
  'exposure.overdue': 'still on',
  'exposure.resolved': 'no longer on',
  'exposure.excepted': 'excepted on',
};

function ruleList(rules: Record<string, unknown>[]): ChatList {
  const items = rules.map((r): ChatRun[] => {
    const title = pick(r, 'title');
    const citation = pick(r, 'citation');
    return [
      { text: pick(r, 'id') ?? '?', bold: true },
      ...(title ? [{ text: ` — ${title}` }] : []),
      ...(citation ? [{ text: ` (${citation})` }] : []),
    ];
  });
  return listOf('Rules', items);
}

function syncMessage(event: OutgoingEvent, ctx: FormatContext): ChatMessage {
  const p = event.payload;
  const source = pick(p, 'source.name') ?? 'a source';
  const sourceId = pick(p, 'source.id');
  const url = sourceId ? dashboardLink(ctx.dashboardUrl, 'sources', sourceId) : undefined;
  const status = pick(p, 'status') ?? (event.type === 'sync.failed' ? 'failed' : 'succeeded');
  const message = pick(p, 'error.message');
  const counts = p.counts && typeof p.counts === 'object' ? (p.counts as Record<string, unknown>) : {};
  return {
    title: eventTitle(event.type),
    fallback: `${eventTitle(event.type)}: ${source} ${status}${message ? `: ${message}` : ''}`,
    lead: [
      { text: 'Sync of ' },
      { text: source, url, bold: true },
      { text: ` ${status}` },
      ...(message ? [{ text: `: ${message}` }] : []),
    ],
    facts: [
      fact('Source', source, url),
      fact('Kind', pick(p, 'source.kind')),
      fact('Status', status),
      fact('Error', pick(p, 'error.code')),
      fact('Started', timeOf(pick(p, 'startedAt'))),
      fact('Finished', timeOf(pick(p, 'finishedAt'))),
      ...Object.entries(counts)
        .filter(([, v]) => typeof v === 'number')
        .slice(0, 4)
        .map(([k, v]) => fact(humanize(k), (v as number).toLocaleString('en-US'))),
    ].flatMap((f) => f ?? []),
    lists: [],
    actions: url ? [{ label: 'Open source', url }] : [],
    footer: footerOf(event),
  };
}

function reportMessage(event: OutgoingEvent, ctx: FormatContext): ChatMessage {
  const p = event.payload;
  const fileName = pick(p, 'fileName') ?? 'report';
  const url = dashboardLink(ctx.dashboardUrl, 'reports');
  const size = Number(pick(p, 'sizeBytes'));
  const rows = Number(pick(p, 'rowCount'));
  const sizeText = Number.isFinite(size) ? sizeOf(size) : undefined;
  const rowsText = Number.isFinite(rows) ? `${rows.toLocaleString('en-US')} rows` : undefined;
  return {
    title: eventTitle(event.type),
    fallback: `Report ready: ${fileName}${[sizeText, rowsText].some(Boolean) ? ` (${[sizeText, rowsText].filter(Boolean).join(', ')})` : ''}`,
    lead: [{ text: 'Report ' }, { text: fileName, url, bold: true }, { text: ' is ready to download' }],
    facts: [
      fact('File', fileName),
      fact('Size', sizeText),
      fact('Rows', Number.isFinite(rows) ? rows.toLocaleString('en-US') : undefined),
      fact('Type', pick(p, 'type')),
      fact('Format', pick(p, 'format')),
      fact('As of', timeOf(pick(p, 'asOf'))),
    ].flatMap((f) => f ?? []),
    lists: [],
    actions: [{ label: 'Open reports', url }],
    footer: footerOf(event),
  };
}

function genericMessage(event: OutgoingEvent, ctx: FormatContext): ChatMessage {
  const endpointId = event.type === 'webhook.test' ? pick(event.payload, 'endpointId') : undefined;
  const url = endpointId
    ? dashboardLink(ctx.dashboardUrl, 'webhooks', endpointId)
    : dashboardLink(ctx.dashboardUrl, 'overview');
  const line = summarize(event);
  return {
    title: eventTitle(event.type),
    fallback: `${eventTitle(event.type)}: ${line}`,
    lead: [{ text: line }],
    facts: [
      fact('Event', event.type),
      fact('Severity', event.severity ?? undefined),
      fact('Requested by', pick(event.payload, 'requestedBy')),
    ].flatMap((f) => f ?? []),
    lists: [],
    actions: [{ label: endpointId ? 'Open endpoint' : 'Open Interdict', url }],
    footer: footerOf(event),
  };
}

/** A fact, or undefined when there is no value to show. */
export function fact(label: string, value: string | undefined, url?: string): ChatFact | undefined {
  return value ? { label, value: [{ text: value, url }] } : undefined;
}

/** A list of at most MAX_LIST_ITEMS items, counting the rest. */
export function listOf(heading: string, items: ChatRun[][], total = items.length): ChatList {
  return {
    heading,
    items: items.slice(0, MAX_LIST_ITEMS),
    more: total - Math.min(items.length, MAX_LIST_ITEMS),
  };
}

function footerOf(event: OutgoingEvent): string {
  return `Interdict · ${event.type} · ${timeOf(event.occurredAt.toISOString())}`;
}

/** `2026-12-28` from an ISO time (UTC), or undefined. */
export function dateOf(iso: string | undefined): string | undefined {
  return iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 10) : undefined;
}

/** `2026-12-28 05:59 UTC` from an ISO time, or undefined. */
export function timeOf(iso: string | undefined): string | undefined {
  return iso && !Number.isNaN(Date.parse(iso))
    ? `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : undefined;
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Cuts data text to `max` characters with "…" (chat limits count characters). */
export function clip(text: string, max = MAX_RUN_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
