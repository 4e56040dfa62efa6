import { randomBytes } from 'node:crypto';
import { SecretBox, appendEvents, type OutboxEvent } from '@interdict/database';
import { OutboundPolicy } from '@interdict/outbound';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { EndpointSecrets } from '../endpoints/endpoint-secrets';
import type { NewWebhookEndpoint } from '../endpoints/endpoint-input';
import { WebhookEndpointService } from '../endpoints/webhook-endpoint.service';
import { HttpSender } from '../outbound/http-sender';
import { TestReceiver, type ReceivedWebhook } from '../test-receiver';
import { DeliveryRepository } from './delivery.repository';
import { DIGEST_LIMITS } from './digest-delivery';
import { WebhookDeliveryWorker, type DeliveryWorkerOptions } from './webhook-delivery.worker';

// Digest mode on real Postgres and real HTTP on loopback: many events of a digest endpoint go out as one request once
// the window has passed, with every delivery's attempt in the log. The window is "passed" by moving the
// deliveries' created_at back, not by waiting a minute.
const options: DeliveryWorkerOptions = {
  concurrency: 8,
  batchSize: 100,
  pollIntervalMs: 20,
  leaseMs: 5_000,
  responseBodyCapBytes: 64,
  retry: { scheduleSeconds: [3600], maxAttempts: 3 },
  context: {
    source: 'interdict',
    host: 'test-host',
    version: '0.1.0',
    dashboardUrl: 'https://interdict.example.com',
  },
};

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const exposure = (n: number, product = 'kaspersky'): OutboxEvent => ({
  type: 'exposure.detected',
  payload: {
    exposureId: `${n}`,
    device: { id: `${n}`, name: `PC-${n}` },
    product: { id: product, name: product === 'kaspersky' ? 'Kaspersky Endpoint Security' : 'TikTok' },
    rules: [{ id: 'US-BIS-FD', standing: 'binding' }],
    dueAt: '2026-12-28T00:00:00.000Z',
  },
  orderingKey: `device:${n}`,
  productId: product,
  severity: 'high',
});

