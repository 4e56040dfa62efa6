import type { DataSource } from 'typeorm';
import { buildCatalog, CatalogService } from '@interdict/catalog';
import type { Config } from '@interdict/config';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { ExceptionService } from '../exceptions/exception.service';
import { SoftwareMatchingService } from '../matching/software-matching.service';
import { SnapshotService } from '../snapshots/snapshot.service';
import { ExposureQueryService } from './exposure-query.service';
import { ExposureService } from './exposure.service';

// A small catalog so every expectation can be computed by hand: one ban with two phases (findings open from
// 2024-07-20, the 30-day clock starts 2024-09-29) and one product limited to a version range.
const CATALOG = `
family: test
rules:
  - id: TEST-BAN
    title: Test ban
    citation: 89 FR 52434
    jurisdiction: US
    kind: binding
    appliesTo: everyone
    phases:
      - { date: 2024-07-20, status: restricted, summary: no new sales }
      - { date: 2024-09-29, status: prohibited, summary: no updates, startsRemediation: true }
    remediationDays: 30
    severity: critical
    source: https://example.test/rule
    confidence: V
products:
  - id: kav
    name: Kaspersky Anti-Virus
    vendor: AO Kaspersky Lab
    confidence: V
    rules: [TEST-BAN]
    matchers:
      - id: kav-name
        platforms: [windows, macos]
        displayName: '^Kaspersky Anti-Virus'
  - id: oldapp
    name: Old App before 2.0
    vendor: Example
    confidence: V
    rules: [TEST-BAN]
    matchers:
      - id: oldapp-name
        platforms: [windows]
        displayName: '^Old App$'
        versions: { below: '2.0' }
`;

