import { loadConfig, ConfigError } from '@interdict/config';
import { initLogging, getLogger } from '@interdict/logger';
import type { DataSource } from 'typeorm';
import { openDatabase } from './database-runtime';

/** `db:migrate` applies pending migrations; `db:revert` undoes the last one (`--all` undoes every one). */
async function main(): Promise<void> {
  const [command, flag] = process.argv.slice(2);
  const config = loadConfig();
  initLogging(config.log);
  const log = getLogger('DatabaseCli');
  const db = await openDatabase(
    { ...config, database: { ...config.database, migrateOnStart: false } },
    'interdict-cli',
  );
  try {
    if (command === 'migrate') {
      const applied = await db.dataSource.runMigrations({ transaction: 'each' });
      log.info(
        { applied: applied.map((m) => m.name) },
        applied.length ? 'migrations applied' : 'schema is current',
      );
    } else if (command === 'revert') {
      do {
        await db.dataSource.undoLastMigration({ transaction: 'each' });
      } while (flag === '--all' && (await appliedCount(db.dataSource)) > 0);
      log.info('reverted');
    } else {
      throw new Error(`unknown command "${command}" (use migrate or revert)`);
    }
  } finally {
    await db.close();
  }
}

async function appliedCount(ds: DataSource): Promise<number> {
  const rows: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM schema_migration`);
  return rows[0].n;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `db: ${(err as Error).message}`}\n`);
  process.exit(1);
});
