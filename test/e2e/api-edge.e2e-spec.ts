import { request } from 'node:http';
import { ApiKeyService, AuthGuard, ROLE_ORDER, SYSTEM_ACTOR, type Role } from '@interdict/auth';
import { SECURITY_HEADERS } from '../../apps/api/src/common/edge';
import { HotReads } from '../../apps/api/src/common/hot-reads';
import { listRoutes, type RouteInfo } from '../../apps/api/src/common/route-inventory';
import { headerDifferences, securityHeadersOf } from './edge-check';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// The hot read path answers repeated GETs ahead of Express and Nest, so anything every answer needs must happen in
// the edge both paths share (apps/api/src/common/edge.ts; docs/architecture.md, "The hot read path"). These tests
// ask every GET route twice — the second time from memory where the route is hot — and hold both paths to the
// same auth decision, security headers and request id. test/edge-check.spec.ts shows the comparisons can fail.

/** A path with its params filled: the guard decides before any pipe looks at them. */
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const rank = (role: Role) => ROLE_ORDER.indexOf(role);
const sameHeaders = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((name) => a[name] === b[name]);

type Decision = 'admitted' | 401 | 403;
const decisionOf = (status: number): Decision => (status === 401 || status === 403 ? status : 'admitted');

interface Caller {
  name: string;
  /** The role the caller's credential carries; null when it carries none that counts (missing, unknown, revoked). */
  role: Role | null;
  key: string | null;
}

interface Seen {
  status: number;
  headers: Headers;
  id: string;
  /** Whether the hot read path sent this answer. */
  hot: boolean;
}

