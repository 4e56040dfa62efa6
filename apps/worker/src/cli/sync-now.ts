import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@interdict/config';
import { openDatabase } from '@interdict/database';
import { SourcesService, SyncHooks, SyncQueue, SyncService } from '@interdict/inventory';
import { getLogger, initLogging } from '@interdict/logger';
import { connectorFactoryFor } from '../sync/connector-factory';

/**
 * `npm run sync:now -- <source name or id> [--queue]`: syncs one source in this process and prints the run as JSON
 * (exit 1 unless it succeeded). With `--queue` it only queues the sync for a running worker (which then also
 * recomputes exposure); a direct run leaves that to the worker's next recompute.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { queue: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const ref = positionals.join(' ').trim();
  if (!ref) throw new Error('usage: npm run sync:now -- <source name or id> [--queue]');
  const config = loadConfigOrExit();
  initLogging(config.log);
  const db = await openDatabase(config, 'interdict-sync-now');
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  try {
    const sources = new SourcesService(db.dataSource, config);
    const source = await sources.findByIdOrName(ref);
    if (values.queue) {
      const jobId = await new SyncQueue(db.dataSource).requestSync(source.id, 'cli');
      process.stdout.write(`${JSON.stringify({ queued: true, jobId, sourceId: source.id })}\n`);
      return;
    }
    const syncs = new SyncService(
      db.dataSource,
      sources,
      new SyncHooks(),
      config,
      connectorFactoryFor(config),
    );
    const run = await syncs.syncSource(source.id, { trigger: 'cli', signal: stop.signal });
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    if (run.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  getLogger('SyncNow').error({ err }, 'sync-now failed');
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
