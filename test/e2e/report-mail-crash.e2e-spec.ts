import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogService, loadCatalog } from '@interdict/catalog';
import { loadConfig } from '@interdict/config';
import { ExposureService, SoftwareMatchingService } from '@interdict/exposure';
import {
  LocalDiskReportStorage,
  ReportRetention,
  ReportRunner,
  ReportScheduleService,
  catalogRuleDirectory,
} from '@interdict/reports';
import {
  createTestDatabase,
  newDevice,
  newInstallation,
  newSoftware,
  newSource,
  startTestSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@interdict/testing';

const root = join(__dirname, '..', '..');
const MAILS = 300;

// kill -9 the mail process mid-send, start it again: every mail arrives, and the only copies are of mails that were
// in flight at the kill, carrying the same Message-ID (so the receiving server can drop them).
describe('report mail survives kill -9', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let dir: string;
  let child: ChildProcess | undefined;
  const key = randomBytes(32).toString('base64');

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'interdict-mail-crash-'));
    // The server holds each message 15 ms before its answer, so a kill finds sends in flight.
    smtp = await startTestSmtpServer({ holdMs: 15 });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await smtp?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const startMailProcess = () =>
    spawn(process.execPath, [join(root, 'dist/apps/worker/src/reports/send-report-mail.main.js')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        DATABASE_MIGRATE_ON_START: 'false',
        INTERDICT_CONFIG_DIR: join(root, 'test/support/no-config'),
        INTERDICT_ENCRYPTION_KEY: key,
        INTERDICT_DATA_DIR: dir,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_SECURITY: 'none',
        EMAIL_FROM: 'Interdict <interdict@corp.example>',
        EMAIL_ALLOWLIST: '127.0.0.1',
        EMAIL_LEASE_MS: '5000',
        EMAIL_POLL_INTERVAL_MS: '50',
        EMAIL_CONCURRENCY: '8',
        LOG_LEVEL: 'error',
      },
    });

  const until = async (check: () => Promise<boolean> | boolean, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const count = async (sql: string) => Number((await db.dataSource.query(sql))[0].n);

  /** One real scheduled report with its mail, then MAILS - 1 more reports of the same file, each with its own mail. */
  async function queueMails(): Promise<string[]> {
    const ds = db.dataSource;
    const config = loadConfig({
      env: { NODE_ENV: 'test', INTERDICT_DATA_DIR: dir, EMAIL_FROM: 'Interdict <interdict@corp.example>' },
      configDir: join(root, 'test/support/no-config'),
    });
    const catalog = new CatalogService(loadCatalog({ dir: join(root, 'config', 'catalog') }), config.policy);
    const sourceId = await newSource(ds, { kind: 'intune', name: 'Intune' });
    const device = await newDevice(ds, { sourceId, name: 'PC-1', serial: 'S1' });
    await newInstallation(ds, {
      deviceId: device,
      softwareId: await newSoftware(ds, { name: 'Kaspersky Free' }),
    });
    await new ExposureService(ds, catalog, new SoftwareMatchingService(ds, catalog)).recompute();
    const schedules = new ReportScheduleService(ds);
    const s = await schedules.create(
      { name: 'Daily', cron: '0 7 * * *', type: 'exposure', email: { to: ['ciso@corp.example'] } },
      { type: 'system', id: null, name: 'test' },
    );
    await schedules.fire(s.id, new Date('2026-12-01T07:00:00Z'));
    const storage = new LocalDiskReportStorage(join(dir, 'reports'));
    const runner = new ReportRunner(
      ds,
      config,
      storage,
      catalogRuleDirectory(catalog),
      new ReportRetention(ds, config, storage),
    );
    expect(await runner.runNext()).toMatchObject({ status: 'succeeded' });
    await ds.query(
      `WITH copies AS (
         INSERT INTO report (report_type, format, filters, status, schedule_id, requested_by, created_at, started_at,
                             finished_at, file_name, storage_key, size_bytes, row_count, headline, evidence)
         SELECT report_type, format, filters, status, schedule_id, requested_by, created_at, started_at, finished_at,
                file_name, storage_key, size_bytes, row_count, headline, evidence
           FROM report, generate_series(2, $1) RETURNING id, schedule_id)
       INSERT INTO email_delivery (report_id, schedule_id, message_id, recipients, subject)
       SELECT id, schedule_id, '<report-' || id || '@corp.example>', '{"to":["ciso@corp.example"],"cc":[]}', 'Daily'
         FROM copies`,
      [MAILS],
    );
    const rows: { message_id: string }[] = await ds.query(`SELECT message_id FROM email_delivery`);
    return rows.map((r) => r.message_id);
  }

  it('delivers every mail across a crash; a copy only of a mail in flight, with the same Message-ID', async () => {
    const expected = await queueMails();
    expect(expected).toHaveLength(MAILS);

    child = startMailProcess();
    // Kill while mail is claimed and unsent, not between two batches.
    await until(
      async () =>
        smtp.received.length >= MAILS / 3 &&
        (await count(`SELECT count(*) AS n FROM email_delivery WHERE status = 'sending'`)) > 0,
      60_000,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const inFlight = await count(`SELECT count(*) AS n FROM email_delivery WHERE status = 'sending'`);
    expect(inFlight).toBeGreaterThan(0);
    expect(smtp.received.length).toBeLessThan(MAILS);

    child = startMailProcess();
    await until(
      async () => (await count(`SELECT count(*) AS n FROM email_delivery WHERE status = 'sent'`)) === MAILS,
      90_000,
    );
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    await new Promise((r) => setTimeout(r, 100)); // the server's last answers

    const arrivals = new Map<string, number>();
    for (const m of smtp.received) arrivals.set(m.messageId!, (arrivals.get(m.messageId!) ?? 0) + 1);
    // None lost, none made up.
    expect([...arrivals.keys()].sort()).toEqual([...expected].sort());
    // Copies only of what was in flight at the kill; every attachment arrived whole.
    const copies = [...arrivals.values()].reduce((n, c) => n + c - 1, 0);
    expect(copies).toBeLessThanOrEqual(inFlight);
    expect(smtp.received.every((m) => m.attachments.length === 1 && m.attachments[0].size > 1000)).toBe(true);
    // The log says what happened: the interrupted sends, then each mail sent once more.
    expect(await count(`SELECT count(*) AS n FROM email_attempt WHERE outcome = 'interrupted'`)).toBe(
      inFlight,
    );
    console.log(
      `report mail crash: ${inFlight} in flight at the kill, ${copies} arrived twice (same Message-ID)`,
    );
  }, 180_000);
});
