import { startApiTestApp, type ApiTestApp } from './api-test-app';

const UUID = '00000000-0000-4000-8000-000000000000';
const TABLES = ['api_key', 'source', 'exception', 'report', 'report_schedule', 'webhook_endpoint'];

// Bodies are sent as raw JSON text: an object literal with `__proto__` would set its prototype, not a field.
describe('API input: reserved field names and plain-text names', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp({ DEMO_ENABLED: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () =>
    Object.fromEntries(await Promise.all(TABLES.map(async (x) => [x, await t.db.count(x)] as const)));
  const send = (method: string, path: string, body: string) =>
    t.call(path, { method, as: 'admin', headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['POST', '/api/v1/api-keys', '{"name":"x","role":"viewer","__proto__":{"role":"admin"}}', '__proto__'],
    [
      'POST',
      '/api/v1/api-keys',
      '{"name":"x","role":"viewer","\\u005f_proto__":{"role":"admin"}}',
      '__proto__',
    ],
    ['POST', '/api/v1/api-keys', '{"name":"x","role":"viewer","constructor":{"prototype":1}}', 'constructor'],
    ['POST', '/api/v1/webhooks', '{"name":"x","url":"https://8.8.8.8/h","prototype":{}}', 'prototype'],
    [
      'POST',
      '/api/v1/webhooks',
      '{"name":"x","url":"https://8.8.8.8/h","headers":{"constructor":"x"}}',
      'headers.constructor',
    ],
    [
      'POST',
      '/api/v1/sources',
      '{"name":"x","kind":"jamf","settings":{"baseUrl":"https://8.8.8.8","clientId":"c","__proto__":{"x":1}}}',
      'settings.__proto__',
    ],
    [
      'POST',
      '/api/v1/reports',
      '{"type":"coverage","filters":{"__proto__":{"source":["x"]}}}',
      'filters.__proto__',
    ],
    [
      'POST',
      '/api/v1/reports',
      '{"type":"coverage","filters":{"source":[{"a":[{"constructor":1}]}]}}',
      'filters.source.0.a.0.constructor',
    ],
    ['PATCH', `/api/v1/sources/${UUID}`, '{"__proto__":{"enabled":false}}', '__proto__'],
    ['POST', '/api/v1/policy/preview', '{"sectors":[],"constructor":{}}', 'constructor'],
  ])(
    '%s %s refuses the reserved key in %s with 400 naming its path, storing nothing',
    async (method, path, body, field) => {
      const before = await counts();
      const res = await send(method, path, body);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({
        code: 'validation_failed',
        field,
        details: [{ field, message: 'reserved name: not allowed as a field' }],
        requestId: res.headers.get('x-request-id'),
      });
      expect(await counts()).toEqual(before);
    },
  );

  it('names every reserved key of a body, and refuses one in the query string too', async () => {
    const res = await send(
      'POST',
      '/api/v1/api-keys',
      '{"__proto__":1,"a":{"constructor":2},"b":[{"prototype":3}]}',
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { field: string }) => d.field)).toEqual([
      '__proto__',
      'a.constructor',
      'b.0.prototype',
    ]);
    for (const query of ['__proto__=1', 'limit=5&constructor=x', 'prototype=']) {
      const got = await t.call(`/api/v1/exposures?${query}`, { as: 'viewer' });
      expect(got.status).toBe(400);
      expect((await got.json()).error.code).toBe('validation_failed');
    }
  });

  it('accepts the reserved words as values', async () => {
    const res = await send('POST', '/api/v1/api-keys', '{"name":"__proto__ constructor","role":"viewer"}');
    expect(res.status).toBe(201);
    expect((await res.json()).name).toBe('__proto__ constructor');
  });

  // Every free-text name a person gives, on create and on update.
  const NAMED: [string, string, (text: string) => Record<string, unknown>, string][] = [
    ['POST', '/api/v1/api-keys', (name) => ({ name, role: 'viewer' }), 'name'],
    [
      'POST',
      '/api/v1/sources',
      (name) => ({ name, kind: 'jamf', settings: { baseUrl: 'https://8.8.8.8', clientId: 'c' } }),
      'name',
    ],
    ['PATCH', `/api/v1/sources/${UUID}`, (name) => ({ name }), 'name'],
    ['POST', '/api/v1/webhooks', (name) => ({ name, url: 'https://8.8.8.8/h' }), 'name'],
    ['PATCH', `/api/v1/webhooks/${UUID}`, (name) => ({ name }), 'name'],
    ['POST', '/api/v1/report-schedules', (name) => ({ name, cron: '0 7 * * 1', type: 'exposure' }), 'name'],
    ['PATCH', `/api/v1/report-schedules/${UUID}`, (name) => ({ name }), 'name'],
    [
      'POST',
      '/api/v1/reports',
      (name) => ({ type: 'coverage', filters: { source: ['ok', name] } }),
      'filters.source',
    ],
    [
      'POST',
      '/api/v1/exceptions',
      (scopeValue) => ({
        productId: 'tiktok',
        scopeType: 'serial',
        scopeValue,
        reason: 'r',
        approvedBy: 'a',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
      'scopeValue',
    ],
    [
      'POST',
      '/api/v1/exceptions',
      (approvedBy) => ({
        productId: 'tiktok',
        scopeType: 'serial',
        scopeValue: 'SN-1',
        reason: 'r',
        approvedBy,
        expiresAt: '2099-01-01T00:00:00Z',
      }),
      'approvedBy',
    ],
    ['PATCH', `/api/v1/exceptions/${UUID}`, (approvedBy) => ({ approvedBy }), 'approvedBy'],
  ];
  const BAD_NAMES: [string, string][] = [
    ['a\u0000b', 'U+0000'],
    ['bell\u0007', 'U+0007'],
    ['two\nlines', 'U+000A'],
    ['tab\there', 'U+0009'],
    ['del\u007f', 'U+007F'],
    ['next line\u0085', 'U+0085'],
    ['csi\u009b31m', 'U+009B'],
    ['line\u2028separator', 'U+2028'],
    ['lone high \ud83d', 'unpaired UTF-16 surrogate'],
    ['\udc00 lone low', 'unpaired UTF-16 surrogate'],
    ['reversed \ude42\ud83d', 'unpaired UTF-16 surrogate'],
  ];

  it('refuses control characters and unpaired surrogates in every name with 400 naming the field, storing nothing', async () => {
    const before = await counts();
    const problems: string[] = [];
    for (const [method, path, body, field] of NAMED) {
      for (const [text, what] of BAD_NAMES) {
        // JSON.stringify writes an unpaired surrogate as a \ud83d escape, as a client would.
        const res = await t.call(path, { method, as: 'admin', json: body(text) });
        const error = (await res.json()).error as
          { code?: string; field?: string; message?: string } | undefined;
        if (res.status !== 400 || error?.code !== 'validation_failed' || error.field !== field) {
          problems.push(`${method} ${path} ${JSON.stringify(text)} → ${res.status} ${JSON.stringify(error)}`);
        } else if (!error.message?.includes(what)) {
          problems.push(
            `${method} ${path} ${JSON.stringify(text)}: message does not say ${what}: ${error.message}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('accepts names in any script, with emoji (paired surrogates), and line breaks in an exception reason only', async () => {
    const key = await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 'Ünited 東京 🙂 SOC – “reader”', role: 'viewer' },
    });
    expect(key.status).toBe(201);
    expect((await key.json()).name).toBe('Ünited 東京 🙂 SOC – “reader”');
    const exception = (reason: string) =>
      t.call('/api/v1/exceptions', {
        method: 'POST',
        json: {
          productId: 'tiktok',
          scopeType: 'serial',
          scopeValue: 'SN-1',
          reason,
          approvedBy: 'CISO',
          expiresAt: '2099-01-01T00:00:00Z',
        },
      });
    const multiline = await exception('Isolated lab machine.\r\n\tReplacement ordered 🙂');
    expect(multiline.status).toBe(201);
    for (const reason of ['null\u0000byte', 'escape \u001b[31m', 'lone \ud83d']) {
      const res = await exception(reason);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'validation_failed', field: 'reason' });
    }
  });
});
