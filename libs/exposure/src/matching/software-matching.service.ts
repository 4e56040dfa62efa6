import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogService } from '@interdict/catalog';
import type { Installation, Row, Software } from '@interdict/database';
import { getLogger } from '@interdict/logger';

/** What one matching pass did. */
export interface MatchingOutcome {
  catalogVersion: string;
  /** Titles examined (new ones, or all when the catalog changed). */
  examined: number;
  /** Titles that matched at least one product. */
  matched: number;
  durationMs: number;
  /** Where the time went: reading titles, probing install paths, matching in Node, writing matches. */
  phasesMs?: { fetch: number; installPaths: number; match: number; write: number };
}

interface TitleRow
  extends
    Pick<Row<Software>, 'id' | 'platform' | 'name' | 'publisher' | 'bundle_id'>,
    Partial<Pick<Row<Installation>, 'install_path'>> {}

/** Matches found, column by column, and how many titles matched at all. */
interface MatchColumns {
  ids: string[];
  products: string[];
  matchers: string[];
  explanations: string[];
  froms: (string | null)[];
  belows: (string | null)[];
  matchedTitles: number;
}

const log = getLogger('SoftwareMatchingService');

/**
 * Runs the catalog over distinct software titles — never over installations — and stores which product each is
 * (software_match) with the matcher and a sentence explaining why. A title is examined once per catalog version:
 * `software.matched_catalog_version` records the version it was last matched against.
 */
@Injectable()
export class SoftwareMatchingService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  /** Matches every title not yet matched against the current catalog version. */
  async matchPending(): Promise<MatchingOutcome> {
    const started = Date.now();
    const version = this.catalog.version;
    const titles: TitleRow[] = await this.db.query(
      `SELECT id, platform, name, publisher, bundle_id FROM software
        WHERE matched_catalog_version IS DISTINCT FROM $1`,
      [version],
    );
    if (!titles.length)
      return { catalogVersion: version, examined: 0, matched: 0, durationMs: Date.now() - started };
    const fetchedAt = Date.now();
    await this.attachInstallPaths(titles);
    const probedAt = Date.now();

    const found = this.matchTitles(titles);
    const matchedAt = Date.now();
    await this.storeMatches(
      titles.map((t) => t.id),
      found,
      version,
    );
    const outcome = {
      phasesMs: {
        fetch: fetchedAt - started,
        installPaths: probedAt - fetchedAt,
        match: matchedAt - probedAt,
        write: Date.now() - matchedAt,
      },
      catalogVersion: version,
      examined: titles.length,
      matched: found.matchedTitles,
      durationMs: Date.now() - started,
    };
    log.info(outcome, 'software matched');
    return outcome;
  }

  /** Runs the catalog's matcher over each title; one column array per software_match column, for one INSERT. */
  private matchTitles(titles: TitleRow[]): MatchColumns {
    const found: MatchColumns = {
      ids: [],
      products: [],
      matchers: [],
      explanations: [],
      froms: [],
      belows: [],
      matchedTitles: 0,
    };
    for (const t of titles) {
      const matches = this.catalog.matcher.match({
        platform: t.platform,
        name: t.name,
        publisher: t.publisher,
        bundleId: t.bundle_id,
        installPath: t.install_path,
      });
      if (matches.length) found.matchedTitles++;
      for (const m of matches) {
        found.ids.push(t.id);
        found.products.push(m.productId);
        found.matchers.push(m.matcherId);
        found.explanations.push(m.explanation);
        found.froms.push(m.versions?.from ?? null);
        found.belows.push(m.versions?.below ?? null);
      }
    }
    return found;
  }

  /** Replaces the titles' matches and stamps them with the catalog version, in one transaction. */
  private async storeMatches(titleIds: string[], found: MatchColumns, version: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `DELETE FROM software_match sm USING unnest($1::bigint[]) AS x(id) WHERE sm.software_id = x.id`,
        [titleIds],
      );
      if (found.ids.length) {
        await tx.query(
          `INSERT INTO software_match (software_id, product_id, matcher_id, explanation, catalog_version, version_from, version_below)
           SELECT s, p, m, e, $7, f, b
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(s, p, m, e, f, b)`,
          [found.ids, found.products, found.matchers, found.explanations, found.froms, found.belows, version],
        );
      }
      // A join on the id list (not `= ANY`) keeps this a hash join; the stamp is a heap-only update (migration 1764320000001).
      await tx.query(
        `UPDATE software s SET matched_catalog_version = $2 FROM unnest($1::bigint[]) AS x(id) WHERE s.id = x.id`,
        [titleIds, version],
      );
    });
  }

  // Install-path matchers need a path, which lives on installations. One indexed probe per title (the first
  // installation found) keeps this bounded; titles of platforms without path matchers are not probed.
  private async attachInstallPaths(titles: TitleRow[]): Promise<void> {
    const platforms = new Set<string>(
      this.catalog
        .products()
        .flatMap((p) => p.matchers.filter((m) => m.installPath).flatMap((m) => m.platforms)),
    );
    const probe = titles.filter((t) => platforms.has(t.platform));
    if (!probe.length) return;
    const rows: { id: string; install_path: string | null }[] = await this.db.query(
      `SELECT s.id, x.install_path
         FROM unnest($1::bigint[]) AS s(id)
         CROSS JOIN LATERAL (
           SELECT i.install_path FROM installation i
            WHERE i.software_id = s.id AND i.removed_at IS NULL LIMIT 1) x
        WHERE x.install_path IS NOT NULL`,
      [probe.map((t) => t.id)],
    );
    const byId = new Map(rows.map((r) => [String(r.id), r.install_path]));
    for (const t of probe) t.install_path = byId.get(String(t.id)) ?? null;
  }
}
