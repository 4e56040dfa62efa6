import { bool, int, str } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readReports(r: SettingReader) {
  return {
    /**
     * Where report files are kept; default `<dataDir>/reports`. When api and worker run on different hosts this
     * directory must be shared between them (or another ReportStorage used).
     */
    directory: r.read('reports.directory', str(), { env: 'REPORTS_DIRECTORY' }),
    /** Files kept per schedule (and for on-demand reports) unless a schedule says otherwise; 0 = no count limit. */
    keepCount: r.read('reports.keepCount', int(0, 100_000), { env: 'REPORTS_KEEP_COUNT', default: 30 }),
    /** Age after which a report file is deleted unless a schedule says otherwise; 0 = no age limit. */
    retentionDays: r.read('reports.retentionDays', int(0, 3650), {
      env: 'REPORTS_RETENTION_DAYS',
      default: 90,
    }),
    /** CSV files start with a UTF-8 byte order mark so Excel reads accents correctly. */
    csvBom: r.read('reports.csvBom', bool, { env: 'REPORTS_CSV_BOM', default: true }),
    /** How often the worker looks for queued reports. */
    pollIntervalMs: r.read('reports.pollIntervalMs', int(100, 600_000), {
      env: 'REPORTS_POLL_INTERVAL_MS',
      default: 2_000,
    }),
    /** A running report whose worker stops renewing this lease is picked up again. */
    leaseMs: r.read('reports.leaseMs', int(5_000, 3_600_000), { env: 'REPORTS_LEASE_MS', default: 120_000 }),
    /** The worker runs report schedules (turn off on all but some workers if you like; claiming is safe either way). */
    schedulesEnabled: r.read('reports.schedulesEnabled', bool, {
      env: 'REPORTS_SCHEDULES_ENABLED',
      default: true,
    }),
  };
}
