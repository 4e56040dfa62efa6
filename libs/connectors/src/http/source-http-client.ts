import { isAscii } from 'node:buffer';
import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse, type Method } from 'axios';
import { getLogger } from '@interdict/logger';
import { OutboundError, type OutboundPolicy } from '@interdict/outbound';
import { ConnectorError, type ConnectorErrorCode } from '../connector.errors';
import { backoffMs, retryAfterMs } from './retry-after';
import { Semaphore } from './semaphore';

/** Supplies bearer tokens; `invalidate` forces a fresh one after a 401. */
export interface TokenProvider {
  token(signal: AbortSignal): Promise<string>;
  invalidate(): void;
}

export interface HttpClientOptions {
  /** For messages: "authentication failed for source <name>". */
  sourceName: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs?: number;
  concurrency: number;
  /** Extra CA (PEM) for self-signed on-prem servers and the simulator. */
  caCertPem?: string | null;
  /** Every request's URL and every address a connection resolves to pass it (the token request too). */
  policy: OutboundPolicy;
}

/** The connection settings every source kind has (IntuneSettings and JamfSettings both carry them). */
export type SourceConnectionSettings = Pick<
  HttpClientOptions,
  'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'concurrency' | 'caCertPem'
>;

/** The HTTP client of one source, configured from its settings. */
export function sourceHttpClient(
  sourceName: string,
  settings: SourceConnectionSettings,
  policy: OutboundPolicy,
): SourceHttpClient {
  return new SourceHttpClient({
    sourceName,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    retryBaseDelayMs: settings.retryBaseDelayMs,
    concurrency: settings.concurrency,
    caCertPem: settings.caCertPem,
    policy,
  });
}

export interface HttpRequest {
  method?: Method;
  url: string;
  /** Endpoint path for messages and logs (never the query string, which can carry tokens or SAS signatures). */
  endpoint: string;
  headers?: Record<string, string>;
  data?: string;
  auth?: TokenProvider;
  signal: AbortSignal;
  /** 'stream' for large downloads; the caller must consume or destroy the stream. */
  responseType?: 'text' | 'stream';
  /** Statuses the caller handles itself (e.g. 404 for version fallback) instead of an error. */
  acceptStatuses?: number[];
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const MAX_RETRY_AFTER_MS = 120_000;

/**
 * One HTTP client per source (docs/conventions.md §8, docs/mdm-apis.md §1): a timeout on every request, bounded
 * retries with full-jitter backoff on 429/5xx/network errors honouring Retry-After, one token refresh after a 401, a
 * concurrency limit, prompt abort, and a request counter. Tokens and query strings never reach a log line or an
 * error message.
 */
export class SourceHttpClient {
  private readonly log = getLogger('SourceHttpClient');
  private readonly axios: AxiosInstance;
  private readonly limit: Semaphore;
  private requests = 0;
  /** One abort listener per caller signal, fanned out to every request and wait under it. */
  private readonly fanOuts = new WeakMap<AbortSignal, Set<() => void>>();

  constructor(private readonly opts: HttpClientOptions) {
    this.limit = new Semaphore(opts.concurrency);
    this.axios = axios.create({
      timeout: opts.timeoutMs,
      maxRedirects: 0,
      validateStatus: () => true,
      transformResponse: [(d: unknown) => d],
      httpsAgent: new HttpsAgent({
        keepAlive: true,
        maxSockets: opts.concurrency + 2,
        ...(opts.caCertPem ? { ca: opts.caCertPem } : {}),
        lookup: opts.policy.lookup,
      }),
      httpAgent: new HttpAgent({
        keepAlive: true,
        maxSockets: opts.concurrency + 2,
        lookup: opts.policy.lookup,
      }),
      proxy: false,
    });
  }

  requestCount(): number {
    return this.requests;
  }

  /** A JSON request; the body is parsed, and unparseable JSON is a `bad_payload` naming the endpoint. */
  async json<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const res = await this.send<string>({ ...req, responseType: 'text' });
    if (res.status >= 300) return res as unknown as HttpResponse<T>;
    try {
      return { ...res, data: JSON.parse(res.data) as T };
    } catch {
      throw new ConnectorError(
        'bad_payload',
        `${this.opts.sourceName}: ${req.endpoint} answered with invalid JSON`,
        req.endpoint,
      );
    }
  }

