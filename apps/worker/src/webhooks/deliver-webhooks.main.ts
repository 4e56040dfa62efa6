import { createDeliveryWorker } from '@interdict/webhooks';
import { runStandaloneLoop } from '../common/standalone-loop';

// A process that only delivers webhooks; in-flight deliveries return to the queue when it stops.
runStandaloneLoop('DeliverWebhooks', 'webhook delivery', (config, db) =>
  createDeliveryWorker(db.dataSource, config),
);
