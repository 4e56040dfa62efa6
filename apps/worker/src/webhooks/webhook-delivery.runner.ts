import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Config } from '@interdict/config';
import { WebhookDeliveryWorker } from '@interdict/webhooks';

/** Starts webhook delivery with the worker app and stops it (aborting requests in flight) before the database closes. */
@Injectable()
export class WebhookDeliveryRunner implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly worker: WebhookDeliveryWorker,
    private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.deliveryEnabled) this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
  }
}
