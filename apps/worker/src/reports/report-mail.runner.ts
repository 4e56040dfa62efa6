import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Config } from '@interdict/config';
import { ReportMailer } from '@interdict/reports';

/** Starts sending scheduled reports' mail with the worker app and stops it (finishing sends in flight) before the database closes. */
@Injectable()
export class ReportMailRunner implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly mailer: ReportMailer,
    private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.email.deliveryEnabled) this.mailer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.mailer.stop();
  }
}
