import { freePort } from '@interdict/database';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

describe('sources over HTTP', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const intune = {
    name: 'Contoso Intune',
    kind: 'intune',
    settings: { tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' },
    secret: 'super-secret-value-123',
    schedule: '0 */6 * * *',
  };

  it('creates a source, keeps its secret encrypted and never returns it', async () => {
    const res = await t.call('/api/v1/sources', { method: 'POST', json: intune });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      name: 'Contoso Intune',
      kind: 'intune',
      hasSecret: true,
      scheduleCron: '0 */6 * * *',
      lastRun: null,
    });
    expect(JSON.stringify(created)).not.toContain(intune.secret);
    const [row] = await t.db.dataSource.query(`SELECT secret_ciphertext FROM source WHERE id = $1`, [
      created.id,
    ]);
    expect(Buffer.from(row.secret_ciphertext).toString('latin1')).not.toContain(intune.secret);
    const list = await (await t.call('/api/v1/sources', { as: 'viewer' })).json();
    expect(JSON.stringify(list)).not.toContain(intune.secret);
    const audit = await t.db.dataSource.query(`SELECT action, after FROM audit_log WHERE target_id = $1`, [
      created.id,
    ]);
    expect(audit).toEqual([{ action: 'POST /api/v1/sources', after: { id: created.id } }]);
  });

  it('refuses bad settings naming the field, and stores nothing', async () => {
    const before = await t.db.count('source');
    for (const [body, field] of [
      [{ ...intune, name: 'x1', settings: { clientId: 'a' } }, 'settings.tenantId'],
      [
        { ...intune, name: 'x2', settings: { ...intune.settings, clientSecret: 'oops' } },
        'settings.clientSecret',
      ],
      [{ ...intune, name: 'x3', schedule: 'every day' }, 'schedule'],
      [{ ...intune, name: 'x4', kind: 'sccm' }, 'kind'],
      [{ ...intune, name: 'x5', settings: 'tenant' }, 'settings'],
      [{ ...intune, name: 'x6', extra: 1 }, 'extra'],
    ] as const) {
      const res = await t.call('/api/v1/sources', { method: 'POST', json: body });
      expect(res.status).toBe(400);
      expect((await res.json()).error.field).toBe(field);
    }
    const dup = await t.call('/api/v1/sources', { method: 'POST', json: intune });
    expect(dup.status).toBe(409);
    expect(await t.db.count('source')).toBe(before);
  });

  it('refuses source URLs the outbound policy does not allow, at create and at change, storing nothing', async () => {
    const before = await t.db.count('source');
    const jamf = (baseUrl: string) => ({
      name: `jamf ${baseUrl}`,
      kind: 'jamf',
      settings: { baseUrl, clientId: 'c' },
      secret: 's3cret-value',
    });
    for (const [body, field] of [
      [jamf('http://169.254.169.254/'), 'settings.baseUrl'],
      [jamf('https://10.0.0.1/'), 'settings.baseUrl'],
      [jamf('https://[fd00:ec2::254]/'), 'settings.baseUrl'],
      [jamf('https://[::ffff:10.0.0.1]/'), 'settings.baseUrl'],
      [
        { ...intune, name: 'i1', settings: { ...intune.settings, loginBaseUrl: 'http://169.254.169.254/' } },
        'settings.loginBaseUrl',
      ],
      [
        { ...intune, name: 'i2', settings: { ...intune.settings, graphBaseUrl: 'https://192.168.1.1/' } },
        'settings.graphBaseUrl',
      ],
    ] as const) {
      const res = await t.call('/api/v1/sources', { method: 'POST', json: body });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'unsafe_url', field });
      expect(error.message).toMatch(/sync\.sourceAllowlist|metadata/);
    }
    expect(await t.db.count('source')).toBe(before);
    const ok = await (
      await t.call('/api/v1/sources', { method: 'POST', json: jamf('https://203.0.113.10/') })
    ).json();
    const change = await t.call(`/api/v1/sources/${ok.id}`, {
      method: 'PATCH',
      json: { settings: { baseUrl: 'http://169.254.169.254/', clientId: 'c' } },
    });
    expect(change.status).toBe(400);
    expect((await (await t.call(`/api/v1/sources/${ok.id}`)).json()).settings.baseUrl).toBe(
      'https://203.0.113.10/',
    );
    await t.call(`/api/v1/sources/${ok.id}`, { method: 'DELETE' });
  });

  it('lets an allowlisted on-premises address through, and requires https in production', async () => {
    const prod = await startApiTestApp({
      NODE_ENV: 'production',
      SOURCES_ALLOWLIST: '10.20.0.0/16',
    });
    try {
      const post = (baseUrl: string) =>
        prod.call('/api/v1/sources', {
          method: 'POST',
          json: { name: baseUrl, kind: 'jamf', settings: { baseUrl, clientId: 'c' }, secret: 's3cret-value' },
        });
      expect((await post('https://10.20.1.5:8443/')).status).toBe(201);
      const plain = await post('http://203.0.113.10/');
      expect(plain.status).toBe(400);
      expect((await plain.json()).error.message).toMatch(/must use https in production/);
      expect((await post('https://10.30.0.1/')).status).toBe(400);
      // A name is judged by the addresses it resolves to (the demo's loopback exception is off in production).
      const named = await post('https://localhost:8443/');
      expect(named.status).toBe(400);
      expect((await named.json()).error).toMatchObject({ code: 'unsafe_url', field: 'settings.baseUrl' });
    } finally {
      await prod.close();
    }
  });

  it('is admin-only for changes and visible to viewers', async () => {
    expect((await t.call('/api/v1/sources', { method: 'POST', as: 'analyst', json: intune })).status).toBe(
      403,
    );
    expect((await t.call('/api/v1/sources', { as: 'viewer' })).status).toBe(200);
  });

  it('queues "sync now" as one coalesced job per source', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM source WHERE name = 'Contoso Intune'`);
    const a = await (await t.call(`/api/v1/sources/${id}/sync`, { method: 'POST' })).json();
    const b = await t.call(`/api/v1/sources/${id}/sync`, { method: 'POST' });
    expect(b.status).toBe(202);
    expect((await b.json()).jobId).toBe(a.jobId);
    const jobs = await t.db.dataSource.query(`SELECT name, key, payload, status FROM job`);
    expect(jobs).toEqual([
      { name: 'sync', key: `sync:${id}`, payload: { sourceId: id, trigger: 'manual' }, status: 'queued' },
    ]);
    expect(
      (await t.call('/api/v1/sources/00000000-0000-4000-8000-000000000000/sync', { method: 'POST' })).status,
    ).toBe(404);
  });

  it('shows health from the last run and lists runs', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM source WHERE name = 'Contoso Intune'`);
    await t.db.dataSource.query(
      `INSERT INTO sync_run (source_id, status, started_at, finished_at, devices_seen) VALUES
         ($1, 'succeeded', now() - interval '2 hours', now() - interval '110 minutes', 42),
         ($1, 'failed', now() - interval '1 hour', now() - interval '59 minutes', 0)`,
      [id],
    );
    await t.db.dataSource.query(
      `UPDATE sync_run SET error_code = 'connector_failed', error_message = 'authentication failed for source Contoso Intune' WHERE status = 'failed'`,
    );
    const s = await (await t.call(`/api/v1/sources/${id}`, { as: 'viewer' })).json();
    expect(s.lastRun).toMatchObject({ status: 'failed', errorCode: 'connector_failed' });
    expect(s.lastSucceededAt).not.toBeNull();
    const runs = await (await t.call(`/api/v1/sources/${id}/runs`, { as: 'viewer' })).json();
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['failed', 'succeeded']);
    const one = await (await t.call(`/api/v1/sync-runs/${runs[1].id}`, { as: 'viewer' })).json();
    expect(one.devicesSeen).toBe(42);
  });

  it('answers "test connection" honestly when no connector is available', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM source WHERE name = 'Contoso Intune'`);
    // Tests talk only to 127.0.0.1: a port nobody listens on stands in for an unreachable Microsoft.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const moved = await t.call(`/api/v1/sources/${id}`, {
      method: 'PATCH',
      json: { settings: { ...intune.settings, loginBaseUrl: closed, graphBaseUrl: closed, maxRetries: 0 } },
    });
    expect(moved.status).toBe(200);
    const res = await t.call(`/api/v1/sources/${id}/test`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.message).not.toContain(intune.secret);
  });

  it('updates only the given fields and deletes', async () => {
    const [{ id }] = await t.db.dataSource.query(`SELECT id FROM source WHERE name = 'Contoso Intune'`);
    const patched = await (
      await t.call(`/api/v1/sources/${id}`, { method: 'PATCH', json: { enabled: false, schedule: null } })
    ).json();
    expect(patched).toMatchObject({
      enabled: false,
      scheduleCron: null,
      hasSecret: true,
      name: 'Contoso Intune',
    });
    expect((await t.call(`/api/v1/sources/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await t.call(`/api/v1/sources/${id}`, { as: 'viewer' })).status).toBe(404);
  });
});
