import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '@interdict/config';
import {
  EMPTY_RULE_DIRECTORY,
  LocalDiskReportStorage,
  ReportRetention,
  ReportRunner,
  ReportService,
} from '@interdict/reports';

/** The worker's report pieces over `dir/reports`: a service to queue reports and the runner that makes them. */
export function benchReports(
  ds: DataSource,
  config: Config,
  dir: string,
): { service: ReportService; runner: ReportRunner } {
  const storage = new LocalDiskReportStorage(join(dir, 'reports'));
  return {
    service: new ReportService(ds, storage),
    runner: new ReportRunner(
      ds,
      config,
      storage,
      EMPTY_RULE_DIRECTORY,
      new ReportRetention(ds, config, storage),
    ),
  };
}
