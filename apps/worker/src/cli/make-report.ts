import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadCatalogService } from '@interdict/catalog';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { getLogger, initLogging } from '@interdict/logger';
import {
  REPORT_FORMATS,
  REPORT_TYPES,
  ReportRetention,
  ReportRunner,
  ReportService,
  catalogRuleDirectory,
  reportStorageFromConfig,
  type Requester,
} from '@interdict/reports';

const FILTERS = ['source', 'platform', 'product', 'rule', 'status', 'group'] as const;
const USAGE = `usage: npm run report:make -- --type ${REPORT_TYPES.join('|')}
       [--format ${REPORT_FORMATS.join('|')}] [--platform macos] [--source "Contoso Intune"] [--product kaspersky] [--rule <id>]
       [--status open|overdue|excepted|resolved] [--group finance] [--evidence] [--out <file>]   (filters may repeat)`;
const CLI: Requester = { type: 'system', id: null, name: 'cli' };

/**
 * `npm run report:make -- --type exposure --format xlsx`: queues a report and runs it in this process through the
 * same path as the worker (report row, storage, report.ready event), then prints it as JSON with `path`, the absolute
 * path of the file it wrote (`fileName` is only the name a download gets), and says where on stderr; `--out` also
 * copies the file. Exit 1 unless it succeeded.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      type: { type: 'string' },
      format: { type: 'string', default: 'xlsx' },
      out: { type: 'string' },
      evidence: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(FILTERS.map((f) => [f, { type: 'string', multiple: true }])),
    },
    strict: true,
  });
  if (values.help || !values.type) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const given = values as Record<string, unknown>;
  const filters = Object.fromEntries(
    FILTERS.filter((f) => Array.isArray(given[f])).map((f) => [f, given[f]]),
  );
  const config = loadConfigOrExit();
  initLogging(config.log);
  const catalog = loadCatalogService(config);
  const db = await openDatabase(config, 'interdict-make-report');
  try {
    const storage = reportStorageFromConfig(config);
    const reports = new ReportService(db.dataSource, storage, config);
    const runner = new ReportRunner(
      db.dataSource,
      config,
      storage,
      catalogRuleDirectory(catalog),
      new ReportRetention(db.dataSource, config, storage),
    );
    const queued = await reports.request(
      { type: values.type, format: values.format, filters, evidence: values.evidence },
      CLI,
    );
    const done = (await runner.runById(queued.id)) ?? (await reports.get(queued.id));
    const path = await reports.locate(done.id);
    process.stdout.write(`${JSON.stringify({ ...done, path }, null, 2)}\n`);
    if (done.status !== 'succeeded') {
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`written ${path}\n`);
    if (values.out) await copyOut(reports, done, resolve(values.out));
  } finally {
    await db.close();
  }
}

/** Copies the report file (and its evidence pack, if it has one) to `out`, saying where on stderr. */
async function copyOut(
  reports: ReportService,
  done: { id: string; evidenceSizeBytes: number | null },
  out: string,
): Promise<void> {
  const file = await reports.openDownload(done.id);
  await pipeline(file.body, createWriteStream(out));
  process.stderr.write(`copied to ${out}\n`);
  if (done.evidenceSizeBytes === null) return;
  const pack = await reports.openEvidence(done.id);
  const packOut = `${out.replace(/\.(xlsx|csv)$/, '')}.evidence.zip`;
  await pipeline(pack.body, createWriteStream(packOut));
  process.stderr.write(`evidence pack copied to ${packOut}\n`);
}

main().catch((err: unknown) => {
  getLogger('MakeReport').error({ err }, 'make-report failed');
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
