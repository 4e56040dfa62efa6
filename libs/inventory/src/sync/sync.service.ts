import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { Config } from '@interdict/config';
import type { InventoryConnector } from '@interdict/connectors';
import {
  appendEvents,
  queryRows,
  withDedicatedConnection,
  WORKER_ID,
  type OutboxEvent,
  type SyncEventPayload,
} from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { SourcesService, type SourceForSync, type SourceView } from '../sources/sources.service';
import { InventoryApplier } from './apply-inventory';
import { InventoryError } from './inventory.errors';
import { InventoryStager, type StagedCounts } from './inventory-stager';
import { prefetch } from './prefetch';
import { SyncHooks } from './sync-hooks';
import { syncDuration, syncErrors, syncRows } from './sync.metrics';

/** Builds the connector for a source (the worker wires `createConnector` of @interdict/connectors). */
export type ConnectorFactory = (source: SourceForSync) => InventoryConnector;
/** Injection token of the ConnectorFactory. */
export const CONNECTOR_FACTORY = Symbol('CONNECTOR_FACTORY');

/** How a sync was started (`sync_run.trigger`). */
export type SyncTrigger = 'manual' | 'schedule' | 'cli' | 'startup' | 'api';

export interface SyncOptions {
  trigger?: SyncTrigger;
  /** Aborting stops the walk; an aborted run changes nothing. */
  signal?: AbortSignal;
}

/** The outcome of one sync run, as recorded in `sync_run`. */
export interface SyncRunResult {
  runId: string;
  sourceId: string;
  status: 'succeeded' | 'failed' | 'partial';
  startedAt: Date;
  finishedAt: Date;
  devicesSeen: number;
  installationsSeen: number;
  devicesNew: number;
  devicesRemoved: number;
  installationsNew: number;
  installationsRemoved: number;
  requests: number;
  error: { code: string; message: string } | null;
  /**
   * Where the time went (this process's view; not stored): walk = connector + staging, with COPY and the chunks'
   * inserts running alongside; copy = COPY's wall time; copyStall ⊂ walk = the walk waiting for the database
   * (COPY + chunk inserts); apply = the diff after the walk.
   */
  phases?: { walkMs: number; copyMs: number; copyStallMs: number; applyMs: number };
  /** What the fingerprints saved (not stored): devices whose app list was unchanged, installations staged. */
  staging?: { devicesUnchanged: number; installationsStaged: number };
  /** Statements of the diff that took ≥ 100 ms, by their opening words (not stored). */
  slowStepsMs?: Record<string, number>;
}

// Advisory lock namespace for "a sync of this source is running" (second key: hashtext(source id)).
const SYNC_LOCK_CLASS = 6_001;

/**
 * Runs syncs: one source at a time per database (session advisory lock on a dedicated connection, released by
 * Postgres itself if the worker dies), stream → staging → one diff transaction that also finishes the run and writes
 * its event, so a crash at any point leaves either the old state or the new one, never half.
 */
@Injectable()
export class SyncService {
  private readonly log = getLogger('SyncService');

  constructor(
    private readonly db: DataSource,
    private readonly sources: SourcesService,
    private readonly hooks: SyncHooks,
    private readonly config: Config,
    @Inject(CONNECTOR_FACTORY) private readonly connectorFor: ConnectorFactory,
  ) {}

