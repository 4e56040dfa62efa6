import { hostname } from 'node:os';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../sql';

/** A claimed job; the holder must call `complete` or `fail`, or renew the lease while it works. */
export interface ClaimedJob {
  id: string;
  name: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface EnqueueOptions {
  /** Jobs with the same key coalesce while one is queued (`sync:<sourceId>`). */
  key: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
}

/** This process's identity in `job.locked_by` and `sync_run.worker_id`. */
export const WORKER_ID = `${hostname()}:${process.pid}`;

/**
 * Background work kept in Postgres (docs/conventions.md §7): enqueue coalesces by key, claim uses FOR UPDATE SKIP
 * LOCKED so several workers share load, and leases let a crashed worker's job be claimed again.
 */
export class JobQueue {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a job unless one with the same key is already queued; returns the queued job's id either way. */
  async enqueue(name: string, opts: EnqueueOptions, tx?: EntityManager): Promise<string> {
    const runner = tx ?? this.dataSource.manager;
    const rows = await queryRows<{ id: string }>(
      runner,
      `INSERT INTO job (name, key, payload, run_at) VALUES ($1, $2, $3, coalesce($4, now()))
       ON CONFLICT (key) WHERE status = 'queued' DO UPDATE SET run_at = least(job.run_at, excluded.run_at)
       RETURNING id`,
      [name, opts.key, JSON.stringify(opts.payload ?? {}), opts.runAt?.toISOString() ?? null],
    );
    return rows[0].id;
  }

  /**
   * Claims up to `limit` due jobs of the given names. A job whose key already has a running job with a live lease is
   * left queued, so one key (one source) never runs twice at once.
   */
  async claim(
    names: string[],
    opts: { limit?: number; leaseMs: number; workerId?: string },
  ): Promise<ClaimedJob[]> {
    return queryRows<ClaimedJob>(
      this.dataSource,
      `WITH due AS (
         SELECT j.id FROM job j
         WHERE j.status = 'queued' AND j.run_at <= now() AND j.name = ANY ($1)
           AND NOT EXISTS (SELECT 1 FROM job r WHERE r.key = j.key AND r.status = 'running' AND r.lease_until > now())
         ORDER BY j.run_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE job SET status = 'running', attempts = attempts + 1, locked_by = $3,
                      lease_until = now() + ($4 || ' milliseconds')::interval
       FROM due WHERE job.id = due.id
       RETURNING job.id, job.name, job.key, job.payload, job.attempts`,
      [names, opts.limit ?? 1, opts.workerId ?? WORKER_ID, String(opts.leaseMs)],
    );
  }

  /** Extends the lease of a job still being worked on. */
  async renew(jobId: string, leaseMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE job SET lease_until = now() + ($2 || ' milliseconds')::interval WHERE id = $1 AND status = 'running'`,
      [jobId, String(leaseMs)],
    );
  }

  async complete(jobId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE job SET status = 'done', finished_at = now(), lease_until = NULL WHERE id = $1`,
      [jobId],
    );
  }

  /** Records a failure; with `retryAt` the job goes back to the queue (unless another with its key is queued). */
  async fail(jobId: string, error: string, retryAt?: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [job] = await queryRows<{ key: string }>(tx, `SELECT key FROM job WHERE id = $1`, [jobId]);
      const canRequeue =
        retryAt &&
        job &&
        !(await queryRows(tx, `SELECT 1 FROM job WHERE key = $1 AND status = 'queued'`, [job.key])).length;
      await tx.query(
        canRequeue
          ? `UPDATE job SET status = 'queued', run_at = $3, error = $2, lease_until = NULL, locked_by = NULL WHERE id = $1`
          : `UPDATE job SET status = 'failed', finished_at = now(), error = $2, lease_until = NULL WHERE id = $1`,
        canRequeue ? [jobId, error.slice(0, 2000), retryAt.toISOString()] : [jobId, error.slice(0, 2000)],
      );
    });
  }

  /** Puts jobs whose worker died (lease expired) back in the queue; returns how many. */
  async recoverExpired(): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE job SET status = 'queued', lease_until = NULL, locked_by = NULL, error = 'lease expired (worker died?)'
       WHERE status = 'running' AND lease_until < now()
         AND NOT EXISTS (SELECT 1 FROM job q WHERE q.key = job.key AND q.status = 'queued')
       RETURNING id`,
    );
    await this.dataSource.query(
      `UPDATE job SET status = 'failed', finished_at = now(), error = 'lease expired; a newer job with the same key is queued'
       WHERE status = 'running' AND lease_until < now()`,
    );
    return rows.length;
  }
}
