import 'reflect-metadata';
import { loadConfigOrExit, type Config } from '@interdict/config';
import { openDatabase, type DatabaseRuntime } from '@interdict/database';
import { getLogger, initLogging } from '@interdict/logger';

/** A background loop a process can run on its own: started once, stopped on a signal. */
export interface Loop {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs one loop as a whole process (no scheduler, no HTTP): for scaling it out on its own, and for crash tests and
 * benchmarks. SIGTERM/SIGINT stop the loop, then close the database and exit 0.
 */
export function runStandaloneLoop(
  name: string,
  what: string,
  make: (config: Config, db: DatabaseRuntime) => Loop,
): void {
  const log = getLogger(name);
  const main = async () => {
    const config = loadConfigOrExit();
    initLogging(config.log);
    const db = await openDatabase(config, `interdict-${what.replace(/\W+/g, '-')}`);
    const loop = make(config, db);
    loop.start();
    log.info({ pid: process.pid }, `${what} process started`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, `stopping ${what}`);
      void loop
        .stop()
        .then(() => db.close())
        .then(() => process.exit(0));
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  };
  main().catch((err: unknown) => {
    log.fatal({ err }, `${what} failed to start`);
    process.exit(1);
  });
}
