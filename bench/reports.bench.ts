// Reports at scale: the Exposed devices workbook of N exposures straight from Postgres (one REPEATABLE READ snapshot,
// cursor, exceljs streaming writer, local-disk storage, report.ready event) against a raw exceljs streaming baseline
// writing N synthetic rows of the same 23 columns with the same writer options, in the same run. Each measured case
// runs in its own child process so its peak RSS (VmHWM) is its own. Then the time to first byte of a download over
// HTTP through the real controller. Scale: BENCH_SIZES (default "100000,1000000").
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigModule, loadConfig, type Config } from '@interdict/config';
import { createDataSource, DatabaseModule } from '@interdict/database';
import { WORKBOOK_WRITER_OPTIONS } from '@interdict/reports';
import { ReportsApiModule } from '../apps/api/src/reports/reports-api.module';
import { exposedDeviceCells } from './support/synthetic-row';
import { freshBenchDatabase } from './support/bench-database';
import { machineLine, peakRssMiB, recordBenchmark, table } from './support/bench-report';
import { loadExposures } from './support/exposure-fixture';
import { benchReports } from './support/report-runner';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'interdict_bench_reports';
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

interface CaseResult {
  rows: number;
  ms: number;
  bytes: number;
  rssMiB: number;
}

const benchConfig = (dataDir: string): Config =>
  loadConfig({
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl,
      INTERDICT_DATA_DIR: dataDir,
      INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      LOG_LEVEL: 'warn',
      REPORTS_KEEP_COUNT: '0',
      REPORTS_RETENTION_DAYS: '0',
    },
    configDir: mkdtempSync(join(tmpdir(), 'bench-reports-cfg-')),
  });

// ---------------------------------------------------------------- child cases

/** Columns of the Exposed devices sheet (render/sheets.ts), which the baseline writes too. */
const COLUMNS = 23;

/** Raw exceljs: N synthetic rows of the Exposed devices shape, same writer options, straight to a file. */
async function baselineCase(n: number, dir: string): Promise<CaseResult> {
  const file = join(dir, `baseline-${n}.xlsx`);
  const t0 = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, ...WORKBOOK_WRITER_OPTIONS });
  const ws = wb.addWorksheet('Exposed devices', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = Array.from({ length: COLUMNS }, (_, i) => ({
    width: 18,
    style: i >= 17 && i < 21 ? { numFmt: 'yyyy-mm-dd hh:mm' } : {},
  }));
  ws.addRow(Array.from({ length: COLUMNS }, (_, i) => `Column ${i + 1}`)).commit();
  const first = new Date('2026-01-01T00:00:00Z');
  const now = new Date();
  for (let i = 0; i < n; i++) {
    ws.addRow(exposedDeviceCells(i, first, now)).commit();
  }
  await wb.commit();
  return { rows: n, ms: performance.now() - t0, bytes: statSync(file).size, rssMiB: peakRssMiB() };
}

/** Our report: queue one and run it through ReportRunner (snapshot, cursor, writer, storage, event). */
async function reportCase(
  n: number,
  dir: string,
  format: 'xlsx' | 'csv',
): Promise<CaseResult & { reportId: string }> {
  const config = benchConfig(dir);
  const ds = createDataSource({ url: dbUrl, poolSize: 3, applicationName: 'bench-reports' });
  await ds.initialize();
  const { service, runner } = benchReports(ds, config, dir);
  const queued = await service.request(
    { type: 'exposed-devices', format },
    { type: 'system', id: null, name: 'bench' },
  );
  const t0 = performance.now();
  const done = await runner.runById(queued.id);
  const ms = performance.now() - t0;
  await ds.destroy();
  if (done?.status !== 'succeeded') throw new Error(`report failed: ${done?.error}`);
  if (done.rowCount !== n) throw new Error(`expected ${n} rows, got ${done.rowCount}`);
  return { rows: n, ms, bytes: done.sizeBytes ?? 0, rssMiB: peakRssMiB(), reportId: done.id };
}

// ---------------------------------------------------------------- parent

function runChild(args: string[]): Promise<CaseResult & { reportId?: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as CaseResult));
    child.once('exit', (code) =>
      code ? reject(new Error(`case ${args.join(' ')} exited ${code}`)) : undefined,
    );
  });
}

