import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ExposureService } from '@interdict/exposure';
import { HotReads } from '../../apps/api/src/common/hot-reads';
import { seedTestFleet } from './api-fleet';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// The hot read path answers repeated cacheable GETs ahead of Express and Nest; these tests pin that it does, and
// that it keeps every rule of the full pipeline (credentials, revocation, rate limit, error shape, freshness).
describe('API hot read path', () => {
  let t: ApiTestApp;
  let answered: jest.SpyInstance;
  const summary = '/api/v1/exposure/summary';
  const page = '/api/v1/exposures?status=open&limit=50';

  beforeAll(async () => {
    t = await startApiTestApp({ AUTH_RATE_LIMIT_PER_SECOND: '1', AUTH_RATE_LIMIT_BURST: '40' });
    await seedTestFleet(t.db.dataSource);
    await t.app.get(ExposureService).recompute();
    answered = jest.spyOn(t.app.get(HotReads), 'answer');
  });
  afterAll(async () => {
    await t?.close();
  });
  /** How many of the calls since the last look the hot path answered itself. */
  const hotAnswers = (): number => {
    const n = answered.mock.results.filter((r) => r.value === true).length;
    answered.mockClear();
    return n;
  };

  it('answers a URL the pipeline already served from memory, same bytes, with ETag and 304', async () => {
    const first = await t.call(page, { as: 'viewer' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = await first.text();
    expect(hotAnswers()).toBe(0);

    const second = await t.call(page, { as: 'viewer' });
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(body);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(second.headers.get('x-request-id')).toBeTruthy();
    const notModified = await t.call(page, { as: 'viewer', headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    expect(hotAnswers()).toBe(2);
  });

  it('sends the gzipped bytes, compressed once, to callers that accept gzip', async () => {
    const raw = (headers: Record<string, string>) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(`${t.url}${page}`, {
          headers: { authorization: `Bearer ${t.keys.viewer}`, ...headers },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    const plain = await raw({});
    expect(plain.body.length).toBeGreaterThan(1024); // small answers are not compressed
    const zipped = await raw({ 'accept-encoding': 'br, gzip' });
    const refused = await raw({ 'accept-encoding': 'gzip;q=0' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('leaves missing, wrong and OIDC-looking credentials to the pipeline, which answers the usual errors', async () => {
    await t.call(summary, { as: 'viewer' });
    hotAnswers();
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer idk_nope_nope' },
      { authorization: 'Bearer a.b.c' },
    ]) {
      const res = await t.call(summary, { as: null, headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatchObject({ code: 'unauthenticated' });
    }
    expect(hotAnswers()).toBe(0);
  });

  it('refuses a key revoked through this process at once, and one revoked elsewhere within the key cache window', async () => {
    const make = async () =>
      (await t.call('/api/v1/api-keys', { method: 'POST', json: { name: 'hot', role: 'viewer' } })).json();
    const call = (key: string) => t.call(summary, { as: null, headers: { authorization: `Bearer ${key}` } });

    const here = await make();
    expect((await call(here.key)).status).toBe(200);
    expect((await call(here.key)).status).toBe(200);
    expect(hotAnswers()).toBeGreaterThan(0);
    await t.call(`/api/v1/api-keys/${here.id}/revoke`, { method: 'POST' });
    expect((await call(here.key)).status).toBe(401);

    const elsewhere = await make();
    await call(elsewhere.key);
    expect((await call(elsewhere.key)).status).toBe(200);
    // Another api process revoking it: only the database changes.
    await t.db.dataSource.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [elsewhere.id]);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 15_000) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await call(elsewhere.key)).status;
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(11_000);
  }, 30_000);

  it('spends the same rate-limit buckets as the guard and answers 429 in the usual shape', async () => {
    const key = await (
      await t.call('/api/v1/api-keys', { method: 'POST', json: { name: 'limited', role: 'viewer' } })
    ).json();
    const headers = { authorization: `Bearer ${key.key}` };
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await t.call(summary, { as: null, headers })).status);
    expect(hotAnswers()).toBeGreaterThan(30);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40)).toContain(429);
    const limited = await t.call(summary, { as: null, headers });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate_limited');
  });

  it('drops remembered answers after a change made through this process', async () => {
    const before = await (await t.call(summary, { as: 'viewer' })).json();
    await t.call(summary, { as: 'viewer' });
    const created = await t.call('/api/v1/exceptions', {
      method: 'POST',
      as: 'analyst',
      json: {
        productId: 'kaspersky-endpoint-security',
        scopeType: 'serial',
        scopeValue: 'NO-SUCH-SERIAL',
        reason: 'test',
        approvedBy: 'test',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    hotAnswers();
    const after = await (await t.call(summary, { as: 'viewer' })).json();
    expect(hotAnswers()).toBe(0);
    expect(after.asOf).not.toBe(before.asOf);
  });
});
