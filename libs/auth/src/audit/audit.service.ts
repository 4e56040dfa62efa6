import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  appendAudit,
  decodeCursor,
  pageOf,
  type AuditEntry,
  type AuditLog,
  type Page,
  type Row,
} from '@interdict/database';
import type { ActorRef } from '../roles';

export type { AuditEntry };

/** One row of the audit log as the API shows it. */
export interface AuditLogView {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

type AuditRow = Row<AuditLog>;

/** Writes and reads `audit_log`; pass a transaction's manager to record a change atomically with it. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one line for `actor`. */
  async record(
    actor: ActorRef,
    entry: AuditEntry,
    runner: DataSource | EntityManager = this.dataSource,
  ): Promise<void> {
    await appendAudit(runner, actor, entry);
  }

  /** Newest first, keyset-paged on id by the cursor of the previous page. */
  async list(opts: {
    limit: number;
    cursor?: string;
    targetType?: string;
    targetId?: string;
  }): Promise<Page<AuditLogView>> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (opts.cursor) where.push(`id < $${params.push(decodeCursor(opts.cursor, { id: 'bigint' }).id)}`);
    if (opts.targetType) where.push(`target_type = $${params.push(opts.targetType)}`);
    if (opts.targetId) where.push(`target_id = $${params.push(opts.targetId)}`);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.push(opts.limit + 1)}`,
      params,
    );
    return pageOf(rows, opts.limit, toAuditLogView, (r) => ({ v: null, id: String(r.id) }));
  }
}

function toAuditLogView(r: AuditRow): AuditLogView {
  return {
    id: String(r.id),
    at: r.at.toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    before: r.before,
    after: r.after,
    ip: r.ip,
    requestId: r.request_id,
  };
}
