import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogService } from '@interdict/catalog';
import { queryRows, type ExposureException, type Row } from '@interdict/database';
import { ExposureError } from '../exposure.errors';
import { ExposureService } from '../exposures/exposure.service';

/** What a person asks for; the approver is recorded as given, the creator from the actor. */
export interface NewException {
  ruleId?: string | null;
  productId?: string | null;
  scopeType: 'device' | 'serial' | 'group';
  /** Device id (or physical key), serial number, or group/tag name. */
  scopeValue: string;
  reason: string;
  approvedBy: string;
  expiresAt: Date;
}

/** What may change on an existing exception; absent fields stay as they are. */
export interface ExceptionChange {
  reason?: string;
  approvedBy?: string;
  expiresAt?: Date;
}

/** An exception as stored. */
export interface ExceptionView {
  id: string;
  ruleId: string | null;
  productId: string | null;
  scopeType: 'device' | 'serial' | 'group';
  scopeValue: string;
  reason: string;
  approvedBy: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  isActive: boolean;
}

type ExceptionRow = Row<ExposureException>;

const toView = (r: ExceptionRow, now: Date): ExceptionView => ({
  id: r.id,
  ruleId: r.rule_id,
  productId: r.product_id,
  scopeType: r.scope_type,
  scopeValue: r.scope_value,
  reason: r.reason,
  approvedBy: r.approved_by,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  isActive: !r.revoked_at && r.expires_at > now,
});

/**
 * Exceptions suppress exposures without deleting them (they show as 'excepted'). Creating or revoking one
 * recomputes exposure at once so its effect and events are immediate; expiry takes effect at the next recompute
 * (after each sync and daily).
 */
@Injectable()
export class ExceptionService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly exposure: ExposureService,
  ) {}

  /** Validates and stores an exception, then applies it. Throws ExposureError naming the bad field. */
  async create(input: NewException, actor: { name: string }, now = new Date()): Promise<ExceptionView> {
    const ruleId = input.ruleId ?? null;
    const productId = input.productId ?? null;
    if (!ruleId && !productId)
      throw new ExposureError('invalid_exception', 'an exception needs a ruleId or a productId', 'ruleId');
    if (ruleId && !this.catalog.ruleById(ruleId))
      throw new ExposureError('rule_not_found', `No catalog rule "${ruleId}"`, 'ruleId');
    if (productId && !this.catalog.productById(productId))
      throw new ExposureError('product_not_found', `No catalog product "${productId}"`, 'productId');
    if (!['device', 'serial', 'group'].includes(input.scopeType))
      throw new ExposureError('invalid_exception', 'scopeType must be device, serial or group', 'scopeType');
    const scopeValue = input.scopeValue?.trim() ?? '';
    if (!scopeValue || scopeValue.length > 200)
      throw new ExposureError('invalid_exception', 'scopeValue must be 1–200 characters', 'scopeValue');
    if (!input.reason?.trim() || input.reason.length > 2000)
      throw new ExposureError('invalid_exception', 'reason must be 1–2000 characters', 'reason');
    if (!input.approvedBy?.trim() || input.approvedBy.length > 200)
      throw new ExposureError('invalid_exception', 'approvedBy must be 1–200 characters', 'approvedBy');
    if (
      !(input.expiresAt instanceof Date) ||
      Number.isNaN(input.expiresAt.getTime()) ||
      input.expiresAt <= now
    ) {
      throw new ExposureError('invalid_exception', 'expiresAt must be a date in the future', 'expiresAt');
    }
    const [row] = await queryRows<ExceptionRow>(
      this.db,
      `INSERT INTO exception (rule_id, product_id, scope_type, scope_value, reason, approved_by, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        ruleId,
        productId,
        input.scopeType,
        scopeValue,
        input.reason.trim(),
        input.approvedBy.trim(),
        actor.name,
        input.expiresAt,
      ],
    );
    await this.exposure.recompute({ now });
    return toView(row, now);
  }

  /**
   * Changes an exception's reason, approver or expiry (what it suppresses stays fixed: a different scope is a
   * new exception). A revoked exception cannot be edited. A new expiry applies at once (recompute).
   */
  async update(id: string, change: ExceptionChange, now = new Date()): Promise<ExceptionView> {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw new ExposureError('exception_not_found', `No exception "${id}"`, 'id');
    const { reason, approvedBy, expiresAt } = change;
    if (reason === undefined && approvedBy === undefined && expiresAt === undefined)
      throw new ExposureError(
        'invalid_exception',
        'give reason, approvedBy or expiresAt to change',
        'reason',
      );
    if (reason !== undefined && (!reason.trim() || reason.length > 2000))
      throw new ExposureError('invalid_exception', 'reason must be 1–2000 characters', 'reason');
    if (approvedBy !== undefined && (!approvedBy.trim() || approvedBy.length > 200))
      throw new ExposureError('invalid_exception', 'approvedBy must be 1–200 characters', 'approvedBy');
    if (
      expiresAt !== undefined &&
      (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()) || expiresAt <= now)
    ) {
      throw new ExposureError('invalid_exception', 'expiresAt must be a date in the future', 'expiresAt');
    }
    const [row] = await queryRows<ExceptionRow>(
      this.db,
      `UPDATE exception SET reason = coalesce($2, reason), approved_by = coalesce($3, approved_by),
              expires_at = coalesce($4, expires_at)
        WHERE id = $1 AND revoked_at IS NULL RETURNING *`,
      [id, reason?.trim() ?? null, approvedBy?.trim() ?? null, expiresAt ?? null],
    );
    if (!row) {
      await this.get(id, now); // not found → 404
      throw new ExposureError('exception_revoked', `Exception "${id}" is revoked and cannot be edited`, 'id');
    }
    if (expiresAt !== undefined) await this.exposure.recompute({ now });
    return toView(row, now);
  }

  /** Revokes an exception (kept for the record); the exposures it covered reopen at once. */
  async revoke(id: string, now = new Date()): Promise<ExceptionView> {
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw new ExposureError('exception_not_found', `No exception "${id}"`, 'id');
    const [row] = await queryRows<ExceptionRow>(
      this.db,
      `UPDATE exception SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING *`,
      [id, now],
    );
    if (!row) throw new ExposureError('exception_not_found', `No exception "${id}"`, 'id');
    await this.exposure.recompute({ now });
    return toView(row, now);
  }

  /** One exception, or ExposureError('exception_not_found'). */
  async get(id: string, now = new Date()): Promise<ExceptionView> {
    const rows: ExceptionRow[] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.db.query(`SELECT * FROM exception WHERE id = $1`, [id])
      : [];
    if (!rows.length) throw new ExposureError('exception_not_found', `No exception "${id}"`, 'id');
    return toView(rows[0], now);
  }

  /** Exceptions newest first; `activeOnly` hides expired and revoked ones. */
  async list(opts: { activeOnly?: boolean } = {}, now = new Date()): Promise<ExceptionView[]> {
    const rows: ExceptionRow[] = await this.db.query(
      `SELECT * FROM exception WHERE NOT $1::boolean OR (revoked_at IS NULL AND expires_at > $2) ORDER BY created_at DESC, id`,
      [opts.activeOnly ?? false, now],
    );
    return rows.map((r) => toView(r, now));
  }
}
