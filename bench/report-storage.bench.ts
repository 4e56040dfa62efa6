// Report storage at scale: one workbook of N synthetic rows (the Exposed devices sheet's 23 columns) written by
// XlsxWorkbook into LocalDiskReportStorage and into S3ReportStorage (multipart upload to s3rver on 127.0.0.1), in the
// same run. s3rver and each writer run in processes of their own, so a writer's peak RSS (VmHWM) is its own.
// Scale: BENCH_ROWS (default 1000000).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  LocalDiskReportStorage,
  S3ReportStorage,
  XlsxWorkbook,
  type ReportStorage,
  type TableSheet,
} from '@interdict/reports';
import { startDemoS3 } from '../apps/all-in-one/src/demo-s3';
import { exposedDeviceCells } from './support/synthetic-row';
import { machineLine, peakRssMiB, recordBenchmark, table } from './support/bench-report';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PART_SIZE_MB = 8;
const QUEUE_SIZE = 2;

interface CaseResult {
  ms: number;
  bytes: number;
  rssMiB: number;
}

interface S3Target {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The Exposed devices sheet's shape (render/sheets.ts): 23 columns, text, dates and numbers, from a row number. */
function syntheticSheet(): TableSheet<number> {
  const first = new Date('2026-01-01T00:00:00Z');
  const now = new Date();
  const kinds = [...Array<'text'>(17).fill('text'), ...Array<'date'>(4).fill('date'), 'int', 'int'] as const;
  return {
    name: 'Exposed devices',
    columns: kinds.map((kind, i) => ({ header: `Column ${i + 1}`, width: 18, kind })),
    toCells: (i) => exposedDeviceCells(i, first, now),
  };
}

async function* rowNumbers(n: number): AsyncGenerator<number> {
  for (let i = 1; i <= n; i++) yield i;
}

/** Writes the workbook through `storage` as the report runner does: a 1 MiB PassThrough between writer and store. */
async function writeCase(storage: ReportStorage): Promise<CaseResult> {
  const t0 = performance.now();
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const stored = storage.put('bench/rows.xlsx', out);
  const workbook = new XlsxWorkbook(out);
  const written = await workbook.writeTable(syntheticSheet(), rowNumbers(ROWS));
  await workbook.finish();
  out.end();
  const { sizeBytes } = await stored;
  const ms = performance.now() - t0;
  if (written !== ROWS) throw new Error(`wrote ${written} rows, expected ${ROWS}`);
  return { ms, bytes: sizeBytes, rssMiB: peakRssMiB() };
}

// ---------------------------------------------------------------- children

async function child(args: string[]): Promise<void> {
  const [kind, where] = args;
  if (kind === 's3rver') {
    const s3 = await startDemoS3({ port: 0, directory: where, bucket: 'bench-reports' });
    process.send!(s3);
    process.on('disconnect', () => void s3.stop().then(() => process.exit(0)));
    return;
  }
  let storage: ReportStorage;
  if (kind === 'local') storage = new LocalDiskReportStorage(where);
  else {
    const t = JSON.parse(where) as S3Target;
    storage = new S3ReportStorage({
      bucket: t.bucket,
      region: 'us-east-1',
      endpoint: t.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
      partSizeBytes: PART_SIZE_MB * 1024 * 1024,
      queueSize: QUEUE_SIZE,
    });
  }
  process.send!(await writeCase(storage));
  process.exit(0);
}

// ---------------------------------------------------------------- parent

function forkChild(args: string[]): { proc: ChildProcess; message: Promise<unknown> } {
  const proc = fork(__filename, ['--child', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = new Promise((resolve, reject) => {
    proc.once('message', resolve);
    proc.once('exit', (code) => (code ? reject(new Error(`${args[0]} exited ${code}`)) : undefined));
  });
  return { proc, message };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) return child(process.argv.slice(at + 1));
  const machine = machineLine();
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-storage-'));
  const server = forkChild(['s3rver', join(dir, 's3rver')]);
  const s3 = (await server.message) as S3Target;
  const local = (await forkChild(['local', join(dir, 'local')]).message) as CaseResult;
  process.stderr.write(`local disk: ${JSON.stringify(local)}\n`);
  const remote = (await forkChild(['s3', JSON.stringify(s3)]).message) as CaseResult;
  process.stderr.write(`s3: ${JSON.stringify(remote)}\n`);
  server.proc.disconnect();
  await new Promise((resolve) => server.proc.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  record(machine, local, remote);
}

function record(machine: string, local: CaseResult, remote: CaseResult): void {
  const rate = (r: CaseResult) => Math.round(ROWS / (r.ms / 1000));
  const ratio = rate(remote) / rate(local);
  const line = (what: string, r: CaseResult, vs: string) => ({
    case: what,
    'time (s)': (r.ms / 1000).toFixed(1),
    'rows/s': rate(r).toLocaleString('en-US'),
    'vs local disk': vs,
    'file (MB)': (r.bytes / 1e6).toFixed(1),
    'writer peak RSS (MiB)': r.rssMiB,
  });
  const scale =
    ROWS === 1_000_000
      ? 'Full scale (1,000,000 rows).'
      : `Reduced scale (${ROWS.toLocaleString('en-US')} rows).`;
  recordBenchmark(
    'report-storage',
    [
      '## Report storage: local disk vs S3 (`npm run bench:report-storage`)',
      '',
      machine,
      '',
      `${scale} One workbook of synthetic rows in the Exposed devices sheet's 23 columns, written by XlsxWorkbook (the report runner's writer) through a 1 MiB PassThrough into each store: LocalDiskReportStorage (temp file, fsync, rename) and S3ReportStorage (lib-storage multipart upload, ${PART_SIZE_MB} MiB parts, ${QUEUE_SIZE} in flight, over HTTP to s3rver on 127.0.0.1, which writes the parts to the same disk). No database. s3rver and each writer run in processes of their own on the same 2 cores; peak RSS is the writer's VmHWM.`,
      '',
      table([
        line('local disk', local, '1.00×'),
        line('S3 (s3rver, multipart)', remote, `${ratio.toFixed(2)}×`),
      ]),
      '',
      `- Throughput to S3: **${ratio.toFixed(2)}×** local disk (target ≥ 0.9×: **${ratio >= 0.9 ? 'met' : 'not met'}**).`,
      `- Writer peak RSS to S3: **${remote.rssMiB} MiB** (target ≤ 300 MB: **${remote.rssMiB * 1.048576 <= 300 ? 'met' : 'not met'}**).`,
    ].join('\n'),
  );
  process.stderr.write('recorded in docs/benchmarks.md\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
