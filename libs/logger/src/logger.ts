import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { redact, redactText } from './redact';

export type { Logger } from 'pino';

export interface LoggingOptions {
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go; tests pass a stream to capture them. */
  destination?: DestinationStream;
}

let root: Logger = pino({ level: 'silent' });

/** Sets up the process-wide logger once at start-up; every class then takes a child via `getLogger`. */
export function initLogging(opts: LoggingOptions): Logger {
  const stream =
    opts.destination ??
    (opts.format === 'pretty'
      ? pinoPretty({
          colorize: true,
          sync: true,
          ignore: 'pid,hostname',
        })
      : pino.destination({ sync: true }));
  root = pino(
    {
      level: opts.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redact(obj) as Record<string, unknown>,
      },
      hooks: {
        // Messages are scrubbed too: an error text can quote a header.
        logMethod(args, method) {
          if (typeof args[0] === 'string') args[0] = redactText(args[0]);
          else if (typeof args[1] === 'string') args[1] = redactText(args[1]);
          method.apply(this, args);
        },
      },
      serializers: { err: (e: unknown) => redact(e) },
    },
    stream,
  );
  return root;
}

/** A logger for one class or component: `private readonly log = getLogger('SyncService')`. */
export function getLogger(context: string, bindings: Record<string, unknown> = {}): Logger {
  return new Proxy({} as Logger, {
    // Resolved on each call so loggers created before initLogging still write to the configured root.
    get(_t, prop) {
      const child = root.child({ context, ...bindings });
      const v = (child as unknown as Record<string | symbol, unknown>)[prop];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(child) : v;
    },
  });
}

const NEST_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Routes Nest's own log calls through the same logger (its start-up chatter at debug). */
export class NestPinoLogger implements LoggerService {
  private readonly pino = getLogger('Nest');
  private write(
    level: 'info' | 'warn' | 'error' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (level === 'info' && context && NEST_CHATTER.has(context)) level = 'debug';
    if (message instanceof Error) this.pino[level]({ err: message, nestContext: context }, message.message);
    else this.pino[level]({ nestContext: context }, String(message));
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
}
