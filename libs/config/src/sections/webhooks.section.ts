import { bool, hostOrCidr, int, list } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readWebhooks(r: SettingReader) {
  return {
    /** The worker runs the delivery loop. */
    deliveryEnabled: r.read('webhooks.deliveryEnabled', bool, {
      env: 'WEBHOOKS_DELIVERY_ENABLED',
      default: true,
    }),
    /** Hosts or CIDRs that endpoints may reach even though they are private, loopback or link-local. */
    allowlist: r.read('webhooks.allowlist', list(hostOrCidr), { env: 'WEBHOOKS_ALLOWLIST', default: [] }),
    /** Delay before each retry in seconds; the last value repeats until maxAttempts. Jitter ±20 % is added. */
    retryScheduleSeconds: r.read('webhooks.retryScheduleSeconds', list(int(1, 7 * 86_400)), {
      env: 'WEBHOOKS_RETRY_SCHEDULE_SECONDS',
      default: [10, 30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 57_600, 86_400],
    }),
    /** Attempts (first try included) before a delivery becomes dead. */
    maxAttempts: r.read('webhooks.maxAttempts', int(1, 100), { env: 'WEBHOOKS_MAX_ATTEMPTS', default: 12 }),
    /** Bytes of a receiver's response read (and kept in the delivery log); the rest is discarded. */
    responseBodyCapBytes: r.read('webhooks.responseBodyCapBytes', int(0, 65_536), {
      env: 'WEBHOOKS_RESPONSE_BODY_CAP_BYTES',
      default: 2_048,
    }),
    /** Requests in flight per worker process, across all endpoints. */
    deliveryConcurrency: r.read('webhooks.deliveryConcurrency', int(1, 1_000), {
      env: 'WEBHOOKS_DELIVERY_CONCURRENCY',
      default: 128,
    }),
    /** Deliveries claimed per database round trip. */
    claimBatchSize: r.read('webhooks.claimBatchSize', int(1, 5_000), {
      env: 'WEBHOOKS_CLAIM_BATCH_SIZE',
      default: 500,
    }),
    /** How often an idle worker looks for due deliveries. */
    pollIntervalMs: r.read('webhooks.pollIntervalMs', int(10, 60_000), {
      env: 'WEBHOOKS_POLL_INTERVAL_MS',
      default: 250,
    }),
    /** Lease on a claimed delivery beyond the endpoint's timeout; a crashed worker's deliveries return after it. */
    leaseMs: r.read('webhooks.leaseMs', int(100, 3_600_000), { env: 'WEBHOOKS_LEASE_MS', default: 30_000 }),
    /** How long the old secret keeps signing after a rotation, unless the request says otherwise. */
    rotationGraceHours: r.read('webhooks.rotationGraceHours', int(0, 24 * 30), {
      env: 'WEBHOOKS_ROTATION_GRACE_HOURS',
      default: 24,
    }),
  };
}
