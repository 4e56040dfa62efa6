import { ExposureService, SnapshotService } from '@interdict/exposure';
import { seedTestFleet, seedTrendHistory, type TestFleet } from './api-fleet';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

describe('exposure, findings, devices and software over HTTP', () => {
  let t: ApiTestApp;
  let fleet: TestFleet;
  beforeAll(async () => {
    t = await startApiTestApp();
    fleet = await seedTestFleet(t.db.dataSource);
    await t.app.get(ExposureService).recompute();
    await seedTrendHistory(t.db.dataSource, 89);
    await t.app.get(SnapshotService).takeSnapshot();
  });
  afterAll(async () => {
    await t?.close();
  });

  // A title can fall under several rules (one finding per rule), so counts come from the table itself.
  let openFindings = 0;
  let kesFindings = 0;
  beforeAll(async () => {
    const [r] = await t.db.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'open' AND product_id = 'kaspersky-endpoint-security')::int AS kes
         FROM finding`,
    );
    openFindings = r.open;
    kesFindings = r.kes;
    expect(kesFindings % 6).toBe(0);
  });

  const get = async (path: string, as: 'viewer' | 'analyst' | 'admin' = 'viewer') => {
    const res = await t.call(path, { as });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  it('summarises exposure counting a device seen by two sources once', async () => {
    const s = await get('/api/v1/exposure/summary');
    expect(s).toMatchObject({ exposedDevices: 11, openFindings: openFindings, exceptedFindings: 0 });
    expect(s.byRule.length).toBeGreaterThan(0);
    expect(s.coverage).toMatchObject({ devices: 28, staleDevices: 2, neverReportedDevices: 1 });
    expect(s.dataAsOf.map((d: { sourceName: string }) => d.sourceName).sort()).toEqual([
      'Contoso Intune',
      'Contoso Jamf',
    ]);
  });

  it('answers cached reads as JSON', async () => {
    for (const path of [
      '/api/v1/exposure/summary',
      '/api/v1/exposure/trend',
      '/api/v1/exposure/coverage',
      '/api/v1/findings',
    ]) {
      const res = await t.call(path, { as: 'viewer' });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  it('gives a 90-day trend ending today', async () => {
    const trend = await get('/api/v1/exposure/trend?days=90');
    expect(trend.points).toHaveLength(90);
    expect(trend.points[89]).toMatchObject({
      day: new Date().toISOString().slice(0, 10),
      exposedDevices: 11,
    });
  });

  it('lists coverage gaps with their reasons', async () => {
    const c = await get('/api/v1/exposure/coverage');
    expect(c).toMatchObject({ devices: 28, staleDevices: 2, neverReportedDevices: 1 });
    const gaps = await get('/api/v1/exposure/coverage/devices');
    expect(gaps.items.map((g: { name: string }) => g.name).sort()).toEqual(['pc-17', 'pc-19', 'pc-20']);
  });

  it('filters findings by product, platform, source and overdue', async () => {
    const kes = await get('/api/v1/findings?product=kaspersky-endpoint-security&status=open&limit=500');
    expect(kes.items).toHaveLength(kesFindings);
    expect(new Set(kes.items.map((f: { deviceName: string }) => f.deviceName)).size).toBe(6);
    expect(kes.items[0]).toMatchObject({
      platform: 'windows',
      softwareName: 'Kaspersky Endpoint Security for Windows',
      matcherId: 'kes-windows-name',
    });
    expect(kes.items[0].explanation).toContain('matches');
    const android = (await get('/api/v1/findings?platform=android&limit=500')).items;
    expect(new Set(android.map((f: { deviceName: string }) => f.deviceName))).toEqual(
      new Set(['phone-1', 'phone-2']),
    );
    // Jamf sees mac-1..3; mac-intune is the same physical device as mac-1, and its finding rows may sit on either record.
    const jamf = (await get(`/api/v1/findings?source=${fleet.jamfId}&limit=500`)).items;
    const jamfDevices = new Set(
      jamf.map((f: { deviceName: string }) => f.deviceName.replace('mac-intune', 'mac-1')),
    );
    expect(jamfDevices).toEqual(new Set(['mac-1', 'mac-2', 'mac-3']));
    const overdue = await get('/api/v1/findings?overdue=true&limit=500');
    const notOverdue = await get('/api/v1/findings?overdue=false&limit=500');
    expect(overdue.items.length + notOverdue.items.length).toBe(openFindings);
    expect(overdue.items.every((f: { isOverdue: boolean }) => f.isOverdue)).toBe(true);
  });

  it('searches findings by device, user or title, literally', async () => {
    const names = async (q: string) =>
      new Set(
        (await get(`/api/v1/findings?limit=500&q=${encodeURIComponent(q)}`)).items.map(
          (f: { deviceName: string }) => f.deviceName,
        ),
      );
    expect(await names('pc-3')).toEqual(new Set(['pc-3']));
    expect(await names("o'brien")).toEqual(new Set(['pc-3']));
    expect(await names('tiktok')).toEqual(new Set(['phone-1', 'phone-2']));
    expect((await get('/api/v1/findings?q=%25')).items).toHaveLength(0);
  });

  it('pages findings with a cursor in every sort order without gaps or repeats', async () => {
    for (const sort of ['-id', 'id', 'dueAt', '-dueAt', 'firstDetectedAt', '-firstDetectedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await get(
          `/api/v1/findings?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((f) => f.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(openFindings);
      expect(seen).toHaveLength(openFindings);
    }
  });

  it('lists devices by user, serial, staleness and search', async () => {
    expect((await get('/api/v1/devices?limit=500')).items).toHaveLength(28);
    expect((await get('/api/v1/devices?serial=c02shared01')).items).toHaveLength(2);
    expect(
      (await get('/api/v1/devices?user=pc-1@contoso.test')).items.map((d: { name: string }) => d.name),
    ).toEqual(['pc-1']);
    expect((await get('/api/v1/devices?user=phone*')).items).toHaveLength(4);
    expect(
      (await get('/api/v1/devices?stale=true')).items.map((d: { name: string }) => d.name).sort(),
    ).toEqual(['pc-19', 'pc-20']);
    expect((await get(`/api/v1/devices?platform=macos&source=${fleet.jamfId}`)).items).toHaveLength(3);
  });

  it('shows a device with its software and the findings of the same physical device', async () => {
    const d = await get(`/api/v1/devices/${fleet.devices['mac-1']}`);
    expect(d).toMatchObject({ name: 'mac-1', sourceName: 'Contoso Jamf', serialNumber: 'C02SHARED01' });
    expect(d.installations).toEqual([
      expect.objectContaining({
        name: 'Kaspersky Internet Security',
        version: '21.0',
        matchedProducts: ['kaspersky-consumer'],
      }),
    ]);
    // The two records are one physical device: its findings show on either record's page.
    expect(d.findings.length).toBeGreaterThan(0);
    const other = await get(`/api/v1/devices/${fleet.devices['mac-intune']}`);
    expect(other.findings.map((f: { id: string }) => f.id).sort()).toEqual(
      d.findings.map((f: { id: string }) => f.id).sort(),
    );
    for (const f of d.findings) expect(['mac-1', 'mac-intune']).toContain(f.deviceName);
    expect((await t.call('/api/v1/devices/999999', { as: 'viewer' })).status).toBe(404);
    expect((await t.call('/api/v1/devices/abc', { as: 'viewer' })).status).toBe(404);
  });

  it('searches software titles and shows device counts', async () => {
    const page = await get('/api/v1/software?q=kaspersky');
    expect(page.items).toHaveLength(2);
    const matched = await get('/api/v1/software?matched=true&limit=200');
    expect(matched.items).toHaveLength(3);
    const chrome = (await get('/api/v1/software?q=chrome')).items[0];
    const detail = await get(`/api/v1/software/${chrome.id}`);
    expect(detail).toMatchObject({ name: 'Google Chrome', devices: 19, matches: [] });
  });

  it('creates an exception that excepts matching findings, audits it, and revokes it', async () => {
    const body = {
      productId: 'kaspersky-endpoint-security',
      scopeType: 'serial',
      scopeValue: 'SN-PC-1',
      reason: 'Isolated lab PC, replacement ordered',
      approvedBy: 'CISO',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    };
    expect((await t.call('/api/v1/exceptions', { method: 'POST', as: 'viewer', json: body })).status).toBe(
      403,
    );
    const res = await t.call('/api/v1/exceptions', { method: 'POST', as: 'analyst', json: body });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ scopeType: 'serial', isActive: true, createdBy: 'test analyst' });
    const excepted = (await get('/api/v1/findings?status=excepted&limit=500')).items;
    expect(excepted.length).toBe(kesFindings / 6);
    expect(new Set(excepted.map((f: { deviceName: string }) => f.deviceName))).toEqual(new Set(['pc-1']));
    const audit = await t.db.dataSource.query(
      `SELECT action, target_id FROM audit_log WHERE target_type = 'exceptions'`,
    );
    expect(audit).toContainEqual({ action: 'POST /api/v1/exceptions', target_id: created.id });
    const revoked = await (
      await t.call(`/api/v1/exceptions/${created.id}/revoke`, { method: 'POST', as: 'analyst' })
    ).json();
    expect(revoked.isActive).toBe(false);
    expect((await get('/api/v1/findings?status=excepted')).items).toHaveLength(0);
    expect((await get('/api/v1/exceptions')).map((e: { id: string }) => e.id)).toContain(created.id);
  });

  it('edits an exception: reason, approver and expiry, validated, audited; a new expiry applies at once', async () => {
    const create = await t.call('/api/v1/exceptions', {
      method: 'POST',
      as: 'analyst',
      json: {
        productId: 'kaspersky-endpoint-security',
        scopeType: 'serial',
        scopeValue: 'SN-PC-1',
        reason: 'Isolated lab PC',
        approvedBy: 'CISO',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    const created = await create.json();
    const patch = (json: unknown, as: 'viewer' | 'analyst' = 'analyst', id = created.id) =>
      t.call(`/api/v1/exceptions/${id}`, { method: 'PATCH', as, json });
    const stored = () =>
      t.db.dataSource.query<{ reason: string; approved_by: string; expires_at: Date }[]>(
        `SELECT reason, approved_by, expires_at FROM exception WHERE id = $1`,
        [created.id],
      );
    const before = await stored();

    expect((await patch({ reason: 'x' }, 'viewer')).status).toBe(403);
    for (const [body, field] of [
      [{}, 'reason'],
      [{ reason: '' }, 'reason'],
      [{ approvedBy: 'x'.repeat(201) }, 'approvedBy'],
      [{ expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ scopeValue: 'SN-PC-2' }, 'scopeValue'],
    ] as const) {
      const res = await patch(body);
      expect(res.status).toBe(400);
      expect(JSON.stringify((await res.json()).error)).toContain(field);
    }
    expect(await stored()).toEqual(before);
    expect((await patch({ reason: 'x' }, 'analyst', '00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );

    // Moving the expiry into the past is refused, so an expired exception is made by time; extending it works.
    await t.db.dataSource.query(`UPDATE exception SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      created.id,
    ]);
    await t.app.get(ExposureService).recompute();
    expect((await get('/api/v1/findings?status=excepted&limit=500')).items).toHaveLength(0);
    const until = new Date(Date.now() + 60 * 86_400_000).toISOString();
    const res = await patch({ reason: '  Replacement delayed  ', approvedBy: 'CISO Jane', expiresAt: until });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: created.id,
      reason: 'Replacement delayed',
      approvedBy: 'CISO Jane',
      expiresAt: until,
      scopeValue: 'SN-PC-1',
      isActive: true,
    });
    const excepted = (await get('/api/v1/findings?status=excepted&limit=500')).items;
    expect(new Set(excepted.map((f: { deviceName: string }) => f.deviceName))).toEqual(new Set(['pc-1']));
    const audit = await t.db.dataSource.query(
      `SELECT action, target_id FROM audit_log WHERE target_type = 'exceptions' AND action LIKE 'PATCH%'`,
    );
    expect(audit).toContainEqual({ action: 'PATCH /api/v1/exceptions/:id', target_id: created.id });

    await t.call(`/api/v1/exceptions/${created.id}/revoke`, { method: 'POST', as: 'analyst' });
    const afterRevoke = await patch({ reason: 'too late' });
    expect(afterRevoke.status).toBe(409);
    expect((await afterRevoke.json()).error.code).toBe('exception_revoked');
    expect((await stored())[0].reason).toBe('Replacement delayed');
  });

  it('refuses an exception for an unknown rule and stores nothing', async () => {
    const before = await t.db.count('exception');
    const res = await t.call('/api/v1/exceptions', {
      method: 'POST',
      as: 'analyst',
      json: {
        ruleId: 'NOPE',
        scopeType: 'device',
        scopeValue: '1',
        reason: 'x',
        approvedBy: 'y',
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'rule_not_found', field: 'ruleId' });
    expect(await t.db.count('exception')).toBe(before);
  });

  it('serves the catalog and validates candidate files without storing them', async () => {
    const products = await get('/api/v1/catalog/products');
    expect(products.map((p: { id: string }) => p.id)).toContain('kaspersky-endpoint-security');
    const bad = await (
      await t.call('/api/v1/catalog/validate', {
        method: 'POST',
        as: 'analyst',
        json: { files: [{ path: 'x.yaml', text: 'family: [' }] },
      })
    ).json();
    expect(bad.valid).toBe(false);
    expect(bad.problems[0]).toContain('x.yaml:1');
  });
});
