import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request, type IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, peakRssMiB, recordBenchmark, table } from './support/bench-report';

// Serves a fleet's full inventory from the simulator (run as a child process, plain HTTP over loopback) to a raw
// client that only counts bytes and follows paging, and compares it with a raw baseline server streaming the
// same number of bytes from memory. `BENCH_DEVICES` overrides the fleet size (default 100,000);
// `BENCH_SECOND_DEVICES` (default 200,000; 0 = skip) serves a second, larger fleet to check RSS stays flat;
// `BENCH_SIM_NODE_ARGS` passes extra node flags to the simulator process (e.g. `--cpu-prof` to profile it).

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const SECOND_DEVICES = Number(process.env.BENCH_SECOND_DEVICES ?? 200_000);
const SIM_NODE_ARGS = (process.env.BENCH_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean);
const root = join(__dirname, '..', '..');

interface Sim {
  child: ChildProcess;
  httpUrl: string;
  stop: () => Promise<void>;
}

async function startSimulatorProcess(devices: number): Promise<Sim> {
  const child = spawn(
    process.execPath,
    [
      ...SIM_NODE_ARGS,
      join(root, 'dist', 'apps', 'mdm-simulator', 'src', 'main.js'),
      '--devices',
      String(devices),
      '--seed',
      '7',
      '--http-port',
      '0',
    ],
    {
      cwd: root,
      env: { ...process.env, SIMULATOR_PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const httpUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"httpUrl":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
  return {
    child,
    httpUrl,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Fetched {
  status: number;
  bytes: number;
  head: string;
  body?: string;
}

function fetchRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; keepBody?: boolean } = {},
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: keepAlive },
      (res: IncomingMessage) => {
        let bytes = 0;
        let head = '';
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (head.length < 400) head += chunk.subarray(0, 400).toString('utf8');
          if (options.keepBody) parts.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            head,
            body: options.keepBody ? Buffer.concat(parts).toString('utf8') : undefined,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

interface Row {
  path: string;
  devices: number;
  seconds: number;
  bytes: number;
  /** CPU seconds the simulator process spent on the path (user + system): independent of other load. */
  cpu: number;
}

/** User + system CPU seconds of a process so far, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// Long because a bench reads as its run sheet: each measured request pattern with its baseline, in the order they
// run.
async function benchSimulator(sim: Sim): Promise<{ rows: Row[]; peakMiB: number }> {
  const base = sim.httpUrl;
  const creds = JSON.parse(
    (await fetchRaw(`${base}/_control/credentials`, { keepBody: true })).body ?? '{}',
  ) as {
    intune: { tenantId: string; clientId: string; clientSecret: string };
    jamf: { clientId: string; clientSecret: string };
  };
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const intuneToken = (
    JSON.parse(
      (
        await fetchRaw(`${base}/login/${creds.intune.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          keepBody: true,
          body: form({
            grant_type: 'client_credentials',
            client_id: creds.intune.clientId,
            client_secret: creds.intune.clientSecret,
            scope: 'https://graph.microsoft.com/.default',
          }),
        })
      ).body ?? '{}',
    ) as { access_token: string }
  ).access_token;
  const jamfToken = (
    JSON.parse(
      (
        await fetchRaw(`${base}/jamf/api/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          keepBody: true,
          body: form({
            grant_type: 'client_credentials',
            client_id: creds.jamf.clientId,
            client_secret: creds.jamf.clientSecret,
          }),
        })
      ).body ?? '{}',
    ) as { access_token: string }
  ).access_token;
  const graphAuth = { authorization: `Bearer ${intuneToken}` };
  const jamfAuth = { authorization: `Bearer ${jamfToken}` };
  const rows: Row[] = [];
  const pid = sim.child.pid ?? 0;
  let cpu = cpuSeconds(pid);
  const spent = () => {
    const now = cpuSeconds(pid);
    const used = now - cpu;
    cpu = now;
    return used;
  };

  // 1. Intune managedDevices, every page, following nextLink.
  let t = process.hrtime.bigint();
  let url: string | undefined =
    `${base}/graph/v1.0/deviceManagement/managedDevices?$select=id,deviceName,serialNumber,operatingSystem,osVersion,userPrincipalName,lastSyncDateTime,managedDeviceOwnerType&$top=1000`;
  let devices = 0;
  let bytes = 0;
  while (url) {
    const page = await fetchRaw(url, { headers: graphAuth, keepBody: true });
    const body = JSON.parse(page.body ?? '{}') as { value: unknown[]; '@odata.nextLink'?: string };
    devices += body.value.length;
    bytes += page.bytes;
    url = body['@odata.nextLink'];
  }
  rows.push({
    path: 'Intune managedDevices pages ($top=1000)',
    devices,
    seconds: Number(process.hrtime.bigint() - t) / 1e9,
    bytes,
    cpu: spent(),
  });

  // 2. Intune AppInvRawData export: create, poll, download the zip (every installation).
  t = process.hrtime.bigint();
  const job = JSON.parse(
    (
      await fetchRaw(`${base}/graph/beta/deviceManagement/reports/exportJobs`, {
        method: 'POST',
        headers: { ...graphAuth, 'content-type': 'application/json' },
        keepBody: true,
        body: JSON.stringify({ reportName: 'AppInvRawData', format: 'csv' }),
      })
    ).body ?? '{}',
  ) as { id: string };
  let blob: string | null = null;
  while (!blob)
    blob = (
      JSON.parse(
        (
          await fetchRaw(`${base}/graph/beta/deviceManagement/reports/exportJobs('${job.id}')`, {
            headers: graphAuth,
            keepBody: true,
          })
        ).body ?? '{}',
      ) as { url: string | null }
    ).url;
  const zip = await fetchRaw(blob);
  rows.push({
    path: 'Intune AppInvRawData export (zip of CSV, all apps)',
    devices,
    seconds: Number(process.hrtime.bigint() - t) / 1e9,
    bytes: zip.bytes,
    cpu: spent(),
  });

  // 3. Jamf computers with GENERAL, HARDWARE, APPLICATIONS; 4. Jamf mobile device details with APPLICATIONS.
  for (const [label, path, size] of [
    [
      'Jamf computers-inventory v3 + APPLICATIONS (page-size 500)',
      '/jamf/api/v3/computers-inventory?section=GENERAL&section=HARDWARE&section=APPLICATIONS&sort=id:asc',
      500,
    ],
    [
      'Jamf mobile-devices/detail + APPLICATIONS (page-size 500)',
      '/jamf/api/v2/mobile-devices/detail?section=GENERAL&section=APPLICATIONS&sort=mobileDeviceId:asc&exception-handling=LENIENT',
      500,
    ],
  ] as const) {
    t = process.hrtime.bigint();
    let total = Infinity;
    let walked = 0;
    let pathBytes = 0;
    for (let page = 0; page * size < total; page++) {
      const got = await fetchRaw(`${base}${path}&page=${page}&page-size=${size}`, { headers: jamfAuth });
      total = Number(/"totalCount" : (\d+)/.exec(got.head)?.[1] ?? 0);
      walked = Math.min(total, (page + 1) * size);
      pathBytes += got.bytes;
    }
    rows.push({
      path: label,
      devices: walked,
      seconds: Number(process.hrtime.bigint() - t) / 1e9,
      bytes: pathBytes,
      cpu: spent(),
    });
  }
  return { rows, peakMiB: peakRssMiB(sim.child.pid ?? 'self') };
}

/** Raw baseline: a server in a child process streaming `bytes` of prepared JSON-ish text per request. */
async function benchBaseline(totalBytes: number): Promise<number> {
  const code = `
    const http = require('node:http');
    const chunk = Buffer.from('{"id":"00000000-0000-0000-0000-000000000000","name":"Google Chrome.app","version":"124.0.6367.119"},'.repeat(700));
    http.createServer((req, res) => {
      let left = Number(new URL(req.url, 'http://x').searchParams.get('bytes'));
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => { while (left > 0) { const n = Math.min(left, chunk.length); left -= n; if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return res.once('drain', pump); } res.end(); };
      pump();
    }).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  const perRequest = 32 * 1024 * 1024;
  const t = process.hrtime.bigint();
  for (let left = totalBytes; left > 0; left -= perRequest)
    await fetchRaw(`http://127.0.0.1:${port}/?bytes=${Math.min(left, perRequest)}`);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  child.kill();
  return totalBytes / seconds / 1e6;
}

/** Devices with apps per second over the export and Jamf paths (every row but the first). */
function appRate(rows: Row[]): { devices: number; seconds: number } {
  const apps = rows.slice(1);
  return {
    devices: apps.reduce((sum, r) => sum + r.devices, 0),
    seconds: apps.reduce((sum, r) => sum + r.seconds, 0),
  };
}

function secondLine(second: { rows: Row[]; peakMiB: number }): string {
  const { devices, seconds } = appRate(second.rows);
  return (
    `- Same walk with ${SECOND_DEVICES.toLocaleString('en-US')} devices per source (RSS must stay flat): devices with apps ` +
    `${devices.toLocaleString('en-US')} in ${seconds.toFixed(1)} s = ${Math.round(devices / seconds).toLocaleString('en-US')} devices/s; ` +
    `simulator peak RSS **${second.peakMiB} MiB**.`
  );
}

async function main(): Promise<void> {
  const machine = machineLine();
  const run = async (devices: number) => {
    const sim = await startSimulatorProcess(devices);
    try {
      return await benchSimulator(sim);
    } finally {
      await sim.stop();
    }
  };
  const { rows, peakMiB } = await run(DEVICES);
  const second = SECOND_DEVICES > 0 ? await run(SECOND_DEVICES) : null;
  const totalBytes = rows.reduce((s, r) => s + r.bytes, 0);
  const baselineMBs = await benchBaseline(totalBytes);
  const { devices: appDevices, seconds: appSeconds } = appRate(rows);
  const totalSeconds = rows.reduce((s, r) => s + r.seconds, 0);
  const appCpu = rows.slice(1).reduce((s, r) => s + r.cpu, 0);
  const simMBs = totalBytes / totalSeconds / 1e6;
  const md = [
    "## Simulator: serving a fleet's full inventory",
    '',
    machine,
    '',
    `Fleet: ${DEVICES.toLocaleString('en-US')} devices per source (Intune tenant; Jamf instance = 70 % computers + 30 % mobile), seed 7, day 0. ` +
      'Simulator in its own process (`node dist/apps/mdm-simulator/src/main.js`), plain HTTP over loopback, one connection; the client only counts bytes and follows paging.',
    '',
    table(
      rows.map((r) => ({
        path: r.path,
        devices: r.devices.toLocaleString('en-US'),
        seconds: r.seconds.toFixed(1),
        'devices/s': Math.round(r.devices / r.seconds).toLocaleString('en-US'),
        MB: (r.bytes / 1e6).toFixed(0),
        'MB/s': (r.bytes / 1e6 / r.seconds).toFixed(1),
        'simulator CPU s': r.cpu.toFixed(1),
        'devices per CPU s': Math.round(r.devices / Math.max(r.cpu, 0.01)).toLocaleString('en-US'),
      })),
    ),
    '',
    `- Devices with apps (export + Jamf paths): ${appDevices.toLocaleString('en-US')} in ${appSeconds.toFixed(1)} s = **${Math.round(appDevices / appSeconds).toLocaleString('en-US')} devices/s** (target ≥ 5,000); per simulator CPU-second: ${Math.round(appDevices / Math.max(appCpu, 0.01)).toLocaleString('en-US')} devices (what the simulator costs when it has a core to itself).`,
    `- All paths: ${(totalBytes / 1e6).toFixed(0)} MB in ${totalSeconds.toFixed(1)} s = ${simMBs.toFixed(1)} MB/s.`,
    `- Raw baseline (a server streaming the same ${(totalBytes / 1e6).toFixed(0)} MB from memory to the same client): ${baselineMBs.toFixed(1)} MB/s → simulator at **${((simMBs / baselineMBs) * 100).toFixed(0)} %** of the raw loopback rate.`,
    `- Simulator peak RSS (VmHWM of the child): **${peakMiB} MiB** (target ≤ 200 MiB).`,
    ...(second ? [secondLine(second)] : []),
  ].join('\n');
  recordBenchmark('simulator', md);
  process.stdout.write(`${md}\n`);
  keepAlive.destroy();
}

void main();
