import { Injectable } from '@nestjs/common';
import { CatalogService } from '@interdict/catalog';
import { DataSource } from 'typeorm';
import { decodeCursor, invalidCursor, toPage, type Page } from '../common/pagination';
import { escapeLike } from '../common/sql-text';
import type { FindingResponse } from './finding.views';
import type { FindingSort, ListFindingsQuery } from './list-findings.query';

interface FindingRow {
  id: string;
  status: string;
  product_id: string;
  rule_id: string;
  matcher_id: string;
  version: string;
  first_detected_at: Date;
  last_detected_at: Date;
  due_at: Date;
  resolved_at: Date | null;
  exception_id: string | null;
  device_id: string;
  device_name: string | null;
  serial_number: string | null;
  platform: string;
  user_principal_name: string | null;
  source_id: string;
  source_name: string;
  software_id: string;
  software_name: string;
  publisher: string | null;
  explanation: string | null;
}

const SORT_COLUMN: Record<FindingSort, { column: string; desc: boolean; key: 'id' | 'due' | 'first' }> = {
  '-id': { column: 'f.id', desc: true, key: 'id' },
  id: { column: 'f.id', desc: false, key: 'id' },
  dueAt: { column: 'f.due_at', desc: false, key: 'due' },
  '-dueAt': { column: 'f.due_at', desc: true, key: 'due' },
  firstDetectedAt: { column: 'f.first_detected_at', desc: false, key: 'first' },
  '-firstDetectedAt': { column: 'f.first_detected_at', desc: true, key: 'first' },
};

/**
 * Finding list with search and sort (keyset-paged on (sort value, id)). It reads the same tables as
 * libs/exposure's ExposureQueryService.listFindings, which has no search or sort yet; it belongs there.
 */
@Injectable()
export class FindingQueries {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  /** One page of findings matching the query. */
  async list(q: ListFindingsQuery, now = new Date()): Promise<Page<FindingResponse>> {
    const limit = q.limit ?? 50;
    const sort = SORT_COLUMN[q.sort ?? '-id'];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.status) where.push(`f.status = ${p(q.status)}`);
    if (q.overdue === true) where.push(`f.status = 'open' AND f.due_at <= ${p(now)}`);
    if (q.overdue === false) where.push(`NOT (f.status = 'open' AND f.due_at <= ${p(now)})`);
    if (q.product) where.push(`f.product_id = ${p(q.product)}`);
    if (q.rule) where.push(`f.rule_id = ${p(q.rule)}`);
    if (q.platform) where.push(`d.platform = ${p(q.platform)}`);
    if (q.device) where.push(`f.device_id = ${p(q.device)}::bigint`);
    if (q.source) {
      where.push(
        `EXISTS (SELECT 1 FROM device x WHERE x.physical_key = d.physical_key AND x.source_id = ${p(q.source)}::uuid AND x.removed_at IS NULL)`,
      );
    }
    if (q.q) {
      const like = p(`%${escapeLike(q.q)}%`);
      where.push(
        `(d.name ILIKE ${like} OR d.serial_number ILIKE ${like} OR d.user_principal_name ILIKE ${like} OR sw.name ILIKE ${like})`,
      );
    }
    if (q.cursor) {
      const c = decodeCursor(q.cursor, { v: 'string|null', id: 'string' });
      if (!/^\d{1,18}$/.test(String(c.id)) || (sort.key !== 'id' && !isIsoDate(c.v))) throw invalidCursor();
      const op = sort.desc ? '<' : '>';
      where.push(
        sort.key === 'id'
          ? `f.id ${op} ${p(c.id)}::bigint`
          : `(${sort.column}, f.id) ${op} (${p(c.v)}::timestamptz, ${p(c.id)}::bigint)`,
      );
    }
    const dir = sort.desc ? 'DESC' : 'ASC';
    const order = sort.key === 'id' ? `f.id ${dir}` : `${sort.column} ${dir}, f.id ${dir}`;
    const rows = await this.db.query<FindingRow[]>(
      `SELECT f.id, f.status, f.product_id, f.rule_id, f.matcher_id, f.version, f.first_detected_at, f.last_detected_at,
              f.due_at, f.resolved_at, f.exception_id, f.device_id, d.name AS device_name, d.serial_number, d.platform,
              d.user_principal_name, d.source_id, s.name AS source_name, f.software_id, sw.name AS software_name,
              sw.publisher, sm.explanation
         FROM finding f
         JOIN device d ON d.id = f.device_id
         JOIN source s ON s.id = d.source_id
         JOIN software sw ON sw.id = f.software_id
         LEFT JOIN software_match sm ON sm.software_id = f.software_id AND sm.product_id = f.product_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order}
        LIMIT ${p(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (r) => this.toResponse(r, now),
      (r) => ({
        v:
          sort.key === 'due'
            ? r.due_at.toISOString()
            : sort.key === 'first'
              ? r.first_detected_at.toISOString()
              : null,
        id: String(r.id),
      }),
    );
  }

  private toResponse(r: FindingRow, now: Date): FindingResponse {
    const rule = this.catalog.ruleById(r.rule_id);
    return {
      id: String(r.id),
      status: r.status,
      isOverdue: r.status === 'open' && r.due_at <= now,
      productId: r.product_id,
      productName: this.catalog.productById(r.product_id)?.name ?? r.product_id,
      ruleId: r.rule_id,
      ruleCitation: rule?.citation ?? null,
      severity: rule?.severity ?? null,
      deviceId: String(r.device_id),
      deviceName: r.device_name,
      serialNumber: r.serial_number,
      platform: r.platform,
      userPrincipalName: r.user_principal_name,
      sourceId: r.source_id,
      sourceName: r.source_name,
      softwareId: String(r.software_id),
      softwareName: r.software_name,
      publisher: r.publisher,
      version: r.version,
      matcherId: r.matcher_id,
      explanation: r.explanation,
      firstDetectedAt: r.first_detected_at.toISOString(),
      lastDetectedAt: r.last_detected_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
      exceptionId: r.exception_id,
    };
  }
}

function isIsoDate(v: unknown): boolean {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v));
}
