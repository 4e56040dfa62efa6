import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { CatalogService, type OrganisationProfile, type RuleStanding } from '@interdict/catalog';
import { JURISDICTIONS, SECTORS } from '@interdict/config';
import { ExposureError } from '../exposure.errors';
import { overdueSql } from '../exposures/due-date';
import { policyInputs } from '../exposures/policy-inputs';
import * as sql from '../exposures/recompute.queries';

/** Exposure counts under one profile. */
export interface PreviewCounts {
  exposures: number;
  exposedDevices: number;
  overdueExposures: number;
  reviewExposures: number;
}

/** What a profile change would do, computed from the same installations for both profiles; nothing is written. */
export interface PolicyPreview {
  generatedAt: Date;
  current: { profile: OrganisationProfile } & PreviewCounts;
  proposed: { profile: OrganisationProfile } & PreviewCounts;
  /** Exposures that would open, and devices that would become exposed. */
  added: { exposures: number; devices: number };
  /** Exposures that would close, and devices that would no longer be exposed. */
  removed: { exposures: number; devices: number };
  /** Products whose counts change. */
  byProduct: { productId: string; productName: string; before: PreviewCounts; after: PreviewCounts }[];
  /** Rules whose standing changes. */
  rules: { ruleId: string; before: RuleStanding; after: RuleStanding; reason: string }[];
  durationMs: number;
}

/** A proposed profile: any field left out keeps the current value. */
export type ProfileChange = Partial<OrganisationProfile>;

const COUNTS = (side: string) => `
  count(*) FILTER (WHERE side = '${side}' AND NOT excepted) AS ${side}_exposures,
  count(DISTINCT physical_key) FILTER (WHERE side = '${side}' AND NOT excepted) AS ${side}_devices,
  count(*) FILTER (WHERE side = '${side}' AND ${overdueSql('preview_state', '$1')}) AS ${side}_overdue,
  count(*) FILTER (WHERE side = '${side}' AND NOT excepted AND due_at IS NULL) AS ${side}_review`;

/**
 * Rule impact preview: runs the recompute's own statements for the current and the proposed profile over the same
 * matched installations, compares the two, and rolls everything back.
 */
@Injectable()
export class PolicyPreviewService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  /** What changing the profile to `change` would add and remove, now. Throws ExposureError on an unknown value. */
  async preview(change: ProfileChange, now = new Date()): Promise<PolicyPreview> {
    const started = Date.now();
    const proposedProfile = this.merge(change);
    const proposed = this.catalog.withProfile(proposedProfile);
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`CREATE TEMP TABLE preview_state (side text, physical_key text, product_id text,
                            excepted boolean, status text, due_at timestamptz) ON COMMIT DROP`);
      await stageSide(runner, 'current', this.catalog, now);
      await stageSide(runner, 'proposed', proposed, now);
      const { rows, moves } = await compareSides(runner, now);
      const total = rows.find((r) => Number(r.is_total) === 1);
      return {
        generatedAt: now,
        current: { profile: this.catalog.profile, ...sideCounts(total, 'current') },
        proposed: { profile: proposedProfile, ...sideCounts(total, 'proposed') },
        added: { exposures: Number(moves.added_exposures), devices: Number(moves.added_devices) },
        removed: { exposures: Number(moves.removed_exposures), devices: Number(moves.removed_devices) },
        byProduct: this.changedProducts(rows),
        rules: this.changedRules(proposed),
        durationMs: Date.now() - started,
      };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private changedProducts(rows: SideRow[]): PolicyPreview['byProduct'] {
    return rows
      .filter((r) => Number(r.is_total) === 0)
      .map((r) => ({
        productId: String(r.product_id),
        productName: this.catalog.productById(String(r.product_id))?.name ?? String(r.product_id),
        before: sideCounts(r, 'current'),
        after: sideCounts(r, 'proposed'),
      }))
      .filter((p) => JSON.stringify(p.before) !== JSON.stringify(p.after))
      .sort((a, b) => a.productId.localeCompare(b.productId));
  }

  private changedRules(proposed: CatalogService): PolicyPreview['rules'] {
    return this.catalog
      .rules()
      .map((rule) => ({
        ruleId: rule.id,
        before: this.catalog.applicability(rule.id)!.standing,
        after: proposed.applicability(rule.id)!.standing,
        reason: proposed.applicability(rule.id)!.reason,
      }))
      .filter((r) => r.before !== r.after);
  }

  // Values are checked here as config checks them at start-up: a preview of an impossible profile is refused.
  private merge(change: ProfileChange): OrganisationProfile {
    const current = this.catalog.profile;
    const merged: OrganisationProfile = {
      jurisdictions: change.jurisdictions ?? current.jurisdictions,
      sectors: change.sectors ?? current.sectors,
      enableRules: change.enableRules ?? current.enableRules,
      disableRules: change.disableRules ?? current.disableRules,
    };
    const bad = (field: string, value: string, what: string) =>
      new ExposureError('invalid_profile', `${field}: "${value.slice(0, 80)}" is not a known ${what}`, field);
    for (const j of merged.jurisdictions)
      if (!JURISDICTIONS.includes(j)) throw bad('jurisdictions', j, 'jurisdiction');
    for (const s of merged.sectors)
      if (!(SECTORS as readonly string[]).includes(s)) throw bad('sectors', s, 'sector');
    for (const key of ['enableRules', 'disableRules'] as const)
      for (const id of merged[key]) if (!this.catalog.ruleById(id)) throw bad(key, id, 'catalog rule');
    return merged;
  }
}

