import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SecretBox, appendEvents, type OutboxEvent } from '@interdict/database';
import { OutboundPolicy } from '@interdict/outbound';
import {
  EndpointSecrets,
  TestReceiver,
  WebhookEndpointService,
  type ReceivedWebhook,
} from '@interdict/webhooks';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const root = join(__dirname, '..', '..');
const EVENTS = 4_000;

// kill -9 the delivery process mid-delivery, start it again: every event arrives at least once, and any event
// delivered twice carries the same webhook-id both times.
describe('webhook delivery survives kill -9', () => {
  let db: TestDatabase;
  let receiver: TestReceiver;
  let child: ChildProcess | undefined;
  const key = randomBytes(32);
  const received: ReceivedWebhook[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = new TestReceiver({
      keep: 10,
      responseDelayMs: 20,
      onDelivery: (d) => received.push(d),
    });
    await receiver.start();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await receiver?.stop();
    await db?.drop();
  });

  const startDeliveryProcess = () =>
    spawn(process.execPath, [join(root, 'dist/apps/worker/src/webhooks/deliver-webhooks.main.js')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        DATABASE_MIGRATE_ON_START: 'false',
        INTERDICT_CONFIG_DIR: join(root, 'test/support/no-config'),
        INTERDICT_ENCRYPTION_KEY: key.toString('base64'),
        WEBHOOKS_ALLOWLIST: '127.0.0.1',
        WEBHOOKS_LEASE_MS: '300',
        WEBHOOKS_POLL_INTERVAL_MS: '50',
        LOG_LEVEL: 'error',
      },
    });

  const until = async (check: () => Promise<boolean> | boolean, timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('delivers every event at least once across a crash, duplicates keeping their webhook-id', async () => {
    const endpoints = new WebhookEndpointService(
      db.dataSource,
      new EndpointSecrets(new SecretBox(key)),
      new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] }),
      24,
    );
    const { secret } = await endpoints.create(
      { name: 'crash', url: receiver.url, maxConcurrency: 32, timeoutMs: 1_000 },
      { name: 'test' },
    );
    receiver.setSecret(secret);
    const eventIds: string[] = [];
    for (let i = 0; i < EVENTS; i += 1_000) {
      const batch: OutboxEvent[] = Array.from({ length: 1_000 }, (_, n) => ({
        type: 'exposure.detected',
        payload: {
          exposureId: `f-${i + n}`,
          device: { id: `d${(i + n) % 500}`, name: `PC-${(i + n) % 500}` },
        },
        orderingKey: `device:d${(i + n) % 500}`,
        severity: 'high',
      }));
      eventIds.push(...(await db.dataSource.transaction((tx) => appendEvents(tx, batch))));
    }

    child = startDeliveryProcess();
    // Kill while deliveries are claimed and unanswered (each takes the receiver's 20 ms), not between two batches.
    const claimed = async () =>
      Number(
        (
          await db.dataSource.query(`SELECT count(*) AS n FROM webhook_delivery WHERE status = 'delivering'`)
        )[0].n,
      ) > 0;
    await until(async () => received.length >= EVENTS / 3 && (await claimed()), 60_000);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = received.length;
    const inFlight = Number(
      (await db.dataSource.query(`SELECT count(*) AS n FROM webhook_delivery WHERE status = 'delivering'`))[0]
        .n,
    );
    // The kill really interrupted deliveries: some were claimed and not yet recorded.
    expect(inFlight).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(EVENTS);

    child = startDeliveryProcess();
    await until(async () => {
      const n = Number(
        (
          await db.dataSource.query(`SELECT count(*) AS n FROM webhook_delivery WHERE status = 'delivered'`)
        )[0].n,
      );
      return n === EVENTS;
    }, 90_000);
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));

    const byId = new Map<string, ReceivedWebhook[]>();
    for (const d of received) byId.set(d.webhookId!, [...(byId.get(d.webhookId!) ?? []), d]);
    // None lost.
    expect(eventIds.filter((id) => !byId.has(id))).toEqual([]);
    // Nothing unknown, everything signed, and a duplicate is the same event under the same id.
    expect([...byId.keys()].filter((id) => !eventIds.includes(id))).toEqual([]);
    expect(received.every((d) => d.verified)).toBe(true);
    for (const [id, copies] of byId) {
      for (const c of copies) expect((JSON.parse(c.body) as { id: string }).id).toBe(id);
    }
    const duplicates = received.length - byId.size;
    process.stdout.write(
      `crash test: ${EVENTS} events, ${atKill} received before kill -9 (${inFlight} in flight), ${duplicates} duplicates after restart\n`,
    );
    expect(await db.count('webhook_delivery')).toBe(EVENTS);
  });
});
