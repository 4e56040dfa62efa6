import { Module } from '@nestjs/common';
import { CONNECTOR_FACTORY, InventoryModule, SyncService } from '@interdict/inventory';
import { Config } from '@interdict/config';
import { connectorFactoryFor } from './connector-factory';
import { SourceScheduler } from './source-scheduler';
import { SyncSourceJob } from './sync-source.job';

/** Worker side of syncs: YAML-declared sources, per-source cron schedules, the sync job runner. */
@Module({
  imports: [InventoryModule],
  providers: [
    { provide: CONNECTOR_FACTORY, inject: [Config], useFactory: connectorFactoryFor },
    SyncService,
    SourceScheduler,
    SyncSourceJob,
  ],
  exports: [InventoryModule, SyncService, SyncSourceJob, SourceScheduler],
})
export class SyncWorkerModule {}
