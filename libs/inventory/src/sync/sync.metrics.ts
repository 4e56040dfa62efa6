import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@interdict/logger';

/** Sync duration per source and outcome. */
export const syncDuration = new Histogram({
  name: 'interdict_sync_duration_seconds',
  help: 'Duration of sync runs',
  labelNames: ['source', 'status'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 240, 480, 960, 1920],
  registers: [metricsRegistry],
});

/** Rows staged and changed per source (kind: devices, installations, installations_new, …). */
export const syncRows = new Counter({
  name: 'interdict_sync_rows_total',
  help: 'Rows seen and changed by sync runs',
  labelNames: ['source', 'kind'] as const,
  registers: [metricsRegistry],
});

/** Failed or partial runs per source and error code. */
export const syncErrors = new Counter({
  name: 'interdict_sync_errors_total',
  help: 'Sync runs that failed or were partial',
  labelNames: ['source', 'code'] as const,
  registers: [metricsRegistry],
});
