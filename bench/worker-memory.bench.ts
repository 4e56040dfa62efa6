import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig, type Config } from '@interdict/config';
import { createConnector } from '@interdict/connectors';
import { createDataSource } from '@interdict/database';
import { SourcesService, SyncHooks, SyncService, type SyncRunResult } from '@interdict/inventory';
import { outboundPolicyFromConfig } from '@interdict/outbound';
import { machineLine, peakRssMiB, recordBenchmark, table } from './support/bench-report';
import { loadExposures } from './support/exposure-fixture';
import { benchReports } from './support/report-runner';
import { startSimulator } from './support/simulator';
import { runWorkerChild, workerFlags } from './support/worker-flags';

/**
 * `npm run bench:worker-memory` — what one worker holds at its busiest: the two syncs SYNC_MAX_CONCURRENT (2) lets it
 * run at once (the MDM simulator's Intune tenant through the export and its Jamf instance, 100k devices each, over
 * HTTP) and a 1M-row exposed-devices workbook, all three in one process under the worker's heap cap (256 MB).
 * Env: BENCH_DEVICES (100000 per source), BENCH_REPORT_ROWS (1000000), DATABASE_URL (admin URL; else local
 * Postgres on 5432), BENCH_HEAP_MB (256).
 */
const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const REPORT_ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 1_000_000);
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 256);
const TARGET_MIB = 300;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'interdict_bench_worker_memory';

interface Job {
  url: string;
  key: string;
  dir: string;
  intuneId: string;
  jamfId: string;
}
interface Timed<T> {
  value: T;
  seconds: number;
}
interface ChildResult {
  intune: Timed<SyncRunResult>;
  jamf: Timed<SyncRunResult>;
  report: Timed<{ status: string; rowCount: number | null; sizeBytes: number | null }>;
  wallSeconds: number;
  peakRssMiB: number;
  /** [seconds since start, RSS MiB, V8 heap used MiB], every second. */
  samples: [number, number, number][];
}

function configFor(job: Pick<Job, 'url' | 'key' | 'dir'>): Config {
  return loadConfig({
    configDir: join(tmpdir(), 'no-config-here'),
    env: {
      DATABASE_URL: job.url,
      INTERDICT_ENCRYPTION_KEY: job.key,
      INTERDICT_DATA_DIR: job.dir,
      LOG_LEVEL: 'warn',
      // The simulator listens on loopback.
      SOURCES_ALLOWLIST: '127.0.0.1',
    },
  });
}

async function timed<T>(p: Promise<T>): Promise<Timed<T>> {
  const t0 = performance.now();
  const value = await p;
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** The worker's three jobs at once, in this process, as the worker's services run them. */
async function child(job: Job): Promise<void> {
  const config = configFor(job);
  const ds = createDataSource({
    url: job.url,
    poolSize: config.database.poolSize,
    applicationName: 'bench-worker',
  });
  await ds.initialize();
  const policy = outboundPolicyFromConfig(config, 'sources');
  const sync = new SyncService(ds, new SourcesService(ds, config), new SyncHooks(), config, (s) =>
    createConnector(s.kind, s.settings, s.secret, { sourceName: s.name, policy }),
  );
  const { service, runner } = benchReports(ds, config, job.dir);
  const queued = await service.request(
    { type: 'exposed-devices', format: 'xlsx' },
    { type: 'system', id: null, name: 'bench' },
  );
  const t0 = performance.now();
  const samples: [number, number, number][] = [];
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    samples.push([
      Math.round((performance.now() - t0) / 1000),
      Math.round(m.rss / 2 ** 20),
      Math.round(m.heapUsed / 2 ** 20),
    ]);
    if (process.env.BENCH_MEMORY_TRACE)
      process.stderr.write(
        `${JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v / 2 ** 20)])))}\n`,
      );
  }, 1000);
  const [intune, jamf, report] = await Promise.all([
    timed(sync.syncSource(job.intuneId, { trigger: 'cli' })),
    timed(sync.syncSource(job.jamfId, { trigger: 'cli' })),
    timed(
      runner.runById(queued.id).then((r) => ({
        status: r?.status ?? 'missing',
        rowCount: r?.rowCount ?? null,
        sizeBytes: r?.sizeBytes ?? null,
      })),
    ),
  ]);
  clearInterval(timer);
  const out: ChildResult = {
    intune,
    jamf,
    report,
    wallSeconds: (performance.now() - t0) / 1000,
    peakRssMiB: peakRssMiB(),
    samples,
  };
  process.stdout.write(JSON.stringify(out));
  await ds.destroy();
}

function runChild(job: Job): Promise<ChildResult> {
  return runWorkerChild<ChildResult>(__filename, job, HEAP_MB);
}

