import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { exitOnStartupFailure, openDatabase } from '@interdict/database';
import { getLogger, handleShutdownSignals, initLogging } from '@interdict/logger';
import { startApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const db = await openDatabase(config, 'interdict-api');
  const { app, url } = await startApi(config, db);
  // app.close() runs the shutdown hooks: HTTP closes, jobs stop, then the database (and embedded Postgres).
  handleShutdownSignals(() => app.close());
  getLogger('Api').info({ url }, 'api listening');
}

main().catch((err: unknown) => exitOnStartupFailure(err, 'Api', 'api failed to start'));
