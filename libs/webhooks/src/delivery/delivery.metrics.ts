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

/** Counts a batch of outcomes: attempts per delivery, but one response time per request (a digest is one). */
export function observeOutcomes(outcomes: readonly AttemptOutcome[]): void {
  const digests = new Set<string>();
  for (const o of outcomes) {
    webhookAttempts.inc({ endpoint: o.endpointId, outcome: o.outcome });
    if (o.digestId !== undefined) {
      if (digests.has(o.digestId)) continue;
      digests.add(o.digestId);
    }
    if (o.statusCode !== null && o.latencyMs !== null)
      webhookLatency.observe({ endpoint: o.endpointId }, o.latencyMs / 1000);
  }
}
