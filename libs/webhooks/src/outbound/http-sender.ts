import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PinnedAddress } from '@interdict/outbound';

/** One POST to a receiver. */
export interface OutboundRequest {
  url: URL;
  /** The address the policy checked; the connection goes there and nowhere else. */
  pinned: PinnedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Bytes of the response kept; the rest is not read. */
  bodyCapBytes: number;
  signal?: AbortSignal;
}

/** What came back: a status, or an error when no status arrived. */
export interface OutboundResult {
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** The request was cut short by shutdown, not by the receiver. */
  aborted: boolean;
}

/**
 * POSTs with keep-alive connections, a hard timeout, no redirects followed (a 3xx is just a failed attempt) and
 * the response read only up to a cap.
 */
export class HttpSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });

  // Long because the request's callbacks (pinned lookup, timeout, abort, response cap) share one settle-once result.
  send(req: OutboundRequest): Promise<OutboundResult> {
    const started = performance.now();
    const isHttps = req.url.protocol === 'https:';
    const lookup: LookupFunction = (_host, options, cb) => {
      if ((options as { all?: boolean }).all) {
        (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [req.pinned]);
      } else cb(null, req.pinned.address, req.pinned.family);
    };
    return new Promise<OutboundResult>((resolve) => {
      let settled = false;
      const finish = (r: Omit<OutboundResult, 'latencyMs' | 'aborted'>, aborted = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        resolve({ ...r, aborted, latencyMs: Math.round(performance.now() - started) });
      };
      const body = Buffer.from(req.body, 'utf8');
      const request = (isHttps ? https : http).request(
        {
          protocol: req.url.protocol,
          hostname: req.url.hostname.replace(/^\[|\]$/g, ''),
          port: req.url.port || (isHttps ? 443 : 80),
          path: `${req.url.pathname}${req.url.search}`,
          method: 'POST',
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          lookup,
          headers: { ...req.headers, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          const statusCode = res.statusCode ?? null;
          const done = () =>
            finish({
              statusCode,
              responseExcerpt: chunks.length ? Buffer.concat(chunks).toString('utf8') : null,
              error: null,
            });
          res.on('data', (chunk: Buffer) => {
            if (kept < req.bodyCapBytes) {
              const part = chunk.subarray(0, req.bodyCapBytes - kept);
              chunks.push(part);
              kept += part.length;
            }
            // A receiver that keeps talking past the cap is not read further.
            if (kept >= req.bodyCapBytes && chunk.length > 0) {
              res.destroy();
              done();
            }
          });
          res.on('end', done);
          res.on('error', done);
          res.on('close', done);
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        finish({ statusCode: null, responseExcerpt: null, error: `timed out after ${req.timeoutMs} ms` });
      }, req.timeoutMs);
      const onAbort = () => {
        request.destroy();
        finish({ statusCode: null, responseExcerpt: null, error: 'aborted by shutdown' }, true);
      };
      if (req.signal?.aborted) return onAbort();
      req.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (err: NodeJS.ErrnoException) =>
        finish({ statusCode: null, responseExcerpt: null, error: describeNetworkError(err) }),
      );
      request.end(body);
    });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

// Messages name the failure, never the URL's query string or headers.
function describeNetworkError(err: NodeJS.ErrnoException): string {
  return err.code ? `network error ${err.code}` : `network error: ${err.message.slice(0, 200)}`;
}
