import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { ExposureService, SnapshotService } from '@interdict/exposure';
import { ReportRunner } from '@interdict/reports';
import { seedTestFleet, seedTrendHistory, type TestFleet } from './api-fleet';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

describeWithChromium('the dashboard in headless Chromium', () => {
  let t: ApiTestApp;
  let fleet: TestFleet;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    t = await startApiTestApp();
    fleet = await seedTestFleet(t.db.dataSource);
    // (Browser-side expressions are strings: this project compiles without the DOM library. waitForFunction is
    // avoided: it evaluates code, which the dashboard's Content-Security-Policy rightly forbids.)
    // An MDM-supplied name is untrusted: the dashboard must show it as text.
    await t.db.dataSource.query(`UPDATE device SET name = $1 WHERE id = $2`, [
      '<img src=x onerror="window.__xss=1">',
      fleet.devices['pc-2'],
    ]);
    await t.app.get(ExposureService).recompute();
    await seedTrendHistory(t.db.dataSource, 89);
    await t.app.get(SnapshotService).takeSnapshot();
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const api = async (path: string) => (await t.call(path, { as: 'viewer' })).json();
  const ready = (name: string) => page.waitForSelector(`main[data-ready="${name}"]`, { timeout: 15_000 });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('asks for a key, refuses a wrong one, and logs in with a right one', async () => {
    await page.goto(t.url + '/');
    await page.waitForSelector('input[name="apiKey"]');
    await shot('login');
    await page.fill('input[name="apiKey"]', 'idk_wrongwrong_' + 'x'.repeat(43));
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toContain('invalid');
    await page.fill('input[name="apiKey"]', t.keys.admin);
    await page.click('button[type="submit"]');
    await ready('overview');
    expect(await page.evaluate("sessionStorage.getItem('interdict.apiKey')")).toBe(t.keys.admin);
  });

  it('shows the same exposure numbers as the API, a 90-day trend and last sync per source', async () => {
    const summary = await api('/api/v1/exposure/summary');
    const coverage = await api('/api/v1/exposure/coverage');
    const number = async (id: string) =>
      Number((await page.textContent(`[data-testid="${id}"] .n`))!.replace(/,/g, ''));
    expect(await number('exposed-devices')).toBe(summary.exposedDevices);
    expect(await number('open-findings')).toBe(summary.openFindings);
    expect(await number('overdue-findings')).toBe(summary.overdueFindings);
    expect(await number('coverage-gaps')).toBe(coverage.staleDevices + coverage.neverReportedDevices);
    expect(summary.exposedDevices).toBe(11);
    expect(await page.locator('[data-testid="trend-chart"] svg path').count()).toBe(2);
    const body = await page.textContent('main');
    expect(body).toContain('Contoso Intune');
    expect(body).toContain('Contoso Jamf');
    await shot('overview');
  });

  it('filters and searches findings like the API does', async () => {
    await page.goto(`${t.url}/#/findings?status=open&product=kaspersky-endpoint-security`);
    await ready('findings');
    const viaApi = await api('/api/v1/findings?status=open&product=kaspersky-endpoint-security&limit=50');
    expect(await page.locator('main table tbody tr').count()).toBe(viaApi.items.length);
    await shot('findings');
    await page.fill('input[name="q"]', 'phone-1');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/q=phone-1/);
    await ready('findings');
    const searched = await api('/api/v1/findings?status=open&product=kaspersky-endpoint-security&q=phone-1');
    expect(await page.locator('main table tbody tr').count()).toBe(searched.items.length);
  });

  it('renders untrusted device names as text', async () => {
    await page.goto(`${t.url}/#/findings?q=img`);
    await ready('findings');
    expect(await page.textContent('main table')).toContain('<img src=x onerror="window.__xss=1">');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('shows a device with its software and findings', async () => {
    await page.goto(`${t.url}/#/devices`);
    await ready('devices');
    await shot('devices');
    await page.goto(`${t.url}/#/devices/${fleet.devices['pc-1']}`);
    await ready('devices');
    const text = await page.textContent('main');
    expect(text).toContain('pc-1');
    expect(text).toContain('Kaspersky Endpoint Security for Windows');
    expect(text).toContain('Google Chrome');
    await shot('device');
  });

  it('creates a report, and downloads it once the worker made it', async () => {
    await page.goto(`${t.url}/#/reports`);
    await ready('reports');
    await page.selectOption('select[name="type"] >> nth=0', 'exposure');
    await page.selectOption('select[name="format"] >> nth=0', 'xlsx');
    await page.click('text=Create report');
    await page.waitForSelector('main table .pill');
    // The worker's job, run here with the real runner.
    const made = await t.app.get(ReportRunner, { strict: false }).runNext();
    expect(made?.status).toBe('succeeded');
    await page.fill('input[name="name"]', 'Monday exposure');
    await page.click('text=Add schedule');
    await page.waitForSelector('td:has-text("Monday exposure")');
    await ready('reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(SHOTS, '..', '..', '.data', `dashboard-download-${process.pid}.xlsx`);
    mkdirSync(join(path, '..'), { recursive: true });
    await download.saveAs(path);
    const workbook = XLSX.read(readFileSync(path));
    expect(workbook.SheetNames).toEqual(expect.arrayContaining(['Summary']));
    await shot('reports');
  });

  it('shows sources with health and queues "sync now"', async () => {
    await page.goto(`${t.url}/#/sources`);
    await ready('sources');
    await page.click('[data-testid="sync-Contoso Intune"]');
    await page.waitForSelector('[role="status"]');
    expect(await page.textContent('[role="status"]')).toContain('queued');
    const jobs = await t.db.dataSource.query(`SELECT key FROM job WHERE name = 'sync'`);
    expect(jobs).toEqual([{ key: `sync:${fleet.intuneId}` }]);
    await shot('sources');
  });

  it('ran every page under its Content-Security-Policy without a violation', () => {
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