  async stream(req: HttpRequest): Promise<HttpResponse<Readable>> {
    return this.send<Readable>({ ...req, responseType: 'stream' });
  }

  /**
   * One request with the source's retry policy: network errors and 429/5xx wait (Retry-After, else backoff) and try
   * again up to `maxRetries`; a 401 refreshes the token once; other statuses are a ConnectorError naming the endpoint.
   */
  async send<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (req.signal.aborted) throw aborted(this.opts.sourceName);
      this.checkOutbound(req);
      let res: AxiosResponse;
      try {
        res = await this.attempt(req);
      } catch (err) {
        await this.sleep(this.waitAfterError(req, err, attempt), req.signal);
        continue;
      }
      const status = res.status;
      if ((status >= 200 && status < 300) || req.acceptStatuses?.includes(status)) {
        return { status, headers: flatHeaders(res.headers), data: res.data as T };
      }
      const detail = await errorDetail(res);
      if (status === 401 && req.auth && !refreshed) {
        // Expired mid-sync: one fresh token, then the same request again.
        refreshed = true;
        req.auth.invalidate();
        this.log.info({ endpoint: req.endpoint }, 'token rejected, refreshing once');
        continue;
      }
      await this.sleep(this.waitAfterStatus(req, res, attempt, detail), req.signal);
    }
  }

  /** Sends once within the concurrency limit; text bodies come back decoded, streams stay abortable. */
  private async attempt(req: HttpRequest): Promise<AxiosResponse> {
    // The token is fetched outside the concurrency slot: its own request needs a slot too.
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    if (req.auth) headers.Authorization = `Bearer ${await req.auth.token(req.signal)}`;
    return this.limit.run(async () => {
      this.requests++;
      // Each request gets its own controller, so a sync's one signal carries one listener however many
      // requests (up to `concurrency`) and retry waits are under way.
      const controller = new AbortController();
      const release = this.onAbort(req.signal, () => controller.abort());
      try {
        const r = await this.axios.request({
          method: req.method ?? 'GET',
          url: req.url,
          headers,
          data: req.data,
          signal: controller.signal,
          // Text is decoded here, not by axios: see decodeText.
          responseType: req.responseType === 'stream' ? 'stream' : 'arraybuffer',
        });
        // A streamed body stays abortable until it is consumed or destroyed.
        if (req.responseType !== 'stream') {
          release();
          r.data = decodeText(r.data);
        } else if (r.data && typeof (r.data as Readable).once === 'function')
          (r.data as Readable).once('close', release);
        else release();
        return r;
      } catch (err) {
        release();
        throw err;
      }
    });
  }

  /** How long to wait before retrying after a request failed without an answer; throws when it must not retry. */
  private waitAfterError(req: HttpRequest, err: unknown, attempt: number): number {
    if (err instanceof ConnectorError) throw err;
    if (req.signal.aborted || axios.isCancel(err)) throw aborted(this.opts.sourceName);
    const refused = outboundRefusal(err);
    if (refused?.isPermanent) throw this.refusal(req, refused);
    const code = (err as { code?: string }).code ?? 'ERR';
    const transient =
      refused !== null || NETWORK_CODES.has(code) || /timeout|socket hang up/i.test((err as Error).message);
    if (!transient || attempt >= this.opts.maxRetries) {
      throw new ConnectorError(
        'network',
        `${this.opts.sourceName}: ${req.endpoint} failed (${code}) after ${attempt + 1} attempt(s)`,
        req.endpoint,
      );
    }
    const waitMs = backoffMs(attempt, this.opts.retryBaseDelayMs, this.opts.retryMaxDelayMs ?? 30_000);
    this.log.warn({ endpoint: req.endpoint, code, attempt: attempt + 1, waitMs }, 'network error, retrying');
    return waitMs;
  }

  /** How long to wait before retrying an answer that is not a success; throws the error the status stands for. */
  private waitAfterStatus(req: HttpRequest, res: AxiosResponse, attempt: number, detail: string): number {
    const { status } = res;
    const name = this.opts.sourceName;
    const fail = (code: ConnectorErrorCode, message: string) =>
      new ConnectorError(code, message, req.endpoint);
    if (status === 401)
      throw fail(
        'auth_failed',
        `authentication failed for source ${name}: ${req.endpoint} answered 401${detail}`,
      );
    if (status === 403)
      throw fail('forbidden', `source ${name} lacks a permission: ${req.endpoint} answered 403${detail}`);
    if (status === 404) throw fail('not_found', `${name}: ${req.endpoint} answered 404${detail}`);
    if (!RETRY_STATUSES.has(status))
      throw fail('bad_request', `${name}: ${req.endpoint} answered ${status}${detail}`);
    if (attempt >= this.opts.maxRetries) {
      throw fail(
        status === 429 ? 'throttled' : 'upstream_unavailable',
        `${name}: ${req.endpoint} still answered ${status} after ${attempt + 1} attempts${detail}`,
      );
    }
    const hinted = retryAfterMs(res.headers['retry-after']);
    const waitMs =
      hinted !== null
        ? Math.min(hinted, MAX_RETRY_AFTER_MS)
        : backoffMs(attempt, this.opts.retryBaseDelayMs, this.opts.retryMaxDelayMs ?? 30_000);
    this.log.warn(
      { endpoint: req.endpoint, status, attempt: attempt + 1, waitMs, retryAfter: hinted !== null },
      'upstream asked us to wait, retrying',
    );
    return waitMs;
  }

  /** URLs with an IP literal never reach the agents' lookup, so each URL is checked before it is sent. */
  private checkOutbound(req: HttpRequest): void {
    try {
      this.opts.policy.checkUrl(req.url);
    } catch (err) {
      if (err instanceof OutboundError) throw this.refusal(req, err);
      throw err;
    }
  }

  private refusal(req: HttpRequest, err: OutboundError): ConnectorError {
    return new ConnectorError(
      'unsafe_url',
      `${this.opts.sourceName}: ${req.endpoint} refused: ${err.message}`,
      req.endpoint,
    );
  }

  /** Runs `fn` once when `signal` aborts; returns the function that unregisters it. */
  private onAbort(signal: AbortSignal, fn: () => void): () => void {
    if (signal.aborted) {
      fn();
      return () => undefined;
    }
    let fns = this.fanOuts.get(signal);
    if (!fns) {
      const set = new Set<() => void>();
      fns = set;
      this.fanOuts.set(signal, set);
      signal.addEventListener(
        'abort',
        () => {
          for (const f of [...set]) f();
          set.clear();
        },
        { once: true },
      );
    }
    const registered = fns;
    registered.add(fn);
    return () => registered.delete(fn);
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(aborted(this.opts.sourceName));
      const release = this.onAbort(signal, () => {
        clearTimeout(timer);
        reject(aborted(this.opts.sourceName));
      });
      const timer = setTimeout(() => {
        release();
        resolve();
      }, ms);
    });
  }
}

