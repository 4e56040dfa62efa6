import type { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import * as XLSX from 'xlsx';
import { CatalogService } from '@interdict/catalog';
import { ExposureService, SoftwareMatchingService } from '@interdict/exposure';
import { nextScheduledRun, ReportScheduleService, ReportService } from '@interdict/reports';
import {
  createTestDatabase,
  newDevice,
  newInstallation,
  newSoftware,
  newSource,
  startWorkerModule,
  type TestDatabase,
} from '@interdict/testing';
import { ReportScheduleClock } from './report-schedule.clock';
import { ReportsWorkerModule } from './reports-worker.module';

const who = { type: 'system' as const, id: null, name: 'test' };

// The worker side wired as in production (catalog, storage, clock, runner) on a real database.
describe('ReportsWorkerModule', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let clock: ReportScheduleClock;
  let schedules: ReportScheduleService;
  let registry: SchedulerRegistry;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startWorkerModule(db, ReportsWorkerModule, { REPORTS_POLL_INTERVAL_MS: '100' });
    clock = app.get(ReportScheduleClock);
    schedules = app.get(ReportScheduleService);
    registry = app.get(SchedulerRegistry);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const until = async (check: () => Promise<boolean>) => {
    const end = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('registers an enabled schedule as a cron job in its own time zone', async () => {
    const s = await schedules.create(
      { name: 'Paris Monday', cron: '0 7 * * 1', timezone: 'Europe/Paris', type: 'exposure' },
      who,
    );
    await clock.reload();
    expect(clock.scheduled()).toContain(s.id);
    const job = registry.getCronJob(`report-schedule:${s.id}`);
    expect(job.nextDate().toJSDate().toISOString()).toBe(
      nextScheduledRun('0 7 * * 1', 'Europe/Paris').toISOString(),
    );
  });

  it('queues the report on a tick and the runner produces it, citing rules from the catalog', async () => {
    const ds = db.dataSource;
    const sourceId = await newSource(ds, { kind: 'intune', name: 'T' });
    const device = await newDevice(ds, { sourceId, externalId: 'd' });
    const title = await newSoftware(ds, { name: 'Kaspersky' });
    await newInstallation(ds, { deviceId: device, softwareId: title, version: '21.9' });
    const catalog = app.get(CatalogService);
    await new ExposureService(ds, catalog, new SoftwareMatchingService(ds, catalog)).recompute();
    const s = await schedules.create({ name: 'Daily', cron: '0 6 * * *', type: 'exposed-devices' }, who);
    await clock.reload();
    await clock.tick(s.id, new Date());
    await until(async () => {
      const rows = await db.dataSource.query(`SELECT status FROM report WHERE schedule_id = $1`, [s.id]);
      return rows.length === 1 && rows[0].status === 'succeeded';
    });
    const [report] = await db.dataSource.query(`SELECT id FROM report WHERE schedule_id = $1`, [s.id]);
    const file = await app.get(ReportService).openDownload(report.id);
    const chunks: Buffer[] = [];
    for await (const c of file.body as AsyncIterable<Buffer>) chunks.push(c);
    const book = XLSX.read(Buffer.concat(chunks));
    const sheet = book.Sheets['Exposed devices'];
    const header = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0];
    const citations = sheet[`${XLSX.utils.encode_col(header.indexOf('Rule citations'))}2`];
    expect(citations.v).toMatch(/^89 FR 52434/);
    // A second tick in the same minute (another worker's clock) queues nothing more.
    await clock.tick(s.id, new Date());
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM report WHERE schedule_id = $1`,
      [s.id],
    );
    expect(n).toBe(1);
  });

  it('drops the cron job when the schedule is disabled or deleted', async () => {
    const s = await schedules.create({ name: 'Temp', cron: '30 8 * * *', type: 'coverage' }, who);
    await clock.reload();
    expect(clock.scheduled()).toContain(s.id);
    await schedules.update(s.id, { enabled: false }, who);
    await clock.reload();
    expect(clock.scheduled()).not.toContain(s.id);
    expect(registry.doesExist('cron', `report-schedule:${s.id}`)).toBe(false);
  });
});
