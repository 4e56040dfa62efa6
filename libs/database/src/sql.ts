import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows. TypeORM's `query` answers UPDATE/DELETE … RETURNING with `[rows, count]`
 * instead of rows; this always gives the rows.
 */
export async function queryRows<T>(
  runner: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await runner.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/** `serialNumber` → `serial_number`: an entity property as its column is named (schema.db-spec.ts holds every entity to it). */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/**
 * A table row as `SELECT *` returns it, derived from its entity: the entities are the one description of the schema
 * (schema.db-spec.ts proves they agree with the migrations), so row types are picked from here, never retyped.
 */
export type Row<E> = { [K in keyof E & string as SnakeCase<K>]: E[K] };