function aborted(source: string): ConnectorError {
  return new ConnectorError('aborted', `sync of source ${source} was aborted`);
}

/**
 * A text body as a string. Inventory pages are megabytes of JSON that is nearly always plain ASCII; for those,
 * latin1 decoding gives the same string far more cheaply than UTF-8 decoding, which was a large share of a Jamf
 * walk's CPU (docs/benchmarks.md, "Connectors"). Anything else is decoded as UTF-8 without its byte-order mark.
 */
export function decodeText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!(body instanceof Uint8Array)) return '';
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (isAscii(buf)) return buf.toString('latin1');
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function flatHeaders(h: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {}))
    if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  return out;
}

/** A short, secret-free summary of an error body: the Graph/Jamf/OAuth error code when there is one. */
async function errorDetail(res: AxiosResponse): Promise<string> {
  let body: unknown = res.data;
  if (body && typeof body === 'object' && typeof (body as Readable).pipe === 'function') {
    (body as Readable).destroy();
    return '';
  }
  if (typeof body !== 'string') return '';
  try {
    body = JSON.parse(body);
  } catch {
    return '';
  }
  const o = body as { error?: unknown; errors?: { code?: unknown }[] };
  if (typeof o.error === 'string') return ` (${o.error})`;
  if (o.error && typeof o.error === 'object' && typeof (o.error as { code?: unknown }).code === 'string')
    return ` (${(o.error as { code: string }).code})`;
  if (Array.isArray(o.errors) && typeof o.errors[0]?.code === 'string') return ` (${o.errors[0].code})`;
  return '';
}

/** The policy's refusal behind a failed request (axios wraps the lookup's error), if that is what it was. */
function outboundRefusal(err: unknown): OutboundError | null {
  if (err instanceof OutboundError) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof OutboundError ? cause : null;
}
