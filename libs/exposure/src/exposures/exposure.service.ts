import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogService } from '@interdict/catalog';
import { appendAudit, appendEvents, type OutboxEvent } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { SoftwareMatchingService, type MatchingOutcome } from '../matching/software-matching.service';
import { exposureEvent, type EvidenceRow, type ExposureTransitionRow } from './exposure-events';
import { policyInputs } from './policy-inputs';
import * as sql from './recompute.queries';

/** Counts of one recompute's transitions (each also written as one outbox event). */
export interface RecomputeOutcome {
  catalogVersion: string;
  profileVersion: string;
  /** Set when the organisation profile differs from the one the last recompute applied (audited). */
  policyChanged: boolean;
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
const POLICY_STATE = 'exposure.policy';

/**
 * Turns matched installations into exposures — one per physical device and product — and their transitions.
 * Called after each successful sync, at worker start and hourly. A failed sync changes no installation, so a
 * recompute after it changes nothing.
 */
@Injectable()
export class ExposureService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly matching: SoftwareMatchingService,
  ) {}

  /**
   * Matches new titles, then opens, refreshes, excepts, resolves and marks overdue exposures in one transaction
   * with their outbox events. `sourceId` only labels the log: the work is set-based over matched installations
   * of every source, which is what makes a device seen by two sources count once. A changed organisation profile
   * is applied (rules, due dates, severities follow it) and audited in the same transaction.
   */
  async recompute(opts: { sourceId?: string; now?: Date } = {}): Promise<RecomputeOutcome> {
    const started = Date.now();
    const now = opts.now ?? new Date();
    const matching = await this.matching.matchPending();
    const inputs = policyInputs(this.catalog, now);
    const phases = new PhaseTimer({ matching: matching.durationMs });

    const outcome = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [RECOMPUTE_LOCK]);
      const policyChanged = await this.notePolicy(tx);
      phases.lap('lock');
      await sql.buildSeen(tx, inputs, now);
      phases.lap('seen');
      const t = new Transitions();
      t.resolved(await tx.query(sql.RESOLVE_GONE, [now, inputs.products.map((p) => p.product_id)]));
      phases.lap('resolve');
      t.refreshed(await tx.query(sql.REFRESH_KEPT, [now]));
      phases.lap('refresh');
      t.opened(await tx.query(sql.OPEN_NEW));
      phases.lap('open');
      await tx.query(sql.ADD_EVIDENCE);
      await tx.query(sql.MARK_EVIDENCE_GONE, [now]);
      phases.lap('evidence');
      t.overdue(await tx.query(sql.MARK_OVERDUE, [now]));
      phases.lap('overdue');
      const events = await this.writeEvents(tx, t.events, now);
      phases.lap('events');
      return { policyChanged, ...t.counts, events };
    });

    const result: RecomputeOutcome = {
      catalogVersion: this.catalog.version,
      profileVersion: this.catalog.profileVersion,
      matching,
      ...outcome,
      phasesMs: phases.ms,
      durationMs: Date.now() - started,
    };
    log.info(
      { sourceId: opts.sourceId, ...result, matching: undefined, matched: matching.examined },
      'exposure recomputed',
    );
    return result;
  }

  // The profile lives in config: a restart with another one changes which rules apply. The first recompute under
  // it records the change in the audit log, in the transaction that applies it.
  private async notePolicy(tx: EntityManager): Promise<boolean> {
    const current = { version: this.catalog.profileVersion, profile: this.catalog.profile };
    const rows: { value: typeof current }[] = await tx.query(
      `SELECT value FROM system_state WHERE key = $1`,
      [POLICY_STATE],
    );
    const before = rows[0]?.value;
    if (before?.version === current.version) return false;
    await tx.query(
      `INSERT INTO system_state (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [POLICY_STATE, JSON.stringify(current)],
    );
    await appendAudit(
      tx,
      { type: 'system', id: null, name: 'policy (config)' },
      {
        action: before ? 'policy.changed' : 'policy.applied',
        targetType: 'policy',
        targetId: current.version,
        before: before ? { ...before.profile } : null,
        after: { ...current.profile },
      },
    );
    log.info({ before: before?.profile, after: current.profile }, 'organisation profile applied');
    return true;
  }

  private async writeEvents(
    tx: EntityManager,
    transitions: { type: OutboxEvent['type']; row: ExposureTransitionRow; reason: string }[],
    now: Date,
  ): Promise<number> {
    let written = 0;
    for (let i = 0; i < transitions.length; i += EVENT_CHUNK) {
      const chunk = transitions.slice(i, i + EVENT_CHUNK);
      const evidence: EvidenceRow[] = await tx.query(sql.EVIDENCE_OF, [
        [...new Set(chunk.map((t) => t.row.id))],
      ]);
      const byExposure = new Map<string, EvidenceRow[]>();
      for (const e of evidence) {
        const list = byExposure.get(String(e.exposure_id)) ?? [];
        list.push(e);
        byExposure.set(String(e.exposure_id), list);
      }
      const events = chunk.map((t) =>
        exposureEvent(t.type, t.row, byExposure.get(String(t.row.id)) ?? [], this.catalog, t.reason, now),
      );
      written += (await appendEvents(tx, events)).length;
    }
    return written;
  }
}

/** Milliseconds per phase, each measured from the end of the one before. */
class PhaseTimer {
  private at = Date.now();
  constructor(readonly ms: Record<string, number>) {}

  lap(phase: string): void {
    this.ms[phase] = Date.now() - this.at;
    this.at = Date.now();
  }
}

/** The rows each transition statement returned, as outbox events in statement order, and their counts. */
class Transitions {
  readonly events: { type: OutboxEvent['type']; row: ExposureTransitionRow; reason: string }[] = [];
  readonly counts = { detected: 0, reopened: 0, resolved: 0, excepted: 0, unexcepted: 0, overdue: 0 };

  resolved(rows: ExposureTransitionRow[]): void {
    this.counts.resolved += rows.length;
    for (const row of rows)
      this.events.push({ type: 'exposure.resolved', row, reason: row.resolved_reason! });
  }

  /** Kept exposures whose exception began or ended. */
  refreshed(rows: (ExposureTransitionRow & { old_status: string })[]): void {
    for (const row of rows) {
      if (row.status === 'excepted') {
        this.counts.excepted++;
        this.events.push({ type: 'exposure.excepted', row, reason: 'exception_applied' });
      } else {
        this.counts.unexcepted++;
        this.events.push({ type: 'exposure.detected', row, reason: 'exception_ended' });
      }
    }
  }

  opened(rows: (ExposureTransitionRow & { reopened: boolean })[]): void {
    for (const row of rows) {
      if (row.status === 'excepted') {
        this.counts.excepted++;
        const reason = row.reopened ? 'reappeared_under_exception' : 'new_under_exception';
        this.events.push({ type: 'exposure.excepted', row, reason });
      } else {
        this.counts.detected++;
        if (row.reopened) this.counts.reopened++;
        this.events.push({ type: 'exposure.detected', row, reason: row.reopened ? 'reappeared' : 'new' });
      }
    }
  }

  overdue(rows: ExposureTransitionRow[]): void {
    this.counts.overdue += rows.length;
    for (const row of rows) this.events.push({ type: 'exposure.overdue', row, reason: 'past_due' });
  }
}