describe('the edge: every GET route, hot or not, answers alike', () => {
  let t: ApiTestApp;
  let routes: RouteInfo[];
  let answered: jest.SpyInstance;
  let callers: Caller[];
  let revocation: { warmHot: boolean[]; hereStatus: number; elsewhereStatus: number; elsewhereMs: number };
  // A hot URL no route below is asked with, to load keys into the verified-key cache.
  const keyWarmer = '/api/v1/exposure/trend?days=7';
  const edgeSecurity = Object.fromEntries(
    Object.entries(SECURITY_HEADERS).map(([name, value]) => [name.toLowerCase(), value]),
  );
  let seq = 0;

  /** A GET with `key` (or none) and a request id (a fresh safe one unless given). */
  const get = async (path: string, key: string | null, id = `edge-${++seq}`): Promise<Seen> => {
    const headers: Record<string, string> = { 'x-request-id': id };
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await fetch(`${t.url}${path}`, { headers });
    await res.arrayBuffer();
    // The edge asks HotReads.answer once per request, before anything else can answer it.
    const results = answered.mock.results;
    return { status: res.status, headers: res.headers, id, hot: results[results.length - 1]?.value === true };
  };

  beforeAll(async () => {
    t = await startApiTestApp();
    routes = listRoutes(t.app).filter((r) => r.method === 'GET');
    answered = jest.spyOn(t.app.get(HotReads), 'answer');

    // Two admin keys, each answered from memory, then revoked: one through this process, one as another api
    // process would (only the database changes), which the verified-key cache shows within its window.
    const keys = t.app.get(ApiKeyService);
    const here = await keys.create({ name: 'edge revoked here', role: 'admin' }, SYSTEM_ACTOR);
    const elsewhere = await keys.create({ name: 'edge revoked elsewhere', role: 'admin' }, SYSTEM_ACTOR);
    const warmHot: boolean[] = [];
    for (const key of [here.key, elsewhere.key]) {
      await get(keyWarmer, key);
      warmHot.push((await get(keyWarmer, key)).hot);
    }
    await t.call(`/api/v1/api-keys/${here.apiKey.id}/revoke`, { method: 'POST' });
    const hereStatus = (await get(keyWarmer, here.key)).status;
    await t.db.dataSource.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [elsewhere.apiKey.id]);
    const revokedAt = Date.now();
    let elsewhereStatus = 200;
    while (elsewhereStatus === 200 && Date.now() - revokedAt < 15_000) {
      await new Promise((r) => setTimeout(r, 200));
      elsewhereStatus = (await get(keyWarmer, elsewhere.key)).status;
    }
    revocation = { warmHot, hereStatus, elsewhereStatus, elsewhereMs: Date.now() - revokedAt };

    callers = [
      { name: 'no key', role: null, key: null },
      { name: 'an unknown key', role: null, key: `idk_aaaaaaaaaa_${'x'.repeat(43)}` },
      { name: 'a key revoked here', role: null, key: here.key },
      { name: 'a key revoked elsewhere', role: null, key: elsewhere.key },
      ...ROLE_ORDER.map((role) => ({ name: role, role, key: t.keys[role] })),
    ];
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** What the full pipeline decides for `caller` on `route`: the rule both paths must follow. */
  const expected = (route: RouteInfo, caller: Caller): Decision => {
    if (route.decision === 'public') return 'admitted';
    if (!caller.role) return 401;
    return rank(caller.role) < rank(route.decision!) ? 403 : 'admitted';
  };

  it('knows its hot routes by their @HotRead() mark, all of them GETs', () => {
    expect(
      routes
        .filter((r) => r.hot)
        .map((r) => r.path)
        .sort(),
    ).toEqual([
      '/api/v1/exposure/coverage',
      '/api/v1/exposure/summary',
      '/api/v1/exposure/trend',
      '/api/v1/exposures',
      '/api/v1/findings',
    ]);
    expect(listRoutes(t.app).filter((r) => r.hot && r.method !== 'GET')).toEqual([]);
  });

  it('refuses a revoked key on the hot path too: through this process at once, through another within the key cache window', () => {
    expect(revocation.warmHot).toEqual([true, true]);
    expect(revocation.hereStatus).toBe(401);
    expect(revocation.elsewhereStatus).toBe(401);
    expect(revocation.elsewhereMs).toBeLessThan(11_000);
  });

  it('gives every GET route the same auth decision, security headers and request id, cold and from memory', async () => {
    const problems: string[] = [];
    const check = (label: string, seen: Seen) => {
      if (seen.headers.get('x-request-id') !== seen.id) {
        problems.push(`${label}: x-request-id ${seen.headers.get('x-request-id')}, sent ${seen.id}`);
      }
      const security = securityHeadersOf(seen.headers);
      if (!sameHeaders(security, edgeSecurity)) {
        problems.push(`${label}: security headers ${JSON.stringify(security)}`);
      }
    };
    const ask = async (route: RouteInfo, caller: Caller, when: string) => {
      const label = `GET ${route.path} ${when} as ${caller.name}`;
      const seen = await get(concrete(route.path), caller.key);
      check(label, seen);
      const decision = decisionOf(seen.status);
      if (decision !== expected(route, caller)) {
        problems.push(`${label}: ${seen.status}, expected ${expected(route, caller)}`);
      }
      if (seen.hot && (!route.hot || decision !== 'admitted')) problems.push(`${label}: answered hot`);
    };

    let hotAnswers = 0;
    for (const route of routes) {
      const refused = callers.filter((c) => expected(route, c) !== 'admitted');
      // Before the URL is known: only the pipeline can answer.
      for (const caller of refused) await ask(route, caller, 'cold');

      // The same request twice, by a caller the route admits: the pipeline's answer, then (for a hot route) the
      // hot path's, which must carry the very same headers.
      const owner = route.decision === 'public' ? null : t.keys[route.decision!];
      const id = `edge-pair-${++seq}`;
      const first = await get(concrete(route.path), owner, id);
      const second = await get(concrete(route.path), owner, id);
      check(`GET ${route.path} first`, first);
      check(`GET ${route.path} again`, second);
      if (first.hot) problems.push(`GET ${route.path}: answered hot before the pipeline did`);
      if (second.hot !== route.hot) problems.push(`GET ${route.path}: again, hot ${second.hot}`);
      if (route.hot) {
        hotAnswers++;
        for (const d of headerDifferences(first.headers, second.headers))
          problems.push(`GET ${route.path}: ${d}`);
      }

      // Once the URL is known (a hot route's is remembered now), every caller again.
      for (const caller of callers) await ask(route, caller, 'warm');
    }
    expect(problems).toEqual([]);
    expect(hotAnswers).toBe(5);
  }, 60_000);

  it('replaces an unsafe request id with a new one on both paths', async () => {
    const hot = '/api/v1/exposure/summary';
    await get(hot, t.keys.viewer);
    for (const path of [hot, '/api/v1/sources']) {
      const seen = await get(path, t.keys.viewer, 'not safe; at all');
      expect(seen.hot).toBe(path === hot);
      expect(seen.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('gives the same headers and request id to answers no controller route gives: dashboard, docs, unknown paths', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/api/docs',
      '/api/docs/openapi.json',
      '/api/v1/no-such-thing',
      '/x',
    ]) {
      const seen = await get(path, null);
      expect({ path, id: seen.headers.get('x-request-id') }).toEqual({ path, id: seen.id });
      expect({ path, security: securityHeadersOf(seen.headers) }).toEqual({
        path,
        // The dashboard's files add their Content-Security-Policy to the edge's headers.
        security:
          path === '/' || path === '/index.html'
            ? { ...edgeSecurity, 'content-security-policy': expect.any(String) }
            : edgeSecurity,
      });
    }
  });

  it("leaves a GET with a body to Express's parsers, which answer it the same on a hot URL as on any other", async () => {
    const hot = '/api/v1/exposure/coverage';
    await get(hot, t.keys.viewer);
    expect((await get(hot, t.keys.viewer)).hot).toBe(true);
    const body = '{"unfinished": ';
    const withBody = (path: string) =>
      new Promise<{ status: number; id: unknown; security: Record<string, string> }>((resolve, reject) => {
        const req = request(`${t.url}${path}`, {
          method: 'GET',
          headers: {
            authorization: `Bearer ${t.keys.viewer}`,
            'content-type': 'application/json',
            // A GET body is not chunked by node:http: without its length the server would read it as a request.
            'content-length': Buffer.byteLength(body),
            'x-request-id': 'edge-body',
          },
        });
        req.on('response', (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              id: res.headers['x-request-id'],
              security: securityHeadersOf(res.headers),
            }),
          );
        });
        req.on('error', reject);
        req.end(body);
      });
    answered.mockClear();
    const onHot = await withBody(hot);
    const elsewhere = await withBody('/api/v1/sources');
    expect(answered.mock.results.map((r) => r.value)).toEqual([false, false]);
    expect(onHot).toEqual({ status: 400, id: 'edge-body', security: edgeSecurity });
    expect(elsewhere).toEqual(onHot);
  });

  it('decides from memory exactly as the guard does: the hot path admits a caller for a least role when, and only when, the pipeline does', async () => {
    const guard = t.app.get(AuthGuard);
    const wrong: string[] = [];
    for (const least of ROLE_ORDER) {
      const route = routes.find((r) => r.decision === least && !r.hot && !r.path.includes(':'))!;
      for (const caller of callers) {
        // The pipeline first: it also loads a good key into the verified-key cache the hot path reads.
        const piped = decisionOf((await get(route.path, caller.key)).status);
        const req = {
          headers: caller.key ? { authorization: `Bearer ${caller.key}` } : {},
          method: 'GET',
          socket: { remoteAddress: '127.0.0.1' },
        };
        const fromMemory = guard.admitFromMemory(req, least);
        if (fromMemory !== (piped === 'admitted')) {
          wrong.push(
            `${caller.name} for ${least} (${route.path}): pipeline ${piped}, from memory ${fromMemory}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
