import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InventoryError } from './inventory.errors';
import { syncRuns, type SyncRunView } from './sync-run.repository';

export type { SyncRunView };

/** Reads sync runs (newest first). */
@Injectable()
export class SyncRunsService {
  constructor(private readonly db: DataSource) {}

  /** Runs of one source, or of all sources, newest first; `before` = a started_at to page from. */
  async list(opts: { sourceId?: string; limit?: number; before?: Date } = {}): Promise<SyncRunView[]> {
    return syncRuns.list(this.db, { ...opts, limit: Math.min(Math.max(opts.limit ?? 50, 1), 500) });
  }

  /** When each source (or the one given) last synced successfully; sources that never did are absent. */
  async lastSucceeded(sourceId?: string): Promise<Map<string, Date>> {
    return syncRuns.lastSucceeded(this.db, sourceId);
  }

  async get(id: string): Promise<SyncRunView> {
    const run = await syncRuns.get(this.db, id);
    if (!run) throw new InventoryError('run_not_found', `No sync run with id "${id}"`, 'id');
    return run;
  }
}
