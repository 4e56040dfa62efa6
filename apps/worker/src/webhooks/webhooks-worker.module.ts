import { Module } from '@nestjs/common';
import { WebhooksModule } from '@interdict/webhooks';
import { WebhookDeliveryRunner } from './webhook-delivery.runner';

/** The worker's part of webhooks: the delivery loop. */
@Module({ imports: [WebhooksModule], providers: [WebhookDeliveryRunner] })
export class WebhooksWorkerModule {}
