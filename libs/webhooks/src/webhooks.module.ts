import { hostname } from 'node:os';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Config, publicBaseUrl } from '@interdict/config';
import { secretBoxFromConfig } from '@interdict/database';
import { WebhookDeliveryService } from './delivery/webhook-delivery.service';
import { WebhookDeliveryWorker } from './delivery/webhook-delivery.worker';
import { EndpointSecrets } from './endpoints/endpoint-secrets';
import { WebhookEndpointService } from './endpoints/webhook-endpoint.service';
import { HttpSender } from './outbound/http-sender';
import { OutboundPolicy, outboundPolicyFromConfig } from '@interdict/outbound';

/** Interdict's version, in the CEF header and the User-Agent. */
export const INTERDICT_VERSION = '0.1.0';

/** Builds the delivery worker from the configuration (the worker app starts and stops it). */
export function createDeliveryWorker(
  db: DataSource,
  config: Config,
  secrets?: EndpointSecrets,
): WebhookDeliveryWorker {
  const w = config.webhooks;
  return new WebhookDeliveryWorker(
    db,
    secrets ?? new EndpointSecrets(secretBoxFromConfig(config)),
    outboundPolicyFromConfig(config, 'webhooks'),
    new HttpSender(),
    {
      concurrency: w.deliveryConcurrency,
      batchSize: w.claimBatchSize,
      pollIntervalMs: w.pollIntervalMs,
      leaseMs: w.leaseMs,
      responseBodyCapBytes: w.responseBodyCapBytes,
      retry: { scheduleSeconds: w.retryScheduleSeconds, maxAttempts: w.maxAttempts },
      context: {
        source: 'interdict',
        host: hostname(),
        version: INTERDICT_VERSION,
        dashboardUrl: publicBaseUrl(config.http),
      },
    },
  );
}

/** Endpoints, the delivery log and redelivery (API side), and the delivery worker (worker side, not started here). */
@Module({
  providers: [
    {
      provide: EndpointSecrets,
      inject: [Config],
      useFactory: (c: Config) => new EndpointSecrets(secretBoxFromConfig(c)),
    },
    {
      provide: OutboundPolicy,
      inject: [Config],
      useFactory: (c: Config) => outboundPolicyFromConfig(c, 'webhooks'),
    },
    {
      provide: WebhookEndpointService,
      inject: [DataSource, EndpointSecrets, OutboundPolicy, Config],
      useFactory: (db: DataSource, s: EndpointSecrets, p: OutboundPolicy, c: Config) =>
        new WebhookEndpointService(db, s, p, c.webhooks.rotationGraceHours),
    },
    {
      provide: WebhookDeliveryService,
      inject: [DataSource],
      useFactory: (db: DataSource) => new WebhookDeliveryService(db),
    },
    {
      provide: WebhookDeliveryWorker,
      inject: [DataSource, Config, EndpointSecrets],
      useFactory: (db: DataSource, c: Config, s: EndpointSecrets) => createDeliveryWorker(db, c, s),
    },
  ],
  exports: [WebhookEndpointService, WebhookDeliveryService, WebhookDeliveryWorker],
})
export class WebhooksModule {}
