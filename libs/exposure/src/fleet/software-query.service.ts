import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  countRows,
  decodeCursor,
  keysetSql,
  sortValueOf,
  textSortKey,
  escapeLike,
  isRowId,
  pageOf,
  type Page,
  type Row,
  type Software,
} from '@interdict/database';
import { ExposureError } from '../exposure.errors';

/** Title search filters; all optional. */
export interface SoftwareListFilters {
  /** Title, publisher or bundle id contains this (case-insensitive). */
  q?: string;
  platform?: string;
  /** true: only titles the catalog matches; false: only titles it does not. */
  matched?: boolean;
  limit?: number;
  cursor?: string;
  /** Also count every title the filters select (Page.total). */
  withTotal?: boolean;
  sort?: SoftwareSort;
}

/** One distinct title and the catalog products it matches. */
export interface SoftwareView {
  id: string;
  platform: string;
  name: string;
  publisher: string | null;
  bundleId: string | null;
  firstSeenAt: Date;
  matches: { productId: string; matcherId: string; explanation: string }[];
}

/** A title with how many devices run it now, per version. */
export interface SoftwareDetail extends SoftwareView {
  devices: number;
  versions: { version: string; devices: number }[];
}

interface SoftwareRow extends Pick<
  Row<Software>,
  'id' | 'platform' | 'name' | 'publisher' | 'bundle_id' | 'first_seen_at'
> {
  matches: SoftwareView['matches'] | null;
  /** The list's sort value (NULL when sorted by id). */
  sort_key: unknown;
}

/** How the title list may be sorted: by id (the default) or by name; "-" = descending. */
export const SOFTWARE_SORTS = ['id', 'name', '-name'] as const;
export type SoftwareSort = (typeof SOFTWARE_SORTS)[number];
const NAME_KEY = textSortKey('sw.name');

/** The title columns (and, for a sorted list, its sort key). */
const softwareSelect = (sortKey = 'NULL') => `
  SELECT ${sortKey} AS sort_key, sw.id, sw.platform, sw.name, sw.publisher, sw.bundle_id, sw.first_seen_at,
         (SELECT json_agg(json_build_object('productId', sm.product_id, 'matcherId', sm.matcher_id, 'explanation', sm.explanation)
                 ORDER BY sm.product_id)
            FROM software_match sm WHERE sm.software_id = sw.id) AS matches
    FROM software sw`;

const VERSIONS_OF = `
  SELECT version, count(DISTINCT device_id) AS devices FROM installation
   WHERE software_id = $1::bigint AND removed_at IS NULL
   GROUP BY version ORDER BY count(*) DESC, version LIMIT 200`;

const DEVICES_RUNNING = `
  SELECT count(DISTINCT device_id) AS n FROM installation WHERE software_id = $1::bigint AND removed_at IS NULL`;

/** Distinct titles (one row per title the sync has seen) with what the catalog makes of them. */
@Injectable()
export class SoftwareQueryService {
  constructor(private readonly db: DataSource) {}

  /** Titles by id, keyset-paged. */
  async list(f: SoftwareListFilters): Promise<Page<SoftwareView>> {
    const limit = f.limit ?? 50;
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (f.q) {
      const like = p(`%${escapeLike(f.q)}%`);
      where.push(`(sw.name ILIKE ${like} OR sw.publisher ILIKE ${like} OR sw.bundle_id ILIKE ${like})`);
    }
    if (f.platform) where.push(`sw.platform = ${p(f.platform)}`);
    if (f.matched === true)
      where.push('EXISTS (SELECT 1 FROM software_match sm WHERE sm.software_id = sw.id)');
    if (f.matched === false)
      where.push('NOT EXISTS (SELECT 1 FROM software_match sm WHERE sm.software_id = sw.id)');
    // A bad cursor is refused before any statement runs.
    const sortKey = f.sort === 'name' || f.sort === '-name' ? NAME_KEY : null;
    const after = f.cursor ? decodeCursor(f.cursor, { id: 'bigint', sortedBy: sortKey?.kind }) : null;
    // The count runs beside the page's query, on another pooled connection.
    const counting = f.withTotal
      ? countRows(this.db, `FROM software sw ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, [
          ...params,
        ])
      : Promise.resolve(undefined);
    const keyset = keysetSql(sortKey, f.sort === '-name', 'sw.id', after, p);
    if (keyset.after) where.push(keyset.after);
    const [rows, total] = await Promise.all([
      this.db.query<SoftwareRow[]>(
        `${softwareSelect(sortKey?.expr)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${keyset.order} LIMIT ${p(limit + 1)}`,
        params,
      ),
      counting,
    ]);
    const page = pageOf(rows, limit, toSoftwareView, (r) => ({
      v: sortKey ? sortValueOf(r.sort_key) : null,
      id: String(r.id),
    }));
    return total === undefined ? page : { ...page, total };
  }

  /** One title with its device count in total and per version (the 200 most installed). */
  async detail(id: string): Promise<SoftwareDetail> {
    const notFound = () => new ExposureError('software_not_found', `No software "${id.slice(0, 40)}"`, 'id');
    if (!isRowId(id)) throw notFound();
    const [row] = await this.db.query<SoftwareRow[]>(`${softwareSelect()} WHERE sw.id = $1::bigint`, [id]);
    if (!row) throw notFound();
    const versions = await this.db.query<{ version: string; devices: string }[]>(VERSIONS_OF, [id]);
    const [total] = await this.db.query<{ n: string }[]>(DEVICES_RUNNING, [id]);
    return {
      ...toSoftwareView(row),
      devices: Number(total.n),
      versions: versions.map((v) => ({ version: v.version, devices: Number(v.devices) })),
    };
  }
}

function toSoftwareView(r: SoftwareRow): SoftwareView {
  return {
    id: String(r.id),
    platform: r.platform,
    name: r.name,
    publisher: r.publisher,
    bundleId: r.bundle_id,
    firstSeenAt: r.first_seen_at,
    matches: r.matches ?? [],
  };
}