  /** Syncs one source now; throws `source_busy` when another worker is syncing it, else returns the run. */
  async syncSource(sourceId: string, opts: SyncOptions = {}): Promise<SyncRunResult> {
    const source = await this.sources.get(sourceId);
    return withDedicatedConnection(this.db, async (client, runner) => {
      const locked = await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`,
        [SYNC_LOCK_CLASS, sourceId],
      );
      if (!locked.rows[0].ok)
        throw new InventoryError('source_busy', `Source "${source.name}" is being synced by another worker`);
      try {
        return await this.runLocked(client, runner.manager, source, opts);
      } finally {
        // Drops the staging tables and releases the advisory lock before the connection returns to the pool.
        await client.query('DISCARD ALL').catch(() => undefined);
      }
    });
  }

  /** Marks failed every run whose worker stopped renewing its lease; returns how many. */
  async failExpiredRuns(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const runs = await queryRows<RunRow>(
        tx,
        `UPDATE sync_run SET status = 'failed', finished_at = now(), lease_until = NULL, error_code = 'worker_lost',
                error_message = 'the worker running this sync stopped renewing its lease (crashed or killed)'
         WHERE status = 'running' AND lease_until < now() RETURNING *`,
      );
      await this.appendRunEvents(tx, runs);
      return runs.length;
    });
  }

  private async runLocked(
    client: PoolClient,
    manager: EntityManager,
    source: SourceView,
    opts: SyncOptions,
  ): Promise<SyncRunResult> {
    // We hold the source's lock, so a run still marked running belongs to a worker that died mid-sync.
    await this.failLostRuns(manager, source.id);
    const [run] = await queryRows<{ id: string; started_at: Date }>(
      manager,
      `INSERT INTO sync_run (source_id, trigger, status, worker_id, lease_until)
       VALUES ($1, $2, 'running', $3, now() + ($4 || ' milliseconds')::interval) RETURNING id, started_at`,
      [source.id, opts.trigger ?? 'manual', WORKER_ID, String(this.config.sync.leaseMs)],
    );
    const runId = run.id;
    const seenAt = run.started_at;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener('abort', onAbort);
    const lease = setInterval(
      () => {
        this.db
          .query(
            `UPDATE sync_run SET lease_until = now() + ($2 || ' milliseconds')::interval WHERE id = $1 AND status = 'running'`,
            [runId, String(this.config.sync.leaseMs)],
          )
          .catch((err: unknown) => this.log.warn({ err, runId }, 'could not renew the sync lease'));
      },
      Math.max(250, Math.floor(this.config.sync.leaseMs / 3)),
    );
    const log = getLogger('SyncService', { sourceId: source.id, runId });
    log.info({ trigger: opts.trigger ?? 'manual' }, 'sync started');
    const timer = syncDuration.startTimer({ source: source.id });
    let connector: InventoryConnector | undefined;
    let staged: StagedCounts | undefined;
    try {
      connector = this.connectorFor(await this.sources.getForSync(source.id));
      // One transaction from the first chunk to the run's end: chunks are applied while the walk goes on, and a
      // failure, abort or crash anywhere rolls all of it back.
      const applier = new InventoryApplier(client, {
        sourceId: source.id,
        seenAt,
        workMemMb: this.config.sync.workMemMb,
      });
      const stager = new InventoryStager(client, source.id, this.config.sync.flushRows, (changedDevices) =>
        applier.chunk(changedDevices),
      );
      await stager.create();
      await applier.begin();
      let walkError: unknown;
      const walkStarted = performance.now();
      try {
        // One page ahead: fetching overlaps staging; more would only hold more parsed pages in the heap.
        for await (const batch of prefetch(connector.devices(stop.signal), 1)) {
          if (stop.signal.aborted) break;
          await stager.add(batch);
        }
      } catch (err) {
        walkError = err;
      }
      if (stop.signal.aborted) {
        await stager.settle();
        throw new InventoryError('sync_aborted', 'the sync was stopped before the walk ended');
      }
      staged = await stager.finish();
      const walkMs = performance.now() - walkStarted;
      if (walkError && staged.devices === 0)
        throw walkError instanceof Error ? walkError : new Error('the connector failed without an error');
      if (staged.duplicateDevices)
        log.warn({ duplicates: staged.duplicateDevices }, 'source sent devices twice');
      if (staged.truncatedFields) log.warn({ fields: staged.truncatedFields }, 'over-long fields were cut');

      const status = walkError ? 'partial' : 'succeeded';
      const error = walkError ? describe(walkError) : null;
      const applyStarted = performance.now();
      const applied = await applier.finish(!walkError);
      const [finished] = await queryRows<RunRow>(
        manager,
        `UPDATE sync_run SET status = $2, finished_at = clock_timestamp(), lease_until = NULL,
                devices_seen = $3, installations_seen = $4, devices_new = $5, devices_removed = $6,
                installations_new = $7, installations_removed = $8, requests = $9, error_code = $10, error_message = $11
         WHERE id = $1 RETURNING *`,
        [
          runId,
          status,
          staged.devices,
          staged.installations,
          applied.devicesNew,
          applied.devicesRemoved,
          applied.installationsNew,
          applied.installationsRemoved,
          connector.requestCount(),
          error?.code ?? null,
          error?.message ?? null,
        ],
      );
      await this.appendRunEvents(manager, [finished], source);
      await client.query('COMMIT');
      const result: SyncRunResult = {
        ...toResult(finished),
        phases: {
          walkMs: Math.round(walkMs),
          copyMs: Math.round(staged.copyMs),
          copyStallMs: Math.round(staged.copyStallMs),
          applyMs: Math.round(performance.now() - applyStarted),
        },
        staging: {
          devicesUnchanged: staged.devicesUnchanged,
          installationsStaged: staged.installationsStaged,
        },
        slowStepsMs: applied.slowStepsMs,
      };
      timer({ status });
      this.countRows(source.id, result, applied.softwareNew);
      if (error) syncErrors.inc({ source: source.id, code: error.code });
      log.info(
        {
          status,
          devices: result.devicesSeen,
          installations: result.installationsSeen,
          installationsNew: result.installationsNew,
          installationsRemoved: result.installationsRemoved,
          durationMs: result.finishedAt.getTime() - result.startedAt.getTime(),
          ...result.phases,
          ...result.staging,
          slowStepsMs: result.slowStepsMs,
        },
        'sync finished',
      );
      await this.hooks.emitSucceeded({ runId, sourceId: source.id, fullWalk: !walkError });
      return result;
    } catch (err) {
      // Whatever was applied so far goes (no-op when no transaction is open).
      await client.query('ROLLBACK').catch(() => undefined);
      const error = describe(err);
      timer({ status: 'failed' });
      syncErrors.inc({ source: source.id, code: error.code });
      log.error({ code: error.code, message: error.message }, 'sync failed');
      const finished = await this.db.transaction(async (tx) => {
        const [row] = await queryRows<RunRow>(
          tx,
          `UPDATE sync_run SET status = 'failed', finished_at = clock_timestamp(), lease_until = NULL,
                  devices_seen = $2, installations_seen = $3, requests = $4, error_code = $5, error_message = $6
           WHERE id = $1 RETURNING *`,
          [
            runId,
            staged?.devices ?? 0,
            staged?.installations ?? 0,
            connector?.requestCount() ?? 0,
            error.code,
            error.message,
          ],
        );
        await this.appendRunEvents(tx, [row], source);
        return row;
      });
      return toResult(finished);
    } finally {
      clearInterval(lease);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async failLostRuns(manager: EntityManager, sourceId: string): Promise<void> {
    const runs = await queryRows<RunRow>(
      manager,
      `UPDATE sync_run SET status = 'failed', finished_at = now(), lease_until = NULL, error_code = 'worker_lost',
              error_message = 'the worker running this sync stopped before finishing (crashed or killed)'
       WHERE source_id = $1 AND status = 'running' RETURNING *`,
      [sourceId],
    );
    if (runs.length) {
      this.log.warn({ sourceId, runs: runs.map((r) => r.id) }, 'marked runs of a lost worker failed');
      await this.appendRunEvents(manager, runs);
    }
  }

  private async appendRunEvents(tx: EntityManager, runs: RunRow[], known?: SourceView): Promise<void> {
    if (!runs.length) return;
    const events: OutboxEvent[] = [];
    for (const run of runs) {
      const source =
        known ??
        (
          await queryRows<{ id: string; name: string; kind: 'intune' | 'jamf' }>(
            tx,
            `SELECT id, name, kind FROM source WHERE id = $1`,
            [run.source_id],
          )
        )[0];
      const payload: SyncEventPayload = {
        runId: run.id,
        source: { id: source.id, name: source.name, kind: source.kind },
        status: run.status as SyncEventPayload['status'],
        startedAt: run.started_at.toISOString(),
        finishedAt: run.finished_at?.toISOString() ?? null,
        counts: {
          devicesSeen: run.devices_seen,
          installationsSeen: run.installations_seen,
          devicesNew: run.devices_new,
          devicesRemoved: run.devices_removed,
          installationsNew: run.installations_new,
          installationsRemoved: run.installations_removed,
          requests: run.requests,
        },
        error: run.error_code ? { code: run.error_code, message: run.error_message ?? '' } : null,
      };
      events.push({
        type: run.status === 'succeeded' ? 'sync.completed' : 'sync.failed',
        payload: payload as unknown as Record<string, unknown>,
        orderingKey: `source:${source.id}`,
        severity: run.status === 'succeeded' ? 'info' : 'medium',
      });
    }
    await appendEvents(tx, events);
  }

  private countRows(sourceId: string, r: SyncRunResult, softwareNew: number): void {
    syncRows.inc({ source: sourceId, kind: 'devices' }, r.devicesSeen);
    syncRows.inc({ source: sourceId, kind: 'installations' }, r.installationsSeen);
    syncRows.inc({ source: sourceId, kind: 'devices_new' }, r.devicesNew);
    syncRows.inc({ source: sourceId, kind: 'devices_removed' }, r.devicesRemoved);
    syncRows.inc({ source: sourceId, kind: 'installations_new' }, r.installationsNew);
    syncRows.inc({ source: sourceId, kind: 'installations_removed' }, r.installationsRemoved);
    syncRows.inc({ source: sourceId, kind: 'software_new' }, softwareNew);
  }
}

interface RunRow {
  id: string;
  source_id: string;
  status: 'running' | 'succeeded' | 'failed' | 'partial';
  started_at: Date;
  finished_at: Date | null;
  devices_seen: number;
  installations_seen: number;
  devices_new: number;
  devices_removed: number;
  installations_new: number;
  installations_removed: number;
  requests: number;
  error_code: string | null;
  error_message: string | null;
}

function toResult(r: RunRow): SyncRunResult {
  return {
    runId: r.id,
    sourceId: r.source_id,
    status: r.status === 'running' ? 'failed' : r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? new Date(),
    devicesSeen: r.devices_seen,
    installationsSeen: r.installations_seen,
    devicesNew: r.devices_new,
    devicesRemoved: r.devices_removed,
    installationsNew: r.installations_new,
    installationsRemoved: r.installations_removed,
    requests: r.requests,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
  };
}

/** The code and a secret-free message of whatever stopped a sync (connector errors carry their own code). */
function describe(err: unknown): { code: string; message: string } {
  if (err instanceof InventoryError) return { code: err.code, message: err.message };
  const own =
    err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  // Postgres SQLSTATEs (five characters) are ingest failures; connector errors carry their own named codes.
  const code = own && !/^[0-9A-Z]{5}$/.test(own) ? own : 'ingest_failed';
  const message = err instanceof Error ? err.message : String(err);
  return { code, message: message.slice(0, 1_000) };
}
