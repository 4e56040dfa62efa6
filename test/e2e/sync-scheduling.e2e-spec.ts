import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig, type Config } from '@interdict/config';
import type { DatabaseRuntime } from '@interdict/database';
import {
  CONNECTOR_FACTORY,
  SourcesService,
  SyncHooks,
  SyncQueue,
  type SyncSucceededEvent,
} from '@interdict/inventory';
import { SyntheticFleetConnector } from '@interdict/synthetic-fleet';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { SourceScheduler } from '../../apps/worker/src/sync/source-scheduler';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker sync scheduling', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let config: Config;
  const succeeded: SyncSucceededEvent[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    config = loadConfig({
      configDir: join(__dirname, '..', 'support', 'no-config'),
      env: {
        DATABASE_URL: db.url,
        INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SYNC_POLL_INTERVAL_MS: '200',
        SYNC_LEASE_MS: '5000',
        EXPOSURE_RECOMPUTE_ON_START: 'false',
        WEBHOOKS_DELIVERY_ENABLED: 'false',
        REPORTS_SCHEDULES_ENABLED: 'false',
      },
    });
    const runtime: DatabaseRuntime = { dataSource: db.dataSource, url: db.url, close: async () => undefined };
    const moduleRef = await Test.createTestingModule({
      imports: [WorkerModule.register(config, runtime, { ownsDatabase: false })],
    })
      .overrideProvider(CONNECTOR_FACTORY)
      .useValue(() => new SyntheticFleetConnector({ devices: 50, appsPerDevice: 5, titles: 40 }))
      .compile();
    app = moduleRef.createNestApplication();
    await app.init();
    app.get(SyncHooks).onSucceeded(async (e) => {
      succeeded.push(e);
    });
  });
  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  it('syncs a source on its cron schedule and tells the after-sync hooks', async () => {
    const source = await app.get(SourcesService).create({
      name: 'every second',
      kind: 'intune',
      settings: { tenantId: 't', clientId: 'c' },
      schedule: '* * * * * *',
    });
    const run = await until('a scheduled run', async () => {
      const [r] = await db.dataSource.query(
        `SELECT status, trigger, devices_seen FROM sync_run WHERE source_id = $1 AND status <> 'running'`,
        [source.id],
      );
      return r as { status: string; trigger: string; devices_seen: number } | undefined;
    });
    expect(run).toEqual({ status: 'succeeded', trigger: 'schedule', devices_seen: 50 });
    await until('the hook', async () => (succeeded.some((e) => e.sourceId === source.id) ? true : undefined));
    await app.get(SourcesService).update(source.id, { enabled: false });
  });

  it('drops a schedule when the source loses it, and adds one for a new source, without restart', async () => {
    const sources = app.get(SourcesService);
    const scheduler = app.get(SourceScheduler);
    const a = await sources.create({
      name: 'nightly',
      kind: 'intune',
      settings: { tenantId: 't', clientId: 'c' },
      schedule: '0 2 * * *',
    });
    await until('registration', async () =>
      scheduler.scheduledSources().get(a.id) === '0 2 * * *' ? 1 : undefined,
    );
    await sources.update(a.id, { schedule: '0 3 * * *' });
    await until('change', async () =>
      scheduler.scheduledSources().get(a.id) === '0 3 * * *' ? 1 : undefined,
    );
    await sources.update(a.id, { schedule: null });
    await until('removal', async () => (scheduler.scheduledSources().has(a.id) ? undefined : 1));
  });

  it('coalesces overlapping "sync now" requests into one queued job', async () => {
    const source = await app.get(SourcesService).create({
      name: 'manual only',
      kind: 'intune',
      settings: { tenantId: 't', clientId: 'c' },
    });
    const queue = app.get(SyncQueue);
    const future = new Date(Date.now() + 3_600_000);
    const ids = await Promise.all([1, 2, 3].map(() => queue.requestSync(source.id, 'manual', future)));
    expect(new Set(ids).size).toBe(1);
    expect(
      Number(
        (await db.dataSource.query(`SELECT count(*) AS n FROM job WHERE key = $1`, [`sync:${source.id}`]))[0]
          .n,
      ),
    ).toBe(1);
  });

  it('serves sync metrics at /metrics', async () => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.text).toMatch(
      /interdict_sync_duration_seconds_count\{source="[0-9a-f-]+",status="succeeded"\} \d+/,
    );
    const rows = /interdict_sync_rows_total\{source="[0-9a-f-]+",kind="installations"\} (\d+)/.exec(res.text);
    expect(Number(rows?.[1]) % 250).toBe(0);
    expect(Number(rows?.[1])).toBeGreaterThan(0);
  });
});
