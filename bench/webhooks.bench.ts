// Webhook delivery against a loopback receiver: deliveries/s with 1 and 2 delivery processes, commit→receipt
// latency at a steady 1,000 events/s, and the drain of a large pending outbox with the worker's RSS sampled.
// Baseline in the same run: raw keep-alive POSTs to the same receiver at the same concurrency, no database.
// Scale: BENCH_THROUGHPUT_EVENTS (default 50000), BENCH_DRAIN_EVENTS (default 1000000), BENCH_RATE_SECONDS (20).
// Needs DATABASE_URL's server (default local postgres).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { SecretBox, appendEvents, createDataSource, type OutboxEvent } from '@interdict/database';
import { OutboundPolicy } from '@interdict/outbound';
import { EndpointSecrets, TestReceiver, WebhookEndpointService } from '@interdict/webhooks';
import { machineLine, recordBenchmark, table } from './support/bench-report';

const THROUGHPUT_EVENTS = Number(process.env.BENCH_THROUGHPUT_EVENTS ?? 50_000);
const DRAIN_EVENTS = Number(process.env.BENCH_DRAIN_EVENTS ?? 1_000_000);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 20);
const RATE_PER_S = 1_000;
const CONCURRENCY = 128;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = join(__dirname, '..', '..');
const key = randomBytes(32);
const emptyConfigDir = mkdtempSync(join(tmpdir(), 'interdict-bench-config-'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// Long because it is one v2 event payload written out field by field.
function exposureEvent(n: number): OutboxEvent {
  const device = n % 20_000;
  const now = new Date().toISOString();
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString();
  return {
    type: 'exposure.detected',
    // The v2 shape libs/exposure emits (exposure-events.ts): one physical device × product, its rules and evidence.
    payload: {
      exposureId: String(n),
      status: 'open',
      reason: 'new',
      standing: 'binding',
      severity: 'critical',
      device: {
        id: String(device),
        physicalKey: `C02X${device}`,
        name: `LAPTOP-${device}`,
        serialNumber: `C02X${device}`,
        platform: 'windows',
        user: `user${device}@example.com`,
        userDisplayName: `User ${device}`,
      },
      product: {
        id: 'kaspersky-endpoint-security',
        name: 'Kaspersky Endpoint Security',
        vendor: 'AO Kaspersky Lab',
      },
      rules: [
        {
          id: 'US-BIS-FD',
          title: 'Commerce/BIS Final Determination prohibiting Kaspersky ICTS transactions',
          citation: '89 FR 52434 (FR Doc 2024-13532), ICTS-2021-002',
          kind: 'binding',
          jurisdiction: 'US',
          standing: 'binding',
          status: 'prohibited',
          dueAt: due,
          excepted: false,
        },
      ],
      evidence: [
        {
          deviceId: String(device),
          source: { id: '00000000-0000-4000-8000-000000000001', name: 'Intune', kind: 'intune' },
          title: 'Kaspersky Endpoint Security for Windows',
          publisher: 'AO Kaspersky Lab',
          bundleId: null,
          version: '12.3.0.493',
          installPath: null,
          matcher: 'kes-name',
          firstSeenAt: now,
          lastSeenAt: now,
          goneAt: null,
        },
      ],
      firstDetectedAt: now,
      lastDetectedAt: now,
      dueAt: due,
      resolvedAt: null,
      exceptionId: null,
      catalogVersion: 'a58adc316672da0e',
    },
    orderingKey: `device:C02X${device}`,
    productId: 'kaspersky-endpoint-security',
    severity: 'critical',
  };
}

async function freshDatabase(name: string): Promise<{ db: DataSource; url: string }> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = createDataSource({ url: u.toString(), poolSize: 4, applicationName: 'bench-webhooks' });
  await db.initialize();
  await db.runMigrations();
  return { db, url: u.toString() };
}

async function emit(db: DataSource, from: number, count: number, perTx = 5_000): Promise<void> {
  for (let i = 0; i < count; i += perTx) {
    const n = Math.min(perTx, count - i);
    await db.transaction((tx) =>
      appendEvents(
        tx,
        Array.from({ length: n }, (_, k) => exposureEvent(from + i + k)),
      ),
    );
  }
}

function startWorker(url: string): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist/apps/worker/src/webhooks/deliver-webhooks.main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: url,
      DATABASE_MIGRATE_ON_START: 'false',
      DATABASE_POOL_SIZE: '4',
      INTERDICT_CONFIG_DIR: emptyConfigDir,
      INTERDICT_ENCRYPTION_KEY: key.toString('base64'),
      WEBHOOKS_ALLOWLIST: '127.0.0.1',
      WEBHOOKS_DELIVERY_CONCURRENCY: String(CONCURRENCY),
      WEBHOOKS_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
    },
  });
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );
}

