import { AuthError, type AuthErrorCode } from '@interdict/auth';
import { CatalogError, type CatalogErrorCode } from '@interdict/catalog';
import { ConnectorError, type ConnectorErrorCode } from '@interdict/connectors';
import { PagingError, type PagingErrorCode } from '@interdict/database';
import { ExposureError, type ExposureErrorCode } from '@interdict/exposure';
import { InventoryError, type InventoryErrorCode } from '@interdict/inventory';
import { OutboundError, type OutboundErrorCode } from '@interdict/outbound';
import { ReportError, type ReportErrorCode } from '@interdict/reports';
import { WebhookError, type WebhookErrorCode } from '@interdict/webhooks';
import { ApiRequestError, type ApiRequestErrorCode } from './api-request.error';

/** A status for every code of one error class: a code added to the class without a status does not compile. */
type Statuses<C extends string> = { readonly [K in C]: number };

const API_REQUEST: Statuses<ApiRequestErrorCode> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  route_not_found: 404,
  not_found: 404,
  not_available: 501,
};

const AUTH: Statuses<AuthErrorCode> = {
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  route_not_classified: 403,
  api_key_not_found: 404,
  invalid_api_key_request: 400,
};

const CATALOG: Statuses<CatalogErrorCode> = {
  invalid_catalog: 422,
  catalog_not_found: 404,
};

// A failing MDM is a gateway problem, not the caller's: its refusals (401, 403, 404 upstream) are 502 here, so a
// client never reads an upstream 403 as its own key lacking a role.
const CONNECTOR: Statuses<ConnectorErrorCode> = {
  auth_failed: 502,
  forbidden: 502,
  throttled: 503,
  upstream_unavailable: 502,
  bad_payload: 502,
  bad_settings: 400,
  not_found: 502,
  bad_request: 502,
  aborted: 503,
  network: 502,
  unsafe_url: 400,
};

const PAGING: Statuses<PagingErrorCode> = {
  invalid_cursor: 400,
};

const EXPOSURE: Statuses<ExposureErrorCode> = {
  rule_not_found: 404,
  device_not_found: 404,
  software_not_found: 404,
  product_not_found: 404,
  invalid_exception: 400,
  exception_not_found: 404,
  exception_revoked: 409,
  invalid_filter: 400,
  invalid_profile: 400,
};

const INVENTORY: Statuses<InventoryErrorCode> = {
  source_not_found: 404,
  invalid_source: 400,
  unsafe_url: 400,
  source_name_taken: 409,
  source_declared_in_config: 409,
  source_busy: 409,
  secret_unreadable: 422,
  sync_aborted: 422,
  connector_failed: 502,
  worker_lost: 422,
  ingest_failed: 422,
  run_not_found: 404,
};

const OUTBOUND: Statuses<OutboundErrorCode> = {
  invalid_url: 400,
  unsafe_url: 400,
  unresolvable_host: 502,
};

const REPORT: Statuses<ReportErrorCode> = {
  invalid_filter: 400,
  invalid_report: 400,
  invalid_schedule: 400,
  report_not_found: 404,
  report_not_ready: 409,
  schedule_not_found: 404,
  report_file_not_found: 404,
  invalid_link: 400,
  link_not_found: 404,
  link_expired: 410,
  link_revoked: 410,
  mail_not_found: 404,
  evidence_not_found: 404,
  // No key to sign with or to show: a setting is missing, not a fault of the request.
  evidence_key_not_configured: 503,
  // The report store (an S3 bucket) refused or could not be reached: a gateway problem, not the caller's.
  storage_unavailable: 502,
  // No SMTP server set: a setting is missing, not a fault of the request.
  email_not_configured: 503,
  // The SMTP server refused or could not be reached: a gateway problem, not the caller's.
  smtp_failed: 502,
};

const WEBHOOK: Statuses<WebhookErrorCode> = {
  invalid_endpoint: 400,
  unsafe_url: 400,
  endpoint_not_found: 404,
  delivery_not_found: 404,
  delivery_busy: 409,
};

interface CodedErrorClass<C extends string> {
  new (...args: never[]): Error & { readonly code: C };
}

/** Pairs a class with its table; the compiler checks the table covers exactly that class's codes. */
function entry<C extends string>(
  cls: CodedErrorClass<C>,
  statuses: Statuses<C>,
): [CodedErrorClass<string>, Readonly<Record<string, number>>] {
  return [cls, statuses];
}

const TABLES = [
  entry(ApiRequestError, API_REQUEST),
  entry(AuthError, AUTH),
  entry(CatalogError, CATALOG),
  entry(ConnectorError, CONNECTOR),
  entry(ExposureError, EXPOSURE),
  entry(InventoryError, INVENTORY),
  entry(OutboundError, OUTBOUND),
  entry(PagingError, PAGING),
  entry(ReportError, REPORT),
  entry(WebhookError, WEBHOOK),
];

/** A domain error of one of the libs (or the HTTP layer) and its status; null for anything else. */
export function domainStatus(
  err: unknown,
): { error: Error & { readonly code: string }; status: number } | null {
  for (const [cls, statuses] of TABLES) {
    // An unlisted code can only come from a cast; it is still a refusal of the request, not a crash.
    if (err instanceof cls) return { error: err, status: statuses[err.code] ?? 422 };
  }
  return null;
}

/** Code for a bare HTTP status (Nest's own exceptions). */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal_error' : 'bad_request';
  }
}
