import { ROLE_ORDER } from '@interdict/auth';
import { listRoutes, type RouteInfo } from '../../apps/api/src/common/route-inventory';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// A path with its params filled: the guard decides before any pipe looks at them.
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('every API route', () => {
  let t: ApiTestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await startApiTestApp();
    routes = listRoutes(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is found by discovery (the inventory is not empty)', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/v1/api-keys', decision: 'admin' }),
    );
  });

  it('carries an access decision (@Roles or @Public)', () => {
    expect(
      routes
        .filter((r) => r.decision === null)
        .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`),
    ).toEqual([]);
  });

  // A download link's URL is its own key (checked by DownloadLinks): the one public route that serves data.
  it('is public only for health, readiness, metrics and download links', () => {
    expect(
      routes
        .filter((r) => r.decision === 'public')
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/d/:token', '/health', '/metrics', '/ready']);
  });

  it('answers 401 without credentials and 403 to a role below its own', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.decision !== 'public' && x.decision !== null)) {
      const path = concrete(r.path);
      const anonymous = await t.call(path, { method: r.method, as: null });
      if (anonymous.status !== 401) wrong.push(`${r.method} ${r.path} without key → ${anonymous.status}`);
      const below = ROLE_ORDER[ROLE_ORDER.indexOf(r.decision as never) - 1];
      if (below) {
        const res = await t.call(path, { method: r.method, as: below });
        if (res.status !== 403) wrong.push(`${r.method} ${r.path} as ${below} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is in the OpenAPI document with a summary, and the document is served', async () => {
    const res = await fetch(`${t.url}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths?: Record<string, Record<string, { summary?: string }>> };
    const missing = routes
      .filter((r) => r.path.startsWith('/api/'))
      .filter((r) => !doc.paths?.[openApiPath(r.path)]?.[r.method.toLowerCase()]?.summary)
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    const ui = await fetch(`${t.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
