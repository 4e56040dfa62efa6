import type { DataSource, EntityManager } from 'typeorm';
import {
  appendEvents,
  lastSuccessfulSyncSql,
  queryRows,
  WORKER_ID,
  type SyncProgress,
  type SyncRun,
  type OutboxEvent,
  type SyncEventPayload,
  isUuid,
} from '@interdict/database';

type Runner = DataSource | EntityManager;

/** What a run saw and changed (`sync_run`'s counters). */
export type RunCounts = Pick<
  SyncRun,
  | 'devicesSeen'
  | 'installationsSeen'
  | 'devicesNew'
  | 'devicesRemoved'
  | 'installationsNew'
  | 'installationsRemoved'
  | 'requests'
>;

/** A sync run: one row of `sync_run` without the lease, which only the worker holding it cares about. */
export type SyncRunView = Omit<SyncRun, 'leaseUntil' | 'workerId'>;

/** How a run ended: its counters, and why it stopped when it did not succeed. */
export interface RunOutcome extends RunCounts {
  status: 'succeeded' | 'partial' | 'failed';
  error: { code: string; message: string } | null;
}

/** The source fields a sync event names. */
export interface RunSource {
  id: string;
  name: string;
  kind: 'intune' | 'jamf';
}

const COLUMNS = `id, source_id AS "sourceId", trigger, status, started_at AS "startedAt", finished_at AS "finishedAt",
  devices_seen AS "devicesSeen", installations_seen AS "installationsSeen", devices_new AS "devicesNew",
  devices_removed AS "devicesRemoved", installations_new AS "installationsNew",
  installations_removed AS "installationsRemoved", requests, error_code AS "errorCode", error_message AS "errorMessage",
  progress`;

/** Every statement on `sync_run`: starting, leasing, finishing and reading runs, and the events a finished run writes. */
export const syncRuns = {
  /** Opens a run held by this worker for `leaseMs`. */
  async start(
    runner: Runner,
    sourceId: string,
    trigger: string,
    leaseMs: number,
  ): Promise<{ id: string; startedAt: Date }> {
    const [run] = await queryRows<{ id: string; startedAt: Date }>(
      runner,
      `INSERT INTO sync_run (source_id, trigger, status, worker_id, lease_until)
       VALUES ($1, $2, 'running', $3, now() + ($4 || ' milliseconds')::interval) RETURNING id, started_at AS "startedAt"`,
      [sourceId, trigger, WORKER_ID, String(leaseMs)],
    );
    return run;
  },

  /** Extends the lease of a run still running; a finished run is left alone. */
  async renewLease(runner: Runner, runId: string, leaseMs: number): Promise<void> {
    await runner.query(
      `UPDATE sync_run SET lease_until = now() + ($2 || ' milliseconds')::interval WHERE id = $1 AND status = 'running'`,
      [runId, String(leaseMs)],
    );
  },

  /** Records how far a running run is (a finished run is left alone: its counters say it all). */
  async reportProgress(runner: Runner, runId: string, progress: SyncProgress): Promise<void> {
    await runner.query(`UPDATE sync_run SET progress = $2 WHERE id = $1 AND status = 'running'`, [
      runId,
      JSON.stringify(progress),
    ]);
  },

  /** Closes a run with its outcome and writes its sync.completed or sync.failed event, in the caller's transaction. */
  async finish(tx: EntityManager, runId: string, o: RunOutcome, source: RunSource): Promise<SyncRunView> {
    const [run] = await queryRows<SyncRunView>(
      tx,
      `UPDATE sync_run SET status = $2, finished_at = clock_timestamp(), lease_until = NULL,
              devices_seen = $3, installations_seen = $4, devices_new = $5, devices_removed = $6,
              installations_new = $7, installations_removed = $8, requests = $9, error_code = $10, error_message = $11,
              progress = NULL
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        runId,
        o.status,
        o.devicesSeen,
        o.installationsSeen,
        o.devicesNew,
        o.devicesRemoved,
        o.installationsNew,
        o.installationsRemoved,
        o.requests,
        o.error?.code ?? null,
        o.error?.message ?? null,
      ],
    );
    await appendRunEvents(tx, [run], source);
    return run;
  },

  /**
   * Fails the runs whose worker is gone — every running run of `sourceId` (the caller holds its sync lock), or,
   * without one, every run whose lease ran out — and writes their events.
   */
  async failLost(tx: EntityManager, sourceId?: string): Promise<SyncRunView[]> {
    const runs = await queryRows<SyncRunView>(
      tx,
      `UPDATE sync_run SET status = 'failed', finished_at = now(), lease_until = NULL, progress = NULL, error_code = 'worker_lost',
              error_message = CASE WHEN $1::uuid IS NULL
                THEN 'the worker running this sync stopped renewing its lease (crashed or killed)'
                ELSE 'the worker running this sync stopped before finishing (crashed or killed)' END
       WHERE status = 'running' AND ($1::uuid IS NULL AND lease_until < now() OR source_id = $1::uuid)
       RETURNING ${COLUMNS}`,
      [sourceId ?? null],
    );
    await appendRunEvents(tx, runs);
    return runs;
  },

  /** Runs of one source, or of all sources, newest first; `before` = a started_at to page from. */
  async list(
    runner: Runner,
    opts: { sourceId?: string; limit: number; before?: Date },
  ): Promise<SyncRunView[]> {
    return queryRows<SyncRunView>(
      runner,
      `SELECT ${COLUMNS} FROM sync_run
       WHERE ($1::uuid IS NULL OR source_id = $1) AND ($2::timestamptz IS NULL OR started_at < $2)
       ORDER BY started_at DESC LIMIT $3`,
      [opts.sourceId ?? null, opts.before ?? null, opts.limit],
    );
  },

  async get(runner: Runner, id: string): Promise<SyncRunView | undefined> {
    if (!isUuid(id)) return undefined;
    const [run] = await queryRows<SyncRunView>(runner, `SELECT ${COLUMNS} FROM sync_run WHERE id = $1`, [id]);
    return run;
  },

  /** When each source (or the one given) last synced successfully; sources that never did are absent. */
  async lastSucceeded(runner: Runner, sourceId?: string): Promise<Map<string, Date>> {
    const rows = await queryRows<{ id: string; at: Date | null }>(
      runner,
      `SELECT s.id, ${lastSuccessfulSyncSql('s.id')} AS at FROM source s WHERE ($1::uuid IS NULL OR s.id = $1)`,
      [sourceId ?? null],
    );
    return new Map(rows.filter((r) => r.at !== null).map((r) => [r.id, r.at as Date]));
  },
};

async function appendRunEvents(tx: EntityManager, runs: SyncRunView[], known?: RunSource): Promise<void> {
  if (!runs.length) return;
  const events: OutboxEvent[] = [];
  for (const run of runs) {
    const source =
      known ??
      (await queryRows<RunSource>(tx, `SELECT id, name, kind FROM source WHERE id = $1`, [run.sourceId]))[0];
    const payload: SyncEventPayload = {
      runId: run.id,
      source: { id: source.id, name: source.name, kind: source.kind },
      status: run.status as SyncEventPayload['status'],
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      counts: {
        devicesSeen: run.devicesSeen,
        installationsSeen: run.installationsSeen,
        devicesNew: run.devicesNew,
        devicesRemoved: run.devicesRemoved,
        installationsNew: run.installationsNew,
        installationsRemoved: run.installationsRemoved,
        requests: run.requests,
      },
      error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
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
