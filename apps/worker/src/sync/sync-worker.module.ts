import { Module } from '@nestjs/common';
import { CONNECTOR_FACTORY, InventoryModule, SyncService } from '@interdict/inventory';
import { connectorFactory } from './connector-factory';
import { SourceScheduler } from './source-scheduler';
import { SyncSourceJob } from './sync-source.job';

/** Worker side of syncs: YAML-declared sources, per-source cron schedules, the sync job runner. */
@Module({
  imports: [InventoryModule],
  providers: [
    { provide: CONNECTOR_FACTORY, useValue: connectorFactory },
    SyncService,
    SourceScheduler,
    SyncSourceJob,
  ],
  exports: [InventoryModule, SyncService, SyncSourceJob, SourceScheduler],
})
export class SyncWorkerModule {}
