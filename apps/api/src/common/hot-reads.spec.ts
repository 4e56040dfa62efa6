import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { AuthGuard } from '@interdict/auth';
import { HotReads, jsonAnswer } from './hot-reads';
import { ResponseCache } from './response-cache';
import type { RouteInfo } from './route-inventory';

const route = (path: string, hot: boolean, method = 'GET'): RouteInfo => ({
  method,
  path,
  controller: 'TestController',
  handler: 'read',
  decision: 'viewer',
  hot,
});
const admitAll = { admitFromMemory: () => true } as unknown as AuthGuard;
const fakeResponse = () => ({ writeHead: jest.fn(), end: jest.fn() });

describe('HotReads', () => {
  const cache = new ResponseCache<ReturnType<typeof jsonAnswer>>(60_000);
  const compute = () => Promise.resolve(jsonAnswer({ ok: true }));

  /** A request the full pipeline routed to `path` and admitted as a viewer. */
  const serve = async (hot: HotReads, path: string) => {
    const req = { method: 'GET', originalUrl: path, headers: {}, route: { path }, accessDecision: 'viewer' };
    const res = fakeResponse();
    await hot.serve(req as unknown as Request, res as unknown as Response, cache, path, compute);
    return res;
  };
  /** The same URL arriving at the edge. */
  const answer = (hot: HotReads, url: string, headers: Record<string, string> = {}) =>
    hot.answer(
      { method: 'GET', url, headers, socket: {} } as unknown as IncomingMessage,
      fakeResponse() as unknown as ServerResponse,
    );

  it('serves only routes marked @HotRead(), and none before the edge declared them', async () => {
    const hot = new HotReads(admitAll);
    await expect(serve(hot, '/a')).rejects.toThrow('the route needs @HotRead() and the app installEdge()');
    hot.declareRoutes([route('/a', true), route('/b', false)]);
    expect((await serve(hot, '/a')).writeHead).toHaveBeenCalledWith(200, expect.anything());
    await expect(serve(hot, '/b')).rejects.toThrow('GET /b: the route needs @HotRead()');
  });

  it('refuses @HotRead() on a route that is not a GET', () => {
    expect(() => new HotReads(admitAll).declareRoutes([route('/a', true, 'POST')])).toThrow(
      '@HotRead() on a route that is not a GET: /a',
    );
  });

  it('answers a URL the pipeline served, but leaves a request with a body to Express', async () => {
    const hot = new HotReads(admitAll);
    hot.declareRoutes([route('/a', true)]);
    expect(answer(hot, '/a')).toBe(false);
    await serve(hot, '/a');
    expect(answer(hot, '/a')).toBe(true);
    expect(answer(hot, '/a', { 'content-length': '2' })).toBe(false);
    expect(answer(hot, '/a', { 'transfer-encoding': 'chunked' })).toBe(false);
  });
});
