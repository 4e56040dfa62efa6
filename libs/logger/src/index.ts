export { getLogger, initLogging, NestPinoLogger, type Logger, type LoggingOptions } from './logger';
export { redact, redactText, REDACTED } from './redact';
export { handleShutdownSignals } from './shutdown';
export { RepeatedFailureLog } from './repeated-failure';
export {
  metricsRegistry,
  MetricsModule,
  MetricsController,
  MetricsListener,
  MetricsListenerModule,
} from './metrics';
