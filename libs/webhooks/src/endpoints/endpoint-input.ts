import type { OutboxEventType } from '@interdict/database';
import { EVENT_TYPES } from '../events/event-schemas';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../formats/render';
import { WebhookError } from '../webhooks.errors';

/** Severities an endpoint can filter on. */
export const WEBHOOK_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type WebhookSeverity = (typeof WEBHOOK_SEVERITIES)[number];

/** A new endpoint as the service takes it (the HTTP DTO maps onto this). */
export interface NewWebhookEndpoint {
  name: string;
  url: string;
  format?: WebhookFormat;
  /** Empty = every type. */
  eventTypes?: OutboxEventType[];
  /** Catalog product ids; empty = every product. */
  productIds?: string[];
  /** Empty = every severity. */
  severities?: WebhookSeverity[];
  /** Sent with every request and stored encrypted (e.g. `Authorization: Splunk <token>`). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxConcurrency?: number;
  /** One message per this many seconds summarising the pending events; null or 0 = one message per event. */
  digestWindowSeconds?: number | null;
  enabled?: boolean;
}

/** Fields to change; `headers` replaces the whole set (`{}` clears it). */
export type WebhookEndpointPatch = Partial<NewWebhookEndpoint>;

export const TIMEOUT_MS_RANGE = [500, 30_000] as const;
export const MAX_CONCURRENCY_RANGE = [1, 256] as const;
/** A digest window from a minute (chat rate limits) to a day. */
export const DIGEST_WINDOW_SECONDS_RANGE = [60, 86_400] as const;
const MAX_HEADERS = 20;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
// Headers the delivery itself sets; overriding them would break signing or framing.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

const bad = (field: string, message: string): never => {
  throw new WebhookError('invalid_endpoint', `${field} ${message}`, field);
};

/** Checks every present field and returns them normalized; throws a WebhookError naming the first bad field. */
export function checkEndpointFields(input: WebhookEndpointPatch): WebhookEndpointPatch {
  const out: WebhookEndpointPatch = {};
  if (input.name !== undefined) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 120) bad('name', 'must be 1 to 120 characters');
    out.name = name;
  }
  if (input.url !== undefined) {
    if (typeof input.url !== 'string' || input.url.length > 2048)
      bad('url', 'must be a URL of at most 2048 characters');
    out.url = input.url;
  }
  if (input.format !== undefined) {
    if (!(WEBHOOK_FORMATS as readonly string[]).includes(input.format))
      bad('format', `must be one of ${WEBHOOK_FORMATS.join(', ')}`);
    out.format = input.format;
  }
  if (input.eventTypes !== undefined) out.eventTypes = checkList('eventTypes', input.eventTypes, EVENT_TYPES);
  if (input.severities !== undefined)
    out.severities = checkList('severities', input.severities, WEBHOOK_SEVERITIES);
  if (input.productIds !== undefined) {
    if (!Array.isArray(input.productIds) || input.productIds.length > 100)
      bad('productIds', 'must be a list of at most 100 ids');
    input.productIds.forEach((p, i) => {
      if (typeof p !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(p))
        bad(`productIds[${i}]`, 'must be a catalog product id (lower-case letters, digits, . _ -)');
    });
    out.productIds = [...new Set(input.productIds)];
  }
  if (input.headers !== undefined) out.headers = checkHeaders(input.headers);
  if (input.timeoutMs !== undefined) out.timeoutMs = checkInt('timeoutMs', input.timeoutMs, TIMEOUT_MS_RANGE);
  if (input.maxConcurrency !== undefined)
    out.maxConcurrency = checkInt('maxConcurrency', input.maxConcurrency, MAX_CONCURRENCY_RANGE);
  if (input.digestWindowSeconds !== undefined)
    out.digestWindowSeconds = checkDigestWindow(input.digestWindowSeconds);
  if (input.enabled !== undefined) {
    if (typeof input.enabled !== 'boolean') bad('enabled', 'must be true or false');
    out.enabled = input.enabled;
  }
  return out;
}

/** null and 0 both mean off (stored as NULL); else a whole number of seconds in range. */
function checkDigestWindow(value: unknown): number | null {
  if (value === null || value === 0) return null;
  const [min, max] = DIGEST_WINDOW_SECONDS_RANGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    bad(
      'digestWindowSeconds',
      `must be null or 0 (off), or a whole number of seconds between ${min} and ${max}`,
    );
  return value as number;
}

function checkList<T extends string>(field: string, values: unknown, allowed: readonly T[]): T[] {
  if (!Array.isArray(values)) return bad(field, 'must be a list');
  values.forEach((v, i) => {
    if (!(allowed as readonly unknown[]).includes(v))
      bad(`${field}[${i}]`, `must be one of ${allowed.join(', ')}`);
  });
  return [...new Set(values as T[])];
}

function checkInt(field: string, value: unknown, [min, max]: readonly [number, number]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    bad(field, `must be a whole number between ${min} and ${max}`);
  return value as number;
}

function checkHeaders(headers: unknown): Record<string, string> {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers))
    return bad('headers', 'must be an object of name: value');
  const entries = Object.entries(headers as Record<string, unknown>);
  if (entries.length > MAX_HEADERS) bad('headers', `must have at most ${MAX_HEADERS} entries`);
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    // The header name is safe to echo; the value may be a token and is never echoed.
    if (!TOKEN.test(name)) bad('headers', `has an invalid header name "${name.slice(0, 100)}"`);
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) bad(`headers.${name}`, 'is set by Interdict and cannot be overridden');
    if (seen.has(lower)) bad(`headers.${name}`, 'is given twice');
    seen.add(lower);
    if (typeof value !== 'string' || value.length > 4096 || /[\r\n\0]/.test(value))
      bad(`headers.${name}`, 'must be a single-line text of at most 4096 characters');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
