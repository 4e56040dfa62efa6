import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogService } from '@interdict/catalog';
import { appendEvents, type OutboxEvent } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { SoftwareMatchingService, type MatchingOutcome } from '../matching/software-matching.service';
import { findingEvent, type FindingTransitionRow } from './finding-events';
import * as sql from './recompute.sql';

/** Counts of one recompute's transitions (each also written as one outbox event). */
export interface RecomputeOutcome {
  catalogVersion: string;
  matching: MatchingOutcome;
  detected: number;
  reopened: number;
  resolved: number;
  excepted: number;
  unexcepted: number;
  overdue: number;
  events: number;
  durationMs: number;
  /** Where the time went (matching, seen set, each transition statement, outbox writes). */
  phasesMs: Record<string, number>;
}

const log = getLogger('ExposureService');
const EVENT_CHUNK = 2_000;
// One recompute at a time across all workers; a second caller waits, then sees the first one's result.
const RECOMPUTE_LOCK = 0x1e7a_0007;

/**
 * Turns matched installations into findings and their transitions. Called after each successful sync, at worker
 * start and daily. A failed sync changes no installation, so a recompute after it changes nothing.
 */
@Injectable()
export class ExposureService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly matching: SoftwareMatchingService,
  ) {}

  /**
   * Matches new titles, then opens, refreshes, excepts, resolves and marks overdue findings in one transaction
   * with their outbox events. `sourceId` only labels the log: the work is set-based over matched installations
   * of every source, which is what makes a device seen by two sources count once.
   */
  async recompute(opts: { sourceId?: string; now?: Date } = {}): Promise<RecomputeOutcome> {
    const started = Date.now();
    const now = opts.now ?? new Date();
    const matching = await this.matching.matchPending();
    const pairs = this.catalog.activeProductRules().map(({ product, rule }) => ({
      product_id: product.id,
      rule_id: rule.id,
      opens_at: rule.effectiveFrom.toISOString(),
      clock_at: rule.remediationFrom.toISOString(),
      remediation_days: rule.remediationDays,
    }));
    const enabledRules = this.catalog
      .rules()
      .filter((r) => r.enabled)
      .map((r) => r.id);

    const phasesMs: Record<string, number> = { matching: matching.durationMs };
    let lapAt = Date.now();
    const lap = (phase: string) => {
      phasesMs[phase] = Date.now() - lapAt;
      lapAt = Date.now();
    };
    const outcome = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [RECOMPUTE_LOCK]);
      lap('lock');
      await tx.query(sql.BUILD_SEEN, [JSON.stringify(pairs), now]);
      await tx.query(sql.INDEX_SEEN);
      await tx.query(sql.APPLY_EXCEPTIONS, [now]);
      await tx.query(`ANALYZE exposure_seen`);
      await tx.query(sql.BUILD_ACTIVE);
      await tx.query(sql.INDEX_ACTIVE);
      await tx.query(`ANALYZE exposure_active`);
      lap('seen');

      const events: OutboxEvent[] = [];
      const ev = (type: OutboxEvent['type'], row: FindingTransitionRow, reason: string) =>
        events.push(findingEvent(type, row, this.catalog, reason, now));

      const resolved: (FindingTransitionRow & { rule_enabled: boolean })[] = await tx.query(
        sql.RESOLVE_GONE,
        [now, enabledRules],
      );
      for (const r of resolved)
        ev('exposure.resolved', r, r.rule_enabled ? 'no_longer_seen' : 'rule_disabled');

      lap('resolve');
      const flipped: (FindingTransitionRow & { old_status: string })[] = await tx.query(sql.REFRESH_KEPT);
      let excepted = 0;
      let unexcepted = 0;
      for (const r of flipped) {
        if (r.status === 'excepted') {
          excepted++;
          ev('exposure.excepted', r, 'exception_applied');
        } else {
          unexcepted++;
          ev('exposure.detected', r, 'exception_ended');
        }
      }

      lap('refresh');
      const opened: (FindingTransitionRow & { reopened: boolean })[] = await tx.query(sql.OPEN_NEW);
      let detected = 0;
      let reopened = 0;
      for (const r of opened) {
        if (r.status === 'excepted') {
          excepted++;
          ev('exposure.excepted', r, r.reopened ? 'reappeared_under_exception' : 'new_under_exception');
        } else {
          detected++;
          if (r.reopened) reopened++;
          ev('exposure.detected', r, r.reopened ? 'reappeared' : 'new');
        }
      }

      lap('open');
      const overdue: FindingTransitionRow[] = await tx.query(sql.MARK_OVERDUE, [now]);
      for (const r of overdue) ev('exposure.overdue', r, 'past_due');

      lap('overdue');
      await this.writeEvents(tx, events);
      lap('events');
      return {
        detected,
        reopened,
        resolved: resolved.length,
        excepted,
        unexcepted,
        overdue: overdue.length,
        events: events.length,
      };
    });

    const result: RecomputeOutcome = {
      catalogVersion: this.catalog.version,
      matching,
      ...outcome,
      phasesMs,
      durationMs: Date.now() - started,
    };
    log.info(
      { sourceId: opts.sourceId, ...result, matching: undefined, matched: matching.examined },
      'exposure recomputed',
    );
    return result;
  }

  private async writeEvents(tx: EntityManager, events: OutboxEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += EVENT_CHUNK)
      await appendEvents(tx, events.slice(i, i + EVENT_CHUNK));
  }
}
