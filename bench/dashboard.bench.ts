// Dashboard speed at fleet scale, measured in the browser: Debian's Chromium (playwright-core) against the real api
// process on the 100k-device / 15M-installation fleet (bench/support/api-fleet.ts). The app marks when a route
// changes and when a page's data is on screen (performance.mark, apps/api/web/src/main.tsx); the bench reads those
// marks, so the figures are the browser's own clock:
// - overview interactive: a full page load (navigation start) until the overview's numbers, products, trend and
//   freshness are rendered — the first load after the api started, then loads 6 s apart (the api's answers are
//   cached for 5 s, so each recomputes the summary as a manager's visit would);
// - a filtered list: from the route change (filters applied) to the rows and the total on screen, each run with a
//   filter value not asked before (no cached answer); searches for one device or title scan the whole table.
// Baseline in the same run: the same API requests made from node (fetch, no browser; a list's with its page size
// one smaller, so it is not answered from the api's cache) — what the data alone costs.
// Targets: overview ≤ 1 s, filtered list ≤ 300 ms. Runs: BENCH_RUNS (7) per scenario.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { apiAtScale } from './support/api-fleet';
import { machineLine, peakRssMiB, recordBenchmark, table } from './support/bench-report';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = join(__dirname, '..', '..');
const log = (s: string) => process.stderr.write(`[bench:dashboard] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The api caches a hot answer for 5 s (docs/architecture.md §9); a load this long after the last one recomputes it.
const CACHE_EXPIRY_MS = 6_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);
const ms = (x: number) => Math.round(x);

/** Waits until the app marked `page` ready (after the marks were cleared); returns the page's marks. */
async function readyMarks(page: Page, name: string): Promise<{ route: number | null; ready: number }> {
  const until = Date.now() + 30_000;
  for (;;) {
    const marks = await page.evaluate<string>(
      `JSON.stringify({ route: performance.getEntriesByName('interdict:route').at(-1)?.startTime ?? null, ready: performance.getEntriesByName('interdict:ready:${name}').at(-1)?.startTime ?? null })`,
    );
    const m = JSON.parse(marks) as { route: number | null; ready: number | null };
    if (m.ready !== null) return { route: m.route, ready: m.ready };
    if (Date.now() > until) throw new Error(`${name} was not ready within 30 s`);
    await sleep(5);
  }
}

/** A full load of the overview (a new document), timed from navigation start to its data on screen. */
async function loadOverview(page: Page, base: string, n: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(`${base}/?load=${n}#/overview`);
  return (await readyMarks(page, 'overview')).ready;
}

/** A filter applied on a list page: from the route change to its rows on screen. */
async function applyFilter(page: Page, name: string, hash: string): Promise<number> {
  await page.evaluate(`performance.clearMarks(); location.hash = ${JSON.stringify(hash)}`);
  const m = await readyMarks(page, name);
  return m.ready - (m.route ?? 0);
}

/** The same request from node: the data's own cost. */
async function raw(base: string, key: string, path: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${key}`, 'accept-encoding': 'gzip, deflate, br' },
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t0;
}

interface Scenario {
  label: string;
  page: string;
  /** The route for run i (a filter value not asked before) and the API request its page makes. */
  route: (i: number) => { hash: string; api: string };
}

/** The page's request with its page size one smaller: the same work, not the cached answer. */
const uncached = (api: string) => api.replace(/limit=(\d+)/, (_, n: string) => `limit=${Number(n) - 1}`);

// Filter values differ per run so no answer comes from a cache; each is one the fleet has (bench/support/api-fleet.ts).
const SCENARIOS: Scenario[] = [
  {
    label: 'exposures: platform + status + search',
    page: 'exposures',
    route: (i) => ({
      hash: `#/exposures?platform=windows&q=DEV-${i + 1}&status=open`,
      api: `/api/v1/exposures?platform=windows&q=DEV-${i + 1}&status=open&limit=50&total=true`,
    }),
  },
  {
    label: 'exposures: product',
    page: 'exposures',
    route: (i) => {
      const product = ['kaspersky-endpoint-security', 'kaspersky-consumer', 'tiktok', 'deepseek'][i % 4];
      return {
        hash: `#/exposures?product=${product}&sort=${i % 2 ? 'dueAt' : '-firstDetectedAt'}`,
        api: `/api/v1/exposures?product=${product}&sort=${i % 2 ? 'dueAt' : '-firstDetectedAt'}&limit=50&total=true`,
      };
    },
  },
  {
    label: 'devices: platform + has exposure',
    page: 'devices',
    route: (i) => {
      const platform = ['windows', 'macos', 'android', 'ios'][i % 4];
      return {
        hash: `#/devices?exposed=${i % 2 ? 'true' : 'false'}&platform=${platform}`,
        api: `/api/v1/devices?exposed=${i % 2 ? 'true' : 'false'}&platform=${platform}&limit=100&total=true`,
      };
    },
  },
  {
    label: 'devices: search for one device',
    page: 'devices',
    route: (i) => ({
      hash: `#/devices?q=DEV-${40_001 + i * 7}`,
      api: `/api/v1/devices?q=DEV-${40_001 + i * 7}&limit=100&total=true`,
    }),
  },
  {
    label: 'software: search for one title',
    page: 'software',
    route: (i) => ({
      hash: `#/software?q=Generic App ${31_001 + i * 13}`,
      api: `/api/v1/software?q=${encodeURIComponent(`Generic App ${31_001 + i * 13}`)}&limit=100&total=true`,
    }),
  },
];

