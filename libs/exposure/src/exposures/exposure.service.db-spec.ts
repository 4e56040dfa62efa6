import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { DataSource } from 'typeorm';
import { buildCatalog, CatalogService, type OrganisationProfile } from '@interdict/catalog';
import type { Config } from '@interdict/config';
import { EVENT_SCHEMAS } from '@interdict/webhooks';
import {
  createTestDatabase,
  newDevice,
  newInstallation,
  newSoftware,
  newSource,
  removeDevice,
  removeInstallation,
  type TestDatabase,
} from '@interdict/testing';
import { ExceptionService } from '../exceptions/exception.service';
import { SoftwareMatchingService } from '../matching/software-matching.service';
import { SnapshotService } from '../snapshots/snapshot.service';
import { ExposureQueryService } from './exposure-query.service';
import { ExposureService } from './exposure.service';
import { PolicyPreviewService } from '../policy/policy-preview.service';

// A small catalog so every expectation can be computed by hand: one ban that binds everyone in the US with two
// phases (exposure opens from 2024-07-20, the 30-day clock starts 2024-09-29), a contractors' ban that binds federal
// contractors at once (0 days) and advises every other US organisation, and one product limited to a version range.
const CATALOG = `
family: test
vendors:
  - { id: kl, name: AO Kaspersky Lab, publishers: ['^(ao )?kaspersky'] }
  - { id: ex, name: Example, publishers: ['^example'] }
rules:
  - id: TEST-BAN
    title: Test ban
    citation: 89 FR 52434
    jurisdiction: US
    kind: binding
    appliesTo: everyone
    binds: [{ jurisdiction: US }]
    phases:
      - { date: 2024-07-20, status: restricted, summary: no new sales }
      - { date: 2024-09-29, status: prohibited, summary: no updates, startsRemediation: true }
    remediationDays: 30
    severity: critical
    source: https://example.test/rule
    confidence: V
  - id: TEST-FAR
    title: Contractors' ban
    citation: FAR 52.204-23
    jurisdiction: US-federal
    kind: binding
    appliesTo: federal contractors
    binds: [{ jurisdiction: US, sectors: [federal-contractor] }]
    advises: [{ jurisdiction: US }]
    phases:
      - { date: 2018-07-16, status: prohibited, summary: in force }
    remediationDays: 0
    severity: high
    source: https://example.test/far
    confidence: V
products:
  - id: kav
    name: Kaspersky Anti-Virus
    vendor: kl
    confidence: V
    ships: [windows, macos]
    rules: [TEST-BAN, TEST-FAR]
    matchers:
      - id: kav-name
        platforms: [windows, macos]
        displayName: '^Kaspersky Anti-Virus'
        examples: [Kaspersky Anti-Virus]
  - id: oldapp
    name: Old App before 2.0
    vendor: ex
    confidence: V
    ships: [windows]
    rules: [TEST-BAN]
    matchers:
      - id: oldapp-name
        platforms: [windows]
        names: [Old App]
        versions: { below: '2.0' }
  - id: farapp
    name: Contractors-only app
    vendor: ex
    confidence: V
    ships: [windows]
    rules: [TEST-FAR]
    matchers:
      - id: farapp-name
        platforms: [windows]
        names: [Far App]
`;
const PRIVATE: OrganisationProfile = {
  jurisdictions: ['US'],
  sectors: [],
  enableRules: [],
  disableRules: [],
};
const CONTRACTOR = { ...PRIVATE, sectors: ['federal-contractor'] };
const build = (profile = PRIVATE, text = CATALOG) =>
  new CatalogService(buildCatalog([{ path: 'test.yaml', text }]), profile);

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

  // Every event any test below makes through the production recompute must match the JSON Schema the API
  // publishes for its type, checked by an independent validator.
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  afterEach(async () => {
    const invalid = (await events()).flatMap((e) => {
      const validate = ajv.compile(EVENT_SCHEMAS[e.type as keyof typeof EVENT_SCHEMAS]);
      return validate(e.payload) ? [] : [{ type: e.type, errors: ajv.errorsText(validate.errors) }];
    });
    expect(invalid).toEqual([]);
  });

  beforeEach(async () => {
    await db.query(
      `TRUNCATE source, software, exception, webhook_event, exposure_snapshot, audit_log, system_state CASCADE`,
    );
    catalog = build();
    exposure = new ExposureService(db, catalog, new SoftwareMatchingService(db, catalog));
    queries = new ExposureQueryService(db, catalog, config);
    exceptions = new ExceptionService(db, catalog, exposure);
    snapshots = new SnapshotService(db, config);
    intune = await newSource(db, { kind: 'intune', name: 'Intune' });
    jamf = await newSource(db, { kind: 'jamf', name: 'Jamf' });
  });

  // Devices, titles and installations as the sync writes them (@interdict/testing), all seen at T0 unless said.
  const device = (
    sourceId: string,
    o: {
      ext: string;
      serial?: string;
      platform?: string;
      tags?: string[];
      checkIn?: Date | null;
      appsReported?: boolean;
    },
  ): Promise<string> =>
    newDevice(db, {
      sourceId,
      externalId: o.ext,
      serial: o.serial ?? null,
      name: `PC-${o.ext}`,
      platform: o.platform ?? 'windows',
      osVersion: null,
      upn: 'a.rivera@example.test',
      userName: null,
      lastCheckInAt: o.checkIn === undefined ? T0 : o.checkIn,
      appsReported: o.appsReported ?? true,
      tags: o.tags ?? [],
      firstSeenAt: T0,
      lastSeenAt: T0,
    });
  // Kaspersky titles carry the vendor's publisher unless told; the others none (as Apple platforms and some exports
  // report).
  const software = (
    name: string,
    platform = 'windows',
    publisher = name.startsWith('Kaspersky') ? 'AO Kaspersky Lab' : null,
  ): Promise<string> => newSoftware(db, { name, platform, publisher, firstSeenAt: T0 });
  /** Seen by a sync at `seenAt`: new, or back after its removal. */
  const install = (deviceId: string, softwareId: string, seenAt: Date, version = '21.3.10') =>
    newInstallation(db, { deviceId, softwareId, version, firstSeenAt: seenAt, lastSeenAt: seenAt });
  const removeInstall = (deviceId: string, softwareId: string, at: Date) =>
    removeInstallation(db, { deviceId, softwareId, at });
  const exposures = (): Promise<
    {
      id: string;
      status: string;
      device_id: string;
      product_id: string;
      rule_ids: string[];
      severity: string;
      first_detected_at: Date;
      due_at: Date | null;
      resolved_at: Date | null;
      resolved_reason: string | null;
      exception_id: string | null;
    }[]
  > => db.query(`SELECT * FROM exposure ORDER BY id`);
  const events = (): Promise<
    {
      id: string;
      type: string;
      schema_version: number;
      payload: Record<string, unknown>;
      ordering_key: string;
      severity: string;
    }[]
  > =>
    db.query(
      `SELECT id, type, schema_version, payload, ordering_key, severity FROM webhook_event ORDER BY occurred_at, id`,
    );
  const withProfile = (profile: typeof PRIVATE) => {
    const c = build(profile);
    return new ExposureService(db, c, new SoftwareMatchingService(db, c));
  };

  it('opens one exposure per device and product, due = max(first detected, clock) + window, with one detected event', async () => {
    const pc = await device(intune, { ext: 'a', serial: 'SER1' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await install(pc, await software('Google Chrome'), T0);
    const out = await exposure.recompute({ now: T0 });
    expect(out).toMatchObject({ detected: 1, resolved: 0, events: 1, policyChanged: true });
    const [x] = await exposures();
    expect(x).toMatchObject({
      status: 'open',
      product_id: 'kav',
      rule_ids: ['TEST-BAN', 'TEST-FAR'],
      severity: 'critical',
      first_detected_at: T0,
      due_at: day(30),
    });
    const [e] = await events();
    expect(e).toMatchObject({ type: 'exposure.detected', schema_version: 2, severity: 'critical' });
    expect(e.ordering_key).toBe('device:SER1');
    expect(e.payload).toMatchObject({
      exposureId: x.id,
      reason: 'new',
      standing: 'binding',
      device: { name: 'PC-a', serialNumber: 'SER1', platform: 'windows', user: 'a.rivera@example.test' },
      product: { id: 'kav', vendor: 'AO Kaspersky Lab' },
      rules: [
        {
          id: 'TEST-BAN',
          citation: '89 FR 52434',
          standing: 'binding',
          status: 'prohibited',
          dueAt: day(30).toISOString(),
        },
        { id: 'TEST-FAR', standing: 'review', dueAt: null },
      ],
      evidence: [
        {
          title: 'Kaspersky Anti-Virus',
          version: '21.3.10',
          matcher: 'kav-name',
          source: { name: 'Intune' },
        },
      ],
      dueAt: day(30).toISOString(),
    });
  });

  it('counts one installation under two rules and two titles once: one exposure with its evidence', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await install(pc, await software('Kaspersky Anti-Virus 2021'), T0, '21.2');
    expect(await exposure.recompute({ now: T0 })).toMatchObject({ detected: 1, events: 1 });
    expect(await tdb.count('exposure')).toBe(1);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM exposure_evidence WHERE gone_at IS NULL`);
    expect(n).toBe(2);
    const [view] = (await queries.listExposures({}, T0)).items;
    expect(view).toMatchObject({
      titles: ['Kaspersky Anti-Virus', 'Kaspersky Anti-Virus 2021'],
      versions: ['21.2', '21.3.10'],
      sources: ['Intune'],
      evidenceCount: 2,
      standing: 'binding',
    });
  });

  it('uses the remediation start when the title was first seen before it', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), new Date('2024-08-01T00:00:00Z'));
    await exposure.recompute({ now: new Date('2024-08-02T00:00:00Z') });
    expect((await exposures())[0].due_at).toEqual(new Date('2024-10-29T00:00:00Z'));
  });

  it('opens nothing before a rule is in force', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Old App'), new Date('2024-07-01T00:00:00Z'), '1.0');
    await exposure.recompute({ now: new Date('2024-07-19T23:00:00Z') });
    expect(await tdb.count('exposure')).toBe(0);
    await exposure.recompute({ now: new Date('2024-07-20T00:00:00Z') });
    expect(await tdb.count('exposure')).toBe(1);
  });

  it('keeps an exposure open while seen, and a failed sync (no installation change) changes nothing', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    const before = await exposures();
    await db.query(
      `INSERT INTO sync_run (source_id, status, finished_at, error_code) VALUES ($1, 'failed', $2, 'upstream_unavailable')`,
      [intune, day(1)],
    );
    const out = await exposure.recompute({ now: day(1), sourceId: intune });
    expect(out).toMatchObject({ detected: 0, resolved: 0, excepted: 0, events: 0, policyChanged: false });
    expect(await exposures()).toEqual(before);
    expect(await tdb.count('webhook_event')).toBe(1);
  });

  it('resolves when a successful sync no longer sees the product and reopens as a new row when it returns', async () => {
    const pc = await device(intune, { ext: 'a' });
    const kav = await software('Kaspersky Anti-Virus');
    await install(pc, kav, T0);
    await exposure.recompute({ now: T0 });
    await removeInstall(pc, kav, day(2));
    expect(await exposure.recompute({ now: day(2) })).toMatchObject({ resolved: 1, detected: 0 });
    await install(pc, kav, day(5));
    expect(await exposure.recompute({ now: day(5) })).toMatchObject({ detected: 1, reopened: 1 });
    const rows = await exposures();
    expect(rows.map((r) => r.status)).toEqual(['resolved', 'open']);
    expect(rows[0]).toMatchObject({ resolved_at: day(2), resolved_reason: 'no_longer_seen' });
    expect(rows[1]).toMatchObject({ first_detected_at: day(5), due_at: day(35) });
    const gone: { gone_at: Date | null }[] = await db.query(
      `SELECT gone_at FROM exposure_evidence WHERE exposure_id = $1`,
      [rows[0].id],
    );
    expect(gone).toEqual([{ gone_at: day(2) }]);
    const ev = await events();
    expect(ev.map((e) => [e.type, e.payload.reason])).toEqual([
      ['exposure.detected', 'new'],
      ['exposure.resolved', 'no_longer_seen'],
      ['exposure.detected', 'reappeared'],
    ]);
    // The event id is derived from the exposure and the transition: receivers can dedupe on it.
    expect(new Set(ev.map((e) => e.id)).size).toBe(3);
  });

  it('counts a Mac that Jamf and Intune both report, with two spellings, once — open while either source sees it', async () => {
    const viaIntune = await device(intune, { ext: 'i-1', serial: 'C02X', platform: 'macos' });
    const viaJamf = await device(jamf, { ext: 'j-1', serial: 'C02X', platform: 'macos' });
    await install(viaIntune, await software('Kaspersky Anti-Virus', 'macos'), T0);
    // Jamf spells the bundle and reports no publisher: another title than Intune's.
    await install(viaJamf, await software('Kaspersky Anti-Virus.app', 'macos', null), T0);
    await exposure.recompute({ now: T0 });
    expect(await tdb.count('exposure')).toBe(1);
    const summary = await queries.summary({}, T0);
    expect(summary.totals).toMatchObject({ exposedDevices: 1, exposures: 1 });
    expect((await queries.summary({ sourceId: jamf }, T0)).totals.exposedDevices).toBe(1);
    const [{ id }] = await exposures();
    expect((await queries.getExposure(id, T0))?.evidence.map((e) => [e.source.name, e.title])).toEqual([
      ['Intune', 'Kaspersky Anti-Virus'],
      ['Jamf', 'Kaspersky Anti-Virus.app'],
    ]);
    await removeDevice(db, viaIntune, day(1));
    expect(await exposure.recompute({ now: day(1) })).toMatchObject({ resolved: 0, detected: 0 });
    expect((await exposures())[0]).toMatchObject({ status: 'open', device_id: viaJamf });
    const evidence = (await queries.getExposure(id, day(1)))!.evidence;
    expect(evidence.map((e) => [e.source.name, e.goneAt])).toEqual([
      ['Jamf', null],
      ['Intune', day(1).toISOString()],
    ]);
  });

  it('excepts by group for the whole product, stays visible as excepted, and reopens when the exception expires', async () => {
    const pc = await device(intune, { ext: 'a', tags: ['Lab'] });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    const exc = await exceptions.create(
      {
        productId: 'kav',
        scopeType: 'group',
        scopeValue: 'Lab',
        reason: 'Malware lab',
        approvedBy: 'CISO',
        expiresAt: day(10),
      },
      { name: 'analyst' },
      day(1),
    );
    let [x] = await exposures();
    expect(x).toMatchObject({ status: 'excepted', exception_id: exc.id });
    expect((await queries.listExposures({ status: 'excepted' }, day(1))).items).toHaveLength(1);
    await exposure.recompute({ now: day(11) });
    [x] = await exposures();
    expect(x).toMatchObject({ status: 'open', exception_id: null });
    expect((await events()).map((e) => [e.type, e.payload.reason])).toEqual([
      ['exposure.detected', 'new'],
      ['exposure.excepted', 'exception_applied'],
      ['exposure.detected', 'exception_ended'],
    ]);
  });

  it('lets a rule exception lift that rule only: the due date follows the rules left, the exposure stays open', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await exposure.recompute({ now: T0 });
    await exceptions.create(
      {
        ruleId: 'TEST-BAN',
        scopeType: 'device',
        scopeValue: pc,
        reason: 'r',
        approvedBy: 'CISO',
        expiresAt: day(10),
      },
      { name: 'x' },
      day(1),
    );
    const [x] = await exposures();
    expect(x).toMatchObject({ status: 'open', due_at: null, exception_id: null });
    const [view] = (await queries.listExposures({}, day(1))).items;
    expect(view.standing).toBe('review');
    expect(view.rules.find((r) => r.id === 'TEST-BAN')).toMatchObject({ excepted: true, dueAt: null });
  });

  it('scopes an exception to its product and to the serial it names', async () => {
    const a = await device(intune, { ext: 'a', serial: 'C02AAA01' });
    const b = await device(intune, { ext: 'b', serial: 'C02BBB02' });
    const kav = await software('Kaspersky Anti-Virus');
    await install(a, kav, T0);
    await install(b, kav, T0);
    await exceptions.create(
      {
        productId: 'kav',
        scopeType: 'serial',
        scopeValue: 'c02aaa01',
        reason: 'r',
        approvedBy: 'CISO',
        expiresAt: day(10),
      },
      { name: 'x' },
      T0,
    );
    const rows: { status: string; serial_number: string }[] = await db.query(
      `SELECT e.status, d.serial_number FROM exposure e JOIN device d ON d.id = e.device_id ORDER BY d.serial_number`,
    );
    expect(rows).toEqual([
      { status: 'excepted', serial_number: 'C02AAA01' },
      { status: 'open', serial_number: 'C02BBB02' },
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

  it('announces overdue once, when the due date passes; a review-only exposure is never overdue', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await install(pc, await software('Far App'), T0);
    await exposure.recompute({ now: T0 });
    expect((await exposure.recompute({ now: day(29) })).overdue).toBe(0);
    expect((await exposure.recompute({ now: day(31) })).overdue).toBe(1);
    expect((await exposure.recompute({ now: day(3000) })).overdue).toBe(0);
    const overdue = await queries.listExposures({ overdue: true }, day(32));
    expect(overdue.items.map((x) => [x.product.id, x.isOverdue])).toEqual([['kav', true]]);
    expect((await queries.listExposures({ standing: 'review' }, day(32))).items).toMatchObject([
      {
        product: { id: 'farapp' },
        dueAt: null,
        isOverdue: false,
        rules: [{ id: 'TEST-FAR', standing: 'review' }],
      },
    ]);
  });

  it('writes no exposure and no event when the transaction fails', async () => {
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
      expect(await tdb.count('exposure')).toBe(0);
      expect(await tdb.count('exposure_evidence')).toBe(0);
      expect(await tdb.count('webhook_event')).toBe(0);
      expect(await tdb.count('audit_log')).toBe(0);
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
    const rows: { version: string }[] = await db.query(`SELECT version FROM exposure_evidence`);
    expect(rows).toEqual([{ version: '1.9.3' }]);
  });

  it('matches each title once per catalog version, and not again when only the profile changes', async () => {
    await software('Kaspersky Anti-Virus');
    await software('Google Chrome');
    const matching = new SoftwareMatchingService(db, catalog);
    expect(await matching.matchPending()).toMatchObject({ examined: 2, matched: 1 });
    expect(await matching.matchPending()).toMatchObject({ examined: 0 });
    expect(await new SoftwareMatchingService(db, build(CONTRACTOR)).matchPending()).toMatchObject({
      examined: 0,
    });
    await software('Kaspersky Anti-Virus Beta');
    expect(await matching.matchPending()).toMatchObject({ examined: 1, matched: 1 });
    const changed = build(
      PRIVATE,
      CATALOG.replace("'^Kaspersky Anti-Virus'", () => "'^Kaspersky Anti-Virus$'"),
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

  it('follows a profile change: contractor rules bind, the change is audited once, and dropping it resolves what no rule covers', async () => {
    const pc = await device(intune, { ext: 'a' });
    await install(pc, await software('Kaspersky Anti-Virus'), T0);
    await install(pc, await software('Far App'), T0);
    await exposure.recompute({ now: T0 });
    let rows = await exposures();
    expect(rows.map((r) => [r.product_id, r.due_at])).toEqual([
      ['kav', day(30)],
      ['farapp', null],
    ]);
    const contractor = withProfile(CONTRACTOR);
    expect(await contractor.recompute({ now: day(1) })).toMatchObject({ policyChanged: true, overdue: 2 });
    rows = await exposures();
    // FAR binds from first detection with a 0-day window: due at once, for both products.
    expect(rows.map((r) => [r.product_id, r.status, r.due_at])).toEqual([
      ['kav', 'open', T0],
      ['farapp', 'open', T0],
    ]);
    expect(await contractor.recompute({ now: day(2) })).toMatchObject({ policyChanged: false });
    const audit: { action: string; before: unknown; after: unknown }[] = await db.query(
      `SELECT action, before, after FROM audit_log ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'policy.applied', before: null, after: PRIVATE },
      { action: 'policy.changed', before: PRIVATE, after: CONTRACTOR },
    ]);
    const disabled = withProfile({ ...PRIVATE, disableRules: ['TEST-FAR'] });
    expect(await disabled.recompute({ now: day(3) })).toMatchObject({ resolved: 1 });
    expect((await exposures()).map((r) => [r.product_id, r.status, r.resolved_reason, r.rule_ids])).toEqual([
      ['kav', 'open', null, ['TEST-BAN']],
      ['farapp', 'resolved', 'rule_not_applicable', ['TEST-FAR']],
    ]);
  });

  it('previews a profile change without writing anything', async () => {
    const a = await device(intune, { ext: 'a' });
    const b = await device(intune, { ext: 'b' });
    await install(a, await software('Kaspersky Anti-Virus'), T0);
    await install(b, await software('Far App'), T0);
    await exposure.recompute({ now: T0 });
    const before = { exposures: await exposures(), events: await tdb.count('webhook_event') };
    const preview = await new PolicyPreviewService(db, catalog).preview(
      { sectors: ['federal-contractor'] },
      day(1),
    );
    expect(preview).toMatchObject({
      current: { exposures: 2, exposedDevices: 2, overdueExposures: 0, reviewExposures: 1 },
      proposed: { exposures: 2, exposedDevices: 2, overdueExposures: 2, reviewExposures: 0 },
      added: { exposures: 0, devices: 0 },
      removed: { exposures: 0, devices: 0 },
      rules: [{ ruleId: 'TEST-FAR', before: 'review', after: 'binding' }],
    });
    const off = await new PolicyPreviewService(db, catalog).preview({ disableRules: ['TEST-FAR'] }, day(1));
    expect(off).toMatchObject({
      proposed: { exposures: 1, exposedDevices: 1 },
      removed: { exposures: 1, devices: 1 },
      byProduct: [{ productId: 'farapp', before: { exposures: 1 }, after: { exposures: 0 } }],
    });
    await expect(new PolicyPreviewService(db, catalog).preview({ sectors: ['banks'] })).rejects.toMatchObject(
      {
        code: 'invalid_profile',
        field: 'sectors',
      },
    );
    expect({ exposures: await exposures(), events: await tdb.count('webhook_event') }).toEqual(before);
  });

  it('takes an idempotent daily snapshot counting exposures per physical device, with a per-rule view', async () => {
    const a = await device(intune, { ext: 'a', serial: 'C02SNAP01' });
    const b = await device(jamf, { ext: 'b', serial: 'C02SNAP01' });
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
      `SELECT rule_id, product_id, platform, open_count, new_count, exposed_devices, devices_covered
         FROM exposure_snapshot ORDER BY rule_id, product_id`,
    );
    const counts = { open_count: 2, new_count: 2, exposed_devices: 2 };
    expect(rows).toEqual([
      { rule_id: '*', product_id: '*', platform: '*', ...counts, devices_covered: 2 },
      { rule_id: '*', product_id: 'kav', platform: 'windows', ...counts, devices_covered: 2 },
      { rule_id: 'TEST-BAN', product_id: '*', platform: '*', ...counts, devices_covered: 2 },
      { rule_id: 'TEST-FAR', product_id: '*', platform: '*', ...counts, devices_covered: 2 },
    ]);
    expect(await queries.trend(7, T0)).toEqual([
      expect.objectContaining({ day: '2026-11-01', open: 2, exposedDevices: 2 }),
    ]);
  });

  it('summarises per product with the rules as a breakdown', async () => {
    const a = await device(intune, { ext: 'a' });
    await install(a, await software('Kaspersky Anti-Virus'), T0);
    await install(a, await software('Far App'), T0);
    await exposure.recompute({ now: T0 });
    const s = await queries.summary({}, day(31));
    expect(s.totals).toEqual({
      exposedDevices: 1,
      exposures: 2,
      overdueExposures: 1,
      overdueDevices: 1,
      reviewExposures: 1,
      exceptedExposures: 0,
    });
    expect(
      s.byProduct.map((p) => [p.productId, p.exposures, p.rules.map((r) => `${r.id}:${r.standing}`)]),
    ).toEqual([
      ['farapp', 1, ['TEST-FAR:review']],
      ['kav', 1, ['TEST-BAN:binding', 'TEST-FAR:review']],
    ]);
    expect(s.byRule.map((r) => [r.ruleId, r.exposures, r.exposedDevices])).toEqual([
      ['TEST-BAN', 1, 1],
      ['TEST-FAR', 2, 1],
    ]);
    expect((await queries.summary({ ruleId: 'TEST-BAN' }, day(31))).totals.exposures).toBe(1);
  });

  it('pages the exposure list by due date and refuses a cursor it did not issue', async () => {
    for (const ext of ['a', 'b', 'c']) {
      const d = await device(intune, { ext });
      await install(d, await software(`Kaspersky Anti-Virus ${ext}`), T0);
    }
    await install(await device(intune, { ext: 'd' }), await software('Far App'), T0);
    await exposure.recompute({ now: T0 });
    const first = await queries.listExposures({ sort: 'dueAt', limit: 2 }, T0);
    const second = await queries.listExposures({ sort: 'dueAt', limit: 2, cursor: first.nextCursor! }, T0);
    expect([...first.items, ...second.items].map((x) => x.product.id)).toEqual([
      'kav',
      'kav',
      'kav',
      'farapp',
    ]);
    expect(second.nextCursor).toBeNull();
    await expect(queries.listExposures({ cursor: 'bm9wZQ' })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    expect((await queries.listExposures({ q: 'anti-virus b' }, T0)).items).toHaveLength(1);
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
