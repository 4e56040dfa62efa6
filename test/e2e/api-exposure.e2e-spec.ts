import { ExposureService, SnapshotService } from '@interdict/exposure';
import { seedTestFleet, seedTrendHistory, type TestFleet } from './api-fleet';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

describe('exposure, exposures, policy, devices and software over HTTP', () => {
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

  // One exposure per physical device and product: 6 KES PCs + 2 TikTok phones + 3 Macs with KIS (one seen by both
  // sources) = 11, whatever the number of rules each falls under.
  const EXPOSURES = 11;

  const get = async (path: string, as: 'viewer' | 'analyst' | 'admin' = 'viewer') => {
    const res = await t.call(path, { as });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  it('summarises exposure counting a device seen by two sources once', async () => {
    const s = await get('/api/v1/exposure/summary');
    expect(s).toMatchObject({ exposedDevices: 11, exposures: EXPOSURES, exceptedExposures: 0 });
    expect(
      s.byProduct.map((p: { productId: string; exposedDevices: number }) => [p.productId, p.exposedDevices]),
    ).toEqual([
      ['kaspersky-consumer', 3],
      ['kaspersky-endpoint-security', 6],
      ['tiktok', 2],
    ]);
    // The per-rule view: the Commerce ban binds a private US business and applies to the 9 Kaspersky devices.
    expect(s.byRule.find((r: { ruleId: string }) => r.ruleId === 'US-BIS-FD')).toMatchObject({
      standing: 'binding',
      exposedDevices: 9,
    });
    expect(s.byRule.find((r: { ruleId: string }) => r.ruleId === 'US-TIKTOK-GOV')).toMatchObject({
      standing: 'review',
      exposedDevices: 2,
    });
    // TikTok binds nobody here: its exposures are for review (no due date).
    expect(s.reviewExposures).toBe(2);
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
      '/api/v1/exposures',
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

  it('filters exposures by product, platform, source, standing and overdue', async () => {
    const kes = await get('/api/v1/exposures?product=kaspersky-endpoint-security&status=open&limit=500');
    expect(kes.items).toHaveLength(6);
    expect(new Set(kes.items.map((x: { deviceName: string }) => x.deviceName)).size).toBe(6);
    expect(kes.items[0]).toMatchObject({
      platform: 'windows',
      standing: 'binding',
      severity: 'critical',
      titles: ['Kaspersky Endpoint Security for Windows'],
      versions: ['12.1'],
      sources: ['Contoso Intune'],
    });
    expect(kes.items[0].ruleIds).toContain('US-BIS-FD');
    expect(kes.items[0].rules[0]).toMatchObject({
      id: 'US-BIS-FD',
      standing: 'binding',
      status: 'prohibited',
    });
    const android = (await get('/api/v1/exposures?platform=android&limit=500')).items;
    expect(new Set(android.map((x: { deviceName: string }) => x.deviceName))).toEqual(
      new Set(['phone-1', 'phone-2']),
    );
    // Jamf sees mac-1..3; mac-intune is the same physical device as mac-1, shown by either record.
    const jamf = (await get(`/api/v1/exposures?source=${fleet.jamfId}&limit=500`)).items;
    const jamfDevices = new Set(
      jamf.map((x: { deviceName: string }) => x.deviceName.replace('mac-intune', 'mac-1')),
    );
    expect(jamfDevices).toEqual(new Set(['mac-1', 'mac-2', 'mac-3']));
    const overdue = await get('/api/v1/exposures?overdue=true&limit=500');
    const notOverdue = await get('/api/v1/exposures?overdue=false&limit=500');
    expect(overdue.items.length + notOverdue.items.length).toBe(EXPOSURES);
    expect(overdue.items.every((x: { isOverdue: boolean }) => x.isOverdue)).toBe(true);
    const review = (await get('/api/v1/exposures?standing=review&limit=500')).items;
    expect(review.map((x: { productId: string; dueAt: string | null }) => [x.productId, x.dueAt])).toEqual([
      ['tiktok', null],
      ['tiktok', null],
    ]);
  });

  it('keeps /findings as a deprecated alias of the exposure list', async () => {
    const q = '?product=kaspersky-consumer&limit=500';
    expect(await get(`/api/v1/findings${q}`)).toEqual(await get(`/api/v1/exposures${q}`));
  });

  it('shows one exposure with the evidence of both sources and its rules', async () => {
    const [shared] = (await get(`/api/v1/exposures?device=${fleet.devices['mac-1']}`)).items;
    const x = await get(`/api/v1/exposures/${shared.id}`);
    expect(x).toMatchObject({
      productId: 'kaspersky-consumer',
      serialNumber: 'C02SHARED01',
      evidenceCount: 2,
    });
    expect(x.evidence.map((e: { source: { name: string } }) => e.source.name).sort()).toEqual([
      'Contoso Intune',
      'Contoso Jamf',
    ]);
    expect(x.evidence[0]).toMatchObject({
      title: 'Kaspersky Internet Security',
      version: '21.0',
      goneAt: null,
    });
    expect(x.evidence[0].explanation).toContain('(matcher kaspersky-consumer-name)');
    expect(x.rules.map((r: { id: string }) => r.id)).toEqual(x.ruleIds);
    expect((await t.call('/api/v1/exposures/999999', { as: 'viewer' })).status).toBe(404);
    expect((await t.call('/api/v1/exposures/abc', { as: 'viewer' })).status).toBe(404);
  });

  it('searches exposures by device, user or title, literally', async () => {
    const names = async (q: string) =>
      new Set(
        (await get(`/api/v1/exposures?limit=500&q=${encodeURIComponent(q)}`)).items.map(
          (x: { deviceName: string }) => x.deviceName,
        ),
      );
    expect(await names('pc-3')).toEqual(new Set(['pc-3']));
    expect(await names("o'brien")).toEqual(new Set(['pc-3']));
    expect(await names('tiktok')).toEqual(new Set(['phone-1', 'phone-2']));
    expect((await get('/api/v1/exposures?q=%25')).items).toHaveLength(0);
  });

  it('pages exposures with a cursor in every sort order without gaps or repeats', async () => {
    for (const sort of ['-id', 'id', 'dueAt', '-dueAt', 'firstDetectedAt', '-firstDetectedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await get(
          `/api/v1/exposures?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(EXPOSURES);
      expect(seen).toHaveLength(EXPOSURES);
    }
    const bad = await t.call('/api/v1/exposures?cursor=bm9wZQ', { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('cursor');
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

  it('sorts devices by last check-in either way and pages that order without gaps or repeats', async () => {
    type D = { id: string; name: string; lastCheckInAt: string | null };
    const time = (d: D) => (d.lastCheckInAt ? Date.parse(d.lastCheckInAt) : -Infinity);
    const newest = (await get('/api/v1/devices?limit=500&sort=-lastCheckInAt')).items as D[];
    expect(newest).toHaveLength(28);
    for (let i = 1; i < newest.length; i++)
      expect(time(newest[i - 1])).toBeGreaterThanOrEqual(time(newest[i]));
    // Most devices share one check-in time: the id breaks the tie, so 5 a page still walks every device once.
    const walked: D[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: D[]; nextCursor: string | null } = await get(
        `/api/v1/devices?limit=5&sort=lastCheckInAt${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked.map((d) => d.id)).toEqual([...newest].reverse().map((d) => d.id));
    expect(
      walked
        .slice(0, 2)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['pc-19', 'pc-20']); // the stale ones
    expect((await t.call('/api/v1/devices?sort=serial', { as: 'viewer' })).status).toBe(400);
  });

  it('sorts devices and titles by name either way, paging that order without gaps or repeats', async () => {
    const walk = async (path: string, limit: number) => {
      const out: { id: string; name: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string; name: string }[]; nextCursor: string | null } = await get(
          `${path}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0;
    const devices = await walk('/api/v1/devices?sort=name', 3);
    expect(devices).toHaveLength(28);
    expect(new Set(devices.map((d) => d.id)).size).toBe(28);
    expect(devices.map((d) => d.name)).toEqual([...devices].sort(byName).map((d) => d.name));
    const reversed = await walk('/api/v1/devices?sort=-name', 4);
    expect(reversed.map((d) => d.id)).toEqual([...devices].reverse().map((d) => d.id));
    const titles = await walk('/api/v1/software?sort=name', 2);
    expect(titles.map((x) => x.name)).toEqual([...titles].sort(byName).map((x) => x.name));
    expect(titles.length).toBe((await get('/api/v1/software?total=true&limit=1')).total);
    // A cursor of one order is not a cursor of another.
    const first = await get('/api/v1/devices?sort=name&limit=2');
    expect(
      (await t.call(`/api/v1/devices?sort=lastCheckInAt&cursor=${first.nextCursor}`, { as: 'viewer' }))
        .status,
    ).toBe(400);
  });

  it('filters devices by open exposure of their physical device', async () => {
    // 6 KES PCs + 2 TikTok phones + the shared Mac's two records + mac-2 + mac-3 = 12 records; 28 - 12 = 16.
    const exposed = (await get('/api/v1/devices?exposed=true&limit=500')).items as {
      name: string;
      openExposures: number;
    }[];
    expect(exposed).toHaveLength(12);
    expect(exposed.every((d) => d.openExposures > 0)).toBe(true);
    expect(exposed.map((d) => d.name)).toEqual(expect.arrayContaining(['mac-1', 'mac-intune']));
    const clean = (await get('/api/v1/devices?exposed=false&limit=500')).items as { openExposures: number }[];
    expect(clean).toHaveLength(16);
    expect(clean.every((d) => d.openExposures === 0)).toBe(true);
  });

  it('counts what the filters select over all pages when asked (total=true), and only then', async () => {
    const first = await get('/api/v1/exposures?total=true&limit=4');
    expect(first.items).toHaveLength(4);
    expect(first.total).toBe(EXPOSURES);
    const second = await get(`/api/v1/exposures?total=true&limit=4&cursor=${first.nextCursor}`);
    expect(second.total).toBe(EXPOSURES);
    expect((await get('/api/v1/exposures?total=true&platform=android')).total).toBe(2);
    expect((await get('/api/v1/exposures?total=true&q=no-such-thing')).total).toBe(0);
    expect(await get('/api/v1/exposures?limit=4')).not.toHaveProperty('total');
    expect((await get('/api/v1/devices?total=true&limit=5')).total).toBe(28);
    expect((await get('/api/v1/devices?total=true&exposed=true&platform=android')).total).toBe(2);
    expect((await get('/api/v1/software?total=true&q=kaspersky&limit=1')).total).toBe(2);
    const bad = await t.call('/api/v1/devices?total=yes', { as: 'viewer' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      field: 'total',
      message: 'total: total must be true or false',
    });
  });

  it('shows a device with its software and the exposures of its physical device', async () => {
    const d = await get(`/api/v1/devices/${fleet.devices['mac-1']}`);
    expect(d).toMatchObject({ name: 'mac-1', sourceName: 'Contoso Jamf', serialNumber: 'C02SHARED01' });
    expect(d.installations).toEqual([
      expect.objectContaining({
        name: 'Kaspersky Internet Security',
        version: '21.0',
        matchedProducts: ['kaspersky-consumer'],
      }),
    ]);
    // The two records are one physical device: its one exposure shows on either record's page.
    expect(d.exposures).toHaveLength(1);
    expect(d.openExposures).toBe(1);
    const other = await get(`/api/v1/devices/${fleet.devices['mac-intune']}`);
    expect(other.exposures.map((x: { id: string }) => x.id)).toEqual(
      d.exposures.map((x: { id: string }) => x.id),
    );
    expect(['mac-1', 'mac-intune']).toContain(d.exposures[0].deviceName);
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

  it('creates an exception that excepts matching exposures, audits it, and revokes it', async () => {
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
    const excepted = (await get('/api/v1/exposures?status=excepted&limit=500')).items;
    expect(excepted.map((x: { deviceName: string }) => x.deviceName)).toEqual(['pc-1']);
    const audit = await t.db.dataSource.query(
      `SELECT action, target_id FROM audit_log WHERE target_type = 'exceptions'`,
    );
    expect(audit).toContainEqual({ action: 'POST /api/v1/exceptions', target_id: created.id });
    const revoked = await (
      await t.call(`/api/v1/exceptions/${created.id}/revoke`, { method: 'POST', as: 'analyst' })
    ).json();
    expect(revoked.isActive).toBe(false);
    expect((await get('/api/v1/exposures?status=excepted')).items).toHaveLength(0);
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
    expect((await get('/api/v1/exposures?status=excepted&limit=500')).items).toHaveLength(0);
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
    const excepted = (await get('/api/v1/exposures?status=excepted&limit=500')).items;
    expect(excepted.map((x: { deviceName: string }) => x.deviceName)).toEqual(['pc-1']);
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

  it('serves the catalog with vendors and rule standings, and validates candidate files without storing them', async () => {
    const products = await get('/api/v1/catalog/products');
    expect(products.find((p: { id: string }) => p.id === 'tiktok')).toMatchObject({
      vendor: 'ByteDance Ltd.',
      vendorId: 'bytedance',
    });
    expect((await get('/api/v1/catalog/vendors')).map((v: { id: string }) => v.id)).toContain('kaspersky');
    const rule = await get('/api/v1/catalog/rules/US-FAR-52.204-23');
    expect(rule).toMatchObject({
      standing: 'review',
      binds: [{ jurisdiction: 'US', sectors: ['federal-contractor'] }],
      advises: [{ jurisdiction: 'US' }],
    });
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

  it('explains why a title is a product, or which exclusion stops a lookalike (the "why" tester)', async () => {
    const why = async (json: Record<string, string>) =>
      (await t.call('/api/v1/catalog/match', { method: 'POST', as: 'viewer', json })).json();
    const tiktok = await why({ platform: 'ios', name: 'TikTok - Videos, Music & LIVE' });
    expect(tiktok.matches).toEqual([
      {
        productId: 'tiktok',
        matcherId: 'tiktok-names',
        explanation: expect.stringContaining('is the product name "tiktok" with a suffix'),
      },
    ]);
    const remover = await why({ platform: 'windows', name: 'kavremover', publisher: 'AO Kaspersky Lab' });
    expect(remover).toMatchObject({ matches: [], exclusions: [{ exclusionId: 'kaspersky-uninstallers' }] });
    expect((await why({ platform: 'windows', name: 'TikTok', publisher: 'SnapTik Ltd' })).matches).toEqual(
      [],
    );
    const bad = await t.call('/api/v1/catalog/match', {
      method: 'POST',
      as: 'viewer',
      json: { platform: 'amiga', name: 'x' },
    });
    expect(bad.status).toBe(400);
  });

  it('says which rules bind this organisation and previews a profile change without writing anything', async () => {
    const policy = await get('/api/v1/policy');
    expect(policy.profile).toEqual({ jurisdictions: ['US'], sectors: [], enableRules: [], disableRules: [] });
    expect(policy.rules.find((r: { ruleId: string }) => r.ruleId === 'US-BIS-FD')).toMatchObject({
      standing: 'binding',
      why: 'binds everyone in US',
    });
    const before = {
      exposures: await t.db.dataSource.query(`SELECT id, status, due_at FROM exposure ORDER BY id`),
      events: await t.db.count('webhook_event'),
    };
    const preview = (json: unknown, as: 'viewer' | 'analyst' = 'analyst') =>
      t.call('/api/v1/policy/preview', { method: 'POST', as, json });
    expect((await preview({ sectors: ['federal-contractor'] }, 'viewer')).status).toBe(403);
    const res = await preview({ sectors: ['federal-contractor'] });
    expect(res.status).toBe(200);
    const p = await res.json();
    // A contractor is bound by FAR 52.204-27 (TikTok, due at once) and FAR 52.204-23 (Kaspersky, due at once).
    expect(p).toMatchObject({
      current: { exposures: EXPOSURES, reviewExposures: 2 },
      proposed: { exposures: EXPOSURES, reviewExposures: 0, overdueExposures: EXPOSURES },
      added: { exposures: 0, devices: 0 },
      removed: { exposures: 0, devices: 0 },
    });
    expect(p.rules.map((r: { ruleId: string }) => r.ruleId)).toEqual(
      expect.arrayContaining(['US-FAR-52.204-23', 'US-FAR-52.204-27']),
    );
    const off = await (
      await preview({ disableRules: ['US-TIKTOK-GOV', 'US-FAR-52.204-27', 'TX-PTL-2023'] })
    ).json();
    expect(off).toMatchObject({ removed: { exposures: 2, devices: 2 } });
    const unknown = await preview({ sectors: ['bank'] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({ code: 'invalid_profile', field: 'sectors' });
    expect((await preview({ colour: 'red' })).status).toBe(400);
    expect({
      exposures: await t.db.dataSource.query(`SELECT id, status, due_at FROM exposure ORDER BY id`),
      events: await t.db.count('webhook_event'),
    }).toEqual(before);
  });
});
