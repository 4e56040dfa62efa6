import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { getLogger, initLogging } from '@interdict/logger';
import { ApiKeyService } from '../keys/api-key.service';
import { AuditService } from '../audit/audit.service';
import { ROLE_ORDER, SYSTEM_ACTOR, type Role } from '../roles';

/**
 * `npm run create-key -- --role admin --name "ops laptop" [--expires-days 90]`: prints the new key once on
 * stdout (the only output meant for people); everything else goes to the log.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'viewer' },
      name: { type: 'string' },
      'expires-days': { type: 'string' },
    },
    strict: true,
  });
  const role = values.role as Role;
  if (!ROLE_ORDER.includes(role))
    throw new Error(`--role must be one of ${ROLE_ORDER.join(', ')} (got "${values.role}")`);
  if (!values.name?.trim()) throw new Error('--name is required (who or what the key is for)');
  let expiresAt: Date | null = null;
  if (values['expires-days'] !== undefined) {
    const days = Number(values['expires-days']);
    if (!Number.isInteger(days) || days < 1) throw new Error('--expires-days must be a whole number ≥ 1');
    expiresAt = new Date(Date.now() + days * 86_400_000);
  }
  const config = loadConfigOrExit();
  initLogging({ ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level });
  const db = await openDatabase(config, 'interdict-create-key');
  try {
    const audit = new AuditService(db.dataSource);
    const keys = new ApiKeyService(db.dataSource, config, audit);
    const actor = { ...SYSTEM_ACTOR, name: 'create-key cli' };
    const created = await keys.create({ name: values.name, role, expiresAt }, actor);
    await keys.recordOutsideHttp(actor, 'api_key.created', created.apiKey);
    process.stdout.write(
      `API key "${created.apiKey.name}" (${created.apiKey.role}, id ${created.apiKey.id}) — shown once, store it now:\n${created.key}\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`create-key: ${err instanceof Error ? err.message : String(err)}\n`);
  getLogger('CreateKey').debug({ err }, 'create-key failed');
  process.exit(1);
});
