import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@interdict/database';

/** A database of its own for one test file: a clone of the migrated template, dropped afterwards. */
export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  /** Row count of a table, for "stores nothing" assertions. */
  count(table: string): Promise<number>;
  drop(): Promise<void>;
}

export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.INTERDICT_TEST_ADMIN_URL;
  const template = process.env.INTERDICT_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('test database: global setup did not run');
  const name = `${template.replace('tmpl', 't')}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      opts.migrated === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`,
    );
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dataSource = createDataSource({ url, poolSize: 5, applicationName: 'interdict-test' });
  await dataSource.initialize();
  return {
    url,
    name,
    dataSource,
    count: async (table) =>
      Number((await dataSource.query(`SELECT count(*)::bigint AS n FROM "${table}"`))[0].n),
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
