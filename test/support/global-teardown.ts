import './register-aliases';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedPostgresHandle } from '@interdict/database';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.INTERDICT_TEST_ADMIN_URL;
  const template = process.env.INTERDICT_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    // Test files drop their own clones; this catches any a crashed file left behind.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template.replace('tmpl', 't')}%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  }
  const embedded = (globalThis as Record<string, unknown>).__interdictEmbedded as
    { pg: EmbeddedPostgresHandle; dataDir: string } | undefined;
  if (embedded) {
    await embedded.pg.stop();
    rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
