import { getLogger } from './logger';

/**
 * On SIGINT/SIGTERM runs `stop` once (close HTTP, stop jobs, close the database…) and exits 0; a second signal or
 * a stop that hangs past `timeoutMs` exits 1, so an orchestrator is never left waiting.
 */
export function handleShutdownSignals(stop: () => Promise<void>, timeoutMs = 30_000): void {
  const log = getLogger('Shutdown');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs).unref();
    stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
