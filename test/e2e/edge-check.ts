// Comparisons for test/e2e/api-edge.e2e-spec.ts, kept pure so that test/edge-check.spec.ts can show they fail.

/** Response headers as fetch or node:http give them, names lower-cased. */
export type HeaderBag = Headers | Record<string, string | string[] | number | undefined>;

/** Every security header a browser acts on (Helmet's set and its kin), whichever code sets it. */
export const SECURITY_HEADER_NAMES: readonly string[] = [
  'content-security-policy',
  'content-security-policy-report-only',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'permissions-policy',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-powered-by',
  'x-xss-protection',
];

// What differs between two answers to the same request whatever path sends them: the clock and the connection.
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive']);

function entries(headers: HeaderBag): [string, string][] {
  if (headers instanceof Headers) return [...headers.entries()];
  return Object.entries(headers)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]);
}

/** The security headers of an answer (see SECURITY_HEADER_NAMES), by lower-case name. */
export function securityHeadersOf(headers: HeaderBag): Record<string, string> {
  return Object.fromEntries(entries(headers).filter(([name]) => SECURITY_HEADER_NAMES.includes(name)));
}

/**
 * How the hot path's answer to a request differs from the pipeline's answer to the same request, as one line per
 * header: any header one path sets and the other does not (a header added only to Express, say), or sets
 * differently. Empty when they agree on everything but the clock and the connection.
 */
export function headerDifferences(pipeline: HeaderBag, hot: HeaderBag): string[] {
  const a = new Map(entries(pipeline).filter(([name]) => !PER_ANSWER.has(name)));
  const b = new Map(entries(hot).filter(([name]) => !PER_ANSWER.has(name)));
  const out: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(name) !== b.get(name)) {
      out.push(`${name}: pipeline ${JSON.stringify(a.get(name))}, hot ${JSON.stringify(b.get(name))}`);
    }
  }
  return out;
}
