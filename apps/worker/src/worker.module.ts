import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { type Config, ConfigModule } from '@interdict/config';
import { type DatabaseRuntime, DatabaseModule, HealthModule } from '@interdict/database';
import { MetricsModule } from '@interdict/logger';
import { ExposureWorkerModule } from './exposure/exposure-worker.module';
import { SyncWorkerModule } from './sync/sync-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';
import { ReportsWorkerModule } from './reports/reports-worker.module';

/** The background door: schedules and job handlers; HTTP only for health and metrics. */
@Module({})
export class WorkerModule {
  static register(config: Config, db: DatabaseRuntime, opts: { ownsDatabase?: boolean } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRuntime(db, { ownsLifecycle: opts.ownsDatabase }),
        ScheduleModule.forRoot(),
        HealthModule,
        MetricsModule,
        SyncWorkerModule,
        ExposureWorkerModule,
        WebhooksWorkerModule,
        ReportsWorkerModule,
      ],
    };
  }
}
