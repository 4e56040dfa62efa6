import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { COMPUTER_SECTIONS, createConnector, MOBILE_SECTIONS } from '@interdict/connectors';
import { initLogging } from '@interdict/logger';
import { OutboundPolicy } from '@interdict/outbound';
import { machineLine, peakRssMiB, recordBenchmark, table } from './support/bench-report';
import { startSimulator } from './support/simulator';

// Streams a simulator fleet through each connector (no database). The simulator runs in its own process; each
// connector walk runs in a child process of its own so its peak RSS is its alone.
const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
// V8 grows its heap lazily when nothing caps it; a cap shows the walk's real working set (0 = no cap). 160 MB is
// tighter than the worker's own cap (256 MB, docker-compose and start:worker), where the connectors run.
const HEAP_MB = Number(process.env.BENCH_CONNECTOR_HEAP_MB ?? 160);
// Jamf page size: the connector's default (100) unless set; ~55 KB of JSON per computer with apps.
const JAMF_PAGE_SIZE = process.env.BENCH_JAMF_PAGE_SIZE
  ? Number(process.env.BENCH_JAMF_PAGE_SIZE)
  : undefined;
const root = join(__dirname, '..', '..');

interface WalkResult {
  kind: string;
  strategy: string;
  devices: number;
  installs: number;
  seconds: number;
  requests: number;
  peakRssMiB: number;
  /** User + system CPU of the walk process alone (the simulator shares the two cores). */
  cpuSeconds: number;
}

/**
 * The floor under the Jamf walk, same process shape: the token, then the same pages (same sections, page size and
 * sort, one page fetched ahead) with Node's own fetch, each body parsed with JSON.parse and its records and
 * applications counted; nothing checked, mapped or cleaned.
 */
