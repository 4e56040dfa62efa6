export * from './entities';
export { MIGRATIONS } from './migrations';
export { createDataSource, type DataSourceOptions } from './data-source';
export { openDatabase, hasPendingMigrations, type DatabaseRuntime } from './database-runtime';
export { DatabaseModule, DATABASE_RUNTIME } from './database.module';
export {
  startEmbeddedPostgres,
  ensureDatabase,
  freePort,
  type EmbeddedPostgresHandle,
} from './embedded-postgres';
export { StartupError, checkEmbeddedAccess, blockedDirectory } from './embedded-access';
export { exitOnStartupFailure } from './startup-failure';
export { SecretBox, secretBoxFromConfig, derivedKeyFromConfig, sealSetting, openSetting } from './secret-box';
export { HealthModule } from './health/health.module';
export {
  appendEvents,
  EVENT_SCHEMA_VERSIONS,
  type OutboxEvent,
  type OutboxEventType,
  type ExposureEventPayload,
  type SyncEventPayload,
  type ReportReadyPayload,
  REPORT_FORMATS,
} from './outbox';
export { appendAudit, type AuditActor, type AuditEntry } from './audit-log';
export { JobQueue, WORKER_ID, type ClaimedJob, type EnqueueOptions } from './jobs/job-queue';
export { queryRows, type Row, type SnakeCase } from './sql';
export { lastSuccessfulSyncSql } from './sync-run.queries';
export {
  copyRows,
  copyText,
  CopyTextBuffer,
  encodeCopyField,
  encodeCopyRow,
  withDedicatedConnection,
  type CopyValue,
} from './copy';
export {
  countRows,
  decodeCursor,
  encodeCursor,
  escapeLike,
  isRowId,
  keysetSql,
  pageOf,
  sortValueOf,
  textSortKey,
  timeSortKey,
  type SortKey,
  PagingError,
  TEXT_SORT_KEY_CHARS,
  type Keyset,
  type Page,
  type PagingErrorCode,
} from './paging';
export { recordProgressEverySecond } from './progress';
export { afterFailure, type RetryPolicy } from './retry-backoff';
export { isUuid } from './ids';
