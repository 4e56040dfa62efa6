import { getLogger } from '@interdict/logger';
import { StartupError } from './embedded-access';

/** Ends a process that could not start: a StartupError as its one line (it says what to do), anything else logged. */
export function exitOnStartupFailure(err: unknown, context: string, message: string): never {
  if (err instanceof StartupError) process.stderr.write(`${context.toLowerCase()}: ${err.message}\n`);
  else getLogger(context).fatal({ err }, message);
  process.exit(1);
}
