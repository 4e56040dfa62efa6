import * as XLSX from 'xlsx';
import { ExposureService } from '@interdict/exposure';
import { ReportRunner } from '@interdict/reports';
import { newDevice, newInstallation, newSoftware, newSource, startTestSmtpServer } from '@interdict/testing';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// Schedules' mail settings and download links through HTTP with real keys and roles; the report is made by the
// worker's ReportRunner into the directory the api serves from.
describe('report delivery API: schedule mail settings and download links', () => {
  let t: ApiTestApp;
  let reportId: string;

  beforeAll(async () => {
    t = await startApiTestApp({ INTERDICT_PUBLIC_URL: 'https://interdict.corp.example/' });
    const ds = t.db.dataSource;
    const sourceId = await newSource(ds, { kind: 'intune', name: 'Acme Intune' });
    const device = await newDevice(ds, { sourceId, externalId: 'd1', name: 'PC-1', serial: 'S1' });
    const title = await newSoftware(ds, { name: 'Kaspersky Free' });
    await newInstallation(ds, { deviceId: device, softwareId: title });
    await t.app.get(ExposureService).recompute();
    const created = await t.call('/api/v1/reports', {
      method: 'POST',
      as: 'analyst',
      json: { type: 'exposure' },
    });
    reportId = (await created.json()).id;
    await t.app.get(ReportRunner).runNext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a schedule with recipients and shows them; refuses a bad one naming the field and stores nothing', async () => {
    const ok = await t.call('/api/v1/report-schedules', {
      method: 'POST',
      as: 'analyst',
      json: {
        name: 'Weekly',
        cron: '0 7 * * 1',
        type: 'exposure',
        email: { to: ['CISO <CISO@Corp.Example>'], subject: '{org}: {overdue} overdue' },
      },
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).email).toEqual({
      to: ['CISO <CISO@corp.example>'],
      cc: [],
      subject: '{org}: {overdue} overdue',
    });
    const before = await t.db.count('report_schedule');
    const bad = await t.call('/api/v1/report-schedules', {
      method: 'POST',
      as: 'analyst',
      json: {
        name: 'Bad',
        cron: '0 7 * * 1',
        type: 'exposure',
        email: { to: ['a@b.example\r\nBcc: x@evil.example'] },
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_schedule', field: 'email.to[0]' });
    expect(await t.db.count('report_schedule')).toBe(before);
  });

  it('makes a link (analyst only) that downloads the file without a key, counts and audits each use, and stops when revoked', async () => {
    expect(
      (await t.call(`/api/v1/reports/${reportId}/links`, { method: 'POST', as: 'viewer', json: {} })).status,
    ).toBe(403);
    const made = await t.call(`/api/v1/reports/${reportId}/links`, {
      method: 'POST',
      as: 'analyst',
      json: { expiresInHours: 2 },
    });
    expect(made.status).toBe(201);
    const link = await made.json();
    expect(link.url).toMatch(/^https:\/\/interdict\.corp\.example\/d\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(1.9 * 3600_000);
    const path = new URL(link.url).pathname;

    const file = await t.call(path, { as: null });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.xlsx"/);
    const wb = XLSX.read(Buffer.from(await file.arrayBuffer()));
    expect(
      XLSX.utils.sheet_to_json<{ Device: string }>(wb.Sheets['Exposed devices']).map((r) => r.Device),
    ).toEqual(['PC-1']);
    // The link is the key to this one file: the API itself still wants a key.
    expect((await t.call(`/api/v1/reports/${reportId}`, { as: null })).status).toBe(401);
    expect((await t.call(`${path.slice(0, -1)}x`, { as: null })).status).toBe(404);

    const listed = await (await t.call(`/api/v1/reports/${reportId}/links`, { as: 'analyst' })).json();
    expect(listed).toEqual([expect.objectContaining({ id: link.id, useCount: 1, revokedAt: null })]);
    expect(listed[0].url).toBeUndefined();

    const revoked = await t.call(`/api/v1/download-links/${link.id}/revoke`, {
      method: 'POST',
      as: 'analyst',
    });
    expect(revoked.status).toBe(200);
    const gone = await t.call(path, { as: null });
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.code).toBe('link_revoked');

    const audit = await t.db.dataSource.query(
      `SELECT action FROM audit_log WHERE action LIKE 'report.link.%' ORDER BY id`,
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'report.link.created',
      'report.link.used',
      'report.link.refused',
      'report.link.revoked',
      'report.link.refused',
    ]);
  });

  it('lists a report’s mail (none for an on-demand report) and refuses to resend a mail that does not exist', async () => {
    const mails = await t.call(`/api/v1/reports/${reportId}/emails`, { as: 'analyst' });
    expect(mails.status).toBe(200);
    expect(await mails.json()).toEqual([]);
    const resend = await t.call('/api/v1/report-emails/00000000-0000-4000-8000-000000000000/resend', {
      method: 'POST',
      as: 'analyst',
    });
    expect(resend.status).toBe(404);
    expect((await resend.json()).error.code).toBe('mail_not_found');
  });

  it('says when no SMTP server is set, instead of pretending to send a test mail', async () => {
    const res = await t.call('/api/v1/email/test', {
      method: 'POST',
      as: 'admin',
      json: { to: 'me@corp.example' },
    });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ code: 'email_not_configured' });
  });

  it('sends a test mail through the configured SMTP server (admin only) and shows its answer or why it failed', async () => {
    const smtp = await startTestSmtpServer({ refuse: /^gone@/ });
    const app = await startApiTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'none',
      EMAIL_FROM: 'Interdict <interdict@corp.example>',
      EMAIL_ALLOWLIST: '127.0.0.1',
    });
    try {
      const send = (to: string, as: 'analyst' | 'admin' = 'admin') =>
        app.call('/api/v1/email/test', { method: 'POST', as, json: { to } });
      expect((await send('me@corp.example', 'analyst')).status).toBe(403);
      const ok = await send('Me <me@corp.example>');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({
        accepted: ['me@corp.example'],
        response: expect.stringMatching(/^250/),
      });
      expect(smtp.received.map((m) => m.subject)).toEqual(['Example Corp: Interdict test mail']);
      const refused = await send('gone@corp.example');
      expect(refused.status).toBe(502);
      expect((await refused.json()).error.message).toMatch(
        /^SMTP server 127\.0\.0\.1 refused the recipients or sender: 550/,
      );
      const bad = await send('me@corp.example\r\nBcc: x@evil.example');
      expect(bad.status).toBe(400);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await app.close();
      await smtp.close();
    }
  });
});
