/** A client that runs SQL: pg's Client or a TypeORM DataSource. */
interface Sql {
  query(sql: string): Promise<unknown>;
}

const INDEXES = `SELECT indexdef FROM pg_indexes
  WHERE schemaname = current_schema() AND tablename = 'installation' AND indexname <> 'installation_pkey'`;

/**
 * Drops installation's primary key and indexes for a bulk load (how a real backfill would do it) and returns what
 * rebuilds them exactly as the migrations defined them.
 */
export async function dropInstallationIndexes(db: Sql): Promise<() => Promise<void>> {
  const result = (await db.query(INDEXES)) as { rows?: { indexdef: string }[] } | { indexdef: string }[];
  const rows = Array.isArray(result) ? result : (result.rows ?? []);
  const defs = rows.map((r) => r.indexdef);
  await db.query(`ALTER TABLE installation DROP CONSTRAINT installation_pkey`);
  for (const def of defs) await db.query(`DROP INDEX ${def.match(/^CREATE (?:UNIQUE )?INDEX (\S+)/)![1]}`);
  return async () => {
    await db.query(
      `ALTER TABLE installation ADD CONSTRAINT installation_pkey PRIMARY KEY (device_id, software_id, version)`,
    );
    for (const def of defs) await db.query(def);
  };
}
