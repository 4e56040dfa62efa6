import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { exitOnStartupFailure, openDatabase } from '@interdict/database';
import { getLogger, handleShutdownSignals, initLogging } from '@interdict/logger';
import { startApi } from './bootstrap';
import { startBanner } from './start-banner';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const db = await openDatabase(config, 'interdict-api');
  const { app, url, bootstrapAdminKey } = await startApi(config, db);
  // app.close() runs the shutdown hooks: HTTP closes, jobs stop, then the database (and embedded Postgres).
  handleShutdownSignals(() => app.close());
  getLogger('Api').info({ url }, 'api listening');
  process.stdout.write(startBanner({ url, adminKey: bootstrapAdminKey, logFormat: config.log.format }));
}

main().catch((err: unknown) => exitOnStartupFailure(err, 'Api', 'api failed to start'));
