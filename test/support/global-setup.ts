import './register-aliases';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, ensureDatabase, startEmbeddedPostgres } from '@interdict/database';

/**
 * Postgres for the whole run: DATABASE_URL when set, else an embedded cluster in a fresh directory.
 * Migrations are applied once into a template database; each test file clones it (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  // e2e specs start the real entry points from dist/.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  mkdirSync(join(__dirname, '..', '..', '.data'), { recursive: true });
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(__dirname, '..', '..', '.data', 'test-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir });
    (globalThis as Record<string, unknown>).__interdictEmbedded = { pg, dataDir };
    adminUrl = pg.urlFor('postgres');
  }
  const template = `interdict_tmpl_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.end();
  await ensureDatabase(adminUrl, template);
  const ds = createDataSource({ url: withDatabase(adminUrl, template), poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.INTERDICT_TEST_ADMIN_URL = adminUrl;
  process.env.INTERDICT_TEST_TEMPLATE = template;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
