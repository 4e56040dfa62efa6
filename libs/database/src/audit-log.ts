import type { DataSource, EntityManager } from 'typeorm';

/** Who did something: an API key, an OIDC user, or the system itself (a start-up, a schedule). */
export interface AuditActor {
  type: string;
  id: string | null;
  name: string;
  ip?: string | null;
  requestId?: string | null;
}

/** One audit line: who did what to which target, with the state before and after. */
export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends one `audit_log` line; pass a transaction's manager to record a change atomically with it. */
export async function appendAudit(
  runner: DataSource | EntityManager,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await runner.query(
    `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, target_type, target_id, before, after, ip, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      actor.type,
      actor.id,
      actor.name,
      entry.action,
      entry.targetType ?? null,
      entry.targetId ?? null,
      entry.before ? JSON.stringify(entry.before) : null,
      entry.after ? JSON.stringify(entry.after) : null,
      actor.ip ?? null,
      actor.requestId ?? null,
    ],
  );
}
