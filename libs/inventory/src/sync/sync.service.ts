import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { Config } from '@interdict/config';
import type { InventoryConnector } from '@interdict/connectors';
import { recordProgressEverySecond, withDedicatedConnection, type SyncProgress } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { SourcesService, type SourceForSync, type SourceView } from '../sources/sources.service';
import { InventoryApplier } from './apply-inventory';
import { InventoryError } from './inventory.errors';
import { InventoryStager, type StagedCounts } from './inventory-stager';
import { prefetch } from './prefetch';
import { SyncHooks } from './sync-hooks';
import { syncRuns, type RunOutcome, type SyncRunView } from './sync-run.repository';
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
export interface SyncRunResult extends RunOutcome {
  runId: string;
  sourceId: string;
  startedAt: Date;
  finishedAt: Date;
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
    return this.db.transaction(async (tx) => (await syncRuns.failLost(tx)).length);
  }

  /**
   * One run on the connection holding the source's lock: open it, walk and apply in one transaction and commit that
   * with the run's outcome — or, on any failure, roll all of it back and record why.
   */
  private async runLocked(
    client: PoolClient,
    manager: EntityManager,
    source: SourceView,
    opts: SyncOptions,
  ): Promise<SyncRunResult> {
    // We hold the source's lock, so a run still marked running belongs to a worker that died mid-sync.
    const lost = await syncRuns.failLost(manager, source.id);
    if (lost.length)
      this.log.warn(
        { sourceId: source.id, runs: lost.map((r) => r.id) },
        'marked runs of a lost worker failed',
      );
    const trigger = opts.trigger ?? 'manual';
    const run = await syncRuns.start(manager, source.id, trigger, this.config.sync.leaseMs);
    const log = getLogger('SyncService', { sourceId: source.id, runId: run.id });
    log.info({ trigger }, 'sync started');
    const timer = syncDuration.startTimer({ source: source.id });
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener('abort', onAbort);
    const lease = this.keepLease(run.id);
    const progress: RunProgress = {
      staged: undefined,
      requests: () => 0,
      phase: 'walking',
      live: () => undefined,
    };
    const reporting = this.reportProgress(run.id, progress);
    try {
      const result = await this.walkAndApply(client, manager, source, run, stop.signal, progress);
      timer({ status: result.status });
      if (result.error) syncErrors.inc({ source: source.id, code: result.error.code });
      log.info(summaryOf(result), 'sync finished');
      await this.hooks.emitSucceeded({
        runId: run.id,
        sourceId: source.id,
        fullWalk: result.status === 'succeeded',
      });
      return result;
    } catch (err) {
      // Whatever was applied so far goes (no-op when no transaction is open).
      await client.query('ROLLBACK').catch(() => undefined);
      const error = describe(err);
      timer({ status: 'failed' });
      syncErrors.inc({ source: source.id, code: error.code });
      log.error({ code: error.code, message: error.message }, 'sync failed');
      return this.recordFailure(source, run.id, progress, error);
    } finally {
      clearInterval(lease);
      clearInterval(reporting);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes a failed run with what it saw before it stopped (nothing it applied survived the rollback). */
  private async recordFailure(
    source: SourceView,
    runId: string,
    progress: RunProgress,
    error: { code: string; message: string },
  ): Promise<SyncRunResult> {
    const failed = await this.db.transaction((tx) =>
      syncRuns.finish(
        tx,
        runId,
        {
          status: 'failed',
          devicesSeen: progress.staged?.devices ?? 0,
          installationsSeen: progress.staged?.installations ?? 0,
          devicesNew: 0,
          devicesRemoved: 0,
          installationsNew: 0,
          installationsRemoved: 0,
          requests: progress.requests(),
          error,
        },
        source,
      ),
    );
    return toResult(failed);
  }

  /** Renews the run's lease every third of its length until the returned timer is cleared. */
  private keepLease(runId: string): NodeJS.Timeout {
    const { leaseMs } = this.config.sync;
    return setInterval(
      () => {
        syncRuns
          .renewLease(this.db, runId, leaseMs)
          .catch((err: unknown) => this.log.warn({ err, runId }, 'could not renew the sync lease'));
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
  }

  /**
   * Writes the run's phase and counts so far each second on a pool connection (the run's own transaction only
   * commits at its end), so the API can show a live sync; until the returned timer is cleared.
   */
  private reportProgress(runId: string, progress: RunProgress): NodeJS.Timeout {
    return recordProgressEverySecond(
      () => {
        const staged = progress.staged ?? progress.live();
        return syncRuns.reportProgress(this.db, runId, {
          phase: progress.phase,
          devices: staged?.devices ?? 0,
          installations: staged?.installations ?? 0,
          requests: progress.requests(),
          at: new Date().toISOString(),
        });
      },
      (err) => this.log.warn({ err, runId }, 'could not record sync progress'),
    );
  }

  /**
   * The run's one transaction, from the first chunk to the run's end: chunks are applied while the walk goes on,
   * then the diff finishes, the run is closed with its counts and the transaction commits. Throws on anything that
   * must roll it back.
   */
  private async walkAndApply(
    client: PoolClient,
    manager: EntityManager,
    source: SourceView,
    run: { id: string; startedAt: Date },
    signal: AbortSignal,
    progress: RunProgress,
  ): Promise<SyncRunResult> {
    const connector = this.connectorFor(await this.sources.getForSync(source.id));
    progress.requests = () => connector.requestCount();
    const applier = new InventoryApplier(client, {
      sourceId: source.id,
      seenAt: run.startedAt,
      workMemMb: this.config.sync.workMemMb,
    });
    const stager = new InventoryStager(client, source.id, this.config.sync.flushRows, () => applier.chunk());
    progress.live = () => stager.staged;
    await stager.create();
    await applier.begin();
    const walk = await this.walk(connector, stager, signal);
    const staged = (progress.staged = walk.staged);
    const log = getLogger('SyncService', { sourceId: source.id, runId: run.id });
    if (staged.duplicateDevices)
      log.warn({ duplicates: staged.duplicateDevices }, 'source sent devices twice');
    if (staged.truncatedFields) log.warn({ fields: staged.truncatedFields }, 'over-long fields were cut');

    progress.phase = 'applying';
    const applyStarted = performance.now();
    const applied = await applier.finish(!walk.error);
    const finished = await syncRuns.finish(
      manager,
      run.id,
      {
        status: walk.error ? 'partial' : 'succeeded',
        devicesSeen: staged.devices,
        installationsSeen: staged.installations,
        devicesNew: applied.devicesNew,
        devicesRemoved: applied.devicesRemoved,
        installationsNew: applied.installationsNew,
        installationsRemoved: applied.installationsRemoved,
        requests: connector.requestCount(),
        error: walk.error ? describe(walk.error) : null,
      },
      source,
    );
    await client.query('COMMIT');
    const result: SyncRunResult = {
      ...toResult(finished),
      phases: {
        walkMs: Math.round(walk.ms),
        copyMs: Math.round(staged.copyMs),
        copyStallMs: Math.round(staged.copyStallMs),
        applyMs: Math.round(performance.now() - applyStarted),
      },
      staging: { devicesUnchanged: staged.devicesUnchanged, installationsStaged: staged.installationsStaged },
      slowStepsMs: applied.slowStepsMs,
    };
    this.countRows(source.id, result, applied.softwareNew);
    return result;
  }

  /**
   * Streams the connector's devices into the stager, one page ahead. A walk that fails after some devices is
   * partial (returned as `error`); one that fails before any, or is aborted, throws.
   */
  private async walk(
    connector: InventoryConnector,
    stager: InventoryStager,
    signal: AbortSignal,
  ): Promise<{ staged: StagedCounts; error: unknown; ms: number }> {
    const started = performance.now();
    let error: unknown;
    try {
      // One page ahead: fetching overlaps staging; more would only hold more parsed pages in the heap.
      for await (const batch of prefetch(connector.devices(signal), 1)) {
        if (signal.aborted) break;
        await stager.add(batch);
      }
    } catch (err) {
      error = err;
    }
    if (signal.aborted) {
      await stager.settle();
      throw new InventoryError('sync_aborted', 'the sync was stopped before the walk ended');
    }
    const staged = await stager.finish();
    if (error && staged.devices === 0)
      throw error instanceof Error ? error : new Error('the connector failed without an error');
    return { staged, error, ms: performance.now() - started };
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

/** How far a run is: for its live progress, and what a failure report needs to know of a run cut short. */
interface RunProgress {
  /** The walk's totals, once it ended. */
  staged: StagedCounts | undefined;
  /** The stager's counts while the walk goes on. */
  live: () => StagedCounts | undefined;
  requests: () => number;
  phase: SyncProgress['phase'];
}

function toResult(r: SyncRunView): SyncRunResult {
  return {
    runId: r.id,
    sourceId: r.sourceId,
    status: r.status === 'running' ? 'failed' : r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt ?? new Date(),
    devicesSeen: r.devicesSeen,
    installationsSeen: r.installationsSeen,
    devicesNew: r.devicesNew,
    devicesRemoved: r.devicesRemoved,
    installationsNew: r.installationsNew,
    installationsRemoved: r.installationsRemoved,
    requests: r.requests,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? '' } : null,
  };
}

/** The fields of the "sync finished" log line. */
function summaryOf(r: SyncRunResult): Record<string, unknown> {
  return {
    status: r.status,
    devices: r.devicesSeen,
    installations: r.installationsSeen,
    installationsNew: r.installationsNew,
    installationsRemoved: r.installationsRemoved,
    durationMs: r.finishedAt.getTime() - r.startedAt.getTime(),
    ...r.phases,
    ...r.staging,
    slowStepsMs: r.slowStepsMs,
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
