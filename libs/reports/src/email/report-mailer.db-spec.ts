import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import * as XLSX from 'xlsx';
import { CatalogService, loadCatalog } from '@interdict/catalog';
import { loadConfig, type Config } from '@interdict/config';
import { sealSetting, secretBoxFromConfig } from '@interdict/database';
import { ExposureService, SoftwareMatchingService } from '@interdict/exposure';
import {
  createTestDatabase,
  newDevice,
  newInstallation,
  newSoftware,
  newSource,
  removeInstallation,
  startTestSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@interdict/testing';
import { ReportRetention } from '../jobs/report-retention';
import { ReportRunner } from '../jobs/report-runner';
import type { Requester } from '../jobs/report-views';
import { DownloadLinks } from '../links/download-links';
import { catalogRuleDirectory } from '../rule-directory';
import { ReportScheduleService } from '../schedules/report-schedule.service';
import { LocalDiskReportStorage } from '../storage/local-disk-report-storage';
import { MailOutbox } from './mail-outbox';
import { ReportMailer } from './report-mailer';

const analyst: Requester = { type: 'api_key', id: 'k1', name: 'analyst-key' };
const DAY = 86_400_000;

describe('ReportMailer (real Postgres, a real SMTP server, mail parsed with mailparser, workbook read with SheetJS)', () => {
  let db: TestDatabase;
  let dir: string;
  let catalog: CatalogService;
  let exposure: ExposureService;
  let storage: LocalDiskReportStorage;
  let schedules: ReportScheduleService;
  let smtp: TestSmtpServer;
  const ids: Record<string, string> = {};
  let tick = Date.parse('2026-12-01T07:00:00Z');

  function configFor(port: number, env: Record<string, string> = {}): Config {
    return loadConfig({
      env: {
        NODE_ENV: 'test',
        INTERDICT_ORG_NAME: 'Example Corp',
        INTERDICT_DATA_DIR: dir,
        INTERDICT_PUBLIC_URL: 'https://interdict.corp.example',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_SECURITY: 'none',
        EMAIL_FROM: 'Interdict <interdict@corp.example>',
        EMAIL_ALLOWLIST: '127.0.0.1',
        EMAIL_RETRY_SCHEDULE_SECONDS: '1',
        SMTP_TIMEOUT_MS: '2000',
        ...env,
      },
      configDir: mkdtempSync(join(tmpdir(), 'interdict-noconfig-')),
    });
  }

  function parts(config: Config) {
    const runner = new ReportRunner(
      db.dataSource,
      config,
      storage,
      catalogRuleDirectory(catalog),
      new ReportRetention(db.dataSource, config, storage),
    );
    const links = new DownloadLinks(db.dataSource, config);
    return { runner, links, mailer: new ReportMailer(db.dataSource, config, storage, links) };
  }

  /** Fires the schedule for its next daily tick and renders the report; returns the report id. */
  async function scheduledReport(scheduleId: string, config: Config): Promise<string> {
    tick += DAY;
    const queued = await schedules.fire(scheduleId, new Date(tick));
    const done = await parts(config).runner.runNext();
    expect(done).toMatchObject({ id: queued!.id, status: 'succeeded' });
    return done!.id;
  }

  async function mailOf(reportId: string) {
    const [row] = await db.dataSource.query(`SELECT * FROM email_delivery WHERE report_id = $1`, [reportId]);
    return row as {
      id: string;
      status: string;
      attempts: number;
      last_error: string | null;
      rejected: unknown[];
      message_id: string;
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'interdict-mail-'));
    const base = configFor(25);
    catalog = new CatalogService(
      loadCatalog({ dir: join(__dirname, '..', '..', '..', '..', 'config', 'catalog') }),
      base.policy,
    );
    exposure = new ExposureService(
      db.dataSource,
      catalog,
      new SoftwareMatchingService(db.dataSource, catalog),
    );
    storage = new LocalDiskReportStorage(join(dir, 'reports'));
    schedules = new ReportScheduleService(db.dataSource);
    smtp = await startTestSmtpServer();

    const ds = db.dataSource;
    const intune = await newSource(ds, { name: 'Contoso Intune', kind: 'intune' });
    ids.pc1 = await newDevice(ds, { sourceId: intune, name: 'PC-1', serial: 'S1', platform: 'windows' });
    ids.pc2 = await newDevice(ds, { sourceId: intune, name: 'PC-2', serial: 'S2', platform: 'windows' });
    ids.pc3 = await newDevice(ds, { sourceId: intune, name: 'PC-3', serial: 'S3', platform: 'windows' });
    ids.kes = await newSoftware(ds, {
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'AO Kaspersky Lab',
    });
    // PC-1 has run it for 40 days (past the 30-day window: overdue), PC-2 for 2 days.
    await newInstallation(ds, {
      deviceId: ids.pc1,
      softwareId: ids.kes,
      firstSeenAt: new Date(Date.now() - 40 * DAY),
    });
    await newInstallation(ds, {
      deviceId: ids.pc2,
      softwareId: ids.kes,
      firstSeenAt: new Date(Date.now() - 2 * DAY),
    });
    await exposure.recompute();
  });

  afterAll(async () => {
    await smtp.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mails a scheduled report: headline numbers, the workbook attached, a stable Message-ID, the send logged', async () => {
    const config = configFor(smtp.port);
    const s = await schedules.create(
      {
        name: 'Daily exposure',
        cron: '0 7 * * *',
        type: 'exposure',
        email: { to: ['CISO <ciso@corp.example>'], cc: ['audit@corp.example'] },
      },
      analyst,
    );
    ids.schedule = s.id;
    const reportId = await scheduledReport(s.id, config);
    expect((await mailOf(reportId)).status).toBe('pending');

    const { mailer } = parts(config);
    await mailer.drain();
    await mailer.stop();

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.messageId).toBe(`<report-${reportId}@corp.example>`);
    expect(mail.subject).toMatch(
      /^Example Corp: Daily exposure — 2 exposed devices, 1 overdue \(\d{4}-\d{2}-\d{2}\)$/,
    );
    expect(mail.from?.text).toBe('"Interdict" <interdict@corp.example>');
    expect(smtp.envelopes[0].sort()).toEqual(['audit@corp.example', 'ciso@corp.example']);
    expect(mail.text).toContain('Exposed devices: 2');
    expect(mail.text).toContain('Overdue exposures: 1 on 1 devices');
    expect(mail.text).toContain('first report of this schedule');
    expect(mail.html).toContain('https://interdict.corp.example/#/exposures?overdue=true');
    expect(mail.attachments).toHaveLength(1);
    const [file] = mail.attachments;
    expect(file.filename).toMatch(/^Example-Corp_exposure_.*\.xlsx$/);
    const wb = XLSX.read(file.content);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Exposed devices']);
    expect(rows.map((r) => r.Device).sort()).toEqual(['PC-1', 'PC-2']);

    const row = await mailOf(reportId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    const log = await new MailOutbox().list(db.dataSource, { reportId });
    expect(log[0].log.map((l) => l.outcome)).toEqual(['sent']);
    expect(log[0].log[0].smtpResponse).toMatch(/^250/);
  });

  it('tells what changed since the previous report of the schedule: new, resolved, newly overdue', async () => {
    const config = configFor(smtp.port);
    await removeInstallation(db.dataSource, { deviceId: ids.pc2, softwareId: ids.kes });
    await newInstallation(db.dataSource, { deviceId: ids.pc3, softwareId: ids.kes });
    await exposure.recompute();
    const before = smtp.received.length;
    const reportId = await scheduledReport(ids.schedule, config);
    const { mailer } = parts(config);
    await mailer.drain();
    await mailer.stop();
    const mail = smtp.received[before];
    expect(mail.messageId).toBe(`<report-${reportId}@corp.example>`);
    expect(mail.text).toMatch(
      /Since the previous report \(.*\):\n {2}New exposures: \+1\n {2}Resolved: 1\n {2}Newly overdue: 0/,
    );
  });

  it('sends a signed, expiring link instead of an attachment above email.attachMaxBytes; the link opens that report only', async () => {
    const config = configFor(smtp.port, { EMAIL_ATTACH_MAX_BYTES: '100' });
    const before = smtp.received.length;
    const reportId = await scheduledReport(ids.schedule, config);
    const { mailer, links } = parts(config);
    await mailer.drain();
    await mailer.stop();
    const mail = smtp.received[before];
    expect(mail.attachments).toHaveLength(0);
    const url = /https:\/\/interdict\.corp\.example\/d\/(\S+)/.exec(mail.text ?? '');
    expect(url).not.toBeNull();
    const token = url![1];
    const visitor: Requester = { type: 'system', id: null, name: 'download-link', ip: '203.0.113.9' };
    await expect(links.use(token, visitor)).resolves.toMatchObject({ reportId });
    // A token for another report cannot be made from this one: change one character of the signature.
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    await expect(links.use(forged, visitor)).rejects.toMatchObject({ code: 'link_not_found' });
    const [link] = await links.list(reportId);
    expect(link).toMatchObject({ useCount: 1, createdBy: 'email' });
    await links.revoke(link.id, analyst);
    await expect(links.use(token, visitor)).rejects.toMatchObject({ code: 'link_revoked' });
    const audit = await db.dataSource.query(
      `SELECT action, ip, after->>'reason' AS reason FROM audit_log WHERE target_id = $1 AND action LIKE 'report.link.%' ORDER BY id`,
      [reportId],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'report.link.created',
      'report.link.used',
      'report.link.refused',
      'report.link.revoked',
      'report.link.refused',
    ]);
    expect(audit[1].ip).toBe('203.0.113.9');
    expect(audit[4].reason).toBe('link_revoked');
  });

  it('refuses an expired link', async () => {
    const config = configFor(smtp.port);
    const [report] = await db.dataSource.query(`SELECT id FROM report WHERE status = 'succeeded' LIMIT 1`);
    const links = new DownloadLinks(db.dataSource, config);
    const link = await links.create(report.id, { hours: 1, who: analyst });
    const token = link.url.split('/d/')[1];
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 2 * 3600_000);
    try {
      await expect(links.use(token, analyst)).rejects.toMatchObject({ code: 'link_expired' });
    } finally {
      clock.mockRestore();
    }
    await expect(links.use(token, analyst)).resolves.toMatchObject({ reportId: report.id });
  });

  it('keeps the mail while the SMTP server is down, says why, and sends it once when the server is back', async () => {
    const down = await startTestSmtpServer();
    const port = down.port;
    await down.close();
    const config = configFor(port);
    const reportId = await scheduledReport(ids.schedule, config);
    const { mailer } = parts(config);
    await mailer.drain();
    const failed = await mailOf(reportId);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).toMatch(/^SMTP server 127\.0\.0\.1 is unreachable/);
    // The schedule itself says its mail is stuck, and why.
    expect((await schedules.get(ids.schedule)).lastMail).toMatchObject({
      status: 'pending',
      reportId,
      error: expect.stringMatching(/^SMTP server 127\.0\.0\.1 is unreachable/),
    });

    const back = await startTestSmtpServer({ port });
    try {
      await new Promise((r) => setTimeout(r, 1_300)); // the 1 s retry (±20 %) is due
      await mailer.drain();
      await mailer.drain();
      expect(back.received.map((m) => m.messageId)).toEqual([failed.message_id]);
      expect(await mailOf(reportId)).toMatchObject({ status: 'sent', attempts: 2 });
      expect((await schedules.get(ids.schedule)).lastMail).toMatchObject({
        status: 'sent',
        error: null,
        reportId,
      });
      const [view] = await new MailOutbox().list(db.dataSource, { reportId });
      expect(view.log.map((l) => l.outcome)).toEqual(['retry', 'sent']);
    } finally {
      await mailer.stop();
      await back.close();
    }
  });

  it('names refused credentials and retries; a sealed password opens and signs in', async () => {
    const guarded = await startTestSmtpServer({ auth: { user: 'interdict', pass: 's3cret-pass' } });
    try {
      const wrong = configFor(guarded.port, { SMTP_USER: 'interdict', SMTP_PASSWORD: 'wrong-pass' });
      const reportId = await scheduledReport(ids.schedule, wrong);
      const bad = parts(wrong).mailer;
      await bad.drain();
      await bad.stop();
      const failed = await mailOf(reportId);
      expect(failed.status).toBe('pending');
      expect(failed.last_error).toMatch(/refused the credentials of email\.smtp\.user/);
      expect(failed.last_error).not.toContain('wrong-pass');
      expect(guarded.received).toHaveLength(0);

      const plain = configFor(guarded.port);
      const sealed = sealSetting(secretBoxFromConfig(plain), 'email.smtp.password', 's3cret-pass');
      const right = configFor(guarded.port, { SMTP_USER: 'interdict', SMTP_PASSWORD: sealed });
      await new Promise((r) => setTimeout(r, 1_300));
      const good = parts(right).mailer;
      await good.drain();
      await good.stop();
      expect(guarded.received.map((m) => m.messageId)).toEqual([failed.message_id]);
    } finally {
      await guarded.close();
    }
  });

  it('upgrades with STARTTLS; refuses a certificate it cannot verify, and a server without STARTTLS, saying so', async () => {
    const pem = await Promise.resolve(
      generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048 }),
    );
    const tls = await startTestSmtpServer({ tls: { key: pem.private, cert: pem.cert } });
    try {
      const checked = configFor(tls.port, { SMTP_SECURITY: 'starttls' });
      const refused = await scheduledReport(ids.schedule, checked);
      const strict = parts(checked).mailer;
      await strict.drain();
      await strict.stop();
      const row = await mailOf(refused);
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/^SMTP server 127\.0\.0\.1.*(certificate|TLS)/i);
      expect(tls.received).toHaveLength(0);

      // A relay with a self-signed certificate someone chose to trust.
      await new Promise((r) => setTimeout(r, 1_300));
      const trusting = parts(
        configFor(tls.port, { SMTP_SECURITY: 'starttls', SMTP_VERIFY_CERTIFICATE: 'false' }),
      ).mailer;
      await trusting.drain();
      await trusting.stop();
      expect(tls.received.map((m) => m.messageId)).toEqual([row.message_id]);
    } finally {
      await tls.close();
    }
    // starttls asked of a server that offers none: not sent in the clear.
    const plain = configFor(smtp.port, { SMTP_SECURITY: 'starttls' });
    const before = smtp.received.length;
    const clear = await scheduledReport(ids.schedule, plain);
    const mailer = parts(plain).mailer;
    await mailer.drain();
    await mailer.stop();
    expect(smtp.received).toHaveLength(before);
    expect((await mailOf(clear)).last_error).toMatch(/STARTTLS/i);
  });

  it('sends to the recipients the server takes and records the one it refuses; all refused: given up, nothing sent', async () => {
    const picky = await startTestSmtpServer({ refuse: /^(gone|left)@corp\.example$/ });
    try {
      const config = configFor(picky.port);
      const s = await schedules.create(
        {
          name: 'Picky',
          cron: '0 7 * * *',
          type: 'software',
          format: 'csv',
          email: { to: ['gone@corp.example', 'ciso@corp.example'] },
        },
        analyst,
      );
      const some = await scheduledReport(s.id, config);
      await schedules.update(s.id, { email: { to: ['gone@corp.example', 'left@corp.example'] } }, analyst);
      const none = await scheduledReport(s.id, config);
      const { mailer } = parts(config);
      await mailer.drain();
      await mailer.stop();
      expect(picky.envelopes).toEqual([['ciso@corp.example']]);
      expect(await mailOf(some)).toMatchObject({
        status: 'sent',
        rejected: [{ address: 'gone@corp.example', response: expect.stringMatching(/^550/) }],
      });
      const dead = await mailOf(none);
      expect(dead.status).toBe('dead');
      expect(dead.last_error).toMatch(/refused the recipients/);
      expect(dead.rejected).toHaveLength(2);
    } finally {
      await picky.close();
    }
  });

  it('sends no mail when the report file is gone, and says so', async () => {
    const config = configFor(smtp.port);
    const reportId = await scheduledReport(ids.schedule, config);
    const [{ storage_key }] = await db.dataSource.query(`SELECT storage_key FROM report WHERE id = $1`, [
      reportId,
    ]);
    await storage.delete(storage_key);
    const before = smtp.received.length;
    const { mailer } = parts(config);
    await mailer.drain();
    await mailer.stop();
    expect(smtp.received).toHaveLength(before);
    const row = await mailOf(reportId);
    expect(row.status).toBe('dead');
    expect(row.last_error).toMatch(/no longer in storage: not sent/);
  });

  it.each([
    [{ to: ['ciso@corp.example\r\nBcc: spy@evil.example'] }, 'email.to[0]', /line breaks/],
    [{ to: ['Boss\r\n <boss@corp.example>'] }, 'email.to[0]', /line breaks/],
    [{ to: [`${'a'.repeat(65)}@corp.example`] }, 'email.to[0]', /at most 64/],
    [{ to: [`a@${'b'.repeat(250)}.example`] }, 'email.to[0]', /at most 254/],
    [{ to: ['not-an-address'] }, 'email.to[0]', /not an email address/],
    [{ to: ['x@corp.example'], cc: ['Evil, <y@corp.example>'] }, 'email.cc[0]', /must not contain/],
    [{ to: [] }, 'email.to', /at least 1/],
    [{ to: ['x@corp.example'], subject: 'Hi\nBcc: spy@evil.example' }, 'email.subject', /one line/],
    [
      { to: ['x@corp.example'], subject: 'Report {secret}' },
      'email.subject',
      /unknown placeholder \{secret\}/,
    ],
    [{ to: ['x@corp.example', 'X@CORP.example'] }, 'email', /twice/],
  ])('refuses %j naming %s, and stores nothing', async (email, field, message) => {
    const count = await db.count('report_schedule');
    await expect(
      schedules.create({ name: 'Bad', cron: '0 7 * * *', type: 'exposure', email }, analyst),
    ).rejects.toMatchObject({ code: 'invalid_schedule', field, message: expect.stringMatching(message) });
    expect(await db.count('report_schedule')).toBe(count);
  });
});
