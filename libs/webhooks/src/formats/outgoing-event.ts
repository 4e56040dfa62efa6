/** An outbox event as the formats see it. */
export interface OutgoingEvent {
  id: string;
  type: string;
  schemaVersion: number;
  occurredAt: Date;
  orderingKey: string | null;
  productId: string | null;
  severity: string | null;
  payload: Record<string, unknown>;
}

/** Where the events come from, for the `source`/`host` fields SIEMs index. */
export interface FormatContext {
  /** e.g. `interdict` or `interdict/<org>`. */
  source: string;
  /** Host name of the Interdict instance (used when the event is not about a device). */
  host: string;
  /** Interdict version, in the CEF header. */
  version: string;
  /** Where people open the dashboard (`publicBaseUrl(config.http)`, no trailing slash), for links in chat. */
  dashboardUrl: string;
}

/** One rendered request body. */
export interface RenderedBody {
  body: string;
  contentType: string;
}

/** A string at a dotted path of the payload, or undefined (payloads come from several libs; read defensively). */
export function pick(payload: Record<string, unknown>, path: string): string | undefined {
  let node: unknown = payload;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return undefined;
}

/** The list at a dotted path of the payload (empty when absent or not a list). */
export function pickList(payload: Record<string, unknown>, path: string): Record<string, unknown>[] {
  let node: unknown = payload;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return [];
    node = (node as Record<string, unknown>)[part];
  }
  return Array.isArray(node)
    ? node.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object')
    : [];
}

/** Distinct strings at `path` of each element of the list at `listPath`, joined for a one-field SIEM column. */
export function joinList(
  payload: Record<string, unknown>,
  listPath: string,
  path: string,
): string | undefined {
  const values = [...new Set(pickList(payload, listPath).flatMap((x) => pick(x, path) ?? []))];
  return values.length ? values.join(', ') : undefined;
}

/** The rules of an exposure event that bind the organisation (else all its rules): what SIEM rule fields carry. */
export function bindingRules(payload: Record<string, unknown>): Record<string, unknown>[] {
  const rules = pickList(payload, 'rules');
  const binding = rules.filter((r) => pick(r, 'standing') === 'binding');
  return binding.length ? binding : rules;
}

/** 0–10 severity (CEF, ECS event.severity) of an event. */
export function numericSeverity(event: OutgoingEvent): number {
  switch (event.severity ?? '') {
    case 'critical':
      return 10;
    case 'high':
      return 8;
    case 'medium':
      return 5;
    case 'low':
      return 3;
    case 'info':
      return 1;
    default:
      return event.type === 'exposure.detected' || event.type === 'exposure.overdue'
        ? 8
        : event.type === 'sync.failed'
          ? 5
          : 1;
  }
}

const TITLES: Record<string, string> = {
  'exposure.detected': 'Banned software detected',
  'exposure.resolved': 'Banned software no longer present',
  'exposure.overdue': 'Banned software removal overdue',
  'exposure.excepted': 'Banned software exposure excepted',
  'sync.failed': 'Inventory sync failed',
  'sync.completed': 'Inventory sync completed',
  'report.ready': 'Report ready',
  'webhook.test': 'Webhook test',
};

/** A short human title of the event type. */
export function eventTitle(type: string): string {
  return TITLES[type] ?? type;
}

/** One line a person reads in a SIEM or chat. */
export function summarize(event: OutgoingEvent): string {
  const p = event.payload;
  if (event.type.startsWith('exposure.')) {
    const verb = {
      detected: 'detected on',
      resolved: 'removed from',
      overdue: 'overdue on',
      excepted: 'excepted on',
    }[event.type.slice('exposure.'.length)];
    const rules = bindingRules(p)
      .flatMap((r) => pick(r, 'id') ?? [])
      .join(', ');
    const standing = pick(p, 'standing') === 'review' ? 'for review' : `rules ${rules || '?'}`;
    return `${pick(p, 'product.name') ?? 'banned software'} ${verb ?? 'on'} ${pick(p, 'device.name') ?? 'a device'} (${standing})`;
  }
  if (event.type.startsWith('sync.')) {
    const err = pick(p, 'error.message');
    return `sync of ${pick(p, 'source.name') ?? 'a source'} ${pick(p, 'status') ?? 'finished'}${err ? `: ${err}` : ''}`;
  }
  if (event.type === 'report.ready') return `report ${pick(p, 'fileName') ?? ''} is ready`.replace('  ', ' ');
  if (event.type === 'webhook.test') return pick(p, 'message') ?? 'webhook test';
  return event.type;
}
