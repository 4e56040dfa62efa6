// Scheduled report mail: BENCH_MAILS (default 1000) mails queued at once, each with the same real exposure workbook
// attached, sent by the mail-only worker process to a local SMTP server (smtp-server, in this process); mails/s and
// the worker's RSS sampled every 500 ms. Baseline in the same run: nodemailer alone sending the same messages at the
// same concurrency over the same pool, no database or outbox. Needs DATABASE_URL's server (default local postgres).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '@interdict/config';
import { createDataSource } from '@interdict/database';
import { ReportScheduleService } from '@interdict/reports';
import { freshBenchDatabase } from './support/bench-database';
import { machineLine, recordBenchmark, table } from './support/bench-report';
import { loadExposures } from './support/exposure-fixture';
import { benchReports } from './support/report-runner';

const MAILS = Number(process.env.BENCH_MAILS ?? 1_000);
const EXPOSURES = 2_000;
const CONCURRENCY = 4;
const DB_NAME = 'interdict_bench_email';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();
const root = join(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sink SMTP server that counts whole messages (the body is read to its end, as a real server would). */
async function startSink(): Promise<{ port: number; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: 50 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        n += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    count: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** One real scheduled exposure report with recipients, then MAILS − 1 copies of it, each with its own mail queued. */
async function queueMails(dir: string): Promise<{ file: Buffer; fileName: string }> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  await loadExposures(client, EXPOSURES);
  const config = loadConfig({
    env: { NODE_ENV: 'test', INTERDICT_DATA_DIR: dir, EMAIL_FROM: 'Interdict <interdict@corp.example>' },
    configDir: mkdtempSync(join(tmpdir(), 'interdict-bench-config-')),
  });
  const ds = createDataSource({ url: dbUrl, poolSize: 2, applicationName: 'bench-email' });
  await ds.initialize();
  const schedules = new ReportScheduleService(ds);
  const s = await schedules.create(
    { name: 'Daily', cron: '0 7 * * *', type: 'exposure', email: { to: ['ciso@corp.example'] } },
    { type: 'system', id: null, name: 'bench' },
  );
  await schedules.fire(s.id, new Date());
  const made = await benchReports(ds, config, dir).runner.runNext();
  if (made?.status !== 'succeeded') throw new Error(`bench report failed: ${made?.error}`);
  await ds.destroy();
  await client.query(
    `WITH copies AS (
       INSERT INTO report (report_type, format, filters, status, schedule_id, requested_by, created_at, started_at,
                           finished_at, file_name, storage_key, size_bytes, row_count, headline)
       SELECT report_type, format, filters, status, schedule_id, requested_by, created_at, started_at, finished_at,
              file_name, storage_key, size_bytes, row_count, headline
         FROM report, generate_series(2, $1) RETURNING id, schedule_id)
     INSERT INTO email_delivery (report_id, schedule_id, message_id, recipients, subject)
     SELECT id, schedule_id, '<report-' || id || '@corp.example>', '{"to":["ciso@corp.example"],"cc":[]}', 'Daily'
       FROM copies`,
    [MAILS],
  );
  const [{ storage_key: key, file_name: fileName }] = (
    await client.query(`SELECT storage_key, file_name FROM report LIMIT 1`)
  ).rows as { storage_key: string; file_name: string }[];
  await client.end();
  return { file: readFileSync(join(dir, 'reports', key)), fileName };
}

/** The worker side: the mail-only process drains the outbox; returns its time and RSS samples. */
async function drainWithWorker(dir: string, port: number, sent: () => number) {
  const start = sent();
  const t0 = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'dist/apps/worker/src/reports/send-report-mail.main.js')],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: dbUrl,
        DATABASE_MIGRATE_ON_START: 'false',
        INTERDICT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'interdict-bench-config-')),
        INTERDICT_DATA_DIR: dir,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_SECURITY: 'none',
        EMAIL_FROM: 'Interdict <interdict@corp.example>',
        EMAIL_ALLOWLIST: '127.0.0.1',
        EMAIL_CONCURRENCY: String(CONCURRENCY),
        EMAIL_POLL_INTERVAL_MS: '100',
        LOG_LEVEL: 'error',
      },
    },
  );
  const samples: { t: number; rss: number; sent: number }[] = [];
  let firstAt: number | undefined;
  let lastSample = t0;
  while (sent() - start < MAILS) {
    await sleep(10);
    if (firstAt === undefined && sent() > start) firstAt = performance.now();
    if (performance.now() - lastSample >= 500) {
      lastSample = performance.now();
      samples.push({ t: (lastSample - t0) / 1000, rss: rssMiB(child.pid!), sent: sent() - start });
    }
  }
  const ms = performance.now() - t0;
  const drainMs = performance.now() - (firstAt ?? t0);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { ms, drainMs, samples };
}