const T0 = new Date('2026-11-01T10:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe('ExposureService (real Postgres)', () => {
  let tdb: TestDatabase;
  let db: DataSource;
  let catalog: CatalogService;
  let exposure: ExposureService;
  let queries: ExposureQueryService;
  let exceptions: ExceptionService;
  let snapshots: SnapshotService;
  let intune: string;
  let jamf: string;

  const config = { exposure: { staleAfterDays: 14 } } as unknown as Config;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.dataSource;
  });
  afterAll(async () => tdb.drop());

  beforeEach(async () => {
    await db.query(`TRUNCATE source, software, exception, webhook_event, exposure_snapshot CASCADE`);
    catalog = new CatalogService(buildCatalog([{ path: 'test.yaml', text: CATALOG }], []));
    exposure = new ExposureService(db, catalog, new SoftwareMatchingService(db, catalog));
    queries = new ExposureQueryService(db, catalog, config);
    exceptions = new ExceptionService(db, catalog, exposure);
    snapshots = new SnapshotService(db, config);
    [{ id: intune }] = await db.query(
      `INSERT INTO source (kind, name) VALUES ('intune', 'Intune') RETURNING id`,
    );
    [{ id: jamf }] = await db.query(`INSERT INTO source (kind, name) VALUES ('jamf', 'Jamf') RETURNING id`);
  });

  async function device(
    sourceId: string,
    o: {
      ext: string;
      serial?: string;
      platform?: string;
      tags?: string[];
      checkIn?: Date | null;
      appsReported?: boolean;
    },
  ): Promise<string> {
    const [{ id }] = await db.query(
      `INSERT INTO device (source_id, external_id, physical_key, name, serial_number, platform, user_principal_name,
                           last_check_in_at, apps_reported, tags, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'a.rivera@example.test', $7, $8, $9, $10, $10) RETURNING id`,
      [
        sourceId,
        o.ext,
        o.serial ? `serial:${o.serial}` : `${sourceId}:${o.ext}`,
        `PC-${o.ext}`,
        o.serial ?? null,
        o.platform ?? 'windows',
        o.checkIn === undefined ? T0 : o.checkIn,
        o.appsReported ?? true,
        o.tags ?? [],
        T0,
      ],
    );
    return String(id);
  }
  async function software(name: string, platform = 'windows'): Promise<string> {
    const [{ id }] = await db.query(
      `INSERT INTO software (identity_key, platform, name, name_norm, publisher) VALUES (gen_random_uuid(), $1, $2, lower($2), 'AO Kaspersky Lab') RETURNING id`,
      [platform, name],
    );
    return String(id);
  }
  async function install(
    deviceId: string,
    softwareId: string,
    seenAt: Date,
    version = '21.3.10',
  ): Promise<void> {
    await db.query(
      `INSERT INTO installation (device_id, software_id, version, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT ON CONSTRAINT installation_pkey DO UPDATE SET removed_at = NULL, last_seen_at = $4`,
      [deviceId, softwareId, version, seenAt],
    );
  }
  const removeInstall = (deviceId: string, softwareId: string, at: Date) =>
    db.query(`UPDATE installation SET removed_at = $3 WHERE device_id = $1 AND software_id = $2`, [
      deviceId,
      softwareId,
      at,
    ]);
  const findings = (): Promise<
    {
      id: string;
      status: string;
      device_id: string;
      first_detected_at: Date;
      due_at: Date;
      resolved_at: Date | null;
      exception_id: string | null;
    }[]
  > => db.query(`SELECT * FROM finding ORDER BY id`);
  const events = (): Promise<
    { type: string; payload: Record<string, unknown>; ordering_key: string; severity: string }[]
  > => db.query(`SELECT type, payload, ordering_key, severity FROM webhook_event ORDER BY occurred_at, id`);

  it('opens one finding per matched installation with due = max(first detected, clock) + window and one detected event', async () => {
    const pc = await device(intune, { ext: 'a', serial: 'SER1' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await install(pc, await software('Google Chrome'), T0);
    const out = await exposure.recompute({ now: T0 });
    expect(out).toMatchObject({ detected: 1, resolved: 0, events: 1 });
    const [f] = await findings();
    expect(f).toMatchObject({ status: 'open', first_detected_at: T0, due_at: day(30) });
    const [e] = await events();
    expect(e.type).toBe('exposure.detected');
    expect(e.ordering_key).toBe('device:serial:SER1');
    expect(e.severity).toBe('critical');
    expect(e.payload).toMatchObject({
      findingId: f.id,
      reason: 'new',
      device: { name: 'PC-a', serialNumber: 'SER1', platform: 'windows', user: 'a.rivera@example.test' },
      product: { id: 'kav' },
      rule: { id: 'TEST-BAN', citation: '89 FR 52434' },
      title: 'Kaspersky Anti-Virus',
      version: '21.3.10',
      matcher: 'kav-name',
    });
  });

  it('uses the remediation start when the title was first seen before it', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), new Date('2024-08-01T00:00:00Z'));
    await exposure.recompute({ now: new Date('2024-08-02T00:00:00Z') });
    expect((await findings())[0].due_at).toEqual(new Date('2024-10-29T00:00:00Z'));
  });

  it('opens nothing before the rule is in force', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), new Date('2024-07-01T00:00:00Z'));
    await exposure.recompute({ now: new Date('2024-07-19T23:00:00Z') });
    expect(await tdb.count('finding')).toBe(0);
    await exposure.recompute({ now: new Date('2024-07-20T00:00:00Z') });
    expect(await tdb.count('finding')).toBe(1);
  });

  it('keeps a finding open while seen, and a failed sync (no installation change) changes nothing', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    const before = await findings();
    await db.query(
      `INSERT INTO sync_run (source_id, status, finished_at, error_code) VALUES ($1, 'failed', $2, 'upstream_unavailable')`,
      [intune, day(1)],
    );
    const out = await exposure.recompute({ now: day(1), sourceId: intune });
    expect(out).toMatchObject({ detected: 0, resolved: 0, excepted: 0, events: 0 });
    expect(await findings()).toEqual(before);
    expect(await tdb.count('webhook_event')).toBe(1);
  });

  it('resolves when a successful sync no longer sees the title and reopens as a new row when it returns', async () => {
    const pc = await device(intune, { ext: 'a' });
    const kav = await software('Kaspersky Anti-Virus');
    await install(pc, kav, T0);
    await exposure.recompute({ now: T0 });
    await removeInstall(pc, kav, day(2));
    expect(await exposure.recompute({ now: day(2) })).toMatchObject({ resolved: 1, detected: 0 });
    await install(pc, kav, day(5));
    expect(await exposure.recompute({ now: day(5) })).toMatchObject({ detected: 1, reopened: 1 });
    const rows = await findings();
    expect(rows.map((r) => r.status)).toEqual(['resolved', 'open']);
    expect(rows[0].resolved_at).toEqual(day(2));
    expect(rows[1].first_detected_at).toEqual(day(5));
    expect(rows[1].due_at).toEqual(day(35));
    expect((await events()).map((e) => [e.type, e.payload.reason])).toEqual([
      ['exposure.detected', 'new'],
      ['exposure.resolved', 'no_longer_seen'],
      ['exposure.detected', 'reappeared'],
    ]);
  });

  it('counts one physical device seen by two sources once, and keeps it open while either source sees it', async () => {
    const viaIntune = await device(intune, { ext: 'i-1', serial: 'C02X', platform: 'macos' });
    const viaJamf = await device(jamf, { ext: 'j-1', serial: 'C02X', platform: 'macos' });
    const kavIntune = await software('Kaspersky Anti-Virus', 'macos');
    await install(viaIntune, kavIntune, T0);
    await install(viaJamf, kavIntune, T0);
    await exposure.recompute({ now: T0 });
    expect(await tdb.count('finding')).toBe(1);
    const summary = await queries.summary({}, T0);
    expect(summary.totals).toMatchObject({ exposedDevices: 1, openFindings: 1 });
    expect((await queries.summary({ sourceId: jamf }, T0)).totals.exposedDevices).toBe(1);
    await db.query(`UPDATE device SET removed_at = $2 WHERE id = $1`, [viaIntune, day(1)]);
    expect(await exposure.recompute({ now: day(1) })).toMatchObject({ resolved: 0, detected: 0 });
    expect((await findings())[0].status).toBe('open');
  });

  it('excepts by group, stays visible as excepted, and reopens when the exception expires', async () => {
    const pc = await device(intune, { ext: 'a', tags: ['Lab'] });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    const exc = await exceptions.create(
      {
        ruleId: 'TEST-BAN',
        scopeType: 'group',
        scopeValue: 'Lab',
        reason: 'Malware lab',
        approvedBy: 'CISO',
        expiresAt: day(10),
      },
      { name: 'analyst' },
      day(1),
    );
    let [f] = await findings();
    expect(f).toMatchObject({ status: 'excepted', exception_id: exc.id });
    expect((await queries.listFindings({ status: 'excepted' }, undefined, day(1))).items).toHaveLength(1);
    await exposure.recompute({ now: day(11) });
    [f] = await findings();
    expect(f).toMatchObject({ status: 'open', exception_id: null });
    expect((await events()).map((e) => [e.type, e.payload.reason])).toEqual([
      ['exposure.detected', 'new'],
      ['exposure.excepted', 'exception_applied'],
      ['exposure.detected', 'exception_ended'],
    ]);
  });

  it('scopes an exception to its product and to the serial it names', async () => {
    const a = await device(intune, { ext: 'a', serial: 'AAA' });
    const b = await device(intune, { ext: 'b', serial: 'BBB' });
    const kav = await software('Kaspersky Anti-Virus');
    await install(a, kav, T0);
    await install(b, kav, T0);
    await exceptions.create(
      {
        productId: 'kav',
        scopeType: 'serial',
        scopeValue: 'aaa',
        reason: 'r',
        approvedBy: 'CISO',
        expiresAt: day(10),
      },
      { name: 'x' },
      T0,
    );
    const rows: { status: string; serial_number: string }[] = await db.query(
      `SELECT f.status, d.serial_number FROM finding f JOIN device d ON d.id = f.device_id ORDER BY d.serial_number`,
    );
    expect(rows).toEqual([
      { status: 'excepted', serial_number: 'AAA' },
      { status: 'open', serial_number: 'BBB' },
    ]);
  });

  it('refuses an exception for an unknown rule and stores nothing', async () => {
    await expect(
      exceptions.create(
        {
          ruleId: 'nope',
          scopeType: 'device',
          scopeValue: '1',
          reason: 'r',
          approvedBy: 'a',
          expiresAt: day(1),
        },
        { name: 'x' },
        T0,
      ),
    ).rejects.toMatchObject({ code: 'rule_not_found', field: 'ruleId' });
    expect(await tdb.count('exception')).toBe(0);
  });

  it('announces overdue once, when the due date passes', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    expect((await exposure.recompute({ now: day(29) })).overdue).toBe(0);
    expect((await exposure.recompute({ now: day(31) })).overdue).toBe(1);
    expect((await exposure.recompute({ now: day(32) })).overdue).toBe(0);
    expect((await queries.listFindings({ status: 'overdue' }, undefined, day(32))).items[0]).toMatchObject({
      isOverdue: true,
      rule: { citation: '89 FR 52434' },
    });
  });

  it('writes no finding and no event when the transaction fails', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await db.query(
      `CREATE FUNCTION pg_temp_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$`,
    );
    await db.query(
      `CREATE TRIGGER outbox_down BEFORE INSERT ON webhook_event FOR EACH ROW EXECUTE FUNCTION pg_temp_fail()`,
    );
    try {
      await expect(exposure.recompute({ now: T0 })).rejects.toThrow(/outbox down/);
      expect(await tdb.count('finding')).toBe(0);
      expect(await tdb.count('webhook_event')).toBe(0);
    } finally {
      await db.query(`DROP TRIGGER outbox_down ON webhook_event; DROP FUNCTION pg_temp_fail()`);
    }
    expect((await exposure.recompute({ now: T0 })).detected).toBe(1);
  });

  it('applies matcher version ranges to installations', async () => {
    const pc = await device(intune, { ext: 'a' });
    const old = await software('Old App');
    await install(pc, old, T0, '1.9.3');
    await install(await device(intune, { ext: 'b' }), old, T0, '2.0');
    await install(await device(intune, { ext: 'c' }), old, T0, 'unknown');
    await exposure.recompute({ now: T0 });
    const rows: { version: string }[] = await db.query(`SELECT version FROM finding`);
    expect(rows).toEqual([{ version: '1.9.3' }]);
  });

  it('matches each title once per catalog version and again when the catalog changes', async () => {
    await software('Kaspersky Anti-Virus');
    await software('Google Chrome');
    const matching = new SoftwareMatchingService(db, catalog);
    expect(await matching.matchPending()).toMatchObject({ examined: 2, matched: 1 });
    expect(await matching.matchPending()).toMatchObject({ examined: 0 });
    await software('Kaspersky Anti-Virus Beta');
    expect(await matching.matchPending()).toMatchObject({ examined: 1, matched: 1 });
    const changed = new CatalogService(
      buildCatalog(
        [
          {
            path: 'test.yaml',
            text: CATALOG.replace("'^Kaspersky Anti-Virus'", () => "'^Kaspersky Anti-Virus$'"),
          },
        ],
        [],
      ),
    );
    expect(await new SoftwareMatchingService(db, changed).matchPending()).toMatchObject({
      examined: 3,
      matched: 1,
    });
    const rows: { explanation: string; catalog_version: string }[] = await db.query(
      `SELECT explanation, catalog_version FROM software_match`,
    );
    expect(rows).toEqual([
      {
        explanation: expect.stringContaining('matches /^Kaspersky Anti-Virus$/i'),
        catalog_version: changed.version,
      },
    ]);
  });

  it('resolves findings of a rule the organisation disabled, saying so', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    const disabled = new CatalogService(buildCatalog([{ path: 'test.yaml', text: CATALOG }], ['TEST-BAN']));
    await new ExposureService(db, disabled, new SoftwareMatchingService(db, disabled)).recompute({
      now: day(1),
    });
    const e = await events();
    expect(e.map((x) => [x.type, x.payload.reason])).toEqual([
      ['exposure.detected', 'new'],
      ['exposure.resolved', 'rule_disabled'],
    ]);
  });

  it('takes an idempotent daily snapshot with totals counted per physical device', async () => {
    const a = await device(intune, { ext: 'a', serial: 'S1' });
    const b = await device(jamf, { ext: 'b', serial: 'S1' });
    const c = await device(intune, { ext: 'c' });
    const kav = await software('Kaspersky Anti-Virus');
    await install(a, kav, T0);
    await install(b, kav, T0);
    await install(c, kav, T0);
    await exposure.recompute({ now: T0 });
    const first = await snapshots.takeSnapshot(T0);
    const again = await snapshots.takeSnapshot(new Date(T0.getTime() + 3_600_000));
    expect(again).toEqual(first);
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT rule_id, product_id, platform, open_count, new_count, exposed_devices, devices_covered FROM exposure_snapshot ORDER BY rule_id`,
    );
    expect(rows).toEqual([
      {
        rule_id: '*',
        product_id: '*',
        platform: '*',
        open_count: 2,
        new_count: 2,
        exposed_devices: 2,
        devices_covered: 2,
      },
      {
        rule_id: 'TEST-BAN',
        product_id: 'kav',
        platform: 'windows',
        open_count: 2,
        new_count: 2,
        exposed_devices: 2,
        devices_covered: 2,
      },
    ]);
    expect(await queries.trend(7, T0)).toEqual([
      expect.objectContaining({ day: '2026-11-01', open: 2, exposedDevices: 2 }),
    ]);
  });

  it('lists coverage gaps per source and platform: stale check-in and apps never reported', async () => {
    await device(intune, { ext: 'fresh' });
    await device(intune, { ext: 'stale', checkIn: day(-20) });
    await device(intune, { ext: 'never', checkIn: null });
    await device(jamf, { ext: 'noapps', platform: 'macos', appsReported: false });
    const cov = await queries.coverage(T0);
    expect(cov.totals).toEqual({ devices: 4, stale: 2, neverReportedApps: 1, covered: 1 });
    expect(cov.bySourcePlatform.find((r) => r.platform === 'macos')).toMatchObject({
      sourceName: 'Jamf',
      neverReportedApps: 1,
      covered: 0,
    });
    const gaps = await queries.listCoverageGaps({}, undefined, T0);
    expect(gaps.items.map((g) => [g.name, g.reasons])).toEqual([
      ['PC-stale', ['stale_check_in']],
      ['PC-never', ['never_checked_in']],
      ['PC-noapps', ['apps_not_reported']],
    ]);
  });
});
