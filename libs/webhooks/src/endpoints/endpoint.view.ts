import type { WebhookFormat } from '../formats/render';
import type { EndpointRow } from './endpoint.repository';

/** An endpoint as callers see it: no secret, custom header names only. */
export interface WebhookEndpointView {
  id: string;
  name: string;
  /** Query-string values are masked: some receivers take a token there. */
  url: string;
  format: WebhookFormat;
  eventTypes: string[];
  productIds: string[];
  severities: string[];
  headerNames: string[];
  timeoutMs: number;
  maxConcurrency: number;
  /** Seconds per digest message; null = one message per event. */
  digestWindowSeconds: number | null;
  enabled: boolean;
  disabledReason: string | null;
  /** Until when the previous secret still signs (after a rotation), else null. */
  previousSecretExpiresAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A created or rotated endpoint with its secret — the only time the secret is shown. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpointView;
  /** `whsec_…`: verify `webhook-signature` with it (Standard Webhooks). Shown once. */
  secret: string;
}

/** The view of a row, given the names of its (decrypted) custom headers. */
export function toEndpointView(
  row: EndpointRow,
  headerNames: string[],
  now = new Date(),
): WebhookEndpointView {
  const graceUntil = row.previous_secret_expires_at;
  return {
    id: row.id,
    name: row.name,
    url: maskQuery(row.url),
    format: row.format,
    eventTypes: row.event_types,
    productIds: row.product_ids,
    severities: row.severities,
    headerNames,
    timeoutMs: row.timeout_ms,
    maxConcurrency: row.max_concurrency,
    digestWindowSeconds: row.digest_window_seconds,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    previousSecretExpiresAt:
      row.previous_secret_ciphertext && graceUntil && graceUntil > now ? graceUntil.toISOString() : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** `https://h/p?token=abc&x=1` → `https://h/p?token=***&x=***`. */
export function maskQuery(raw: string): string {
  const url = new URL(raw);
  if (!url.search) return raw;
  const masked = [...url.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=***`).join('&');
  return `${url.origin}${url.pathname}?${masked}`;
}
