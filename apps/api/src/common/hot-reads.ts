import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Global, Injectable, Module, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthGuard, AuthModule, type AuthenticatedRequest, type Role } from '@interdict/auth';
import type { ResponseCache } from './response-cache';
import type { RouteInfo } from './route-inventory';

/** A read answer serialised (and compressed) once: the bytes sent and their validators. */
export interface JsonAnswer {
  body: Buffer;
  etag: string;
  /** The same bytes gzipped, for callers that accept it (browsers do); absent for small answers. */
  gzip?: Buffer;
  gzipEtag?: string;
}

// Below this, compressing costs more than it saves.
const GZIP_FROM_BYTES = 1024;

/** Serialises a response body once (and gzips it once), for every later request that gets the same answer. */
export function jsonAnswer(value: unknown): JsonAnswer {
  const body = Buffer.from(JSON.stringify(value));
  const hash = createHash('sha1').update(body).digest('base64url');
  if (body.length < GZIP_FROM_BYTES) return { body, etag: `"${hash}"` };
  // Level 6 (the default): it runs once per cache period, not per request, so its cost hardly counts.
  return { body, etag: `"${hash}"`, gzip: gzipSync(body), gzipEtag: `"${hash}-gz"` };
}

const acceptsGzip = (req: IncomingMessage): boolean => {
  const accept = req.headers['accept-encoding'];
  return typeof accept === 'string' && /\bgzip\b(?!;\s*q=0(\.0*)?(,|$))/.test(accept);
};

/**
 * Sends a cached answer as is (no re-serialisation, no copy; gzipped when the caller accepts it): 304 when the
 * caller already holds these bytes. `private, no-cache` lets a browser keep the answer but ask again every time
 * (the ETag makes that cheap).
 */
export function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: JsonAnswer): void {
  const gzip = answer.gzip && acceptsGzip(req);
  const etag = gzip ? answer.gzipEtag! : answer.etag;
  const headers: OutgoingHttpHeaders = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (answer.gzip) headers.Vary = 'Accept-Encoding';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = gzip ? answer.gzip! : answer.body;
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = body.length;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers);
  res.end(body);
}

/** Metadata key of @HotRead(). */
export const HOT_READ = 'interdict:hot-read';

/**
 * Marks a GET route that answers through `HotReads.serve`: repeats of a URL it answered skip Express and Nest
 * (docs/architecture.md, "The hot read path"). serve() refuses any route without it, so every hot route is
 * listed by listRoutes (`hot: true`) and checked by test/e2e/api-edge.e2e-spec.ts.
 */
export const HotRead = (): MethodDecorator => SetMetadata(HOT_READ, true);

interface HotRoute {
  cache: ResponseCache<JsonAnswer>;
  key: string;
  compute: () => Promise<JsonAnswer>;
  role: Role;
}

// Distinct URLs remembered at most; past it the table starts over (each URL is relearned by one full request).
const MAX_URLS = 1_000;

/**
 * The hot read path for cacheable GET answers (exposure summary, coverage, trend, exposure pages).
 *
 * A request first goes through the full Nest pipeline (guard, validation pipe, interceptors, controller); when
 * that succeeds, the controller remembers its exact URL with the cache entry, compute function and the route's
 * least role. Later requests for the same URL are answered on the HTTP server's request event, after the edge
 * (edge.ts: request id, security headers) and ahead of Express and Nest, straight from the cached bytes, but only
 * when everything is already known in memory: the request has no body, the answer is cached (fresh, or stale
 * while its one refresh runs), the API key is in the verified-key cache (ApiKeyService: reloaded every 5 s, so a
 * revoke made in another process shows within about 5 s), the key has the role, the per-key rate limit allows it
 * (the same buckets as the guard) and the client address is not locked out by failed logins. Anything else — a
 * body, no or unknown credential, OIDC token, too low a role, rate limited, locked address, cache miss, any other
 * method — falls through to Express and Nest, which give the normal answer or error. The same URL validates the
 * same way every time, so skipping the pipe for a URL it already accepted changes nothing; GET changes nothing, so
 * there is nothing to audit. Whatever else every answer needs belongs in the edge, not in Express or Nest alone
 * (docs/architecture.md, "The hot read path").
 */
@Injectable()
export class HotReads {
  private readonly routes = new Map<string, HotRoute>();
  /** The paths of the GET routes marked @HotRead(), given by installEdge; null until then. */
  private hotPaths: ReadonlySet<string> | null = null;

  constructor(private readonly guard: AuthGuard) {}

  /** Called by installEdge with the app's routes: serve() accepts only those marked @HotRead(). */
  declareRoutes(routes: readonly RouteInfo[]): void {
    const marked = routes.filter((r) => r.hot);
    const notGet = marked.filter((r) => r.method !== 'GET');
    if (notGet.length) {
      throw new Error(`@HotRead() on a route that is not a GET: ${notGet.map((r) => r.path).join(', ')}`);
    }
    this.hotPaths = new Set(marked.map((r) => r.path));
  }

  /** The full pipeline's answer for `key`, sent and remembered for the hot path under the request's URL. */
  async serve(
    req: Request,
    res: Response,
    cache: ResponseCache<JsonAnswer>,
    key: string,
    compute: () => Promise<JsonAnswer>,
  ): Promise<void> {
    const path = (req.route as { path?: string } | undefined)?.path;
    if (!path || !this.hotPaths?.has(path)) {
      throw new Error(
        `HotReads.serve on ${req.method} ${path ?? req.originalUrl}: the route needs @HotRead() and the app installEdge()`,
      );
    }
    const answer = await cache.get(key, compute);
    const role = (req as AuthenticatedRequest).accessDecision;
    if (req.method === 'GET' && role && role !== 'public') {
      if (this.routes.size >= MAX_URLS && !this.routes.has(req.originalUrl)) this.routes.clear();
      this.routes.set(req.originalUrl, { cache, key, compute, role });
    }
    sendAnswer(req, res, answer);
  }

  /**
   * Answers a known URL from memory and returns true, or returns false without touching the request (the edge
   * then hands it to Express). Called only by the edge (edge.ts), after its steps: a repeated hot read costs
   * neither Express's routing nor Nest's pipeline.
   */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || !req.url) return false;
    const route = this.routes.get(req.url);
    if (!route) return false;
    // A body (rare on a GET) is Express's to judge: its parsers may refuse it (size, depth, reserved keys).
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
      return false;
    }
    const answer = route.cache.peek(route.key, route.compute);
    if (!answer) return false;
    const authReq = req as IncomingMessage & AuthenticatedRequest;
    authReq.ip = req.socket.remoteAddress;
    authReq.originalUrl = req.url;
    if (!this.guard.admitFromMemory(authReq, route.role)) return false;
    sendAnswer(req, res, answer);
    return true;
  }
}

/** Provides the one HotReads of an api app to its controllers and to the edge installed at start-up (edge.ts). */
@Global()
@Module({ imports: [AuthModule], providers: [HotReads], exports: [HotReads] })
export class HotReadsModule {}
