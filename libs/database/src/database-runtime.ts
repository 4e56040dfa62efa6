import { join } from 'node:path';
import type { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

const log = getLogger('Database');

/** An open database: the DataSource, its URL, and how to close it (and the embedded cluster, if any). */
export interface DatabaseRuntime {
  dataSource: DataSource;
  url: string;
  embedded?: EmbeddedPostgresHandle;
  close(): Promise<void>;
}

/**
 * Connects to `database.url`, or starts the embedded Postgres when it is unset, then applies pending
 * migrations when `database.migrateOnStart` is on.
 */
export async function openDatabase(config: Config, applicationName = 'interdict'): Promise<DatabaseRuntime> {
  let url = config.database.url;
  let embedded: EmbeddedPostgresHandle | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.database.embedded.dataDir ?? join(config.dataDir, 'postgres'),
      port: config.database.embedded.port,
    });
    await ensureDatabase(embedded.urlFor('postgres'), config.database.embedded.database);
    url = embedded.urlFor(config.database.embedded.database);
  }
  const dataSource = createDataSource({
    url,
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
    applicationName,
  });
  try {
    await dataSource.initialize();
    if (config.database.migrateOnStart) {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    }
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    dataSource,
    url,
    embedded,
    close: () =>
      (closing ??= (async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      })()),
  };
}

/** True when the database schema is behind the code (for /ready). */
export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}
