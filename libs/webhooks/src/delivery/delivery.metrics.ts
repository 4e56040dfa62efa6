import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@interdict/logger';
import type { AttemptOutcome } from './delivery.repository';

/** Delivery attempts per endpoint and outcome (delivered, retry, dead, gone, released). */
export const webhookAttempts = new Counter({
  name: 'interdict_webhook_attempts_total',
  help: 'Webhook delivery attempts by outcome',
  labelNames: ['endpoint', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Receiver response time per endpoint (attempts that got a status). */
export const webhookLatency = new Histogram({
  name: 'interdict_webhook_response_seconds',
  help: 'Time from request to response status, per webhook endpoint',
  labelNames: ['endpoint'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

/** Counts a batch of outcomes. */
export function observeOutcomes(outcomes: readonly AttemptOutcome[]): void {
  for (const o of outcomes) {
    webhookAttempts.inc({ endpoint: o.endpointId, outcome: o.outcome });
    if (o.statusCode !== null && o.latencyMs !== null)
      webhookLatency.observe({ endpoint: o.endpointId }, o.latencyMs / 1000);
  }
}
