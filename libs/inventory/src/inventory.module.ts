import { Module } from '@nestjs/common';
import { SourcesService } from './sources/sources.service';
import { SyncHooks } from './sync/sync-hooks';
import { SyncQueue } from './sync/sync-queue';
import { SyncRunsService } from './sync/sync-runs.service';

/**
 * Sources, sync runs and the after-sync hooks. The worker adds `SyncService` with a CONNECTOR_FACTORY provider;
 * the api needs only this module.
 */
@Module({
  providers: [SourcesService, SyncRunsService, SyncHooks, SyncQueue],
  exports: [SourcesService, SyncRunsService, SyncHooks, SyncQueue],
})
export class InventoryModule {}
