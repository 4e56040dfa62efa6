import { Injectable } from '@nestjs/common';
import { getLogger } from '@interdict/logger';

/** Told after a sync committed its data. `fullWalk` false = a partial walk: nothing was marked removed. */
export interface SyncSucceededEvent {
  runId: string;
  sourceId: string;
  fullWalk: boolean;
}

export type SyncSucceededListener = (e: SyncSucceededEvent) => Promise<void>;

/**
 * Where later stages hook into a finished sync (the worker registers the exposure recompute here). Listeners run
 * after the run's transaction committed, one after another; a failing listener is logged and does not undo the sync.
 */
@Injectable()
export class SyncHooks {
  private readonly log = getLogger('SyncHooks');
  private readonly listeners: SyncSucceededListener[] = [];

  /** Registers a listener; returns a function that removes it. */
  onSucceeded(listener: SyncSucceededListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Runs every listener; returns how many failed. */
  async emitSucceeded(e: SyncSucceededEvent): Promise<number> {
    let failures = 0;
    for (const listener of [...this.listeners]) {
      try {
        await listener(e);
      } catch (err) {
        failures++;
        this.log.error({ err, runId: e.runId, sourceId: e.sourceId }, 'after-sync hook failed');
      }
    }
    return failures;
  }
}
