import 'reflect-metadata';
import { loadConfigOrExit } from '@interdict/config';
import { exitOnStartupFailure, openDatabase } from '@interdict/database';
import { getLogger, handleShutdownSignals, initLogging } from '@interdict/logger';
import { startApi } from '../../api/src/bootstrap';
import { startBanner } from '../../api/src/start-banner';
import { startWorker } from '../../worker/src/bootstrap';
import { startDemo, type RunningDemo } from './demo';
import { startDemoServices } from './demo-services';

/**
 * `npm start`: api + worker + (with `demo.enabled`) the MDM simulator as two demo sources, in one process against
 * one database — the embedded Postgres unless DATABASE_URL is set. Ctrl-C stops the demo, closes HTTP, stops jobs,
 * closes the database and stops Postgres.
 */
async function main(): Promise<void> {
  const given = loadConfigOrExit();
  initLogging(given.log);
  const log = getLogger('AllInOne');
  const services = await startDemoServices(given);
  const config = services.config;
  const db = await openDatabase(config, 'interdict-all-in-one');
  const worker = await startWorker(config, db, { ownsDatabase: false });
  const api = await startApi(config, db, { ownsDatabase: false });
  let demo: RunningDemo | undefined;
  handleShutdownSignals(async () => {
    await demo?.stop();
    await api.app.close();
    await worker.app.close();
    await services.stop();
    await db.close();
  });
  if (config.demo.enabled) demo = await startDemo(config, worker.app, api.app, api.url);
  log.info(
    {
      api: api.url,
      worker: worker.url,
      simulator: demo?.simulatorUrl,
      webhookReceiver: demo?.receiverUrl,
      teamsDigestReceiver: demo?.teamsUrl,
      mailCatcher: services.mail?.url,
      s3: services.s3?.endpoint,
    },
    `Interdict is running — dashboard ${api.url}/ · API docs ${api.url}/api/docs`,
  );
  process.stdout.write(
    startBanner({
      url: api.url,
      adminKey: api.bootstrapAdminKey,
      logFormat: config.log.format,
      demo: demo && {
        devices: config.demo.devices,
        receiverUrl: demo.receiverUrl,
        teamsUrl: demo.teamsUrl,
        mailUrl: services.mail?.url,
        s3: services.s3 ? `${services.s3.endpoint}/${services.s3.bucket}` : undefined,
      },
    }),
  );
}

main().catch((err: unknown) => exitOnStartupFailure(err, 'Interdict', 'failed to start'));
