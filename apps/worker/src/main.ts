import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { getLogger, initLogging } from '@interdict/logger';
import { startWorker } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const db = await openDatabase(config, 'interdict-worker');
  const { url } = await startWorker(config, db);
  getLogger('Worker').info({ url }, 'worker started');
}

main().catch((err: unknown) => {
  getLogger('Worker').fatal({ err }, 'worker failed to start');
  process.exit(1);
});
