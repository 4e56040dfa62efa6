import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../roles';
import { generateApiKey } from './api-key-format';

/**
 * At first start (no API key exists at all) creates one admin key and returns its text so the caller can
 * print it once; otherwise returns null. Safe when several processes start together: one transaction
 * holds an advisory lock while it checks and inserts.
 */
export async function ensureBootstrapAdminKey(dataSource: DataSource): Promise<string | null> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('interdict:bootstrap-admin-key'))`);
    const [{ n }] = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM api_key`);
    if (n > 0) return null;
    const generated = generateApiKey();
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO api_key (name, prefix, key_hash, role, created_by) VALUES ('bootstrap admin', $1, $2, 'admin', 'system')
       RETURNING id`,
      [generated.prefix, generated.hash],
    );
    await tx.query(
      `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, target_type, target_id, after)
       VALUES ($1, NULL, $2, 'api_key.bootstrap', 'api_key', $3, $4)`,
      [
        SYSTEM_ACTOR.type,
        SYSTEM_ACTOR.name,
        row.id,
        JSON.stringify({ id: row.id, prefix: generated.prefix, role: 'admin' }),
      ],
    );
    return generated.key;
  });
}
