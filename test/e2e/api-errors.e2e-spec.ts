import { startApiTestApp, type ApiTestApp } from './api-test-app';

describe('API error handling', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp({ API_BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const keysStored = async () =>
    Number((await t.db.dataSource.query(`SELECT count(*) AS n FROM api_key`))[0].n);

  it('answers malformed JSON with 400 malformed_json and a request id', async () => {
    const before = await keysStored();
    const res = await t.call('/api/v1/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "x", "role": ',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'malformed_json', requestId: res.headers.get('x-request-id') });
    expect(await keysStored()).toBe(before);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 'x'.repeat(10_000), role: 'viewer' },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it.each([
    ['/api/v1/reports', (deep: string) => `{"type":"coverage","filters":{"source":${deep}}}`],
    ['/api/v1/exceptions', (deep: string) => `{"productId":"tiktok","scope":"device","reason":${deep}}`],
    ['/api/v1/webhooks', (deep: string) => `{"name":"x","url":"https://8.8.8.8/h","headers":${deep}}`],
  ])('answers a body nested 1,500 levels deep on %s with 400 json_too_deep', async (path, body) => {
    const deep = `${'['.repeat(1500)}1${']'.repeat(1500)}`;
    const res = await t.call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(deep),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'json_too_deep' });
  });

  it('counts no brackets inside strings toward the nesting cap', async () => {
    const res = await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: `[{"${'['.repeat(40)}`, role: 'viewer' },
    });
    expect(res.status).toBe(201);
  });

  it('refuses unknown fields by name and stores nothing', async () => {
    const before = await keysStored();
    const res = await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 'x', role: 'viewer', isAdmin: true },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({
      code: 'validation_failed',
      field: 'isAdmin',
      details: [{ field: 'isAdmin', message: 'unknown field' }],
    });
    expect(await keysStored()).toBe(before);
  });

  it('names each wrong-typed field', async () => {
    const res = await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 42, role: 'root', expiresAt: 'soon' },
    });
    expect(res.status).toBe(400);
    const fields = (await res.json()).error.details.map((d: { field: string }) => d.field);
    expect(new Set(fields)).toEqual(new Set(['name', 'role', 'expiresAt']));
  });

  it('answers an unknown route with 404 route_not_found in the same body', async () => {
    const res = await t.call('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({
      code: 'route_not_found',
      message: 'No route GET /api/v1/nothing-here',
    });
  });

  it('answers a malformed id with 400, not a database error', async () => {
    const res = await t.call(`/api/v1/api-keys/${encodeURIComponent("1' OR '1'='1")}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('answers an unknown id with 404 api_key_not_found', async () => {
    const res = await t.call('/api/v1/api-keys/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'api_key_not_found', field: 'id' });
  });

  // Every cursor-paged list reads its cursor through one decoder (libs/database paging.ts).
  it.each([
    '/api/v1/audit-log',
    '/api/v1/devices',
    '/api/v1/software',
    '/api/v1/exposures',
    '/api/v1/exposures?sort=dueAt',
    '/api/v1/exposure/coverage/devices',
    '/api/v1/reports',
  ])('answers an invalid cursor on %s with 400 invalid_cursor', async (list) => {
    const reportCursor = Buffer.from(
      JSON.stringify({ v: null, id: '0b7c8a52-1f3e-4c1a-9a55-7d3f3e2c1b00' }),
    ).toString('base64url');
    const bigintCursor = Buffer.from(JSON.stringify({ v: null, id: '7' })).toString('base64url');
    const foreign = list === '/api/v1/reports' ? bigintCursor : reportCursor;
    for (const cursor of ['%%%', 'eyJpZCI6MX0', 'abc', foreign]) {
      const sep = list.includes('?') ? '&' : '?';
      const res = await t.call(`${list}${sep}cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
    }
  });

  it('generates a request id when none (or an unsafe one) is given', async () => {
    const res = await t.call('/api/v1/auth/me', { headers: { 'x-request-id': '<script>' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
