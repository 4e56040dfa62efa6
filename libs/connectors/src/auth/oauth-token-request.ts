import { ConnectorError } from '../connector.errors';
import type { SourceHttpClient } from '../http/source-http-client';

/**
 * POSTs a client-credentials form to a token endpoint. A refused credential (400/401 `invalid_client`,
 * `unauthorized_client`, `invalid_grant`…) is one clear `auth_failed`, never retried.
 */
export async function requestClientCredentialsToken(
  http: SourceHttpClient,
  opts: {
    tokenUrl: string;
    endpoint: string;
    form: Record<string, string>;
    sourceName: string;
    signal: AbortSignal;
  },
): Promise<{ accessToken: string; expiresInSeconds: number }> {
  const res = await http.json<Record<string, unknown>>({
    method: 'POST',
    url: opts.tokenUrl,
    endpoint: opts.endpoint,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    data: new URLSearchParams(opts.form).toString(),
    signal: opts.signal,
    acceptStatuses: [400, 401],
  });
  if (res.status === 400 || res.status === 401) {
    const body = res.data as unknown;
    let code = '';
    try {
      const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as {
        error?: string;
        error_codes?: number[];
      };
      code = [parsed.error, parsed.error_codes?.[0] ? `AADSTS${parsed.error_codes[0]}` : '']
        .filter(Boolean)
        .join(' ');
    } catch {
      // a non-JSON refusal still means the credentials were not accepted
    }
    throw new ConnectorError(
      'auth_failed',
      `authentication failed for source ${opts.sourceName}${code ? ` (${code})` : ''}: check the client id and secret`,
      opts.endpoint,
    );
  }
  const token = res.data.access_token;
  const expires = Number(res.data.expires_in);
  if (typeof token !== 'string' || !token || !Number.isFinite(expires)) {
    throw new ConnectorError(
      'bad_payload',
      `${opts.sourceName}: ${opts.endpoint} answered without access_token/expires_in`,
      opts.endpoint,
    );
  }
  return { accessToken: token, expiresInSeconds: expires };
}
