import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { exitOnStartupFailure, openDatabase } from '@interdict/database';
import { getLogger, handleShutdownSignals, initLogging } from '@interdict/logger';
import { startWorker } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const db = await openDatabase(config, 'interdict-worker');
  const { app, url } = await startWorker(config, db);
  // app.close() runs the shutdown hooks: HTTP closes, jobs stop, then the database (and embedded Postgres).
  handleShutdownSignals(() => app.close());
  getLogger('Worker').info({ url }, 'worker started');
}

main().catch((err: unknown) => exitOnStartupFailure(err, 'Worker', 'worker failed to start'));
