import { request } from 'node:http';
import { ApiKeyService } from '@interdict/auth';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

describe('API access control', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates one bootstrap admin key at the first start, and it works', async () => {
    expect(t.bootstrapAdminKey).toMatch(/^idk_/);
    const res = await fetch(`${t.url}/api/v1/auth/me`, { headers: { 'x-api-key': t.bootstrapAdminKey! } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'admin', name: 'bootstrap admin' });
  });

  it('refuses a call without credentials with 401 and the one error body', async () => {
    const res = await t.call('/api/v1/api-keys', { as: null, headers: { 'x-request-id': 'req-abc-1' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('req-abc-1');
    expect(await res.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: expect.stringContaining('Missing credentials'),
        field: null,
        details: null,
        requestId: 'req-abc-1',
      },
    });
  });

  it('refuses a wrong, malformed or revoked key with 401', async () => {
    const wrongSecret = t.keys.viewer.slice(0, -2) + (t.keys.viewer.endsWith('AA') ? 'BB' : 'AA');
    for (const key of [wrongSecret, 'idk_nope', 'garbage', "idk_aaaaaaaaaa_' OR 1=1 --"]) {
      const res = await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(401);
    }
    const created = await (
      await t.call('/api/v1/api-keys', { method: 'POST', json: { name: 'short-lived', role: 'viewer' } })
    ).json();
    const ok = await fetch(`${t.url}/api/v1/auth/me`, { headers: { 'x-api-key': created.key } });
    expect(ok.status).toBe(200);
    expect((await t.call(`/api/v1/api-keys/${created.id}/revoke`, { method: 'POST' })).status).toBe(201);
    const after = await fetch(`${t.url}/api/v1/auth/me`, { headers: { 'x-api-key': created.key } });
    expect(after.status).toBe(401);
  });

  it('refuses an expired key', async () => {
    const created = await (
      await t.call('/api/v1/api-keys', {
        method: 'POST',
        json: { name: 'expiring', role: 'viewer', expiresAt: new Date(Date.now() + 1500).toISOString() },
      })
    ).json();
    expect((await fetch(`${t.url}/api/v1/auth/me`, { headers: { 'x-api-key': created.key } })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 1700));
    expect((await fetch(`${t.url}/api/v1/auth/me`, { headers: { 'x-api-key': created.key } })).status).toBe(
      401,
    );
  });

  it('refuses a too-low role with 403 naming the needed role', async () => {
    const res = await t.call('/api/v1/api-keys', { as: 'analyst' });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('"admin"'),
    });
  });

  it('stores only a hash, shows the key once, and lists keys without secrets', async () => {
    const res = await t.call('/api/v1/api-keys', { method: 'POST', json: { name: 'ci', role: 'analyst' } });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.key).toMatch(/^idk_[a-z2-7]{10}_/);
    const rows = await t.db.dataSource.query(`SELECT key_hash, prefix FROM api_key WHERE id = $1`, [
      created.id,
    ]);
    expect(rows[0].prefix).toBe(created.prefix);
    expect(Buffer.from(rows[0].key_hash).toString('utf8')).not.toContain(created.key);
    const list = await (await t.call('/api/v1/api-keys')).json();
    // The secret is everything after `idk_<prefix>_`; it is base64url, so it may itself contain "_".
    const secret = created.key.slice(`idk_${created.prefix}_`.length);
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.find((k: { id: string }) => k.id === created.id)).toMatchObject({
      role: 'analyst',
      status: 'active',
    });
  });

  it('records the last use of a key', async () => {
    await t.call('/api/v1/auth/me', { as: 'viewer' });
    await new Promise((r) => setTimeout(r, 200));
    const rows = await t.db.dataSource.query(`SELECT last_used_at FROM api_key WHERE name = 'test viewer'`);
    expect(rows[0].last_used_at).not.toBeNull();
  });

  it('writes every mutating call to the audit log with actor, action, target, ip and request id', async () => {
    const res = await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 'audited', role: 'viewer' },
      headers: { 'x-request-id': 'audit-req-1' },
    });
    const created = await res.json();
    await t.call(`/api/v1/api-keys/${created.id}/revoke`, {
      method: 'POST',
      headers: { 'x-request-id': 'audit-req-2' },
    });
    const rows = await t.db.dataSource.query(
      `SELECT actor_type, actor_name, action, target_type, target_id, before, after, ip, request_id
         FROM audit_log WHERE request_id IN ('audit-req-1', 'audit-req-2') ORDER BY id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        actor_type: 'api_key',
        actor_name: 'test admin',
        action: 'POST /api/v1/api-keys',
        target_type: 'api-keys',
        target_id: created.id,
        after: { id: created.id },
        request_id: 'audit-req-1',
        ip: expect.stringMatching(/127\.0\.0\.1/),
      }),
      expect.objectContaining({
        action: 'POST /api/v1/api-keys/:id/revoke',
        target_id: created.id,
        before: { id: created.id },
        request_id: 'audit-req-2',
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(created.key);
    const page = await (await t.call('/api/v1/audit-log?limit=1')).json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('audits a refused mutating call too', async () => {
    await t.call('/api/v1/api-keys', {
      method: 'POST',
      json: { name: 'x', role: 'root' },
      headers: { 'x-request-id': 'audit-refused' },
    });
    const rows = await t.db.dataSource.query(
      `SELECT after FROM audit_log WHERE request_id = 'audit-refused'`,
    );
    expect(rows).toEqual([{ after: { refused: 'validation_failed' } }]);
  });
});

describe('API rate limiting', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp({ AUTH_RATE_LIMIT_PER_SECOND: '1', AUTH_RATE_LIMIT_BURST: '5' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After once a key spends its burst, and keeps other keys apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.call('/api/v1/auth/me', { as: 'viewer' })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await t.call('/api/v1/auth/me', { as: 'viewer' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await t.call('/api/v1/auth/me', { as: 'analyst' })).status).toBe(200);
  });
});

describe('API failed-login limit per client address', () => {
  let t: ApiTestApp;
  let lookups: jest.SpyInstance;
  const PER_MINUTE = 30; // one attempt back every 2 s once spent
  const summary = '/api/v1/exposure/summary'; // answered by the hot read path once warm
  beforeAll(async () => {
    t = await startApiTestApp({ AUTH_FAILED_LOGINS_PER_MINUTE: String(PER_MINUTE) });
    lookups = jest.spyOn(t.app.get(ApiKeyService), 'authenticate');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A GET with `key` from a chosen loopback address (the server listens on 127.0.0.1; any 127/8 source works). */
  const from = (localAddress: string, path: string, key: string) =>
    new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
      const req = request(`${t.url}${path}`, { localAddress, headers: { authorization: `Bearer ${key}` } });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string, body }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  const badKey = (i: number) => `idk_aaaaaaaaa${String.fromCharCode(97 + (i % 26))}_${'x'.repeat(43)}`;

  it('answers 401 up to the limit, then 429 with Retry-After on the hot GET path and on a normal route, before any key lookup, valid keys included, until the allowance refills', async () => {
    const me = '/api/v1/auth/me';
    const attacker = '127.0.0.1';
    // Warm the hot path for the viewer key: the second call is answered ahead of Nest.
    expect((await from(attacker, summary, t.keys.viewer)).status).toBe(200);
    expect((await from(attacker, summary, t.keys.viewer)).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 5; i++) {
      statuses.push((await from(attacker, i % 2 ? summary : me, badKey(i))).status);
    }
    expect(statuses.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(401));
    expect(statuses.slice(PER_MINUTE)).toEqual(Array(5).fill(429));

    lookups.mockClear();
    for (const path of [me, summary]) {
      for (const key of [badKey(0), t.keys.viewer, t.keys.admin]) {
        const res = await from(attacker, path, key);
        expect(res.status).toBe(429);
        expect(res.retryAfter).toMatch(/^[12]$/);
        expect(JSON.parse(res.body)).toEqual({
          error: {
            code: 'rate_limited',
            message: expect.stringContaining('failed authentications from this address'),
            field: null,
            details: null,
            requestId: expect.any(String),
          },
        });
      }
    }
    expect(lookups).not.toHaveBeenCalled(); // refused before the key is looked at

    // Another address is not affected.
    expect((await from('127.0.0.2', me, t.keys.viewer)).status).toBe(200);
    expect((await from('127.0.0.2', me, badKey(1))).status).toBe(401);

    // After Retry-After, one more attempt: a valid key gets in (and gives its attempt back), a wrong one spends it.
    await new Promise((r) => setTimeout(r, 2100));
    expect((await from(attacker, me, t.keys.viewer)).status).toBe(200);
    expect((await from(attacker, summary, t.keys.viewer)).status).toBe(200);
    expect((await from(attacker, me, badKey(2))).status).toBe(401);
    expect((await from(attacker, me, t.keys.viewer)).status).toBe(429);
  });

  it('counts concurrent guesses as they arrive: a burst gets exactly the allowance of 401s', async () => {
    const burst = await Promise.all(
      Array.from({ length: PER_MINUTE + 20 }, (_, i) => from('127.0.0.3', '/api/v1/auth/me', badKey(i))),
    );
    const count = (s: number) => burst.filter((r) => r.status === s).length;
    expect([count(401), count(429)]).toEqual([PER_MINUTE, 20]);
  });

  it('never counts successful sign-ins, nor requests without credentials', async () => {
    for (let i = 0; i < PER_MINUTE * 2; i++) {
      expect((await from('127.0.0.4', '/api/v1/auth/me', t.keys.analyst)).status).toBe(200);
    }
    const none = await fetch(`${t.url}/api/v1/auth/me`);
    expect(none.status).toBe(401);
    expect((await from('127.0.0.4', '/api/v1/auth/me', badKey(3))).status).toBe(401);
  });
});
