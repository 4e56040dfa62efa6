import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiRequestError } from '../common/api-request.error';
import { decodeCursor, invalidCursor, toPage } from '../common/pagination';
import { escapeLike } from '../common/sql-text';
import type { SearchSoftwareQuery } from './list-software.query';
import type {
  SoftwareDetailResponse,
  SoftwareMatchResponse,
  SoftwarePageResponse,
  SoftwareResponse,
} from './software.views';

interface SoftwareRow {
  id: string;
  platform: string;
  name: string;
  publisher: string | null;
  bundle_id: string | null;
  first_seen_at: Date;
  matches: SoftwareMatchResponse[] | null;
}

const toResponse = (r: SoftwareRow): SoftwareResponse => ({
  id: String(r.id),
  platform: r.platform,
  name: r.name,
  publisher: r.publisher,
  bundleId: r.bundle_id,
  firstSeenAt: r.first_seen_at.toISOString(),
  matches: r.matches ?? [],
});

const COLUMNS = `sw.id, sw.platform, sw.name, sw.publisher, sw.bundle_id, sw.first_seen_at,
  (SELECT json_agg(json_build_object('productId', sm.product_id, 'matcherId', sm.matcher_id, 'explanation', sm.explanation)
           ORDER BY sm.product_id)
     FROM software_match sm WHERE sm.software_id = sw.id) AS matches`;

/** Title search over `software` (one row per distinct title); belongs in libs/inventory once it has a read API. */
@Injectable()
export class SoftwareQueries {
  constructor(private readonly db: DataSource) {}

  async search(q: SearchSoftwareQuery): Promise<SoftwarePageResponse> {
    const limit = q.limit ?? 50;
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.q) {
      const like = p(`%${escapeLike(q.q)}%`);
      where.push(`(sw.name ILIKE ${like} OR sw.publisher ILIKE ${like} OR sw.bundle_id ILIKE ${like})`);
    }
    if (q.platform) where.push(`sw.platform = ${p(q.platform)}`);
    if (q.matched === true)
      where.push('EXISTS (SELECT 1 FROM software_match sm WHERE sm.software_id = sw.id)');
    if (q.matched === false)
      where.push('NOT EXISTS (SELECT 1 FROM software_match sm WHERE sm.software_id = sw.id)');
    if (q.cursor) {
      const { id } = decodeCursor(q.cursor, { id: 'string' });
      if (!/^\d{1,18}$/.test(String(id))) throw invalidCursor();
      where.push(`sw.id > ${p(id)}::bigint`);
    }
    const rows = await this.db.query<SoftwareRow[]>(
      `SELECT ${COLUMNS} FROM software sw ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY sw.id LIMIT ${p(limit + 1)}`,
      params,
    );
    return toPage(rows, limit, toResponse, (r) => ({ id: String(r.id) }));
  }

  async detail(id: string): Promise<SoftwareDetailResponse> {
    if (!/^\d{1,18}$/.test(id))
      throw new ApiRequestError('not_found', `No software "${id.slice(0, 40)}"`, 'id');
    const [row] = await this.db.query<SoftwareRow[]>(
      `SELECT ${COLUMNS} FROM software sw WHERE sw.id = $1::bigint`,
      [id],
    );
    if (!row) throw new ApiRequestError('not_found', `No software "${id}"`, 'id');
    const versions = await this.db.query<{ version: string; devices: string }[]>(
      `SELECT version, count(DISTINCT device_id) AS devices FROM installation
        WHERE software_id = $1::bigint AND removed_at IS NULL GROUP BY version ORDER BY count(*) DESC, version LIMIT 200`,
      [id],
    );
    const [total] = await this.db.query<{ n: string }[]>(
      `SELECT count(DISTINCT device_id) AS n FROM installation WHERE software_id = $1::bigint AND removed_at IS NULL`,
      [id],
    );
    return {
      ...toResponse(row),
      devices: Number(total.n),
      versions: versions.map((v) => ({ version: v.version, devices: Number(v.devices) })),
    };
  }
}
