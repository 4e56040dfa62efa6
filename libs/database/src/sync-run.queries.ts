/**
 * When a source last synced successfully: the end of its newest succeeded run. The one definition every reader
 * (sources API, exposure summary, report Summary) uses; `sourceId` is an SQL expression for the source's id.
 */
export function lastSuccessfulSyncSql(sourceId: string): string {
  return `(SELECT max(r.finished_at) FROM sync_run r WHERE r.source_id = ${sourceId} AND r.status = 'succeeded')`;
}