describe('webhook digests', () => {
  let db: TestDatabase;
  let secrets: EndpointSecrets;
  let endpoints: WebhookEndpointService;
  const workers: WebhookDeliveryWorker[] = [];
  const receivers: TestReceiver[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    secrets = new EndpointSecrets(new SecretBox(randomBytes(32)));
    endpoints = new WebhookEndpointService(db.dataSource, secrets, loopback(), 24);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
    await db.drop();
  });

  function loopback(): OutboundPolicy {
    return new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] });
  }
  const startWorker = () => {
    const w = new WebhookDeliveryWorker(db.dataSource, secrets, loopback(), new HttpSender(), options);
    workers.push(w);
    w.start();
    return w;
  };
  const receiver = async (respond?: (d: ReceivedWebhook) => number) => {
    const r = new TestReceiver({ keep: 100, respond });
    receivers.push(r);
    await r.start();
    return r;
  };
  const digestEndpoint = async (r: TestReceiver, extra: Partial<NewWebhookEndpoint> = {}) => {
    const created = await endpoints.create(
      { name: 'chat', url: r.url, format: 'slack', digestWindowSeconds: 60, ...extra },
      { name: 'admin' },
    );
    r.setSecret(created.secret);
    return created.endpoint.id;
  };
  const emit = (events: OutboxEvent[]) => db.dataSource.transaction((tx) => appendEvents(tx, events));
  const windowPassed = () =>
    db.dataSource.query(`UPDATE webhook_delivery SET created_at = created_at - interval '61 seconds'`);
  const counts = async (endpointId: string) =>
    Object.fromEntries(
      (
        await db.dataSource.query<{ status: string; n: number }[]>(
          `SELECT status, count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1 GROUP BY status`,
          [endpointId],
        )
      ).map((r) => [r.status, r.n]),
    ) as Record<string, number>;
  const attemptsLogged = async (endpointId: string) =>
    (
      await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
         WHERE d.endpoint_id = $1`,
        [endpointId],
      )
    )[0].n;

  it('sends 10,000 events of a first sync as one signed message once the window has passed', async () => {
    const r = await receiver();
    const id = await digestEndpoint(r);
    await emit(Array.from({ length: 10_000 }, (_, n) => exposure(n, n % 10 ? 'kaspersky' : 'tiktok')));
    startWorker();
    // Within the window nothing goes out.
    await new Promise((res) => setTimeout(res, 300));
    expect(r.deliveries()).toHaveLength(0);
    await windowPassed();
    await until(async () => (await counts(id)).delivered === 10_000);
    expect(r.deliveries()).toHaveLength(1);
    const [got] = r.deliveries();
    expect(got.verified).toBe(true);
    const body = JSON.parse(got.body) as { text: string; blocks: unknown[] };
    expect(body.text).toContain('Interdict digest: 10,000 events (10,000 banned software detected)');
    expect(JSON.stringify(body.blocks)).toContain('Kaspersky Endpoint Security* — 9,000');
    expect(JSON.stringify(body.blocks)).toContain('… and 9,990 more');
    expect(await attemptsLogged(id)).toBe(10_000);
  });

  it('retries a digest the receiver refused, all deliveries together, then delivers them in one message', async () => {
    let down = true;
    const r = await receiver(() => (down ? 503 : 204));
    const id = await digestEndpoint(r);
    await emit(Array.from({ length: 300 }, (_, n) => exposure(n)));
    await windowPassed();
    startWorker();
    await until(async () => (await counts(id)).pending === 300 && r.deliveries().length === 1);
    const retries = await db.dataSource.query<
      { attempts: number; next_attempt_at: Date; last_status_code: number }[]
    >(
      `SELECT DISTINCT attempts, next_attempt_at, last_status_code FROM webhook_delivery WHERE endpoint_id = $1`,
      [id],
    );
    // One retry time for the whole digest, on the backoff schedule (1 h ±20 %).
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempts: 1, last_status_code: 503 });
    expect(retries[0].next_attempt_at.getTime() - Date.now()).toBeGreaterThan(0.75 * 3_600_000);
    // Events that arrive meanwhile wait for the retry and join it.
    await emit([exposure(300), exposure(301)]);
    await new Promise((res) => setTimeout(res, 200));
    expect(r.deliveries()).toHaveLength(1);
    down = false;
    await db.dataSource.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'`);
    await until(async () => (await counts(id)).delivered === 302);
    expect(r.deliveries()).toHaveLength(2);
    expect(JSON.parse(r.deliveries()[1].body)).toMatchObject({ text: expect.stringContaining('302 events') });
    expect(await attemptsLogged(id)).toBe(300 * 2 + 2);
  });

  it('marks a digest dead after maxAttempts, every delivery in it', async () => {
    const r = await receiver(() => 500);
    const id = await digestEndpoint(r);
    await emit(Array.from({ length: 50 }, (_, n) => exposure(n)));
    await windowPassed();
    startWorker();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await until(() => r.deliveries().length === attempt);
      await until(async () => !(await counts(id)).delivering);
      await db.dataSource.query(
        `UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'`,
      );
    }
    await until(async () => (await counts(id)).dead === 50);
    expect(await attemptsLogged(id)).toBe(150);
  });

  it('loses nothing when the worker sending a digest dies: the lease expires and another worker sends it', async () => {
    const r = await receiver();
    const id = await digestEndpoint(r);
    await emit(Array.from({ length: 500 }, (_, n) => exposure(n)));
    await windowPassed();
    // A worker claimed the digest and was killed before recording anything (kill -9): only Postgres knows.
    const claimed = await new DeliveryRepository().claimDigests(db.dataSource, 60_000, DIGEST_LIMITS);
    expect(claimed).toHaveLength(500);
    expect(await counts(id)).toEqual({ delivering: 500 });
    startWorker();
    // While the dead worker's lease lasts, nobody sends: one digest in flight per endpoint.
    await new Promise((res) => setTimeout(res, 300));
    expect(r.deliveries()).toHaveLength(0);
    await db.dataSource.query(`UPDATE webhook_delivery SET lease_until = now() - interval '1 second'`);
    await until(async () => (await counts(id)).delivered === 500);
    expect(r.deliveries()).toHaveLength(1);
    expect(JSON.parse(r.deliveries()[0].body)).toMatchObject({ text: expect.stringContaining('500 events') });
  });

  it('sends a JSON digest as CloudEvents batches of at most 1,000, every event once and in order', async () => {
    const r = await receiver();
    const id = await digestEndpoint(r, { format: 'json' });
    const ids = await emit(Array.from({ length: 2_500 }, (_, n) => exposure(n)));
    await windowPassed();
    startWorker();
    await until(async () => (await counts(id)).delivered === 2_500);
    expect(r.deliveries().map((d) => d.contentType)).toEqual(
      Array(3).fill('application/cloudevents-batch+json'),
    );
    const sent = r.deliveries().flatMap((d) => (JSON.parse(d.body) as { id: string }[]).map((e) => e.id));
    expect(sent).toEqual(ids);
  });

  it('keeps one message per event for an endpoint without a digest window', async () => {
    const r = await receiver();
    const { endpoint } = await endpoints.create(
      { name: 'plain', url: r.url, format: 'slack' },
      { name: 'admin' },
    );
    await emit([exposure(1), exposure(2), exposure(3)]);
    startWorker();
    await until(async () => (await counts(endpoint.id)).delivered === 3);
    expect(r.deliveries()).toHaveLength(3);
    expect(JSON.parse(r.deliveries()[0].body)).toMatchObject({
      text: 'Banned software detected: Kaspersky Endpoint Security detected on PC-1 (due 2026-12-28)',
    });
  });
});
