import { Module } from '@nestjs/common';
import { WebhooksModule } from '@interdict/webhooks';
import { WebhookDeliveriesController, WebhooksController } from './webhooks.controller';

/** Webhook endpoints, their delivery log and redelivery over HTTP. */
@Module({ imports: [WebhooksModule], controllers: [WebhooksController, WebhookDeliveriesController] })
export class WebhooksApiModule {}
