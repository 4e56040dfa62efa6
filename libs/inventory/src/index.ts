export { InventoryModule } from './inventory.module';
export {
  SourcesService,
  type NewSource,
  type SourcePatch,
  type SourceView,
  type SourceForSync,
  type DeclaredSource,
} from './sources/sources.service';
export { checkSourceSettings, checkSchedule, type SourceKind } from './sources/source-settings';
export {
  SyncService,
  CONNECTOR_FACTORY,
  type ConnectorFactory,
  type SyncOptions,
  type SyncRunResult,
  type SyncTrigger,
} from './sync/sync.service';
export { SyncQueue, SYNC_JOB } from './sync/sync-queue';
export { SyncRunsService, type SyncRunView } from './sync/sync-runs.service';
export { SyncHooks, type SyncSucceededEvent, type SyncSucceededListener } from './sync/sync-hooks';
export { InventoryError, type InventoryErrorCode } from './sync/inventory.errors';
export { normalizeSoftwareName, softwareIdentityKey } from './sync/software-identity';
export { normalizeSerial, physicalKey } from './sync/physical-key';
export { titleBucket } from './sync/inventory-stager';
