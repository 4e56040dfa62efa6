import { setMaxListeners } from 'node:events';
import type { DataSource } from 'typeorm';
import { getLogger, RepeatedFailureLog } from '@interdict/logger';
import type { EndpointSecrets } from '../endpoints/endpoint-secrets';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { renderDigest, renderEvent, type WebhookFormat } from '../formats/render';
import type { FormatContext, OutgoingEvent, RenderedBody } from '../formats/outgoing-event';
import type { HttpSender, OutboundResult } from '../outbound/http-sender';
import { OutboundError, type OutboundPolicy } from '@interdict/outbound';
import { signedHeaders } from '../signing/signature';
import { WebhookError } from '../webhooks.errors';
import { afterFailure, type RetryPolicy } from '@interdict/database';
import {
  DeliveryRepository,
  type AttemptOutcome,
  type ClaimedDelivery,
  type ClaimedDigestDelivery,
} from './delivery.repository';
import {
  DIGEST_LIMITS,
  digestAttempts,
  digestOfDeliveries,
  digestsByEndpoint,
  spreadOutcome,
} from './digest-delivery';
import { observeOutcomes } from './delivery.metrics';

/** How one worker process delivers. */
export interface DeliveryWorkerOptions {
  /** Requests in flight in this process, across endpoints. */
  concurrency: number;
  /** Deliveries claimed per round trip. */
  batchSize: number;
  pollIntervalMs: number;
  leaseMs: number;
  responseBodyCapBytes: number;
  retry: RetryPolicy;
  context: FormatContext;
}

interface EndpointRuntime {
  url: URL;
  format: WebhookFormat;
  keys: Buffer[];
  headers: Record<string, string>;
  timeoutMs: number;
  updatedAt: number;
  loadedAt: number;
}

/** What every outcome of one attempt carries. */
type AttemptBase = Pick<AttemptOutcome, 'id' | 'endpointId' | 'attemptedAt'>;
/** What an attempt's outcome depends on: which delivery (or digest head), and its attempt count. */
type AttemptOf = Pick<ClaimedDelivery, 'id' | 'endpoint_id' | 'attempts'>;

const log = getLogger('WebhookDeliveryWorker');
const REAP_EVERY_MS = 5_000;
// Keys are re-read at least this often so a rotation's grace period ends on time.
const ENDPOINT_CACHE_MS = 60_000;
const FLUSH_BATCH = 64;
const FLUSH_WAIT_MS = 10;

/**
 * The delivery loop: claims due deliveries in batches, POSTs them concurrently (signed, in the endpoint's format)
 * and writes outcomes back in batches. Memory holds only what is in flight, whatever the outbox size.
 */
export class WebhookDeliveryWorker {
  private readonly deliveries = new DeliveryRepository();
  private readonly endpointRepo = new EndpointRepository();
  private readonly endpoints = new Map<string, EndpointRuntime>();
  private abort = new AbortController();
  private loopDone: Promise<void> | null = null;
  private readonly loopFailures = new RepeatedFailureLog(
    log,
    'webhook delivery loop failed; retrying in 1 s',
  );
  private inflight = 0;
  private results: AttemptOutcome[] = [];
  private wakeUp: (() => void) | null = null;
  private lastReap = 0;
  private lastDigestClaim = 0;
  private idleWaitMs = 0;

  constructor(
    private readonly db: DataSource,
    private readonly secrets: EndpointSecrets,
    private readonly policy: OutboundPolicy,
    private readonly sender: HttpSender,
    private readonly opts: DeliveryWorkerOptions,
  ) {}

  /** Starts the loop in the background. */
  start(): void {
    if (this.loopDone) return;
    this.abort = new AbortController();
    // Every request in flight listens for shutdown on this one signal.
    setMaxListeners(0, this.abort.signal);
    this.loopDone = this.loop();
    log.info(
      { concurrency: this.opts.concurrency, batchSize: this.opts.batchSize },
      'webhook delivery started',
    );
  }

