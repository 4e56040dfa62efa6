import { listRoutes, type RouteInfo } from '../../apps/api/src/common/route-inventory';
import { seedTestFleet } from './api-fleet';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// Deterministic generator so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  "' OR '1'='1",
  '1; DROP TABLE exposure; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '%00',
  '\u0000',
  '../../etc/passwd',
  '${7*7}',
  '{{7*7}}',
  'NaN',
  '-1',
  '1e309',
  '9999999999999999999999',
  '🙂'.repeat(50),
  'a'.repeat(5000),
  '=cmd|" /C calc"!A0',
];
const MALFORMED_JSON = [
  '{',
  '{"a":',
  '[1,2',
  '{"name": "x",}',
  "{'a': 1}",
  'nul',
  '{"a": 1}}',
  '\u0000',
  '{"a": "\\u12"}',
];
const WRONG_VALUES: unknown[] = [
  null,
  42,
  -1,
  1.5,
  true,
  [],
  [1, 2],
  {},
  { $gt: '' },
  '',
  ' ',
  // Text no name may hold: control characters, unpaired UTF-16 surrogates (JSON.stringify writes \ud83d escapes).
  'bell\u0007',
  'two\nlines',
  'c1\u0085',
  '\ud83d',
  '\udc00x',
  ...HOSTILE.slice(0, 8),
];
const TABLES = [
  'api_key',
  'source',
  'exception',
  'report',
  'report_schedule',
  'webhook_endpoint',
  'job',
  'device',
  'exposure',
];