/** Counts per product (and a total row, `is_total` = 1) for both sides, as compareSides reads them. */
type SideRow = Record<string, string | null>;

/** Runs the recompute's seen-set statements under one side's catalog and keeps what each exposure would be. */
async function stageSide(
  runner: QueryRunner,
  side: 'current' | 'proposed',
  catalog: CatalogService,
  now: Date,
): Promise<void> {
  await sql.buildSeen(runner, policyInputs(catalog, now), now);
  await runner.query(
    `INSERT INTO preview_state
     SELECT $1, s.physical_key, s.product_id, s.exception_id IS NOT NULL,
            CASE WHEN s.exception_id IS NULL THEN 'open' ELSE 'excepted' END,
            ${sql.dueAtSql('coalesce(a.first_detected_at, s.first_seen_at)', 's.product_id', 's.excepted_rule_ids')}
       FROM exposure_seen s
       LEFT JOIN exposure a ON a.physical_key = s.physical_key AND a.product_id = s.product_id
                           AND a.status <> 'resolved'`,
    [side],
  );
  await runner.query(`DROP TABLE exposure_seen, exposure_seen_evidence, exposure_rule_set, exposure_product`);
}

/** Both sides' counts per product and in total, and the exposures and devices that move between them. */
async function compareSides(
  runner: QueryRunner,
  now: Date,
): Promise<{ rows: SideRow[]; moves: Record<string, string> }> {
  const rows = (await runner.query(
    `SELECT product_id, grouping(product_id) AS is_total, ${COUNTS('current')}, ${COUNTS('proposed')}
       FROM preview_state GROUP BY GROUPING SETS ((product_id), ())`,
    [now],
  )) as SideRow[];
  const [moves] = (await runner.query(
    `WITH pair AS (
       SELECT physical_key, product_id,
              bool_or(side = 'current' AND NOT excepted) AS was, bool_or(side = 'proposed' AND NOT excepted) AS will
         FROM preview_state GROUP BY physical_key, product_id
     ), dev AS (
       SELECT physical_key, bool_or(was) AS was, bool_or(will) AS will FROM pair GROUP BY physical_key
     )
     SELECT (SELECT count(*) FROM pair WHERE will AND NOT was) AS added_exposures,
            (SELECT count(*) FROM pair WHERE was AND NOT will) AS removed_exposures,
            (SELECT count(*) FROM dev WHERE will AND NOT was) AS added_devices,
            (SELECT count(*) FROM dev WHERE was AND NOT will) AS removed_devices`,
  )) as Record<string, string>[];
  return { rows, moves };
}

function sideCounts(r: SideRow | undefined, side: 'current' | 'proposed'): PreviewCounts {
  return {
    exposures: Number(r?.[`${side}_exposures`] ?? 0),
    exposedDevices: Number(r?.[`${side}_devices`] ?? 0),
    overdueExposures: Number(r?.[`${side}_overdue`] ?? 0),
    reviewExposures: Number(r?.[`${side}_review`] ?? 0),
  };
}
