import type { Config } from './config';
import { ConfigError } from './config.errors';
import { loadConfig } from './load-config';

/** For process entry points: a bad setting prints its one-line reason to stderr and exits 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