describe('the API under a few hundred generated bad requests', () => {
  let t: ApiTestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    // Not the demo: its one exception to the outbound policy (127.0.0.1 for its own simulator) is off.
    t = await startApiTestApp({ API_BODY_LIMIT_BYTES: '65536', DEMO_ENABLED: 'false' });
    await seedTestFleet(t.db.dataSource);
    routes = listRoutes(t.app).filter((r) => r.path.startsWith('/api/'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(TABLES.map(async (table) => [table, await t.db.count(table)] as const)),
    );

  it('never answers 5xx, always answers the one error body on 4xx, and stores nothing', async () => {
    const before = await counts();
    const next = rng(20261128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;

    const send = async (
      method: string,
      path: string,
      init: { body?: string; contentType?: string } = {},
    ): Promise<number> => {
      sent++;
      const res = await t.call(path, {
        method,
        as: 'admin',
        headers: init.contentType ? { 'content-type': init.contentType } : undefined,
        body: init.body,
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) problems.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
      if (res.status >= 400) {
        let parsed: { error?: { code?: unknown; requestId?: unknown } } | undefined;
        try {
          parsed = JSON.parse(text) as { error?: { code?: unknown; requestId?: unknown } };
        } catch {
          parsed = undefined;
        }
        if (typeof parsed?.error?.code !== 'string' || typeof parsed.error.requestId !== 'string') {
          problems.push(`${method} ${path} → ${res.status} without the error body: ${text.slice(0, 120)}`);
        }
        if (/<script>|onerror=/i.test(text) && !text.includes('\\u003c')) {
          // JSON bodies may echo input as data; they must never be served as HTML.
          if ((res.headers.get('content-type') ?? '').includes('text/html'))
            problems.push(`${method} ${path} reflected HTML`);
        }
      }
      return res.status;
    };
    const fill = (path: string) =>
      path.replace(/:[A-Za-z]+/g, () =>
        encodeURIComponent(pick([...HOSTILE, '00000000-0000-4000-8000-000000000000', '1', '-5'])),
      );

    for (const route of routes) {
      const writes = route.method !== 'GET' && route.method !== 'DELETE';
      for (let i = 0; i < 4; i++) {
        // Hostile path params and query strings on every route.
        const query = new URLSearchParams();
        for (const k of [
          'limit',
          'cursor',
          'q',
          'status',
          'product',
          'platform',
          'source',
          'sort',
          'days',
          'overdue',
          pick(['unknown', 'x[]', '__proto__']),
        ]) {
          if (next() < 0.5) query.append(k, pick([...HOSTILE, 'abc', '0', '100000', 'true']));
        }
        if (next() < 0.3) query.append('limit', '5');
        await send(route.method, `${fill(route.path)}?${query.toString()}`);
      }
      if (!writes) continue;
      const concrete = route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const raw of MALFORMED_JSON)
        await send(route.method, concrete, { body: raw, contentType: 'application/json' });
      await send(route.method, concrete, {
        body: JSON.stringify({ blob: 'x'.repeat(70_000) }),
        contentType: 'application/json',
      });
      await send(route.method, concrete, {
        body: 'name=x&role=admin',
        contentType: 'application/x-www-form-urlencoded',
      });
      for (let i = 0; i < 6; i++) {
        const body: Record<string, unknown> = {};
        for (const k of [
          'name',
          'role',
          'kind',
          'settings',
          'type',
          'format',
          'filters',
          'url',
          'scopeType',
          'scopeValue',
          'expiresAt',
          'cron',
          'files',
          'events',
        ]) {
          if (next() < 0.5) body[k] = pick(WRONG_VALUES);
        }
        // Defined, not assigned: `body.__proto__ = x` would set the prototype, not a field.
        Object.defineProperty(
          body,
          pick(['isAdmin', 'id', 'createdBy', '__proto__x', 'constructor', '__proto__']),
          {
            value: pick(WRONG_VALUES),
            enumerable: true,
          },
        );
        await send(route.method, concrete, { body: JSON.stringify(body), contentType: 'application/json' });
      }
      // A reserved key at any depth of any body is refused by name, whatever the route and the rest of the body.
      const reserved = pick(['__proto__', 'constructor', 'prototype']);
      const status = await send(route.method, concrete, {
        body: `{"name":"fuzz","filters":{"source":[{"${reserved}":{"role":"admin"}}]}}`,
        contentType: 'application/json',
      });
      if (status !== 400)
        problems.push(`${route.method} ${route.path} with a nested ${reserved} key → ${status}`);
      await send(route.method, concrete, {
        body: JSON.stringify(pick(WRONG_VALUES)),
        contentType: 'application/json',
      });
    }
    for (const cursor of [
      '!!!',
      'e30',
      Buffer.from('{"id":"1 OR 1=1"}').toString('base64url'),
      Buffer.from('{"v":"x","id":"1"}').toString('base64url'),
      'a'.repeat(3000),
    ]) {
      for (const path of ['/api/v1/exposures', '/api/v1/devices', '/api/v1/software', '/api/v1/audit-log']) {
        await send('GET', `${path}?cursor=${encodeURIComponent(cursor)}`);
      }
      for (const sort of ['dueAt', '-firstDetectedAt'])
        await send('GET', `/api/v1/exposures?sort=${sort}&cursor=${encodeURIComponent(cursor)}`);
    }

    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(300);
    // Most of them must be refused at the door (last run: ~580 sent, ~440 × 400, ~75 × 404, 18 × 413).
    expect(statuses.get(400)).toBeGreaterThan(sent / 2);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  // Every spelling of a refused address: WHATWG URL parsing turns the decimal, hex and octal IPv4 forms into
  // dotted ones; the IPv6 forms carry the IPv4 address (mapped, compatible, NAT64, 6to4, Teredo).
  const REFUSED_URLS = [
    'http://169.254.169.254/latest/meta-data/',
    'https://2852039166/',
    'https://0xa9fea9fe/',
    'https://0251.0376.0251.0376/',
    'https://[::ffff:169.254.169.254]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[::a9fe:a9fe]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://[2002:a9fe:a9fe::1]/',
    'https://[2001:0:4136:e378:8000:63bf:5601:5601]/',
    'https://[fd00:ec2::254]/',
    'https://10.0.0.1/',
    'https://127.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[fe80::1%25eth0]/',
    'https://[::ffff:7f00:1]/',
    'https://192.168.1.1./',
    'file:///etc/passwd',
    'gopher://127.0.0.1:6379/_INFO',
    'https://user:secret@8.8.8.8/',
  ];

  it('refuses every spelling of a private or metadata address in every outbound URL field, and nests no deeper than allowed', async () => {
    const before = await counts();
    const problems: string[] = [];
    let sent = 0;
    const expect400 = async (method: string, path: string, body: unknown, what: string) => {
      sent++;
      const res = await t.call(path, { method, as: 'admin', json: body });
      if (res.status !== 400) problems.push(`${what} → ${res.status} ${(await res.text()).slice(0, 160)}`);
    };
    const created = async (path: string, body: unknown): Promise<string> => {
      const res = await t.call(path, { method: 'POST', as: 'admin', json: body });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const hook = await created('/api/v1/webhooks', { name: 'fuzz hook', url: 'https://8.8.8.8/hook' });
    const jamf = await created('/api/v1/sources', {
      name: 'fuzz jamf',
      kind: 'jamf',
      settings: { baseUrl: 'https://203.0.113.10', clientId: 'c' },
      secret: 'fuzz-secret',
    });
    const intune = await created('/api/v1/sources', {
      name: 'fuzz intune',
      kind: 'intune',
      settings: { tenantId: 'contoso.onmicrosoft.com', clientId: 'c' },
      secret: 'fuzz-secret',
    });
    const after = await counts();
    for (const url of REFUSED_URLS) {
      await expect400('POST', '/api/v1/webhooks', { name: `h ${url}`, url }, `webhook url ${url}`);
      await expect400('PATCH', `/api/v1/webhooks/${hook}`, { url }, `webhook url change ${url}`);
      const jamfSettings = { baseUrl: url, clientId: 'c' };
      await expect400(
        'POST',
        '/api/v1/sources',
        { name: `j ${url}`, kind: 'jamf', settings: jamfSettings, secret: 'x-secret' },
        `jamf baseUrl ${url}`,
      );
      await expect400(
        'PATCH',
        `/api/v1/sources/${jamf}`,
        { settings: jamfSettings },
        `jamf baseUrl change ${url}`,
      );
      for (const field of ['loginBaseUrl', 'graphBaseUrl']) {
        const settings = { tenantId: 'contoso.onmicrosoft.com', clientId: 'c', [field]: url };
        await expect400(
          'POST',
          '/api/v1/sources',
          { name: `i ${url}`, kind: 'intune', settings, secret: 'x-secret' },
          `intune ${field} ${url}`,
        );
        await expect400('PATCH', `/api/v1/sources/${intune}`, { settings }, `intune ${field} change ${url}`);
      }
    }
    // Deep nesting in any field of any write route: a 400 with a code, never a stack overflow.
    const deep = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown;
    for (const route of routes.filter(
      (r) => r.method === 'POST' || r.method === 'PATCH' || r.method === 'PUT',
    )) {
      const path = route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      sent++;
      const res = await t.call(path, {
        method: route.method,
        as: 'admin',
        json: { name: 'x', url: 'https://8.8.8.8/', settings: { baseUrl: deep(3000) }, filters: deep(3000) },
      });
      if (res.status >= 500 || res.status === 200 || res.status === 201)
        problems.push(`${route.method} ${route.path} with nesting 3000 → ${res.status}`);
    }
    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThan(REFUSED_URLS.length * 8);
    expect(await counts()).toEqual(after);
    expect(after.webhook_endpoint).toBe(before.webhook_endpoint + 1);
  });
});