/** Time to first byte and total time of a download through the real controller over HTTP. */
async function measureDownload(
  dir: string,
  reportId: string,
): Promise<{ ttfbMs: number; totalMs: number; bytes: number }> {
  const config = benchConfig(dir);
  const ds = createDataSource({ url: dbUrl, poolSize: 2, applicationName: 'bench-reports-api' });
  await ds.initialize();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRuntime(
        { dataSource: ds, url: dbUrl, close: async () => undefined },
        { ownsLifecycle: false },
      ),
      ReportsApiModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  await app.listen(0, '127.0.0.1');
  const addr = app.getHttpServer().address() as { port: number };
  const result = await new Promise<{ ttfbMs: number; totalMs: number; bytes: number }>((resolve, reject) => {
    const t0 = performance.now();
    let ttfbMs = 0;
    let bytes = 0;
    request({ host: '127.0.0.1', port: addr.port, path: `/api/v1/reports/${reportId}/download` }, (res) => {
      res.once('data', () => (ttfbMs = performance.now() - t0));
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ ttfbMs, totalMs: performance.now() - t0, bytes }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  await app.close();
  await ds.destroy();
  return result;
}

// Long because a bench reads as its run sheet: setup, each measured case with its baseline, and the report, in the
// order they run.
async function main(): Promise<void> {
  const caseAt = process.argv.indexOf('--case');
  if (caseAt >= 0) {
    const [kind, n, dir, format] = process.argv.slice(caseAt + 1);
    const r =
      kind === 'baseline'
        ? await baselineCase(Number(n), dir)
        : await reportCase(Number(n), dir, format as 'xlsx' | 'csv');
    process.send!(r);
    return;
  }
  const machine = machineLine();
  await freshBenchDatabase(adminUrl, DB_NAME);
  const client = new Client({ connectionString: dbUrl });
  await client.connect();

  const rows: Record<string, string | number>[] = [];
  let download: { ttfbMs: number; totalMs: number; bytes: number } | undefined;
  for (const n of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), `bench-reports-${n}-`));
    const tLoad = performance.now();
    await loadExposures(client, n);
    process.stderr.write(
      `loaded ${n} exposures with COPY in ${((performance.now() - tLoad) / 1000).toFixed(1)} s\n`,
    );
    const base = await runChild(['baseline', String(n), dir]);
    const ours = await runChild(['report', String(n), dir, 'xlsx']);
    const csv = await runChild(['report', String(n), dir, 'csv']);
    const rate = (r: CaseResult) => Math.round(r.rows / (r.ms / 1000));
    const line = (what: string, r: CaseResult, ratio: string) => ({
      N: n.toLocaleString('en-US'),
      case: what,
      'time (s)': (r.ms / 1000).toFixed(1),
      'rows/s': rate(r).toLocaleString('en-US'),
      'vs baseline': ratio,
      'file (MB)': (r.bytes / 1e6).toFixed(1),
      'peak RSS (MiB)': r.rssMiB,
    });
    rows.push(line('raw exceljs streaming (baseline, synthetic rows)', base, '1.00×'));
    rows.push(
      line('Exposed devices .xlsx from Postgres (ours)', ours, `${(rate(ours) / rate(base)).toFixed(2)}×`),
    );
    rows.push(
      line('Exposed devices .csv from Postgres (ours)', csv, `${(rate(csv) / rate(base)).toFixed(2)}×`),
    );
    process.stderr.write(`${JSON.stringify(rows.slice(-3))}\n`);
    if (n === Math.max(...SIZES))
      download = await measureDownload(dir, (ours as CaseResult & { reportId: string }).reportId);
    rmSync(dir, { recursive: true, force: true });
  }
  await client.end();

  const scaleNote =
    SIZES.join(',') === '100000,1000000'
      ? 'Full scale (100,000 and 1,000,000 exposures).'
      : `Reduced scale (${SIZES.join(', ')} exposures) — not the full 1,000,000.`;
  recordBenchmark(
    'reports',
    [
      '## Reports (`npm run bench:reports`)',
      '',
      machine,
      '',
      `${scaleNote} Exposures and their evidence are loaded with COPY (two per device). "Ours" is the whole report job: claim, one REPEATABLE READ READ ONLY snapshot, the exposure query (one row per physical device × product, with the digest of its evidence), a cursor of 2,000-row batches, the exceljs streaming writer (same options as the baseline: styles on, no shared strings; unlike the baseline, each cell is handed its column's style object, so exceljs resolves each column's style once instead of once per cell), formula neutralisation of every text cell, the temp-file + fsync + rename into storage, and the report.ready outbox event. The baseline writes the same 23 columns from memory with no database. Each case runs in its own process with V8's default flags; peak RSS is that process's VmHWM.`,
      '',
      table(rows),
      '',
      download
        ? `Download of the ${Math.max(...SIZES).toLocaleString('en-US')}-row workbook over HTTP through ReportsController (local disk): first byte after ${download.ttfbMs.toFixed(1)} ms, all ${(download.bytes / 1e6).toFixed(1)} MB after ${download.totalMs.toFixed(0)} ms.`
        : '',
    ].join('\n'),
  );
  process.stderr.write('recorded in docs/benchmarks.md\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
