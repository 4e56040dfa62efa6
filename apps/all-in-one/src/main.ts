import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { getLogger, handleShutdownSignals, initLogging } from '@interdict/logger';
import { startApi } from '../../api/src/bootstrap';
import { startWorker } from '../../worker/src/bootstrap';

/**
 * `npm start`: api + worker (+ the demo fleet) in one process against one database — the embedded Postgres
 * unless DATABASE_URL is set. Ctrl-C closes HTTP, stops jobs, closes the database and stops Postgres.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const log = getLogger('AllInOne');
  const db = await openDatabase(config, 'interdict-all-in-one');
  const worker = await startWorker(config, db, { ownsDatabase: false });
  const api = await startApi(config, db, { ownsDatabase: false });
  log.info({ api: api.url, worker: worker.url }, `Interdict is running — dashboard and API at ${api.url}`);

  handleShutdownSignals(async () => {
    await api.app.close();
    await worker.app.close();
    await db.close();
  });
}

main().catch((err: unknown) => {
  getLogger('AllInOne').fatal({ err }, 'failed to start');
  process.exit(1);
});
