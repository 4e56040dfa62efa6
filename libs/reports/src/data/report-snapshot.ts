import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * One REPEATABLE READ, READ ONLY transaction on one connection: every sheet of a report reads the same snapshot,
 * so totals on the Summary agree with the rows below them even while syncs write. `asOf` is the transaction's
 * start time, which is also what `now()` returns inside it.
 */
export class ReportSnapshot {
  private constructor(
    private readonly runner: QueryRunner,
    private readonly client: PoolClient,
    readonly asOf: Date,
  ) {}

  static async open(dataSource: DataSource): Promise<ReportSnapshot> {
    const runner = dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Report queries sort and group up to millions of findings; more sort memory than the default keeps them
      // off temporary files. LOCAL: it ends with this transaction.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      // Their cost crosses jit_above_cost, and compiling with inlining and optimisation took longer than it saved,
      // above all on the exposed-devices query.
      await client.query(`SET LOCAL jit = off`);
      const { rows } = await client.query<{ as_of: Date }>('SELECT now() AS as_of');
      return new ReportSnapshot(runner, client, rows[0].as_of);
    } catch (err) {
      await runner.release();
      throw err;
    }
  }

  /** Small result sets (summary counts, sources). */
  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.client.query(sql, params);
    return result.rows as T[];
  }

  /**
   * Rows through a server-side cursor, a batch at a time: the consumer pulls with `for await`, so a slow writer
   * pauses the cursor instead of buffering the table in memory.
   */
  stream<T>(sql: string, params: unknown[] = [], batchSize = 2_000): AsyncIterable<T> {
    return this.client.query(new QueryStream(sql, params, { batchSize, highWaterMark: batchSize }));
  }

  /** Ends the read-only transaction and returns the connection. */
  async close(): Promise<void> {
    try {
      await this.client.query('COMMIT');
    } finally {
      await this.runner.release();
    }
  }

  /** Returns the connection after a failure; the transaction is rolled back. */
  async abort(): Promise<void> {
    try {
      await this.client.query('ROLLBACK');
    } catch {
      // the connection may be broken already; releasing it is all that is left to do
    } finally {
      await this.runner.release();
    }
  }
}
