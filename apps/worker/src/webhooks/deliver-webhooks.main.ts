import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { getLogger, initLogging } from '@interdict/logger';
import { createDeliveryWorker } from '@interdict/webhooks';

/**
 * A process that only delivers webhooks (no scheduler, no HTTP): for scaling delivery out on its own, and used by
 * the crash test and the benchmark. SIGTERM/SIGINT stop it cleanly; in-flight deliveries return to the queue.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  initLogging(config.log);
  const log = getLogger('DeliverWebhooks');
  const db = await openDatabase(config, 'interdict-webhooks');
  const worker = createDeliveryWorker(db.dataSource, config);
  worker.start();
  log.info({ pid: process.pid }, 'webhook delivery process started');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping webhook delivery');
    void worker
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  getLogger('DeliverWebhooks').fatal({ err }, 'webhook delivery failed to start');
  process.exit(1);
});