/** Waits until `count` delivery processes hold a database connection, so start-up is not measured as latency. */
async function waitForWorkers(db: DataSource, count: number): Promise<void> {
  for (;;) {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(DISTINCT pid)::int AS n FROM pg_stat_activity WHERE application_name = 'interdict-webhook-delivery' AND datname = current_database()`,
    );
    if (n >= count) return;
    await sleep(50);
  }
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function createEndpoint(db: DataSource, url: string): Promise<void> {
  const service = new WebhookEndpointService(
    db,
    new EndpointSecrets(new SecretBox(key)),
    new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] }),
    24,
  );
  await service.create(
    { name: 'bench', url, maxConcurrency: CONCURRENCY, timeoutMs: 10_000 },
    { name: 'bench' },
  );
}

/** Raw baseline: keep-alive POSTs of a same-size body at the same concurrency, no database, no signing. */
async function rawBaseline(url: string, count: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = JSON.stringify({ data: exposureEvent(1).payload, id: 'x'.repeat(36) });
  const target = new URL(url);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        await new Promise<void>((resolve, reject) => {
          const req = http.request(
            {
              host: target.hostname,
              port: target.port,
              path: target.pathname,
              method: 'POST',
              agent,
              headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              res.resume();
              res.on('end', resolve);
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      }
    }),
  );
  agent.destroy();
  return count / ((performance.now() - t0) / 1000);
}

async function throughput(
  workers: number,
  receiver: TestReceiver,
  counter: { n: number },
): Promise<{ perSecond: number; seconds: number }> {
  const { db, url } = await freshDatabase(`interdict_bench_webhooks_t${workers}`);
  try {
    await createEndpoint(db, receiver.url);
    await emit(db, 0, THROUGHPUT_EVENTS);
    counter.n = 0;
    const procs = Array.from({ length: workers }, () => startWorker(url));
    // Timed from the first delivery received, so process start-up is not counted.
    while (counter.n === 0) await sleep(5);
    const t0 = performance.now();
    const first = counter.n;
    while (counter.n < THROUGHPUT_EVENTS) await sleep(20);
    const seconds = (performance.now() - t0) / 1000;
    await stopWorkers(procs);
    return { perSecond: (THROUGHPUT_EVENTS - first) / seconds, seconds };
  } finally {
    await db.destroy();
  }
}

async function latency(
  workers: number,
  receiver: TestReceiver,
  receivedAt: Map<string, number>,
): Promise<{ p50: number; p99: number; max: number; delivered: number; emitted: number }> {
  const { db, url } = await freshDatabase(`interdict_bench_webhooks_l${workers}`);
  try {
    await createEndpoint(db, receiver.url);
    const procs = Array.from({ length: workers }, () => startWorker(url));
    await waitForWorkers(db, workers);
    await sleep(500);
    receivedAt.clear();
    const committedAt = new Map<string, number>();
    const batch = RATE_PER_S / 20;
    const t0 = performance.now();
    for (let tick = 0; tick < RATE_SECONDS * 20; tick++) {
      const ids = await db.transaction((tx) =>
        appendEvents(
          tx,
          Array.from({ length: batch }, (_, k) => exposureEvent(tick * batch + k)),
        ),
      );
      const now = performance.now();
      for (const id of ids) committedAt.set(id, now);
      const wait = t0 + (tick + 1) * 50 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const end = Date.now() + 30_000;
    while (receivedAt.size < committedAt.size && Date.now() < end) await sleep(50);
    await stopWorkers(procs);
    const lat = [...committedAt]
      .filter(([id]) => receivedAt.has(id))
      .map(([id, c]) => receivedAt.get(id)! - c);
    lat.sort((a, b) => a - b);
    return {
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      max: lat[lat.length - 1],
      delivered: lat.length,
      emitted: committedAt.size,
    };
  } finally {
    await db.destroy();
  }
}

async function drain(receiver: TestReceiver, counter: { n: number }) {
  const { db, url } = await freshDatabase('interdict_bench_webhooks_drain');
  try {
    await createEndpoint(db, receiver.url);
    const tFill = performance.now();
    await emit(db, 0, DRAIN_EVENTS, 10_000);
    const fillSeconds = (performance.now() - tFill) / 1000;
    counter.n = 0;
    const t0 = performance.now();
    const [proc] = [startWorker(url)];
    const samples: { t: number; rss: number; delivered: number }[] = [];
    let lastSample = 0;
    while (counter.n < DRAIN_EVENTS) {
      await sleep(100);
      if (performance.now() - lastSample >= 2_000 && proc.pid) {
        lastSample = performance.now();
        samples.push({ t: (lastSample - t0) / 1000, rss: rssMiB(proc.pid), delivered: counter.n });
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    await stopWorkers([proc]);
    return { fillSeconds, seconds, samples };
  } finally {
    await db.destroy();
  }
}

// Long because a bench reads as its run sheet: setup, each measured case with its baseline, and the report, in the
// order they run.
async function main(): Promise<void> {
  const machine = machineLine();
  const counter = { n: 0 };
  const receivedAt = new Map<string, number>();
  const receiver = new TestReceiver({
    keep: 0,
    onDelivery: (d) => {
      counter.n++;
      if (d.webhookId) receivedAt.set(d.webhookId, performance.now());
    },
  });
  await receiver.start();

  const raw = await rawBaseline(receiver.url, 50_000);
  receivedAt.clear();
  console.log(`raw baseline ${raw.toFixed(0)}/s`);
  const t1 = await throughput(1, receiver, counter);
  receivedAt.clear();
  console.log(`1 worker ${t1.perSecond.toFixed(0)}/s`);
  const t2 = await throughput(2, receiver, counter);
  receivedAt.clear();
  console.log(`2 workers ${t2.perSecond.toFixed(0)}/s`);
  const l1 = await latency(1, receiver, receivedAt);
  console.log(`latency 1 worker p50 ${l1.p50.toFixed(0)} p99 ${l1.p99.toFixed(0)}`);
  const l2 = await latency(2, receiver, receivedAt);
  console.log(`latency 2 workers p50 ${l2.p50.toFixed(0)} p99 ${l2.p99.toFixed(0)}`);
  receivedAt.clear();
  // The drain only counts: keeping a million ids in the bench process would measure the bench, not the worker.
  const drainReceiver = new TestReceiver({ keep: 0, onDelivery: () => counter.n++ });
  await drainReceiver.start();
  const d = await drain(drainReceiver, counter);
  console.log(`drain ${DRAIN_EVENTS} in ${d.seconds.toFixed(0)} s`);
  await drainReceiver.stop();
  await receiver.stop();

  const rss = d.samples.map((s) => s.rss);
  const firstHalf = rss.slice(0, Math.ceil(rss.length / 2));
  const secondHalf = rss.slice(Math.ceil(rss.length / 2));
  const md = [
    '## Webhooks',
    '',
    machine,
    '',
    `Receiver: the built-in TestReceiver (HMAC verification of every request) on 127.0.0.1, in the bench process. Each delivery process: \`deliver-webhooks.main.js\`, ${CONCURRENCY} requests in flight, endpoint maxConcurrency ${CONCURRENCY}, ~1.3 KB exposure.detected events (payload v2) (native JSON), ordering key per device (20,000 devices). Delivery processes, Postgres, the receiver and the bench share the same 2 cores.`,
    '',
    table([
      {
        measure: 'raw baseline: keep-alive POSTs, no DB, no signing',
        result: `${raw.toFixed(0)} req/s`,
        'vs baseline': '1.00',
      },
      {
        measure: `1 delivery process, ${THROUGHPUT_EVENTS.toLocaleString('en')} pending`,
        result: `${t1.perSecond.toFixed(0)} deliveries/s (${t1.seconds.toFixed(1)} s)`,
        'vs baseline': (t1.perSecond / raw).toFixed(2),
      },
      {
        measure: `2 delivery processes, ${THROUGHPUT_EVENTS.toLocaleString('en')} pending`,
        result: `${t2.perSecond.toFixed(0)} deliveries/s (${t2.seconds.toFixed(1)} s)`,
        'vs baseline': (t2.perSecond / raw).toFixed(2),
      },
      {
        measure: `commit→receipt at ${RATE_PER_S}/s for ${RATE_SECONDS} s, 1 process`,
        result: `p50 ${l1.p50.toFixed(0)} ms, p99 ${l1.p99.toFixed(0)} ms, max ${l1.max.toFixed(0)} ms (${l1.delivered}/${l1.emitted})`,
        'vs baseline': '',
      },
      {
        measure: `commit→receipt at ${RATE_PER_S}/s for ${RATE_SECONDS} s, 2 processes`,
        result: `p50 ${l2.p50.toFixed(0)} ms, p99 ${l2.p99.toFixed(0)} ms, max ${l2.max.toFixed(0)} ms (${l2.delivered}/${l2.emitted})`,
        'vs baseline': '',
      },
      {
        measure: `drain ${DRAIN_EVENTS.toLocaleString('en')} pending (outbox filled in ${d.fillSeconds.toFixed(0)} s), 1 process`,
        result: `${d.seconds.toFixed(0)} s = ${(DRAIN_EVENTS / d.seconds).toFixed(0)} deliveries/s`,
        'vs baseline': (DRAIN_EVENTS / d.seconds / raw).toFixed(2),
      },
      {
        measure: 'drain: worker RSS (VmRSS, sampled every 2 s)',
        result: `min ${Math.min(...rss)} MiB, max ${Math.max(...rss)} MiB; first-half max ${Math.max(...firstHalf)} MiB, second-half max ${Math.max(...(secondHalf.length ? secondHalf : firstHalf))} MiB`,
        'vs baseline': '',
      },
    ]),
    '',
    `RSS samples (s → MiB): ${d.samples
      .filter((_, i) => i % Math.max(1, Math.floor(d.samples.length / 12)) === 0)
      .map((s) => `${s.t.toFixed(0)}→${s.rss}`)
      .join(', ')}.`,
  ].join('\n');
  recordBenchmark('webhooks', md);
  console.log(md);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  for (const n of ['t1', 't2', 'l1', 'l2', 'drain'])
    await admin.query(`DROP DATABASE IF EXISTS interdict_bench_webhooks_${n} WITH (FORCE)`);
  await admin.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
