import { randomBytes } from 'node:crypto';
import { SecretBox, appendEvents } from '@interdict/database';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { startDemoReceiver } from '../demo-receiver';
import { OutboundPolicy } from '@interdict/outbound';
import { EndpointSecrets } from './endpoint-secrets';
import { WebhookEndpointService } from './webhook-endpoint.service';

const admin = { name: 'alice' };

describe('WebhookEndpointService', () => {
  let db: TestDatabase;
  let service: WebhookEndpointService;
  let box: SecretBox;
  beforeEach(async () => {
    db = await createTestDatabase();
    box = new SecretBox(randomBytes(32));
    const policy = new OutboundPolicy({
      requireHttps: true,
      allowPrivate: false,
      allowlist: ['10.9.0.0/16'],
    });
    service = new WebhookEndpointService(db.dataSource, new EndpointSecrets(box), policy, 24);
  });
  afterEach(() => db.drop());

  it('creates an endpoint, shows the secret once and stores it sealed', async () => {
    const { endpoint, secret } = await service.create(
      {
        name: 'Splunk',
        url: 'https://10.9.1.2:8088/services/collector/event',
        format: 'splunk_hec',
        headers: { Authorization: 'Splunk tok-123' },
      },
      admin,
    );
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({
      name: 'Splunk',
      format: 'splunk_hec',
      headerNames: ['Authorization'],
      createdBy: 'alice',
      enabled: true,
    });
    expect(JSON.stringify(endpoint)).not.toContain('tok-123');
    expect(JSON.stringify(await service.get(endpoint.id))).not.toContain(secret.slice(6));
    const [row] = await db.dataSource.query<
      {
        secret_ciphertext: Buffer;
        headers_ciphertext: Buffer;
      }[]
    >(`SELECT secret_ciphertext, headers_ciphertext FROM webhook_endpoint`);
    expect(row.secret_ciphertext.toString('latin1')).not.toContain(secret.slice(6, 20));
    expect(row.headers_ciphertext.toString('latin1')).not.toContain('tok-123');
    expect(box.open(row.secret_ciphertext, `webhook:${endpoint.id}`)).toBe(secret);
  });

  it.each([
    [{ name: 'x', url: 'https://127.0.0.1/hook' }, 'unsafe_url', 'url'],
    [{ name: 'x', url: 'https://169.254.169.254/' }, 'unsafe_url', 'url'],
    [{ name: 'x', url: 'http://8.8.8.8/hook' }, 'unsafe_url', 'url'],
    [{ name: 'x', url: 'https://localhost/hook' }, 'unsafe_url', 'url'],
    [{ name: 'x', url: 'nope' }, 'invalid_endpoint', 'url'],
    [{ name: '', url: 'https://8.8.8.8/' }, 'invalid_endpoint', 'name'],
    [{ name: 'x', url: 'https://8.8.8.8/', format: 'xml' }, 'invalid_endpoint', 'format'],
    [
      { name: 'x', url: 'https://8.8.8.8/', eventTypes: ['exposure.detected', 'nope'] },
      'invalid_endpoint',
      'eventTypes[1]',
    ],
    [
      { name: 'x', url: 'https://8.8.8.8/', headers: { 'webhook-signature': 'x' } },
      'invalid_endpoint',
      'headers.webhook-signature',
    ],
    [
      { name: 'x', url: 'https://8.8.8.8/', headers: { 'X-Token': 'a\r\nInjected: 1' } },
      'invalid_endpoint',
      'headers.X-Token',
    ],
    [{ name: 'x', url: 'https://8.8.8.8/', timeoutMs: 100 }, 'invalid_endpoint', 'timeoutMs'],
    [
      { name: 'x', url: 'https://8.8.8.8/', digestWindowSeconds: 30 },
      'invalid_endpoint',
      'digestWindowSeconds',
    ],
    [
      { name: 'x', url: 'https://8.8.8.8/', digestWindowSeconds: 90_000 },
      'invalid_endpoint',
      'digestWindowSeconds',
    ],
    [
      { name: 'x', url: 'https://8.8.8.8/', digestWindowSeconds: 60.5 },
      'invalid_endpoint',
      'digestWindowSeconds',
    ],
  ])('refuses %j with %s on %s and stores nothing', async (input, code, field) => {
    await expect(service.create(input as never, admin)).rejects.toMatchObject({ code, field });
    expect(await db.count('webhook_endpoint')).toBe(0);
  });

  it('never echoes a header value in an error', async () => {
    await expect(
      service.create(
        { name: 'x', url: 'https://8.8.8.8/', headers: { Authorization: `Bearer s3cr3t\n` } },
        admin,
      ),
    ).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }));
  });

  it('takes a chat format with a digest window, and turns the digest off with 0 or null', async () => {
    const { endpoint } = await service.create(
      { name: 'chat', url: 'https://8.8.8.8/', format: 'teams', digestWindowSeconds: 300 },
      admin,
    );
    expect(endpoint).toMatchObject({ format: 'teams', digestWindowSeconds: 300 });
    expect(await service.update(endpoint.id, { digestWindowSeconds: 0 })).toMatchObject({
      digestWindowSeconds: null,
    });
    await service.update(endpoint.id, { digestWindowSeconds: 86_400, format: 'slack' });
    expect(await service.update(endpoint.id, { digestWindowSeconds: null })).toMatchObject({
      format: 'slack',
      digestWindowSeconds: null,
    });
    expect(
      (await service.create({ name: 'plain', url: 'https://8.8.8.8/' }, admin)).endpoint.digestWindowSeconds,
    ).toBe(null);
  });

  it('masks query-string values of the URL in views', async () => {
    const { endpoint } = await service.create(
      { name: 'chat', url: 'https://8.8.8.8/hook?token=abc&room=1' },
      admin,
    );
    expect(endpoint.url).toBe('https://8.8.8.8/hook?token=***&room=***');
  });

  it('updates fields, re-enables with the reason cleared, and reports unknown ids', async () => {
    const { endpoint } = await service.create({ name: 'a', url: 'https://8.8.8.8/' }, admin);
    await db.dataSource.query(`UPDATE webhook_endpoint SET enabled = false, disabled_reason = 'gone'`);
    const updated = await service.update(endpoint.id, {
      enabled: true,
      severities: ['high'],
      maxConcurrency: 16,
    });
    expect(updated).toMatchObject({
      enabled: true,
      disabledReason: null,
      severities: ['high'],
      maxConcurrency: 16,
    });
    await expect(service.update(endpoint.id, { url: 'https://10.1.1.1/' })).rejects.toMatchObject({
      code: 'unsafe_url',
    });
    await expect(service.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'endpoint_not_found',
    });
    await expect(service.remove('not-a-uuid')).rejects.toMatchObject({ code: 'endpoint_not_found' });
  });

  it('rotates the secret and keeps the old one signing for the grace period', async () => {
    const { endpoint, secret } = await service.create({ name: 'a', url: 'https://8.8.8.8/' }, admin);
    const rotated = await service.rotateSecret(endpoint.id, { graceHours: 2 });
    expect(rotated.secret).not.toBe(secret);
    expect(Date.parse(rotated.endpoint.previousSecretExpiresAt!)).toBeGreaterThan(Date.now() + 3_599_000);
    const [row] = await db.dataSource.query<
      {
        previous_secret_ciphertext: Buffer;
      }[]
    >(`SELECT previous_secret_ciphertext FROM webhook_endpoint`);
    expect(box.open(row.previous_secret_ciphertext, `webhook:${endpoint.id}`)).toBe(secret);
    const noGrace = await service.rotateSecret(endpoint.id, { graceHours: 0 });
    expect(noGrace.endpoint.previousSecretExpiresAt).toBeNull();
  });

  it('sends a test event to one endpoint only', async () => {
    const a = await service.create({ name: 'a', url: 'https://8.8.8.8/' }, admin);
    await service.create({ name: 'b', url: 'https://8.8.4.4/' }, admin);
    const { eventId, deliveryId } = await service.sendTest(a.endpoint.id, admin);
    const rows = await db.dataSource.query<Record<string, string>[]>(
      `SELECT id, event_id, endpoint_id FROM webhook_delivery`,
    );
    expect(rows).toEqual([{ id: deliveryId, event_id: eventId, endpoint_id: a.endpoint.id }]);
  });

  it('fans appended events out to endpoints whose filters accept them, in the caller transaction', async () => {
    const all = await service.create({ name: 'all', url: 'https://8.8.8.8/' }, admin);
    const kasperskyHigh = await service.create(
      { name: 'k', url: 'https://8.8.8.8/', productIds: ['kaspersky'], severities: ['high', 'critical'] },
      admin,
    );
    const syncOnly = await service.create(
      { name: 's', url: 'https://8.8.8.8/', eventTypes: ['sync.failed'] },
      admin,
    );
    await db.dataSource.transaction((tx) =>
      appendEvents(tx, [
        { type: 'exposure.detected', payload: {}, productId: 'kaspersky', severity: 'high' },
        { type: 'exposure.detected', payload: {}, productId: 'tiktok', severity: 'high' },
        { type: 'sync.failed', payload: {}, severity: 'medium' },
      ]),
    );
    const counts = await db.dataSource.query<{ endpoint_id: string; n: number }[]>(
      `SELECT endpoint_id, count(*)::int AS n FROM webhook_delivery GROUP BY endpoint_id`,
    );
    const n = (id: string) => counts.find((c) => c.endpoint_id === id)?.n ?? 0;
    expect([n(all.endpoint.id), n(kasperskyHigh.endpoint.id), n(syncOnly.endpoint.id)]).toEqual([3, 1, 1]);
    await expect(
      db.dataSource.transaction(async (tx) => {
        await appendEvents(tx, [{ type: 'report.ready', payload: {} }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.count('webhook_event')).toBe(3);
  });

  it('registers the demo receiver once, re-pointing and re-keying it on each start', async () => {
    const demoService = new WebhookEndpointService(
      db.dataSource,
      new EndpointSecrets(box),
      new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] }),
      24,
    );
    const first = await startDemoReceiver(demoService);
    await first.receiver.stop();
    const second = await startDemoReceiver(demoService);
    try {
      expect(second.endpointId).toBe(first.endpointId);
      expect((await demoService.get(second.endpointId)).url).toBe(second.receiver.url);
      expect(await db.count('webhook_endpoint')).toBe(1);
      const listing = (await (await fetch(second.receiver.url)).json()) as { total: number };
      expect(listing.total).toBe(0);
    } finally {
      await second.receiver.stop();
    }
  });
});
