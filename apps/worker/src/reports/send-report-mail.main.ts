import { DownloadLinks, ReportMailer, reportStorageFromConfig } from '@interdict/reports';
import { runStandaloneLoop } from '../common/standalone-loop';

// A process that only sends scheduled reports' mail; sends in flight finish when it stops.
runStandaloneLoop(
  'SendReportMail',
  'report mail',
  (config, db) =>
    new ReportMailer(
      db.dataSource,
      config,
      reportStorageFromConfig(config),
      new DownloadLinks(db.dataSource, config),
    ),
);