/** The baseline: nodemailer alone, the same message and pool size, no database. */
async function rawNodemailer(port: number, file: Buffer, fileName: string): Promise<number> {
  const transport = createTransport({
    pool: true,
    maxConnections: CONCURRENCY,
    maxMessages: 100,
    host: '127.0.0.1',
    port,
    ignoreTLS: true,
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < MAILS) {
        const n = next++;
        await transport.sendMail({
          from: 'Interdict <interdict@corp.example>',
          to: 'ciso@corp.example',
          subject: 'Daily',
          messageId: `<raw-${n}@corp.example>`,
          text: 'Exposed devices: 1000',
          html: '<p>Exposed devices: 1000</p>',
          attachments: [{ filename: fileName, content: file }],
        });
      }
    }),
  );
  transport.close();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const machine = machineLine();
  await freshBenchDatabase(adminUrl, DB_NAME);

  const dir = mkdtempSync(join(tmpdir(), 'bench-email-'));
  const { file, fileName } = await queueMails(dir);
  const sink = await startSink();
  const worker = await drainWithWorker(dir, sink.port, sink.count);
  const rawMs = await rawNodemailer(sink.port, file, fileName);
  await sink.close();

  const rate = (ms: number) => Math.round(MAILS / (ms / 1000));
  const rss = worker.samples.map((s) => s.rss);
  const half = Math.ceil(rss.length / 2);
  const markdown = `## Email (\`npm run bench:email\`)

${machine}

${MAILS.toLocaleString('en-US')} scheduled mails queued at once, each with the same ${(file.length / 1024).toFixed(0)} KB exposure workbook (${EXPOSURES.toLocaleString('en-US')} rows) attached, sent by the mail-only worker process (\`send-report-mail.main.js\`, ${CONCURRENCY} pooled SMTP connections) to a local SMTP server (smtp-server) that reads every message to its end. Baseline in the same run: nodemailer alone, the same message, pool and server, no database or outbox.

${table([
  {
    measure: 'worker: all mails delivered, from process start',
    result: `${(worker.ms / 1000).toFixed(1)} s, ${rate(worker.ms)} mails/s`,
  },
  {
    measure: 'worker: from the first mail to the last',
    result: `${(worker.drainMs / 1000).toFixed(1)} s, ${rate(worker.drainMs)} mails/s`,
  },
  { measure: 'baseline: raw nodemailer', result: `${(rawMs / 1000).toFixed(1)} s, ${rate(rawMs)} mails/s` },
  {
    measure: 'ratio worker / raw (first to last mail)',
    result: `${(rate(worker.drainMs) / rate(rawMs)).toFixed(2)}×`,
  },
  {
    measure: 'worker RSS (VmRSS, every 500 ms)',
    result: `min ${Math.min(...rss)} MiB, max ${Math.max(...rss)} MiB; first-half max ${Math.max(...rss.slice(0, half))} MiB, second-half max ${Math.max(...(rss.slice(half).length ? rss.slice(half) : rss))} MiB`,
  },
])}

RSS over time (s→MiB): ${worker.samples.map((s) => `${s.t.toFixed(1)}→${s.rss}`).join(', ')}
`;
  recordBenchmark('email', markdown);
  process.stdout.write(`${markdown}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:email failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
