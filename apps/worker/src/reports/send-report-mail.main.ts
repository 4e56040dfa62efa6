import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { getLogger, initLogging } from '@interdict/logger';
import { DownloadLinks, ReportMailer, reportStorageFromConfig } from '@interdict/reports';

/**
 * A process that only sends scheduled reports' mail (no scheduler, no HTTP): for the crash test and the benchmark.
 * SIGTERM/SIGINT finish the sends in flight and stop.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const log = getLogger('SendReportMail');
  const db = await openDatabase(config, 'interdict-mail');
  const storage = reportStorageFromConfig(config);
  const mailer = new ReportMailer(db.dataSource, config, storage, new DownloadLinks(db.dataSource, config));
  mailer.start();
  log.info({ pid: process.pid }, 'report mail process started');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping report mail');
    void mailer
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  getLogger('SendReportMail').fatal({ err }, 'report mail failed to start');
  process.exit(1);
});
