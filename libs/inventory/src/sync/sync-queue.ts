import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '@interdict/database';
import type { SyncTrigger } from './sync.service';

/** Job name of a queued sync; its payload is `{ sourceId, trigger }`. */
export const SYNC_JOB = 'sync';

/** "Sync now": queues a sync job keyed `sync:<sourceId>`, so triggers that overlap coalesce into one run. */
@Injectable()
export class SyncQueue {
  private readonly queue: JobQueue;

  constructor(db: DataSource) {
    this.queue = new JobQueue(db);
  }

  /** Returns the queued job's id (the same id for a trigger that coalesced with one already queued). */
  requestSync(sourceId: string, trigger: SyncTrigger = 'manual', runAt?: Date): Promise<string> {
    return this.queue.enqueue(SYNC_JOB, { key: `sync:${sourceId}`, payload: { sourceId, trigger }, runAt });
  }
}
