import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { freePort } from '@interdict/database';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const CHROMIUM = '/usr/bin/chromium';
const root = join(__dirname, '..', '..');
// Screenshots go to a temp dir (npm test leaves the tree clean); DASHBOARD_SHOTS=docs/screenshots refreshes the docs.
const SHOTS = process.env.DASHBOARD_SHOTS
  ? join(root, process.env.DASHBOARD_SHOTS)
  : mkdtempSync(join(tmpdir(), 'interdict-shots-'));
const DEMO_MAIN = join(root, 'dist', 'apps', 'all-in-one', 'src', 'main.js');
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `npm start` as a newcomer runs it: api + worker + simulated Intune and Jamf, on a database of its own. */
interface Demo {
  child: ChildProcess;
  url: string;
  adminKey: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startDemo(db: TestDatabase): Promise<Demo> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(DATABASE_|API_|WORKER_|INTERDICT_|EMBEDDED_PG|LOG_|DEMO_|SIMULATOR_|AUTH_|REPORTS_)/.test(k),
    ),
  );
  const child = spawn(process.execPath, [DEMO_MAIN], {
    cwd: root,
    env: {
      ...clean,
      DATABASE_URL: db.url,
      API_PORT: String(await freePort()),
      WORKER_PORT: String(await freePort()),
      SIMULATOR_PORT: String(await freePort()),
      DEMO_ENABLED: 'true',
      // A small fleet whose 2 % with a banned title include phones reported by Intune (three, with this seed).
      DEMO_DEVICES: '400',
      DEMO_SEED: '4',
      REPORTS_POLL_INTERVAL_MS: '200',
      LOG_LEVEL: 'warn',
      INTERDICT_CONFIG_DIR: join(root, 'test', 'support', 'no-config'),
      INTERDICT_DATA_DIR: mkdtempSync(join(tmpdir(), 'interdict-demo-')),
      INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The first start prints the admin key once, with the dashboard's address.
  const until = Date.now() + 60_000;
  for (;;) {
    const key = /First start: an admin API key[^\n]*\n\s*(idk_\S+)/.exec(output)?.[1];
    const url = /Dashboard: (http:\/\/\S+?)\/\s/.exec(output)?.[1];
    if (key && url) return { child, url, adminKey: key, output: () => output, exited };
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the demo did not print its admin key and address:\n${output}`);
    }
    await sleep(100);
  }
}

describeWithChromium('the dashboard in headless Chromium, against the demo', () => {
  let db: TestDatabase;
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const api = async (path: string, init: RequestInit = {}): Promise<any> => {
    const res = await fetch(`${demo.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  /** Polls `check` (true = done) until it holds. */
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 90_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${demo.output().slice(-4000)}`);
      await sleep(250);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await startDemo(db);
    // The demo syncs both simulated sources, computes exposure and then queues its first report.
    await until('the demo sources to sync and its first report', async () => {
      const reports = (await api('/api/v1/reports')).items as { requestedBy: string }[];
      return reports.some((r) => r.requestedBy === 'demo');
    });
    // An MDM-supplied name is untrusted: the dashboard must show it as text.
    const [victim] = await db.dataSource.query<{ id: string }[]>(
      `SELECT device_id AS id FROM exposure WHERE status = 'open' ORDER BY id LIMIT 1`,
    );
    await db.dataSource.query(`UPDATE device SET name = $1 WHERE id = $2`, [
      '<img src=x onerror="window.__xss=1">',
      victim.id,
    ]);
    // Cached answers are at most 5 s old: wait until the summary no longer moves.
    let last = '';
    let stableSince = Date.now();
    await until('a settled exposure summary', async () => {
      const s = await api('/api/v1/exposure/summary');
      const now = JSON.stringify([s.exposedDevices, s.exposures, s.overdueExposures]);
      if (now !== last) [last, stableSince] = [now, Date.now()];
      return Date.now() - stableSince > 6_000;
    });
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
    // (Browser-side expressions are strings: this project compiles without the DOM library. waitForFunction is
    // avoided: it evaluates code, which the dashboard's Content-Security-Policy rightly forbids.)
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (demo) {
      demo.child.kill('SIGTERM');
      const killer = setTimeout(() => demo.child.kill('SIGKILL'), 20_000);
      await demo.exited;
      clearTimeout(killer);
    }
    await db?.drop();
  }, 60_000);

  const ready = (name: string) => page.waitForSelector(`main[data-ready="${name}"]`, { timeout: 15_000 });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('asks for a key, refuses a wrong one, and logs in with the key the demo printed', async () => {
    await page.goto(demo.url + '/');
    await page.waitForSelector('input[name="apiKey"]');
    expect(await page.isVisible('#nav')).toBe(false); // no links to pages that need a key
    expect((await fetch(`${demo.url}/favicon.svg`)).status).toBe(200);
    await shot('login');
    await page.fill('input[name="apiKey"]', 'idk_wrongwrong_' + 'x'.repeat(43));
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error');
    expect(await page.textContent('.error')).toContain('invalid');
    await page.fill('input[name="apiKey"]', demo.adminKey);
    await page.click('button[type="submit"]');
    await ready('overview');
    expect(await page.evaluate("sessionStorage.getItem('interdict.apiKey')")).toBe(demo.adminKey);
  });

  it('shows the same exposure numbers as the API, the trend chart and last sync per source', async () => {
    const summary = await api('/api/v1/exposure/summary');
    const coverage = await api('/api/v1/exposure/coverage');
    const number = async (id: string) =>
      Number((await page.textContent(`[data-testid="${id}"] .n`))!.replace(/,/g, ''));
    expect(summary.exposedDevices).toBeGreaterThan(0); // the simulated fleet carries banned software
    expect(await number('exposed-devices')).toBe(summary.exposedDevices);
    expect(await number('exposures')).toBe(summary.exposures);
    expect(await number('overdue-exposures')).toBe(summary.overdueExposures);
    expect(await number('review-exposures')).toBe(summary.reviewExposures);
    expect(await number('coverage-gaps')).toBe(coverage.staleDevices + coverage.neverReportedDevices);
    expect(await page.locator('[data-testid="trend-chart"]').count()).toBe(1);
    const body = await page.textContent('main');
    expect(body).toContain('Demo Intune tenant');
    expect(body).toContain('Demo Jamf Pro');
    await shot('overview');
  });

  it("lists exposure by product with each product's rules on demand", async () => {
    const summary = await api('/api/v1/exposure/summary');
    const products = page.locator('[data-testid="by-product"] details');
    expect(await products.count()).toBe(summary.byProduct.length);
    const first = summary.byProduct[0] as { productName: string; rules: { id: string }[] };
    const details = products.first();
    expect(await details.textContent()).toContain(first.productName);
    expect(await details.locator('ul.rules').isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.locator('ul.rules li').count()).toBe(first.rules.length);
    expect(await details.locator('ul.rules').textContent()).toContain(first.rules[0].id);
  });

  it('filters and searches exposures like the API does, phones included', async () => {
    // Phones with banned apps: Intune reports them by name only, Jamf with their bundle ids.
    const phones = [
      ...(await api('/api/v1/exposures?platform=ios&status=open&limit=500')).items,
      ...(await api('/api/v1/exposures?platform=android&status=open&limit=500')).items,
    ] as { sources: string[] }[];
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.some((x) => x.sources.includes('Demo Intune tenant'))).toBe(true);
    const [first] = (await api('/api/v1/exposures?status=open&limit=1')).items as { productId: string }[];
    const filter = `status=open&product=${encodeURIComponent(first.productId)}`;
    await page.goto(`${demo.url}/#/exposures?${filter}`);
    await ready('exposures');
    const viaApi = await api(`/api/v1/exposures?${filter}&limit=50`);
    expect(viaApi.items.length).toBeGreaterThan(0);
    expect(await page.locator('main table tbody tr').count()).toBe(viaApi.items.length);
    await shot('exposures');
    const q = (viaApi.items[0] as { serialNumber: string }).serialNumber;
    await page.fill('input[name="q"]', q);
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(new RegExp(`q=${q}`));
    await ready('exposures');
    const searched = await api(`/api/v1/exposures?${filter}&q=${encodeURIComponent(q)}`);
    expect(searched.items.length).toBeGreaterThan(0);
    expect(await page.locator('main table tbody tr').count()).toBe(searched.items.length);
  });

  it('renders untrusted device names as text', async () => {
    await page.goto(`${demo.url}/#/exposures?q=img`);
    await ready('exposures');
    expect(await page.textContent('main table')).toContain('<img src=x onerror="window.__xss=1">');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('shows a device with its software and exposures, and an exposure with its evidence and rules', async () => {
    await page.goto(`${demo.url}/#/devices`);
    await ready('devices');
    await shot('devices');
    const [x] = (await api('/api/v1/exposures?status=open&limit=1')).items as {
      id: string;
      deviceId: string;
      titles: string[];
    }[];
    const device = await api(`/api/v1/devices/${x.deviceId}`);
    await page.goto(`${demo.url}/#/devices/${x.deviceId}`);
    await ready('devices');
    const text = await page.textContent('main');
    expect(text).toContain(device.serialNumber);
    expect(text).toContain(x.titles[0]);
    await shot('device');
    const detail = await api(`/api/v1/exposures/${x.id}`);
    await page.goto(`${demo.url}/#/exposures/${x.id}`);
    await ready('exposures');
    const shown = await page.textContent('main');
    for (const r of detail.rules as { id: string }[]) expect(shown).toContain(r.id);
    expect(shown).toContain(detail.evidence[0].source.name);
    await shot('exposure');
  });

  it('shows the rules that apply and previews a profile change', async () => {
    await page.goto(`${demo.url}/#/policy`);
    await ready('policy');
    expect(await page.textContent('main')).toContain('US-BIS-FD');
    await page.fill('input[name="sectors"]', 'federal-contractor');
    await page.click('form.filters button[type="submit"]');
    await page.waitForSelector('[data-testid="preview-moves"]');
    const expected = await api('/api/v1/policy/preview', {
      method: 'POST',
      body: JSON.stringify({
        jurisdictions: ['US'],
        sectors: ['federal-contractor'],
        enableRules: [],
        disableRules: [],
      }),
    });
    const text = await page.textContent('[data-testid="preview-result"]');
    expect(text).toContain('US-FAR-52.204-27');
    expect(text).toContain(`Would open ${expected.added.exposures.toLocaleString('en-US')} exposure(s)`);
    await page.fill('input[name="sectors"]', 'bank');
    await page.click('form.filters button[type="submit"]');
    await page.waitForSelector('[data-testid="preview-result"] .error');
    expect(await page.textContent('[data-testid="preview-result"] .error')).toContain('sector');
    await shot('policy');
  });

  it('creates a report, and downloads it once the demo worker made it', async () => {
    await page.goto(`${demo.url}/#/reports`);
    await ready('reports');
    expect(await page.textContent('main')).not.toContain('[object Object]');
    await page.selectOption('select[name="type"] >> nth=0', 'exposure');
    await page.selectOption('select[name="format"] >> nth=0', 'xlsx');
    const reportIds = async () =>
      new Map(
        ((await api('/api/v1/reports')).items as { id: string; status: string }[]).map((r) => [
          r.id,
          r.status,
        ]),
      );
    const before = await reportIds();
    await page.click('text=Create report');
    await page.waitForSelector('main table .pill');
    await until('the report to be made by the demo worker', async () => {
      const now = await reportIds();
      return [...now].some(([id, status]) => !before.has(id) && status === 'succeeded');
    });
    // The page shows what it loaded; reload it to see the finished report.
    await page.goto(`${demo.url}/#/sources`);
    await ready('sources');
    await page.goto(`${demo.url}/#/reports`);
    await ready('reports');
    await page.fill('input[name="name"]', 'Monday exposure');
    await page.click('text=Add schedule');
    await page.waitForSelector('td:has-text("Monday exposure")');
    await ready('reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download"] >> nth=0'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(root, '.data', `dashboard-download-${process.pid}.xlsx`);
    mkdirSync(join(path, '..'), { recursive: true });
    await download.saveAs(path);
    const workbook = XLSX.read(readFileSync(path));
    expect(workbook.SheetNames).toEqual(expect.arrayContaining(['Summary']));
    await shot('reports');
  });

  it('shows sources with health and queues "sync now"', async () => {
    await page.goto(`${demo.url}/#/sources`);
    await ready('sources');
    expect(await page.textContent('main')).toContain('Demo Jamf Pro');
    expect(await page.textContent('main')).not.toContain('[object Object]');
    await page.click('[data-testid="sync-Demo Intune tenant"]');
    await page.waitForSelector('[role="status"]');
    expect(await page.textContent('[role="status"]')).toContain('queued');
    await shot('sources');
  });

  it('ran every page under its Content-Security-Policy without a violation', () => {
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
