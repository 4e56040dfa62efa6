/** Closed set of reasons a source change or a sync run fails (recorded as `sync_run.error_code`). */
export type InventoryErrorCode =
  | 'source_not_found'
  | 'invalid_source'
  | 'unsafe_url' // a source URL the outbound policy refuses (private address, metadata, http in production)
  | 'source_name_taken'
  | 'source_declared_in_config'
  | 'source_busy'
  | 'secret_unreadable'
  | 'sync_aborted'
  | 'connector_failed'
  | 'worker_lost'
  | 'ingest_failed'
  | 'run_not_found';

/** The inventory lib's one error class; `field` names the offending input when there is one. */
export class InventoryError extends Error {
  constructor(
    readonly code: InventoryErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InventoryError';
  }
}
