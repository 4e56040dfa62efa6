import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import * as XLSX from 'xlsx';
import { freePort } from '@interdict/database';
import { TestReceiver } from '@interdict/webhooks';
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
const SIMULATOR_SECRET = randomBytes(16).toString('hex');

/** Sets the simulator's fault rules (its /_control API, over its own TLS). */
function simulatorFaults(baseUrl: string, ca: string, rules: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL('/_control/faults', baseUrl),
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`faults: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ rules }));
  });
}
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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
      // The test adds a source pointing at the simulator (so it must know its secret) and a webhook endpoint
      // receiving on loopback in this process.
      SIMULATOR_CLIENT_SECRET: SIMULATOR_SECRET,
      WEBHOOKS_ALLOWLIST: '127.0.0.1',
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
    return res.status === 204 ? null : res.json();
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
    // The demo syncs both simulated sources, computes exposure and then runs its weekly schedule once.
    await until('the demo sources to sync and its first report', async () => {
      const reports = (await api('/api/v1/reports')).items as { requestedBy: string }[];
      return reports.some((r) => r.requestedBy === 'schedule:Weekly exposure for the CISO (demo)');
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
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    // (Browser-side expressions are strings: this project compiles without the DOM library. waitForFunction is
    // avoided: it evaluates code, which the dashboard's Content-Security-Policy rightly forbids.)
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => void d.accept());
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
  const go = async (hash: string, name = hash.replace(/^#\//, '').split(/[/?]/)[0]) => {
    // The same address again is no navigation: reload to show what the API holds now.
    if (page.url() === `${demo.url}/${hash}`) await page.reload();
    else await page.goto(`${demo.url}/${hash}`);
    await ready(name);
  };
  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  const signIn = async (key: string) => {
    await page.goto(`${demo.url}/`);
    if (await page.isVisible('text=Log out')) await page.click('text=Log out');
    await page.waitForSelector('input[name="apiKey"]');
    await page.fill('input[name="apiKey"]', key);
    await page.click('button[type="submit"]');
    await ready('overview');
  };

  it('asks for a key, refuses a wrong one, and logs in with the key the demo printed', async () => {
    await page.goto(demo.url + '/');
    await page.waitForSelector('input[name="apiKey"]');
    expect(await page.locator('#nav').count()).toBe(0); // no links to pages that need a key
    expect((await fetch(`${demo.url}/favicon.svg`)).status).toBe(200);
    await shot('login');
    await page.fill('input[name="apiKey"]', 'idk_wrongwrong_' + 'x'.repeat(43));
    await page.click('button[type="submit"]');
    await page.waitForSelector('.error');
    expect(await text('.error')).toContain('invalid');
    await page.fill('input[name="apiKey"]', demo.adminKey);
    await page.click('button[type="submit"]');
    await ready('overview');
    expect(await page.evaluate("sessionStorage.getItem('interdict.apiKey')")).toBe(demo.adminKey);
  });

  it('shows a manager the API’s numbers, coverage with data age, freshness per source and a trend with points', async () => {
    const summary = await api('/api/v1/exposure/summary');
    const number = async (id: string) => Number((await text(`[data-testid="${id}"] .n`)).replace(/,/g, ''));
    expect(summary.exposedDevices).toBeGreaterThan(0); // the simulated fleet carries banned software
    expect(await number('exposed-devices')).toBe(summary.exposedDevices);
    expect(await number('exposures')).toBe(summary.exposures);
    expect(await number('overdue-exposures')).toBe(summary.overdueExposures);
    expect(await number('review-exposures')).toBe(summary.reviewExposures);
    expect(await number('excepted-exposures')).toBe(summary.exceptedExposures);
    const c = summary.coverage;
    const coverage = await text('[data-testid="coverage"]');
    expect(coverage).toContain(
      `${c.coveredDevices.toLocaleString('en-US')} of ${c.devices.toLocaleString('en-US')}`,
    );
    expect(coverage).toMatch(/data \d+ (s|min) ago/);
    // Day one: one point, drawn as a dot with its value, not an empty line.
    expect(
      await page.locator('[data-testid="trend-chart"] circle.dot.exposed').count(),
    ).toBeGreaterThanOrEqual(1);
    expect(await text('[data-testid="trend-chart"] figcaption')).toContain(
      `${summary.exposedDevices.toLocaleString('en-US')} exposed`,
    );
    const fresh = await text('ul.freshness');
    expect(fresh).toContain('Demo Intune tenant');
    expect(fresh).toContain('Demo Jamf Pro');
    expect(fresh).toMatch(/synced \d+ (s|min) ago/);
    await shot('overview');
  });

  it("lists exposure by product, each product's rules on demand", async () => {
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

  it('filters, counts, sorts and pages exposures on the server, phones included, the view in the URL', async () => {
    const phones = [
      ...(await api('/api/v1/exposures?platform=ios&status=open&limit=500')).items,
      ...(await api('/api/v1/exposures?platform=android&status=open&limit=500')).items,
    ] as { sources: string[] }[];
    expect(phones.some((x) => x.sources.includes('Demo Intune tenant'))).toBe(true);
    const [first] = (await api('/api/v1/exposures?status=open&limit=1')).items as { productId: string }[];
    const filter = `product=${encodeURIComponent(first.productId)}&status=open`;
    await go(`#/exposures?${filter}`);
    const viaApi = await api(`/api/v1/exposures?${filter}&limit=50&total=true`);
    expect(viaApi.items.length).toBeGreaterThan(0);
    expect(await page.locator('main table tbody tr').count()).toBe(viaApi.items.length);
    expect(await text('[data-testid="range"]')).toContain(`of ${viaApi.total}`);
    await shot('exposures');
    // The filter form writes the URL; the URL is the view.
    const q = (viaApi.items[0] as { serialNumber: string }).serialNumber;
    await page.fill('input[name="q"]', q);
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(new RegExp(`q=${q}`));
    await ready('exposures');
    const searched = await api(`/api/v1/exposures?${filter}&q=${encodeURIComponent(q)}`);
    expect(await page.locator('main table tbody tr').count()).toBe(searched.items.length);
    // Sorting by due date is the API's, and says so to assistive technology.
    await go('#/exposures?status=open');
    await page.click('th a.sort:has-text("Due")');
    await page.waitForURL(/sort=dueAt/);
    await ready('exposures');
    expect(await page.getAttribute('th:has-text("Due")', 'aria-sort')).toBe('ascending');
    const sorted = (await api('/api/v1/exposures?status=open&sort=dueAt&limit=50')).items as {
      deviceName: string;
    }[];
    expect(await text('main table tbody tr:first-child td:first-child')).toBe(sorted[0].deviceName);
    // Pages: the next page is the API's next page.
    await go('#/devices');
    const devices = await api('/api/v1/devices?limit=100&total=true');
    expect(await text('[data-testid="range"]')).toBe(`1–100 of ${devices.total.toLocaleString('en-US')}`);
    await page.click('text=Next →');
    await page.waitForURL(/after=/);
    await ready('devices');
    const second = await api(`/api/v1/devices?limit=100&cursor=${devices.nextCursor}`);
    expect(await text('main table tbody tr:first-child td:first-child')).toBe(second.items[0].name);
    // Devices with an open exposure, as the API counts them.
    await go('#/devices?exposed=true');
    const exposed = await api('/api/v1/devices?exposed=true&total=true&limit=1');
    expect(await text('[data-testid="range"]')).toContain(`of ${exposed.total}`);
  });

  it('renders untrusted device names as text', async () => {
    await go('#/exposures?q=img');
    expect(await text('main table')).toContain('<img src=x onerror="window.__xss=1">');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('shows a device with its software and exposures, and an exposure with its evidence and rules', async () => {
    const [x] = (await api('/api/v1/exposures?status=open&limit=1')).items as {
      id: string;
      deviceId: string;
      titles: string[];
    }[];
    const device = await api(`/api/v1/devices/${x.deviceId}`);
    await go(`#/devices/${x.deviceId}`);
    const shown = await text('main');
    expect(shown).toContain(device.serialNumber);
    expect(shown).toContain(x.titles[0]);
    await shot('device');
    const detail = await api(`/api/v1/exposures/${x.id}`);
    await go(`#/exposures/${x.id}`);
    const exposure = await text('main');
    for (const r of detail.rules as { id: string }[]) expect(exposure).toContain(r.id);
    expect(exposure).toContain(detail.evidence[0].source.name);
    await shot('exposure');
  });

  it('adds a source pointing at the simulator, shows its sync progress live, and its exposures appear', async () => {
    const jamf = (
      (await api('/api/v1/sources')) as { kind: string; settings: Record<string, unknown> }[]
    ).find((s) => s.kind === 'jamf')!;
    await go('#/sources');
    await page.click('button:has-text("Add a source")');
    const form = page.locator('[data-testid="source-form"]');
    // A wrong URL is refused by the API, named at its field, and nothing is stored.
    await form.locator('select[name="kind"]').selectOption('jamf');
    await form.locator('input[name="name"]').fill('Second Jamf');
    await form.locator('input[name="baseUrl"]').fill('ftp://jamf.example');
    await form.locator('input[name="clientId"]').fill(String(jamf.settings.clientId));
    await form.locator('input[name="secret"]').fill(SIMULATOR_SECRET);
    await form.locator('button[type="submit"]').click();
    await form.locator('.error').waitFor();
    expect(await form.locator('.error').textContent()).toContain('baseUrl');
    expect(await form.locator('.field.invalid input[name="baseUrl"]').count()).toBe(1);
    expect((await api('/api/v1/sources')).length).toBe(2);
    // Now right: small pages make the walk long enough to watch.
    await form.locator('input[name="baseUrl"]').fill(String(jamf.settings.baseUrl));
    await form.locator('summary:has-text("More settings")').click();
    await form
      .locator('textarea[name="more"]')
      .fill(JSON.stringify({ caCertPem: jamf.settings.caCertPem, pageSize: 4, includeMobileDevices: false }));
    await form.locator('input[name="schedule"]').fill('');
    await form.locator('button[type="submit"]').click();
    await page.waitForSelector('main[data-ready="sources"] h1:has-text("Second Jamf")').catch(async () => {
      throw new Error(`the source was not added: ${await text('main')}`);
    });
    const id = /#\/sources\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    if (!id) throw new Error(`not on the new source's page: ${page.url()}`);
    await page.click('button:has-text("Test connection")');
    await page.waitForSelector('[role="status"]:has-text("Connection works")').catch(async () => {
      throw new Error(`the connection test did not pass: ${await text('main')}`);
    });
    // Each inventory page answers after 150 ms, so the walk lasts long enough to watch.
    const slow = [{ target: 'jamf', kind: 'slow', delayMs: 150, pathContains: 'computers-inventory' }];
    await simulatorFaults(String(jamf.settings.baseUrl), String(jamf.settings.caCertPem), slow);
    await page.click('[data-testid="sync-Second Jamf"]');
    // The worker records the phase and counts each second; the page shows them as they come.
    await page.waitForSelector('[data-testid="sync-progress"]:text-matches("walking|applying")', {
      timeout: 30_000,
    });
    expect(await text('[data-testid="sync-progress"]')).toMatch(/(walking|applying) · [\d,]+ devices/);
    await shot('source-progress');
    await until('the new source to sync', async () => {
      const runs = (await api(`/api/v1/sources/${id}/runs`)) as { status: string }[];
      return runs.some((r) => r.status === 'succeeded');
    });
    await simulatorFaults(String(jamf.settings.baseUrl), String(jamf.settings.caCertPem), []);
    await page.waitForSelector('main table .pill.succeeded', { timeout: 15_000 });
    // Its devices' exposures show under its filter, as the API lists them.
    await until('exposure of the new source', async () => {
      return (await api(`/api/v1/exposures?source=${id}&limit=1`)).items.length > 0;
    });
    await go(`#/exposures?source=${id}`);
    const viaApi = await api(`/api/v1/exposures?source=${id}&limit=50`);
    expect(await page.locator('main table tbody tr').count()).toBe(viaApi.items.length);
  });

  it('creates an exception from an exposure, and the exposure becomes excepted', async () => {
    const [x] = (await api('/api/v1/exposures?status=open&standing=binding&limit=1')).items as {
      id: string;
      productName: string;
    }[];
    await go(`#/exposures/${x.id}`);
    await page.fill('input[name="reason"]', 'Lab machine isolated; replacement ordered');
    await page.fill('input[name="approvedBy"]', 'CISO Jane Doe');
    await page.click('button:has-text("Create exception")');
    await page.waitForSelector('[role="status"]:has-text("Exception created")');
    await until(
      'the exposure to be excepted',
      async () => (await api(`/api/v1/exposures/${x.id}`)).status === 'excepted',
    );
    await go(`#/exposures/${x.id}`);
    expect(await text('dl.facts')).toContain('excepted');
    await go('#/exceptions');
    expect(await text('main table')).toContain('Lab machine isolated');
    await shot('exceptions');
  });

  it('makes a report now and on a schedule, and downloads what the worker wrote', async () => {
    await go('#/reports');
    expect(await text('main')).not.toContain('[object Object]');
    const before = new Set(((await api('/api/v1/reports')).items as { id: string }[]).map((r) => r.id));
    await page.selectOption('select[name="type"] >> nth=0', 'exposed-devices');
    await page.click('button:has-text("Create report")');
    await until('the report to be made', async () => {
      const items = (await api('/api/v1/reports')).items as { id: string; status: string }[];
      return items.some((r) => !before.has(r.id) && r.status === 'succeeded');
    });
    await page.waitForSelector('[data-testid="download"]');
    // A schedule every minute: its first report comes within a minute.
    await page.fill('input[name="name"]', 'Every minute');
    await page.fill('input[name="cron"]', '* * * * *');
    await page.click('button:has-text("Add schedule")');
    await page.waitForSelector('td:has-text("Every minute")');
    const [schedule] = ((await api('/api/v1/report-schedules')) as { id: string; name: string }[]).filter(
      (s) => s.name === 'Every minute',
    );
    await until(
      'the scheduled report',
      async () =>
        ((await api(`/api/v1/reports?scheduleId=${schedule.id}`)).items as { status: string }[]).some(
          (r) => r.status === 'succeeded',
        ),
      100_000,
    );
    await go('#/reports');
    const row = page.locator('main table tbody tr', { hasText: 'schedule:Every minute' }).first();
    await row.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('[data-testid="download"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(mkdtempSync(join(tmpdir(), 'interdict-download-')), download.suggestedFilename());
    await download.saveAs(path);
    const workbook = XLSX.read(readFileSync(path));
    expect(workbook.SheetNames).toEqual(expect.arrayContaining(['Summary']));
    // Edit the schedule: Monday mornings from now on.
    const scheduleRow = page.locator('main table tbody tr', { hasText: 'Every minute' });
    await scheduleRow.locator('button:has-text("Edit")').click();
    await scheduleRow.locator('input[name="cron"]').fill('0 7 * * 1');
    await scheduleRow.locator('button:has-text("Save")').click();
    // This row's: the demo's own weekly schedule shows the same cron.
    await scheduleRow.locator('td:has-text("0 7 * * 1 (UTC)")').waitFor();
    expect((await api(`/api/v1/report-schedules/${schedule.id}`)).cron).toBe('0 7 * * 1');
    await shot('reports');
  }, 150_000);

  it('mails the demo schedule’s report to the local catcher, workbook attached, and offers its evidence pack', async () => {
    const catcher = /mailed to a local catcher, (http:\/\/127\.0\.0\.1:\d+)\//.exec(demo.output())?.[1];
    expect(catcher).toBeDefined();
    await until('the scheduled mail to arrive', async () =>
      (await fetch(`${catcher}/`).then((r) => r.text())).includes('/m/1'),
    );
    await page.goto(`${catcher}/m/1`);
    expect(await page.textContent('pre')).toMatch(
      /To: "CISO" <ciso@demo\.example>[\s\S]*Subject: .*Weekly exposure for the CISO \(demo\) — \d+ exposed devices/,
    );
    const workbook = await fetch(`${catcher}/m/1/a/1`).then(async (r) =>
      XLSX.read(Buffer.from(await r.arrayBuffer())),
    );
    expect(workbook.SheetNames).toEqual(expect.arrayContaining(['Summary', 'Exposed devices']));

    await go('#/reports');
    const row = page
      .locator('main table tbody tr', { hasText: 'schedule:Weekly exposure for the CISO (demo)' })
      .first();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('[data-testid="download-evidence"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.evidence\.zip$/);
    const path = join(mkdtempSync(join(tmpdir(), 'interdict-evidence-')), download.suggestedFilename());
    await download.saveAs(path);
    const files = unzipSync(readFileSync(path));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'manifest.json.sig']));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8')) as {
      files: { name: string }[];
    };
    expect(manifest.files.length).toBeGreaterThan(2);
  });

  it('adds a webhook endpoint, shows its secret once, and shows a signed delivery the receiver verifies', async () => {
    const receiver = new TestReceiver();
    await receiver.start();
    try {
      await go('#/webhooks');
      await page.fill('input[name="name"]', 'SIEM in the test');
      await page.fill('input[name="url"]', receiver.url);
      await page.click('button:has-text("Add endpoint")');
      const secret = (await text('[data-testid="shown-once"]')).trim();
      expect(secret).toMatch(/^whsec_/);
      await page.click('a:has-text("SIEM in the test")');
      await ready('webhooks');
      expect(await text('main')).not.toContain(secret); // shown once, not on the endpoint's page
      await page.click('button:has-text("Send a test event")');
      await page.waitForSelector('main table .pill.delivered', { timeout: 30_000 });
      const [d] = receiver.deliveries();
      const headers = {
        'webhook-id': d.webhookId!,
        'webhook-timestamp': String(d.timestamp),
        'webhook-signature': d.signature!,
      };
      expect(new Webhook(secret).verify(d.body, headers)).toMatchObject({ type: 'webhook.test' });
      await shot('webhook');
    } finally {
      await receiver.stop();
    }
  });

  it('creates a viewer key shown once; a viewer sees no button it cannot use', async () => {
    await go('#/keys');
    await page.fill('input[name="name"]', 'auditor');
    await page.selectOption('select[name="role"]', 'viewer');
    await page.click('button:has-text("Create key")');
    const key = (await text('[data-testid="shown-once"]')).trim();
    expect(key).toMatch(/^idk_/);
    await go('#/audit');
    expect(await text('main table')).toContain('api_key');
    await signIn(key);
    const nav = await text('#nav');
    expect(nav).toContain('Exposures');
    expect(nav).not.toContain('Webhooks');
    expect(nav).not.toContain('API keys');
    await go('#/sources');
    expect(await page.locator('button:has-text("Add a source"), button:has-text("Sync now")').count()).toBe(
      0,
    );
    await go('#/reports');
    expect(
      await page.locator('button:has-text("Create report"), button:has-text("Add schedule")').count(),
    ).toBe(0);
    await go('#/exceptions');
    expect(await page.locator('button:has-text("Create exception"), button:has-text("Revoke")').count()).toBe(
      0,
    );
    await page.goto(`${demo.url}/#/keys`);
    await page.waitForSelector('main .error');
    expect(await text('main .error')).toContain('no page');
    await signIn(demo.adminKey);
  });

  it('explains why a title is matched, and why a lookalike is not (the "why" tester)', async () => {
    await go('#/catalog');
    const tester = page.locator('[data-testid="why-tester"]');
    await tester.locator('select[name="platform"]').selectOption('windows');
    await tester.locator('input[name="name"]').fill('Kaspersky Total Security');
    await tester.locator('input[name="publisher"]').fill('AO Kaspersky Lab');
    await tester.locator('button[type="submit"]').click();
    await page.waitForSelector('[data-testid="why-result"] .match');
    expect(await text('[data-testid="why-result"]')).toContain('kaspersky-consumer');
    await tester.locator('input[name="name"]').fill('Notepad++');
    await tester.locator('input[name="publisher"]').fill('Notepad++ Team');
    await tester.locator('button[type="submit"]').click();
    await page.waitForSelector('[data-testid="why-result"]:has-text("No matcher fires")');
    expect(await text('main')).toContain('US-BIS-FD');
    await shot('catalog');
  });

  it('shows the rules that apply and previews a profile change', async () => {
    await go('#/policy');
    expect(await text('main')).toContain('US-BIS-FD');
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
    const result = await text('[data-testid="preview-result"]');
    expect(result).toContain('US-FAR-52.204-27');
    expect(result).toContain(`Would open ${expected.added.exposures.toLocaleString('en-US')} exposure(s)`);
    await page.fill('input[name="sectors"]', 'bank');
    await page.click('form.filters button[type="submit"]');
    await page.waitForSelector('[data-testid="preview-result"] .error');
    expect(await text('[data-testid="preview-result"] .error')).toContain('sector');
    await shot('policy');
  });

  const PAGES = [
    'overview',
    'exposures',
    'devices',
    'software',
    'sources',
    'reports',
    'exceptions',
    'catalog',
    'policy',
    'webhooks',
    'keys',
    'audit',
  ];

  it('passes axe on every page (no serious or critical violation) and never shows [object Object]', async () => {
    const [x] = (await api('/api/v1/exposures?limit=1')).items as { id: string; deviceId: string }[];
    const views = [...PAGES.map((p) => `#/${p}`), `#/exposures/${x.id}`, `#/devices/${x.deviceId}`];
    const found: string[] = [];
    for (const view of views) {
      await go(view);
      expect(await text('main')).not.toContain('[object Object]');
      // axe is evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag would be
      // refused, rightly).
      await page.evaluate(AXE);
      const violations = JSON.parse(
        await page.evaluate<string>(
          `axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))))`,
        ),
      ) as { id: string; impact: string; nodes: string[] }[];
      for (const v of violations) found.push(`${view}: ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
    }
    expect(found).toEqual([]);
  });

  it('is usable with the keyboard and readable on a tablet', async () => {
    await go('#/overview');
    await page.reload();
    await ready('overview');
    // Tab from the top reaches the menu; Enter follows a link.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Overview');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await ready('exposures');
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const view of ['#/overview', '#/exposures', '#/sources']) {
      await go(view);
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
        true,
      );
    }
    await shot('tablet-sources');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('ran every page under its Content-Security-Policy without a violation or a script error', () => {
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to|Error/i.test(e))).toEqual([]);
  });
});