async function rawJamfWalk(settings: Record<string, unknown>, secret: string): Promise<void> {
  const base = String(settings.baseUrl).replace(/\/+$/, '');
  const pageSize = Number(settings.pageSize ?? 50);
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  const tokenRes = await fetch(`${base}/api/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: String(settings.clientId),
      client_secret: secret,
    }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  let requests = 1;
  type Page = { totalCount: number; results: { applications?: unknown[] }[] };
  const get = async (path: string, page: number): Promise<Page | null> => {
    requests++;
    const res = await fetch(`${base}${path}&page=${page}&page-size=${pageSize}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    return res.status === 404 ? null : (JSON.parse(await res.text()) as Page);
  };
  const sections = (list: string[]) => list.map((s) => `section=${s}`).join('&');
  // The inventory version the connector takes first (v4, Jamf Pro 11.30+), v3 where the server has no v4.
  const computers = ['v4', 'v3'].map(
    (v) => `/api/${v}/computers-inventory?${sections(COMPUTER_SECTIONS)}&sort=id%3Aasc`,
  );
  const mobile = `/api/v2/mobile-devices/detail?${sections(MOBILE_SECTIONS)}&exception-handling=LENIENT&sort=mobileDeviceId%3Aasc`;
  let devices = 0;
  let installs = 0;
  for (const paths of [computers, [mobile]]) {
    let path = paths[0];
    let first = await get(path, 0);
    if (first === null && paths.length > 1) first = await get((path = paths[1]), 0);
    let next: Promise<Page | null> | null = Promise.resolve(first);
    for (let page = 0, seen = 0; next; page++) {
      const current: Page | null = await next;
      if (!current) break;
      seen += current.results.length;
      next = current.results.length && seen < current.totalCount ? get(path, page + 1) : null;
      for (const r of current.results) {
        devices++;
        installs += r.applications?.length ?? 0;
      }
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const result: WalkResult = {
    kind: 'jamf',
    strategy: 'raw fetch + JSON.parse, floor',
    devices,
    installs,
    seconds: (Date.now() - started) / 1000,
    requests,
    peakRssMiB: peakRssMiB(),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function child(kind: string, settings: Record<string, unknown>, secret: string): Promise<void> {
  if (kind === 'jamf-raw') return rawJamfWalk(settings, secret);
  initLogging({ level: 'warn', format: 'json' });
  const connector = createConnector(kind as 'intune' | 'jamf', settings, secret, {
    sourceName: `bench-${kind}`,
    // The simulator listens on loopback.
    policy: new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] }),
  });
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  let devices = 0;
  let installs = 0;
  for await (const batch of connector.devices(new AbortController().signal)) {
    devices += batch.devices.length;
    for (const d of batch.devices) installs += d.software.length;
    if (process.env.BENCH_TRACE_HEAP)
      process.stderr.write(
        `${kind} ${devices} heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB\n`,
      );
  }
  const result: WalkResult = {
    kind,
    strategy: typeof settings.strategy === 'string' ? settings.strategy : 'pages',
    devices,
    installs,
    seconds: (Date.now() - started) / 1000,
    requests: connector.requestCount(),
    peakRssMiB: peakRssMiB(),
    cpuSeconds: (() => {
      const cpu = process.cpuUsage(cpuStart);
      return (cpu.user + cpu.system) / 1e6;
    })(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(kind: string, settings: Record<string, unknown>, secret: string): WalkResult {
  const out = execFileSync(
    process.execPath,
    [
      ...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : []),
      // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each walk (open in Chrome DevTools).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      __filename,
      '--child',
      kind,
      JSON.stringify(settings),
      secret,
    ],
    {
      cwd: root,
      maxBuffer: 1 << 20,
    },
  ).toString();
  return JSON.parse(out.trim().split('\n').pop()!) as WalkResult;
}

// Long because a bench reads as its run sheet: setup, each measured case with its baseline, and the report, in the
// order they run.
async function main(): Promise<void> {
  const machine = machineLine();
  const sim = await startSimulator(DEVICES);
  try {
    const { truth } = sim;
    const results = [
      runChild('intune', { ...sim.intune.settings, strategy: 'export' }, sim.intune.secret),
      runChild(
        'jamf',
        { ...sim.jamf.settings, ...(JAMF_PAGE_SIZE ? { pageSize: JAMF_PAGE_SIZE } : {}) },
        sim.jamf.secret,
      ),
      runChild('jamf-raw', sim.jamf.settings, sim.jamf.secret),
    ];
    // The per-device strategy costs one request per device: measured on a slice for its rate, counted for the fleet.
    const requestsPerDevice = {
      export: '1 token + ⌈N/1000⌉ device pages + 1 export job + polls + 1 download',
      perDevice: '1 token + ⌈N/1000⌉ device pages + N device calls',
    };
    const rows = results.map((r) => ({
      connector: `${r.kind} (${r.strategy})`,
      devices: r.devices.toLocaleString('en-US'),
      installations: r.installs.toLocaleString('en-US'),
      seconds: r.seconds.toFixed(1),
      'devices/s': Math.round(r.devices / r.seconds).toLocaleString('en-US'),
      'installs/s': Math.round(r.installs / r.seconds).toLocaleString('en-US'),
      requests: r.requests,
      'peak RSS (MiB)': r.peakRssMiB,
      'walk CPU s': r.cpuSeconds.toFixed(1),
      'walk CPU µs/device': Math.round((r.cpuSeconds * 1e6) / r.devices).toLocaleString('en-US'),
      'devices per walk CPU-s': Math.round(r.devices / r.cpuSeconds).toLocaleString('en-US'),
    }));
    const minimumIntune = 1 + Math.ceil(truth.intune.devices / 1000) + 1 + 1 + 1;
    recordBenchmark(
      'connectors',
      `## Connectors (\`npm run bench:connectors\`)

${machine}

Fleet: ${DEVICES.toLocaleString('en-US')} devices per source (seed 7). Simulator in its own process over plain HTTP on loopback (export zip stored, not deflated); each connector walk in its own process (no database${HEAP_MB > 0 ? `, \`--max-old-space-size=${HEAP_MB}\`, tighter than the worker's 256` : ', no heap cap'}; Jamf page size ${JAMF_PAGE_SIZE ?? '50 (default)'}), counting devices and installations. Walk CPU is the walk process's own user+system time (\`process.cpuUsage\`): the simulator runs on the same two cores, so devices per walk CPU-second is the connector's cost alone.

${table(rows)}

- Ground truth: Intune ${truth.intune.devices} devices / ${truth.intune.installations} installations; Jamf ${truth.jamf.computers + truth.jamf.mobileDevices} devices / ${truth.jamf.computerInstallations + truth.jamf.mobileInstallations} installations — ${
        results[0].devices === truth.intune.devices &&
        results[0].installs === truth.intune.installations &&
        results[1].devices === truth.jamf.computers + truth.jamf.mobileDevices &&
        results[1].installs === truth.jamf.computerInstallations + truth.jamf.mobileInstallations
          ? 'both walks equal it'
          : '**a walk differs from it**'
      }.
- Intune requests: ${results[0].requests} against a bulk minimum of ${minimumIntune} (token, device pages, export job, one poll, download) = ${(results[0].requests / minimumIntune).toFixed(2)}× (target ≤ 2×). Request counts per strategy for a fleet of N: export = ${requestsPerDevice.export}; perDevice = ${requestsPerDevice.perDevice} (≈ ${(1 + Math.ceil(100_000 / 1000) + 100_000).toLocaleString('en-US')} for 100k, within Graph's 2000 req/20 s per app ≈ 17 min at best).
- Jamf against its floor in the same run: the walk's rate is **${(results[1].devices / results[1].seconds / (results[2].devices / results[2].seconds)).toFixed(2)}×** the raw walk's (same pages fetched with Node's fetch and parsed with JSON.parse, nothing mapped), its CPU per device ${(results[1].cpuSeconds / results[1].devices / (results[2].cpuSeconds / results[2].devices)).toFixed(2)}× the raw walk's. The floor moves with the machine; the ratio does not.
- Baseline: the simulator's own serving rate for the same paths is in the simulator section. Walk and simulator share the two cores, so the wall-clock rate is bounded by their CPU together; walk CPU above can exceed wall time because V8's GC runs on helper threads.
- Peak RSS includes ~83 MiB that Node and the connector library's modules take before the walk starts.`,
    );
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    sim.stop();
  }
}

if (process.argv[2] === '--child') {
  void child(process.argv[3], JSON.parse(process.argv[4]) as Record<string, unknown>, process.argv[5]);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
}
