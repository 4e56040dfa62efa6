import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lastSuccessfulSyncSql, queryRows } from '@interdict/database';
import { InventoryError } from './inventory.errors';

/** A sync run as shown to people. */
export interface SyncRunView {
  id: string;
  sourceId: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'failed' | 'partial';
  startedAt: Date;
  finishedAt: Date | null;
  devicesSeen: number;
  installationsSeen: number;
  devicesNew: number;
  devicesRemoved: number;
  installationsNew: number;
  installationsRemoved: number;
  requests: number;
  errorCode: string | null;
  errorMessage: string | null;
}

const COLUMNS = `id, source_id AS "sourceId", trigger, status, started_at AS "startedAt", finished_at AS "finishedAt",
  devices_seen AS "devicesSeen", installations_seen AS "installationsSeen", devices_new AS "devicesNew",
  devices_removed AS "devicesRemoved", installations_new AS "installationsNew",
  installations_removed AS "installationsRemoved", requests, error_code AS "errorCode", error_message AS "errorMessage"`;

/** Reads sync runs (newest first). */
@Injectable()
export class SyncRunsService {
  constructor(private readonly db: DataSource) {}

  /** Runs of one source, or of all sources, newest first; `before` = a started_at to page from. */
  async list(opts: { sourceId?: string; limit?: number; before?: Date } = {}): Promise<SyncRunView[]> {
    return queryRows<SyncRunView>(
      this.db,
      `SELECT ${COLUMNS} FROM sync_run
       WHERE ($1::uuid IS NULL OR source_id = $1) AND ($2::timestamptz IS NULL OR started_at < $2)
       ORDER BY started_at DESC LIMIT $3`,
      [opts.sourceId ?? null, opts.before ?? null, Math.min(Math.max(opts.limit ?? 50, 1), 500)],
    );
  }

  /** When each source (or the one given) last synced successfully; sources that never did are absent. */
  async lastSucceeded(sourceId?: string): Promise<Map<string, Date>> {
    const rows = await queryRows<{ id: string; at: Date | null }>(
      this.db,
      `SELECT s.id, ${lastSuccessfulSyncSql('s.id')} AS at FROM source s WHERE ($1::uuid IS NULL OR s.id = $1)`,
      [sourceId ?? null],
    );
    return new Map(rows.filter((r) => r.at !== null).map((r) => [r.id, r.at as Date]));
  }

  async get(id: string): Promise<SyncRunView> {
    const rows = /^[0-9a-f-]{36}$/i.test(id)
      ? await queryRows<SyncRunView>(this.db, `SELECT ${COLUMNS} FROM sync_run WHERE id = $1`, [id])
      : [];
    if (!rows.length) throw new InventoryError('run_not_found', `No sync run with id "${id}"`, 'id');
    return rows[0];
  }
}