// Long because it is the bench's run sheet: start, sign in, time the overview, time each list, write the section.
async function main(): Promise<void> {
  const machine = machineLine();
  const app = join(root, 'dist', 'apps', 'api', 'web', 'app.js');
  if (!existsSync(app)) throw new Error('dist/apps/api/web/app.js is missing: npm run build first');
  const bundle = readFileSync(app);
  const { base, key, api, load, counts } = await apiAtScale('viewer', 'bench-dashboard');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${base}/`);
    // Signed in as the dashboard leaves a tab after sign-in: the key and who it belongs to.
    await page.evaluate(
      `sessionStorage.setItem('interdict.apiKey', ${JSON.stringify(key)}); sessionStorage.setItem('interdict.who', '{"role":"viewer","name":"bench"}')`,
    );

    log('overview: the first load after the api started, then loads past the api cache…');
    const overviewCold = await loadOverview(page, base, 0);
    const overviewWarm: number[] = [];
    const overviewRaw: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      await sleep(CACHE_EXPIRY_MS);
      overviewWarm.push(await loadOverview(page, base, i));
      await sleep(CACHE_EXPIRY_MS);
      const t = await Promise.all(
        [
          '/api/v1/auth/me',
          '/api/v1/exposure/summary',
          '/api/v1/exposure/trend?days=90',
          '/api/v1/sources',
        ].map((p) => raw(base, key, p)),
      );
      overviewRaw.push(max(t));
    }

    const rows: Record<string, string | number>[] = [
      {
        view: 'overview, first load after the api started',
        'browser median ms': ms(overviewCold),
        'browser max ms': ms(overviewCold),
        'API from node median ms': '—',
        ratio: '—',
        target: '≤ 1000',
      },
      {
        view: `overview, loads 6 s apart, past the api cache (${RUNS})`,
        'browser median ms': ms(median(overviewWarm)),
        'browser max ms': ms(max(overviewWarm)),
        'API from node median ms': ms(median(overviewRaw)),
        ratio: `${(median(overviewWarm) / median(overviewRaw)).toFixed(1)}×`,
        target: '≤ 1000',
      },
    ];
    const verdicts: string[] = [];
    verdicts.push(
      `Overview interactive: first load after the api started ${ms(overviewCold)} ms; later loads median ${ms(median(overviewWarm))} ms, max ${ms(max(overviewWarm))} ms (target ≤ 1,000 ms: ${max([overviewCold, ...overviewWarm]) <= 1000 ? 'met' : 'NOT met'}).`,
    );
    let n = 0;
    for (const s of SCENARIOS) {
      log(`list: ${s.label}…`);
      await page.evaluate(`location.hash = '#/${s.page}'`);
      await readyMarks(page, s.page);
      const browserMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = s.route(n++);
        browserMs.push(await applyFilter(page, s.page, r.hash));
        rawMs.push(await raw(base, key, uncached(r.api)));
      }
      rows.push({
        view: `filtered list — ${s.label} (${RUNS}, each a new filter value)`,
        'browser median ms': ms(median(browserMs)),
        'browser max ms': ms(max(browserMs)),
        'API from node median ms': ms(median(rawMs)),
        ratio: `${(median(browserMs) / median(rawMs)).toFixed(1)}×`,
        target: '≤ 300',
      });
      verdicts.push(
        `${s.label}: median ${ms(median(browserMs))} ms, max ${ms(max(browserMs))} ms (target ≤ 300 ms: ${max(browserMs) <= 300 ? 'met' : 'NOT met'}).`,
      );
    }
    const md = [
      '## Dashboard (`npm run bench:dashboard`)',
      '',
      machine,
      '',
      `Fleet: ${Number(counts.devices).toLocaleString('en-US')} devices, ${Number(counts.installations).toLocaleString('en-US')} installations, ${Number(counts.exposures).toLocaleString('en-US')} exposures (${Number(counts.open).toLocaleString('en-US')} open) — ${load}.`,
      `Browser: Chromium (headless, playwright-core), 1280 × 900, same machine as the api process (production mode, pool 10). Times are the browser's own marks (performance.mark at the route change and when the page's data is rendered; a full load from navigation start). Baseline: the same API requests from node (fetch; a list's with its page size one smaller so the api computes it afresh), the overview's in parallel. Bundle: app.js ${(bundle.length / 1024).toFixed(0)} KB, ${(gzipSync(bundle, { level: 9 }).length / 1024).toFixed(1)} KB gzipped (budget 80 KB, checked by the build).`,
      '',
      table(rows),
      '',
      ...verdicts.map((v) => `- ${v}`),
      `- Peak RSS of the api process: ${peakRssMiB(api.pid)} MiB.`,
    ].join('\n');
    recordBenchmark('dashboard', md);
    process.stdout.write(md + '\n');
  } finally {
    await browser.close();
    api.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