// Long because a bench reads as its run sheet: setup, each measured case with its baseline, and the report, in the
// order they run.
async function main(): Promise<void> {
  const machine = machineLine();
  const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  const url = u.toString();
  const migrate = createDataSource({ url, poolSize: 1 });
  await migrate.initialize();
  await migrate.runMigrations({ transaction: 'each' });
  await migrate.destroy();

  log(`loading ${REPORT_ROWS.toLocaleString('en-US')} exposures`);
  const client = new Client({ connectionString: url });
  await client.connect();
  await loadExposures(client, REPORT_ROWS);
  await client.end();

  const dir = mkdtempSync(join(tmpdir(), 'bench-worker-memory-'));
  const key = randomBytes(32).toString('base64');
  log(`starting the MDM simulator with ${DEVICES.toLocaleString('en-US')} devices per source`);
  const sim = await startSimulator(DEVICES);
  try {
    const ds = createDataSource({ url, poolSize: 1 });
    await ds.initialize();
    const sources = new SourcesService(ds, configFor({ url, key, dir }));
    const intuneId = (
      await sources.create({
        name: 'Simulator Intune',
        kind: 'intune',
        settings: { ...sim.intune.settings, strategy: 'export' },
        secret: sim.intune.secret,
      })
    ).id;
    const jamfId = (
      await sources.create({
        name: 'Simulator Jamf',
        kind: 'jamf',
        settings: sim.jamf.settings,
        secret: sim.jamf.secret,
      })
    ).id;
    await ds.destroy();

    log('two syncs and a workbook at once, in one process');
    const r = await runChild({ url, key, dir, intuneId, jamfId });
    const truth = sim.truth;
    const jamfTruth = truth.jamf.computerInstallations + truth.jamf.mobileInstallations;
    const exact =
      r.intune.value.installationsSeen === truth.intune.installations &&
      r.jamf.value.installationsSeen === jamfTruth &&
      r.report.value.rowCount === REPORT_ROWS;
    const md = [
      '## Worker memory at its busiest (`npm run bench:worker-memory`)',
      '',
      machine,
      '',
      `One process with the worker's V8 flags (\`${workerFlags(HEAP_MB).join(' ') || 'none'}\`) runs what one worker may run at once: two syncs (SYNC_MAX_CONCURRENT = 2) — the MDM simulator's Intune tenant through the export and its Jamf instance, ${DEVICES.toLocaleString('en-US')} devices each, over HTTP on loopback, into Postgres — and an exposed-devices workbook of ${REPORT_ROWS.toLocaleString('en-US')} rows (exposures loaded by COPY beforehand). The simulator and Postgres share the same 2 cores. Peak RSS is the process's VmHWM; the target is ≤ ${TARGET_MIB} MB.`,
      '',
      table([
        {
          job: 'Intune sync (export)',
          result: `${r.intune.value.status}: ${r.intune.value.devicesSeen.toLocaleString('en-US')} devices, ${r.intune.value.installationsSeen.toLocaleString('en-US')} installations`,
          seconds: r.intune.seconds.toFixed(1),
        },
        {
          job: 'Jamf sync (computers + mobile)',
          result: `${r.jamf.value.status}: ${r.jamf.value.devicesSeen.toLocaleString('en-US')} devices, ${r.jamf.value.installationsSeen.toLocaleString('en-US')} installations`,
          seconds: r.jamf.seconds.toFixed(1),
        },
        {
          job: 'exposed-devices .xlsx',
          result: `${r.report.value.status}: ${(r.report.value.rowCount ?? 0).toLocaleString('en-US')} rows, ${((r.report.value.sizeBytes ?? 0) / 2 ** 20).toFixed(1)} MB`,
          seconds: r.report.seconds.toFixed(1),
        },
        { job: 'all three, wall clock', result: '', seconds: r.wallSeconds.toFixed(1) },
      ]),
      '',
      `- Peak RSS: **${r.peakRssMiB} MiB** (target ≤ ${TARGET_MIB} MB: ${r.peakRssMiB * 1.048576 <= TARGET_MIB ? 'met' : '**not met**'}).`,
      `- Ground truth: Intune ${truth.intune.installations.toLocaleString('en-US')}, Jamf ${jamfTruth.toLocaleString('en-US')} installations, ${REPORT_ROWS.toLocaleString('en-US')} report rows — ${exact ? 'all equal' : '**a count differs**'}.`,
      `- RSS / V8 heap used (s → MiB): ${r.samples
        .filter((_, i) => i % Math.max(1, Math.floor(r.samples.length / 16)) === 0)
        .map(([t, m, h]) => `${t}→${m}/${h}`)
        .join(', ')}.`,
    ].join('\n');
    recordBenchmark('worker-memory', md);
    process.stdout.write(`${md}\n`);
  } finally {
    sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  child(JSON.parse(process.argv[3]) as Job).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
