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
  const defs = (await rowsOf<{ indexdef: string }>(db, INDEXES)).map((r) => r.indexdef);
  const [pkey] = await rowsOf<{ def: string }>(db, PKEY);
  await db.query(`ALTER TABLE installation DROP CONSTRAINT installation_pkey`);
  for (const def of defs) await db.query(`DROP INDEX ${def.match(/^CREATE (?:UNIQUE )?INDEX (\S+)/)![1]}`);
  return async () => {
    await db.query(`ALTER TABLE installation ADD CONSTRAINT installation_pkey ${pkey.def}`);
    for (const def of defs) await db.query(def);
  };
}

const PKEY = `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'installation_pkey'
  AND conrelid = 'installation'::regclass`;

async function rowsOf<T>(db: Sql, sql: string): Promise<T[]> {
  const result = (await db.query(sql)) as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
