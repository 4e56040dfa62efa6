import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HotReads } from './hot-reads';
import { assignRequestId } from './request-id';
import { listRoutes } from './route-inventory';

/** One thing done to every request and its response, whichever path answers it (see EDGE_STEPS). */
export type EdgeStep = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Headers every answer carries, API and dashboard, hot or not. The dashboard's files add their own
 * Content-Security-Policy (bootstrap.ts); a CSP here would also bind Swagger UI at /api/docs.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});
// Built once: the step below runs on every request, the hot ones included.
const SECURITY_HEADER_LIST = Object.entries(SECURITY_HEADERS);

/** An edge step: sets SECURITY_HEADERS on the response. */
export function setSecurityHeaders(_req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of SECURITY_HEADER_LIST) res.setHeader(name, value);
}

/**
 * What every request goes through, in this order, before the hot read path (HotReads) or Express and Nest answer
 * it. Whatever every answer needs — a header, a request-level check, per-caller scoping — is a step here, never an
 * Express middleware or a Nest interceptor alone: those never see a hot answer (docs/architecture.md, "The hot read
 * path"). test/e2e/api-edge.e2e-spec.ts checks that both paths answer alike.
 */
export const EDGE_STEPS: readonly EdgeStep[] = [assignRequestId, setSecurityHeaders];

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
const INSTALLED = Symbol('interdict.edge');

/**
 * Puts the edge in front of the app's request handler (Express): every request runs `steps`, then the hot read
 * path may answer it from memory, else Express and Nest do. Also gives HotReads the routes marked @HotRead(): it
 * serves no other, so an app without the edge has no hot path at all.
 */
export function installEdge(app: NestExpressApplication, steps: readonly EdgeStep[] = EDGE_STEPS): void {
  const server = app.getHttpServer() as Server & { [INSTALLED]?: true };
  if (server[INSTALLED]) throw new Error('the edge is already installed on this server');
  server[INSTALLED] = true;
  const hot = app.get(HotReads);
  hot.declareRoutes(listRoutes(app));
  const behind = server.listeners('request') as RequestHandler[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const step of steps) step(req, res);
    if (hot.answer(req, res)) return;
    for (const handle of behind) handle(req, res);
  });
}
