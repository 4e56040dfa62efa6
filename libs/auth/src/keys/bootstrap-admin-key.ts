import { appendAudit } from '@interdict/database';
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
    await appendAudit(tx, SYSTEM_ACTOR, {
      action: 'api_key.bootstrap',
      targetType: 'api_key',
      targetId: row.id,
      after: { id: row.id, prefix: generated.prefix, role: 'admin' },
    });
    return generated.key;
  });
}