  /** Stops claiming, aborts requests in flight (they return to the queue), records outcomes, closes connections. */
  async stop(): Promise<void> {
    if (!this.loopDone) return;
    this.abort.abort();
    this.wake();
    await this.loopDone;
    while (this.inflight > 0) await sleep(5);
    await this.flush();
    this.loopDone = null;
    this.sender.close();
    log.info('webhook delivery stopped');
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (Date.now() - this.lastReap > REAP_EVERY_MS) {
          this.lastReap = Date.now();
          const reaped = await this.deliveries.reapExpiredLeases(this.db);
          if (reaped) log.warn({ reaped }, 'webhook deliveries with expired leases returned to the queue');
        }
        // With few slots free, let completions gather so outcomes are written in batches, not row by row.
        const fewFree = this.opts.concurrency - this.inflight < this.opts.concurrency / 4;
        if (fewFree && this.inflight > 0 && this.results.length < FLUSH_BATCH)
          await this.waitForWake(FLUSH_WAIT_MS);
        // Recording and claiming are independent round trips (on two pool connections): run them together.
        const flushing = this.flush();
        const free = this.opts.concurrency - this.inflight;
        if (free <= 0) {
          await flushing;
          await this.waitForWake(this.opts.pollIntervalMs);
          continue;
        }
        const claimed = await this.deliveries.claim(
          this.db,
          Math.min(free, this.opts.batchSize),
          this.opts.leaseMs,
        );
        const digests = await this.claimDigestsWhenDue(free - claimed.length);
        this.loopFailures.succeeded();
        await flushing;
        if (!claimed.length && !digests.length) {
          // Busy outbox: another worker may just hold the endpoint's claim lock, so look again soon; idle: back off.
          this.idleWaitMs = Math.min(this.opts.pollIntervalMs, this.idleWaitMs ? this.idleWaitMs * 2 : 5);
          await this.waitForWake(this.idleWaitMs);
          continue;
        }
        this.idleWaitMs = 0;
        const endpoints = await this.endpointsFor([...claimed, ...digests.flat()]);
        for (const d of claimed)
          this.track(this.deliver(d, endpoints.get(d.endpoint_id), signal).then((o) => [o]));
        for (const rows of digests)
          this.track(this.deliverDigest(rows, endpoints.get(rows[0].endpoint_id), signal));
      } catch (err) {
        if (signal.aborted) break;
        this.loopFailures.failed(err);
        await this.waitForWake(1_000);
      }
    }
  }

  /** Counts one request in flight until its outcomes are in the batch to record. */
  private track(outcomes: Promise<AttemptOutcome[]>): void {
    this.inflight++;
    void outcomes.then((done) => {
      this.results.push(...done);
      this.inflight--;
      if (this.results.length >= FLUSH_BATCH || this.inflight === 0) this.wake();
    });
  }

  /** Digest endpoints' whole digests, looked for once per poll interval (windows are a minute or more). */
  private async claimDigestsWhenDue(free: number): Promise<ClaimedDigestDelivery[][]> {
    if (free <= 0 || Date.now() - this.lastDigestClaim < this.opts.pollIntervalMs) return [];
    this.lastDigestClaim = Date.now();
    return digestsByEndpoint(await this.deliveries.claimDigests(this.db, this.opts.leaseMs, DIGEST_LIMITS));
  }

  private async flush(): Promise<void> {
    if (!this.results.length) return;
    const batch = this.results;
    this.results = [];
    observeOutcomes(batch);
    try {
      await this.deliveries.record(this.db, batch);
    } catch (err) {
      // Not recorded: the leases expire and the deliveries are sent again (at least once), so nothing is lost.
      log.error({ err, outcomes: batch.length }, 'could not record webhook delivery outcomes');
    }
  }

  /** One attempt at one delivery, always as an outcome to record: errors become a retry, dead or released. */
  private deliver(
    d: ClaimedDelivery,
    ep: EndpointRuntime | undefined,
    signal: AbortSignal,
  ): Promise<AttemptOutcome> {
    return this.attempt(d, ep, (runtime) =>
      this.post(runtime, d.event_id, renderEvent(runtime.format, toOutgoing(d), this.opts.context), signal),
    );
  }

  /**
   * One request for a whole digest; its outcome is recorded on every delivery in it (each shows the attempt in the
   * delivery log). Signed with the digest's id, which stays the same while the set of deliveries does.
   */
  private async deliverDigest(
    rows: ClaimedDigestDelivery[],
    ep: EndpointRuntime | undefined,
    signal: AbortSignal,
  ): Promise<AttemptOutcome[]> {
    const max = this.opts.retry.maxAttempts;
    const head = { id: rows[0].id, endpoint_id: rows[0].endpoint_id, attempts: digestAttempts(rows, max) };
    let digestId = '';
    const outcome = await this.attempt(head, ep, (runtime) => {
      const digest = digestOfDeliveries(rows);
      digestId = digest.id;
      log.info({ endpointId: head.endpoint_id, digestId, deliveries: rows.length }, 'sending webhook digest');
      return this.post(runtime, digest.id, renderDigest(runtime.format, digest, this.opts.context), signal);
    });
    return spreadOutcome(rows, outcome, digestId || head.id, max);
  }

  /** Runs one request and turns whatever happens into an outcome for `d` (a delivery, or a digest's head). */
  private async attempt(
    d: AttemptOf,
    ep: EndpointRuntime | undefined,
    send: (ep: EndpointRuntime) => Promise<OutboundResult>,
  ): Promise<AttemptOutcome> {
    const base = { id: d.id, endpointId: d.endpoint_id, attemptedAt: new Date() };
    if (!ep) return this.failed(d, base, { error: 'endpoint not found' });
    try {
      return this.outcomeOf(d, base, await send(ep));
    } catch (err) {
      // A policy refusal stands until someone changes the URL or the allowlist: retrying it 12 times helps nobody.
      if (err instanceof OutboundError)
        return this.failed(
          d,
          base,
          { error: `refused by the outbound policy: ${err.message}` },
          err.isPermanent,
        );
      if (!(err instanceof WebhookError))
        log.error({ err, deliveryId: d.id }, 'webhook delivery failed unexpectedly');
      return this.failed(d, base, { error: err instanceof WebhookError ? err.message : 'internal error' });
    }
  }

  /** Signs a rendered body as `webhookId` and POSTs it to the address the policy pinned. */
  private async post(
    ep: EndpointRuntime,
    webhookId: string,
    rendered: RenderedBody,
    signal: AbortSignal,
  ): Promise<OutboundResult> {
    const pinned = await this.policy.resolve(ep.url);
    return this.sender.send({
      url: ep.url,
      pinned,
      headers: {
        ...ep.headers,
        'content-type': rendered.contentType,
        'user-agent': `Interdict-Webhooks/${this.opts.context.version}`,
        ...signedHeaders(ep.keys, webhookId, rendered.body),
      },
      body: rendered.body,
      timeoutMs: ep.timeoutMs,
      bodyCapBytes: this.opts.responseBodyCapBytes,
      signal,
    });
  }

  /** What the receiver's answer means: 2xx delivered, 410 gone (the endpoint is disabled), else a failure. */
  private outcomeOf(d: AttemptOf, base: AttemptBase, res: OutboundResult): AttemptOutcome {
    const answer = { statusCode: res.statusCode, latencyMs: res.latencyMs, excerpt: res.responseExcerpt };
    if (res.aborted)
      return {
        ...base,
        outcome: 'released',
        statusCode: null,
        latencyMs: null,
        excerpt: null,
        error: null,
        nextAttemptAt: new Date(),
      };
    if (res.statusCode !== null && res.statusCode >= 200 && res.statusCode < 300)
      return { ...base, ...answer, outcome: 'delivered', error: null, nextAttemptAt: null };
    if (res.statusCode === 410) {
      log.warn(
        { endpointId: d.endpoint_id, deliveryId: d.id },
        'receiver answered 410 Gone; endpoint disabled',
      );
      return {
        ...base,
        ...answer,
        outcome: 'gone',
        error: 'receiver answered 410 Gone',
        nextAttemptAt: null,
      };
    }
    return this.failed(d, base, { ...answer, error: res.error ?? `receiver answered ${res.statusCode}` });
  }

  /** A failed attempt: retried after a backoff, or dead once the attempts (or a permanent refusal) say so. */
  private failed(
    d: AttemptOf,
    base: AttemptBase,
    failure: {
      error: string;
      statusCode?: number | null;
      latencyMs?: number | null;
      excerpt?: string | null;
    },
    permanent = false,
  ): AttemptOutcome {
    const { error } = failure;
    const next = permanent
      ? ({ dead: true } as const)
      : afterFailure(this.opts.retry, d.attempts, base.attemptedAt);
    if (next.dead)
      log.warn(
        { deliveryId: d.id, endpointId: d.endpoint_id, attempts: d.attempts, error },
        'webhook delivery dead',
      );
    return {
      ...base,
      outcome: next.dead ? 'dead' : 'retry',
      statusCode: failure.statusCode ?? null,
      latencyMs: failure.latencyMs ?? null,
      excerpt: failure.excerpt ?? null,
      error,
      nextAttemptAt: next.dead ? null : next.nextAttemptAt,
    };
  }

  /** Endpoint settings with opened secrets, cached while the row is unchanged. */
  private async endpointsFor(
    claimed: Pick<ClaimedDelivery, 'endpoint_id' | 'endpoint_updated_at'>[],
  ): Promise<Map<string, EndpointRuntime>> {
    const now = Date.now();
    const stale = new Set<string>();
    for (const d of claimed) {
      const hit = this.endpoints.get(d.endpoint_id);
      if (!hit || hit.updatedAt !== d.endpoint_updated_at.getTime() || now - hit.loadedAt > ENDPOINT_CACHE_MS)
        stale.add(d.endpoint_id);
    }
    if (stale.size) {
      for (const row of await this.endpointRepo.findByIds(this.db, [...stale])) {
        this.endpoints.set(row.id, {
          url: new URL(row.url),
          format: row.format,
          keys: this.secrets.signingKeys(row),
          headers: this.secrets.headers(row),
          timeoutMs: row.timeout_ms,
          updatedAt: row.updated_at.getTime(),
          loadedAt: now,
        });
      }
    }
    return this.endpoints;
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private waitForWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      const previous = this.wakeUp;
      this.wakeUp = () => {
        previous?.();
        done();
      };
    });
  }
}

function toOutgoing(d: ClaimedDelivery): OutgoingEvent {
  return {
    id: d.event_id,
    type: d.type,
    schemaVersion: d.schema_version,
    occurredAt: d.occurred_at,
    orderingKey: d.ordering_key,
    productId: d.product_id,
    severity: d.severity,
    payload: d.payload,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
