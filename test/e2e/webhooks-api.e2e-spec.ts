import { Webhook } from 'standardwebhooks';
import { createDeliveryWorker, TestReceiver, type WebhookDeliveryWorker } from '@interdict/webhooks';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// Through HTTP with real keys and roles, then delivered by a real delivery worker to a loopback receiver.
describe('webhooks API', () => {
  let t: ApiTestApp;
  let receiver: TestReceiver;
  let worker: WebhookDeliveryWorker | undefined;
  beforeAll(async () => {
    t = await startApiTestApp({ WEBHOOKS_ALLOWLIST: '127.0.0.1', WEBHOOKS_POLL_INTERVAL_MS: '20' });
    receiver = new TestReceiver();
    await receiver.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.stop();
    await t?.close();
  });

  const until = async (check: () => Promise<boolean> | boolean) => {
    const end = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const endpointsStored = async () => t.db.count('webhook_endpoint');

  it('refuses a private URL with 400 unsafe_url naming the field, and stores nothing', async () => {
    const res = await t.call('/api/v1/webhooks', {
      method: 'POST',
      json: { name: 'x', url: 'http://10.0.0.5/hook' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'unsafe_url', field: 'url' });
    expect(await endpointsStored()).toBe(0);
  });

  it('refuses bad fields with 400 naming them', async () => {
    const res = await t.call('/api/v1/webhooks', {
      method: 'POST',
      json: { name: 'x', url: receiver.url, format: 'xml', eventTypes: ['nope'] },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('format');
    expect(error.message).toContain('eventTypes');
    const reserved = await t.call('/api/v1/webhooks', {
      method: 'POST',
      json: { name: 'x', url: receiver.url, headers: { 'Webhook-Signature': 'x' } },
    });
    expect(reserved.status).toBe(400);
    expect((await reserved.json()).error).toMatchObject({
      code: 'invalid_endpoint',
      field: 'headers.Webhook-Signature',
    });
    expect(await endpointsStored()).toBe(0);
  });

  it('refuses a digest window out of range with 400 naming digestWindowSeconds, and stores nothing', async () => {
    for (const digestWindowSeconds of [30, 86_401, 90.5, 'hourly']) {
      const res = await t.call('/api/v1/webhooks', {
        method: 'POST',
        json: { name: 'x', url: receiver.url, format: 'slack', digestWindowSeconds },
      });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.message).toContain('digestWindowSeconds');
      expect(error.details ?? [{ field: error.field }]).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'digestWindowSeconds' })]),
      );
    }
    expect(await endpointsStored()).toBe(0);
  });

  it('creates a Teams endpoint with a digest window, shows it, and turns it off with 0', async () => {
    const created = await t.call('/api/v1/webhooks', {
      method: 'POST',
      json: { name: 'teams', url: receiver.url, format: 'teams', digestWindowSeconds: 300 },
    });
    expect(created.status).toBe(201);
    const { endpoint } = await created.json();
    expect(endpoint).toMatchObject({ format: 'teams', digestWindowSeconds: 300 });
    const off = await t.call(`/api/v1/webhooks/${endpoint.id}`, {
      method: 'PATCH',
      json: { digestWindowSeconds: 0 },
    });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ digestWindowSeconds: null });
    expect((await t.call(`/api/v1/webhooks/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('lets only admins change endpoints', async () => {
    const res = await t.call('/api/v1/webhooks', {
      as: 'analyst',
      method: 'POST',
      json: { name: 'x', url: receiver.url },
    });
    expect(res.status).toBe(403);
    expect((await t.call('/api/v1/webhooks', { as: 'viewer' })).status).toBe(403);
    expect((await t.call('/api/v1/webhooks', { as: 'analyst' })).status).toBe(200);
  });

  it('creates, tests, logs, rotates, redelivers and removes an endpoint', async () => {
    const created = await t.call('/api/v1/webhooks', {
      method: 'POST',
      json: { name: 'SOC', url: receiver.url, headers: { Authorization: 'Splunk very-secret-token' } },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = await created.json();
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecret(secret);
    const listed = await (await t.call('/api/v1/webhooks', { as: 'analyst' })).text();
    expect(listed).toContain(endpoint.id);
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain('very-secret-token');

    const test = await (await t.call(`/api/v1/webhooks/${endpoint.id}/test`, { method: 'POST' })).json();
    worker = createDeliveryWorker(t.db.dataSource, t.config);
    worker.start();
    await until(() => receiver.deliveries().length === 1);
    const got = receiver.deliveries()[0];
    expect(got.webhookId).toBe(test.eventId);
    expect(got.verified).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'webhook.test', id: test.eventId });

    await until(async () => {
      const page = await (
        await t.call(`/api/v1/webhooks/${endpoint.id}/deliveries`, { as: 'analyst' })
      ).json();
      return page.items[0]?.status === 'delivered';
    });
    const page = await (await t.call(`/api/v1/webhooks/${endpoint.id}/deliveries`, { as: 'analyst' })).json();
    expect(page.items[0]).toMatchObject({ id: test.deliveryId, attempts: 1, lastStatusCode: 204 });
    expect(page.items[0].attemptLog[0]).toMatchObject({ statusCode: 204 });

    const rotated = await t.call(`/api/v1/webhooks/${endpoint.id}/rotate-secret`, {
      method: 'POST',
      json: { graceHours: 1 },
    });
    expect(rotated.status).toBe(201);
    const { secret: newSecret } = await rotated.json();
    expect(newSecret).not.toBe(secret);

    const again = await t.call(`/api/v1/webhook-deliveries/${test.deliveryId}/redeliver`, { method: 'POST' });
    expect(again.status).toBe(202);
    await until(() => receiver.deliveries().length === 2);
    // Same webhook-id on the redelivery, so the receiver can dedupe; it verifies with the old and the new secret.
    expect(receiver.deliveries()[1].webhookId).toBe(test.eventId);
    expect(receiver.deliveries()[1].verified).toBe(true);
    receiver.setSecret(newSecret);
    expect((await t.call(`/api/v1/webhooks/${endpoint.id}/test`, { method: 'POST' })).status).toBe(201);
    await until(() => receiver.deliveries().length === 3);
    expect(receiver.deliveries()[2].verified).toBe(true);

    expect(
      (await (await t.call(`/api/v1/webhooks/${endpoint.id}/redeliver-dead`, { method: 'POST' })).json())
        .requeued,
    ).toBe(0);
    expect(
      (
        await t.call(`/api/v1/webhook-deliveries/00000000-0000-4000-8000-000000000000/redeliver`, {
          method: 'POST',
        })
      ).status,
    ).toBe(404);

    expect((await t.call(`/api/v1/webhooks/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.call(`/api/v1/webhooks/${endpoint.id}`)).status).toBe(404);
  });

  it('serves the versioned JSON Schemas of every event to viewers', async () => {
    const res = await t.call('/api/v1/webhooks/event-schemas', { as: 'viewer' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body.events).sort()).toEqual(
      [
        'exposure.detected',
        'exposure.resolved',
        'exposure.overdue',
        'exposure.excepted',
        'sync.failed',
        'sync.completed',
        'report.ready',
        'webhook.test',
      ].sort(),
    );
    expect(body.events['exposure.detected'].$id).toBe('urn:interdict:event:exposure.detected:v2');
    expect(body.events['sync.failed'].$id).toBe('urn:interdict:event:sync.failed:v1');
  });

  it('signs so that the independent standardwebhooks package verifies what the receiver got', async () => {
    const raw = new TestReceiver();
    await raw.start();
    try {
      const { endpoint, secret } = await (
        await t.call('/api/v1/webhooks', {
          method: 'POST',
          json: { name: 'raw', url: raw.url, format: 'ecs' },
        })
      ).json();
      await t.call(`/api/v1/webhooks/${endpoint.id}/test`, { method: 'POST' });
      await until(() => raw.deliveries().length === 1);
      const d = raw.deliveries()[0];
      const headers = {
        'webhook-id': d.webhookId!,
        'webhook-timestamp': String(d.timestamp),
        'webhook-signature': d.signature!,
      };
      expect(new Webhook(secret).verify(d.body, headers)).toMatchObject({
        event: { action: 'webhook.test' },
      });
      expect(() => new Webhook(secret).verify(`${d.body} `, headers)).toThrow();
    } finally {
      await raw.stop();
    }
  });
});
