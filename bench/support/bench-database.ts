import { Client } from 'pg';
import { createDataSource } from '@interdict/database';

/** Drops and creates database `name` on the `adminUrl` server and applies every migration; returns its URL. */
export async function freshBenchDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const ds = createDataSource({ url: u.toString(), poolSize: 2, applicationName: `${name}-migrate` });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  return u.toString();
}
