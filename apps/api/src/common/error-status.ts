/**
 * The one table from error codes (of every lib and of the HTTP layer) to HTTP status. Codes not listed
 * fall back by their shape (`*_not_found` → 404, `*_conflict`/`*_exists`/`*_overlaps` → 409,
 * `invalid_*`/`bad_*`/`*_invalid` → 400), then 422: a domain refusal is never a 500.
 */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // HTTP layer
  validation_failed: 400,
  invalid_cursor: 400,
  malformed_json: 400,
  invalid_input: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  route_not_found: 404,
  not_found: 404,
  not_available: 501,
  conflict: 409,
  // auth
  unauthenticated: 401,
  forbidden: 403,
  route_not_classified: 403,
  rate_limited: 429,
  api_key_not_found: 404,
  invalid_api_key_request: 400,
  // connectors (upstream MDM) — a failing MDM is a gateway problem, not ours
  auth_failed: 502,
  throttled: 503,
  upstream_unavailable: 502,
  bad_payload: 502,
  timeout: 504,
  // catalog / exposure / reports / webhooks
  rule_not_found: 404,
  product_not_found: 404,
  exception_overlaps: 409,
  exception_revoked: 409,
  catalog_invalid: 422,
  report_not_ready: 409,
  source_busy: 409,
  source_name_taken: 409,
  source_declared_in_config: 409,
  connector_failed: 502,
  invalid_filter: 400,
  invalid_profile: 400,
  unsafe_url: 400,
};

/** The HTTP status for a domain error code. */
export function statusForCode(code: string): number {
  const known = STATUS_BY_CODE[code];
  if (known) return known;
  if (code.endsWith('_not_found')) return 404;
  if (/(_conflict|_exists|_overlaps|_busy)$/.test(code)) return 409;
  if (/^(invalid|bad)_|_invalid$/.test(code)) return 400;
  return 422;
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
