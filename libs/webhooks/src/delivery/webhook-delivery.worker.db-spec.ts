import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { SecretBox, appendEvents, type OutboxEvent } from '@interdict/database';
import { metricsRegistry } from '@interdict/logger';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { EndpointSecrets } from '../endpoints/endpoint-secrets';
import type { NewWebhookEndpoint } from '../endpoints/endpoint-input';
import { WebhookEndpointService } from '../endpoints/webhook-endpoint.service';
import { HttpSender } from '../outbound/http-sender';
import { OutboundPolicy } from '@interdict/outbound';
import { TestReceiver, type ReceivedWebhook } from '../test-receiver';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDeliveryWorker, type DeliveryWorkerOptions } from './webhook-delivery.worker';

// Real Postgres, real HTTP on loopback; signatures checked with the independent standardwebhooks package.
const loopbackPolicy = () =>
  new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] });
const options: DeliveryWorkerOptions = {
  concurrency: 32,
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

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const exposure = (device: string, n: number): OutboxEvent => ({
  type: 'exposure.detected',
  payload: {
    exposureId: `f-${n}`,
    device: { id: device, name: `PC-${device}` },
    software: { name: 'Kaspersky' },
    rule: { id: 'r1' },
  },
  orderingKey: `device:${device}`,
  productId: 'kaspersky',
  severity: 'high',
});

describe('WebhookDeliveryWorker', () => {
  let db: TestDatabase;
  let secrets: EndpointSecrets;
  let endpoints: WebhookEndpointService;
  let deliveries: WebhookDeliveryService;
  const workers: WebhookDeliveryWorker[] = [];
  const servers: { stop(): Promise<void> }[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    secrets = new EndpointSecrets(new SecretBox(randomBytes(32)));
    endpoints = new WebhookEndpointService(db.dataSource, secrets, loopbackPolicy(), 24);
    deliveries = new WebhookDeliveryService(db.dataSource);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await db.drop();
  });

  const startWorker = (opts: Partial<DeliveryWorkerOptions> = {}, policy = loopbackPolicy()) => {
    const w = new WebhookDeliveryWorker(db.dataSource, secrets, policy, new HttpSender(), {
      ...options,
      ...opts,
    });
    workers.push(w);
    w.start();
    return w;
  };
  const receiver = async (opts: ConstructorParameters<typeof TestReceiver>[0] = {}) => {
    const r = new TestReceiver({ keep: 10_000, ...opts });
    servers.push(r);
    await r.start();
    return r;
  };
  const endpointFor = async (r: TestReceiver, extra: Partial<NewWebhookEndpoint> = {}) => {
    const created = await endpoints.create({ name: 'test', url: r.url, ...extra }, { name: 'admin' });
    r.setSecret(created.secret);
    return created;
  };
  const emit = (events: OutboxEvent[]) => db.dataSource.transaction((tx) => appendEvents(tx, events));
  const statusOf = async (endpointId: string) =>
    (await deliveries.listDeliveries(endpointId, { limit: 200 })).items;

  it('delivers a committed event, signed so that standardwebhooks verifies it, and logs the attempt', async () => {
    const r = await receiver();
    const { endpoint } = await endpointFor(r);
    const [eventId] = await emit([exposure('d1', 1)]);
    startWorker();
    await until(() => r.deliveries().length === 1);
    const got = r.deliveries()[0];
    expect(got.webhookId).toBe(eventId);
    expect(got.contentType).toBe('application/json');
    // The receiver's own check; the independent standardwebhooks check is in the rotation test below.
    expect(got.verified).toBe(true);
    const body = JSON.parse(got.body) as Record<string, unknown>;
    expect(body).toMatchObject({ specversion: '1.0', id: eventId, type: 'exposure.detected' });
    await until(async () => (await statusOf(endpoint.id))[0]?.status === 'delivered');
    const [d] = await statusOf(endpoint.id);
    expect(d).toMatchObject({ eventId, attempts: 1, lastStatusCode: 204 });
    expect(d.attemptLog).toEqual([
      expect.objectContaining({ statusCode: 204, latencyMs: expect.any(Number) }),
    ]);
    const metric = await metricsRegistry.getSingleMetricAsString('interdict_webhook_attempts_total');
    expect(metric).toContain(
      `interdict_webhook_attempts_total{endpoint="${endpoint.id}",outcome="delivered"} 1`,
    );
  });

  it('signs with both secrets during a rotation (standardwebhooks accepts either)', async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    const server = await rawServer((headers, body) => {
      seen.push({ headers, body });
      return 204;
    });
    const created = await endpoints.create({ name: 'raw', url: server.url }, { name: 'admin' });
    const rotated = await endpoints.rotateSecret(created.endpoint.id, { graceHours: 1 });
    await emit([{ type: 'sync.completed', payload: { runId: 'r' } }]);
    startWorker();
    await until(() => seen.length === 1);
    const { headers, body } = seen[0];
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(created.secret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(rotated.secret).verify(body, headers)).toBeTruthy();
    expect(() => new Webhook(`whsec_${randomBytes(24).toString('base64')}`).verify(body, headers)).toThrow();
  });

  it('sends a CEF line with the custom headers to a cef endpoint', async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    const server = await rawServer((headers, body) => {
      seen.push({ headers, body });
      return 200;
    });
    await endpoints.create(
      { name: 'cef', url: server.url, format: 'cef', headers: { Authorization: 'Splunk abc' } },
      { name: 'admin' },
    );
    await emit([exposure('d1', 1)]);
    startWorker();
    await until(() => seen.length === 1);
    expect(seen[0].headers.authorization).toBe('Splunk abc');
    expect(seen[0].headers['content-type']).toContain('text/plain');
    expect(seen[0].body).toMatch(/^CEF:0\|Interdict\|Interdict\|0\.1\.0\|exposure\.detected\|/);
  });

  it('retries a failed delivery later with the response excerpt capped, then marks it dead after maxAttempts', async () => {
    const r = await receiver({ respond: () => 503 });
    const { endpoint } = await endpointFor(r);
    await emit([exposure('d1', 1)]);
    startWorker();
    await until(
      async () => (await statusOf(endpoint.id))[0]?.status === 'pending' && r.deliveries().length === 1,
    );
    let [d] = await statusOf(endpoint.id);
    expect(d).toMatchObject({ attempts: 1, lastStatusCode: 503, lastError: 'receiver answered 503' });
    // Retry schedule is 1 h ±20 %.
    expect(Date.parse(d.nextAttemptAt!) - Date.now()).toBeGreaterThan(0.75 * 3_600_000);
    for (let attempt = 2; attempt <= 3; attempt++) {
      await db.dataSource.query(
        `UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'`,
      );
      // Wait for the outcome to be recorded (attempts count at claim time, the state changes when recorded).
      await until(async () => {
        const [now] = await statusOf(endpoint.id);
        return now?.attempts === attempt && now.status !== 'delivering' && r.deliveries().length === attempt;
      });
    }
    await until(async () => (await statusOf(endpoint.id))[0]?.status === 'dead');
    [d] = await statusOf(endpoint.id);
    expect(d.attemptLog).toHaveLength(3);
  });

  it('keeps only the capped start of a long response body', async () => {
    const server = await rawServer(() => 500, 'x'.repeat(10_000));
    const { endpoint } = await endpoints.create({ name: 'big', url: server.url }, { name: 'admin' });
    await emit([exposure('d1', 1)]);
    startWorker();
    await until(async () => (await statusOf(endpoint.id))[0]?.attemptLog.length === 1);
    expect((await statusOf(endpoint.id))[0].attemptLog[0].responseExcerpt).toBe('x'.repeat(64));
  });

  it('disables the endpoint when the receiver answers 410 Gone', async () => {
    const r = await receiver({ respond: () => 410 });
    const { endpoint } = await endpointFor(r);
    await emit([exposure('d1', 1), exposure('d2', 2)]);
    startWorker({ concurrency: 1 });
    await until(async () => !(await endpoints.get(endpoint.id)).enabled);
    expect((await endpoints.get(endpoint.id)).disabledReason).toContain('410');
    expect((await statusOf(endpoint.id)).map((d) => d.status).sort()).toContain('dead');
  });

  it('follows no redirect (a 302 is a failed attempt)', async () => {
    const target = await receiver();
    const server = await rawServer(() => 302, '', { location: target.url });
    const { endpoint } = await endpoints.create({ name: 'redir', url: server.url }, { name: 'admin' });
    await emit([exposure('d1', 1)]);
    startWorker();
    await until(async () => (await statusOf(endpoint.id))[0]?.lastStatusCode === 302);
    expect(target.deliveries()).toHaveLength(0);
  });

  it('times out a receiver that never answers', async () => {
    const server = await rawServer(() => null);
    const { endpoint } = await endpoints.create(
      { name: 'slow', url: server.url, timeoutMs: 500 },
      { name: 'admin' },
    );
    await emit([exposure('d1', 1)]);
    startWorker();
    await until(async () => (await statusOf(endpoint.id))[0]?.lastError === 'timed out after 500 ms');
  });

  it('refuses at delivery time an address the policy does not allow: dead at once, with the reason', async () => {
    const r = await receiver();
    const { endpoint } = await endpointFor(r);
    await emit([exposure('d1', 1)]);
    startWorker({}, new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: [] }));
    await until(async () => /private, loopback/.test((await statusOf(endpoint.id))[0]?.lastError ?? ''));
    // A refusal stands until the URL or the allowlist changes: no retries scheduled.
    expect((await statusOf(endpoint.id))[0]).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: expect.stringMatching(/^refused by the outbound policy: /),
    });
    expect(r.deliveries()).toHaveLength(0);
  });

  it('redelivers one dead delivery, and all dead deliveries of an endpoint', async () => {
    let fail = true;
    const r = await receiver({ respond: () => (fail ? 500 : 204) });
    const { endpoint } = await endpointFor(r);
    await emit([exposure('d1', 1), exposure('d2', 2), exposure('d3', 3)]);
    startWorker({ retry: { scheduleSeconds: [1], maxAttempts: 1 } });
    await until(async () => (await statusOf(endpoint.id)).every((d) => d.status === 'dead'));
    fail = false;
    const [first] = await statusOf(endpoint.id);
    await deliveries.redeliver(first.id);
    await until(
      async () => (await statusOf(endpoint.id)).filter((d) => d.status === 'delivered').length === 1,
    );
    await expect(deliveries.redeliverDead(endpoint.id)).resolves.toEqual({ requeued: 2 });
    await until(async () => (await statusOf(endpoint.id)).every((d) => d.status === 'delivered'));
    await expect(deliveries.redeliver('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'delivery_not_found',
    });
  });

  it('delivers events of one ordering key in order, holding later ones while an earlier one is retried', async () => {
    let failFirst = true;
    const r = await receiver({
      respond: (d) => {
        const id = (JSON.parse(d.body) as { data: { exposureId: string } }).data.exposureId;
        if (id === 'f-0' && failFirst) {
          failFirst = false;
          return 503;
        }
        return 204;
      },
    });
    const { endpoint } = await endpointFor(r, { maxConcurrency: 16 });
    await emit(Array.from({ length: 20 }, (_, n) => exposure(n < 10 ? 'A' : `other-${n}`, n)));
    startWorker();
    await until(() => r.deliveries().length >= 11);
    await new Promise((res) => setTimeout(res, 200));
    const exposureIds = () =>
      r.deliveries().map((d) => (JSON.parse(d.body) as { data: { exposureId: string } }).data.exposureId);
    // Only f-0 of key A went out (and failed); f-1..f-9 wait behind it.
    expect(exposureIds().filter((f) => Number(f.slice(2)) < 10)).toEqual(['f-0']);
    await db.dataSource.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'pending'`);
    await until(() => r.deliveries().length === 21);
    expect(exposureIds().filter((f) => Number(f.slice(2)) < 10)).toEqual([
      'f-0',
      ...Array.from({ length: 10 }, (_, i) => `f-${i}`),
    ]);
    await until(async () => (await statusOf(endpoint.id)).every((d) => d.status === 'delivered'));
  });

  it('never lets two workers send the same delivery (FOR UPDATE SKIP LOCKED)', async () => {
    const got: ReceivedWebhook[] = [];
    const r = await receiver({ onDelivery: (d) => got.push(d) });
    await endpointFor(r, { maxConcurrency: 64 });
    await emit(Array.from({ length: 600 }, (_, n) => ({ ...exposure(`d${n}`, n), orderingKey: undefined })));
    startWorker();
    startWorker();
    await until(() => got.length >= 600, 30_000);
    await new Promise((res) => setTimeout(res, 300));
    expect(got).toHaveLength(600);
    expect(new Set(got.map((d) => d.webhookId)).size).toBe(600);
    expect(got.every((d) => d.verified)).toBe(true);
  });

  it('keeps an endpoint within its concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await rawServer(
      () =>
        new Promise<number>((resolve) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          setTimeout(() => {
            inFlight--;
            resolve(204);
          }, 30);
        }),
    );
    const { endpoint } = await endpoints.create(
      { name: 'c', url: server.url, maxConcurrency: 3 },
      { name: 'admin' },
    );
    await emit(Array.from({ length: 60 }, (_, n) => ({ ...exposure(`d${n}`, n), orderingKey: undefined })));
    // Four workers racing for one endpoint: a claim that counted in-flight rows under a stale snapshot overshot here.
    for (let w = 0; w < 4; w++) startWorker();
    await until(async () => (await statusOf(endpoint.id)).every((d) => d.status === 'delivered'));
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  async function rawServer(
    respond: (headers: Record<string, string>, body: string) => number | null | Promise<number>,
    responseBody = '',
    extraHeaders: Record<string, string> = {},
  ): Promise<{ url: string; stop(): Promise<void> }> {
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void Promise.resolve(
          respond(req.headers as Record<string, string>, Buffer.concat(chunks).toString('utf8')),
        ).then((status) => {
          if (status === null) return; // never answers
          res.writeHead(status, extraHeaders).end(responseBody);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const handle = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      stop: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    servers.push(handle);
    return handle;
  }
});
