export { getLogger, initLogging, NestPinoLogger, type Logger, type LoggingOptions } from './logger';
export { redact, redactText, REDACTED } from './redact';
export { handleShutdownSignals } from './shutdown';
export {
  metricsRegistry,
  MetricsModule,
  MetricsController,
  MetricsListener,
  MetricsListenerModule,
} from './metrics';
