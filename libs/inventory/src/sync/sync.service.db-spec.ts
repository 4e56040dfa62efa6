import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '@interdict/config';
import { loadConfig } from '@interdict/config';
import type { InventoryConnector } from '@interdict/connectors';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { SourcesService } from '../sources/sources.service';
import { SyntheticFleetConnector, type SyntheticFleetOptions } from '@interdict/synthetic-fleet';
import { SyncHooks, type SyncSucceededEvent } from './sync-hooks';
import { SyncService } from './sync.service';

const FLEET: SyntheticFleetOptions = { devices: 300, appsPerDevice: 20, titles: 400, batchSize: 64 };

describe('SyncService', () => {
  let db: TestDatabase;
  let config: Config;
  let sources: SourcesService;
  let hooks: SyncHooks;
  let fleet: SyntheticFleetOptions;
  let connectorOverride: InventoryConnector | undefined;
  let sync: SyncService;
  let sourceId: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    config = loadConfig({
      configDir: join(__dirname, 'no-such-dir'),
      env: {
        INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SYNC_FLUSH_ROWS: '1000',
        SYNC_LEASE_MS: '1000',
      },
    });
    sources = new SourcesService(db.dataSource, config);
    hooks = new SyncHooks();
    fleet = { ...FLEET };
    connectorOverride = undefined;
    sync = new SyncService(
      db.dataSource,
      sources,
      hooks,
      config,
      () => connectorOverride ?? new SyntheticFleetConnector(fleet),
    );
    sourceId = (
      await sources.create({
        name: 'Contoso Intune',
        kind: 'intune',
        settings: { tenantId: 'contoso.example', clientId: 'c1' },
        secret: 's3cret',
      })
    ).id;
  });
  afterEach(() => db.drop());

  const scalar = async (sql: string, params: unknown[] = []) =>
    Number(Object.values((await db.dataSource.query(sql, params))[0] as Record<string, unknown>)[0]);

  it('stores a first full sync: every device and installation, counted on the run', async () => {
    const truth = new SyntheticFleetConnector(fleet);
    const run = await sync.syncSource(sourceId);
    expect(run.status).toBe('succeeded');
    expect(run.devicesSeen).toBe(300);
    expect(run.devicesNew).toBe(300);
    expect(run.installationsSeen).toBe(truth.expectedInstallations());
    expect(run.installationsNew).toBe(truth.expectedInstallations());
    expect(await db.count('device')).toBe(300);
    expect(await scalar(`SELECT count(*) FROM installation WHERE removed_at IS NULL`)).toBe(
      truth.expectedInstallations(),
    );
    const [stored] = await db.dataSource.query(`SELECT * FROM sync_run WHERE id = $1`, [run.runId]);
    expect(stored).toMatchObject({ status: 'succeeded', devices_seen: 300, error_code: null });
  });

  it('keeps names with tabs and backslashes intact through COPY', async () => {
    await sync.syncSource(sourceId);
    const names = await db.dataSource.query(`SELECT DISTINCT name FROM software WHERE name_norm = $1`, [
      'app 0\\tab',
    ]);
    expect(names).toEqual([{ name: 'App\t0\\tab' }]);
  });

  it('normalizes titles into one software row per platform, name, publisher and bundle id', async () => {
    await sync.syncSource(sourceId);
    expect(await scalar(`SELECT count(*) FROM software WHERE name_norm LIKE '%.app'`)).toBe(0);
    expect(
      await scalar(
        `SELECT count(*) FROM (SELECT identity_key FROM software GROUP BY 1 HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
  });

  it('is idempotent when the same day is synced twice', async () => {
    await sync.syncSource(sourceId);
    const before = await db.dataSource.query(
      `SELECT device_id, software_id, version, first_seen_at FROM installation ORDER BY 1, 2, 3`,
    );
    const again = await sync.syncSource(sourceId);
    expect(again).toMatchObject({
      status: 'succeeded',
      devicesNew: 0,
      installationsNew: 0,
      installationsRemoved: 0,
    });
    expect(
      await db.dataSource.query(
        `SELECT device_id, software_id, version, first_seen_at FROM installation ORDER BY 1, 2, 3`,
      ),
    ).toEqual(before);
    expect(await scalar(`SELECT count(*) FROM installation WHERE removed_at IS NOT NULL`)).toBe(0);
  });

  it('marks what a successful full walk no longer sees as removed, never deleting it', async () => {
    await sync.syncSource(sourceId);
    const total = await db.count('installation');
    fleet = { ...FLEET, day: 40 };
    const next = new SyntheticFleetConnector(fleet);
    const run = await sync.syncSource(sourceId);
    expect(run.status).toBe('succeeded');
    expect(run.devicesRemoved).toBe(0); // 300 × 0.1 % rounds to no churn
    expect(run.installationsRemoved).toBeGreaterThan(0);
    expect(run.installationsNew).toBe(run.installationsRemoved);
    expect(await db.count('installation')).toBe(total + run.installationsNew);
    expect(await scalar(`SELECT count(*) FROM installation WHERE removed_at IS NULL`)).toBe(
      next.expectedInstallations(),
    );
  });

  it('marks a device gone from a full walk removed, with its installations', async () => {
    fleet = { ...FLEET, devices: 2_000, appsPerDevice: 3 };
    await sync.syncSource(sourceId);
    fleet = { ...fleet, day: 1 };
    const run = await sync.syncSource(sourceId);
    expect(run.devicesRemoved).toBe(2);
    expect(run.devicesNew).toBe(2);
    const removed = await db.dataSource.query(
      `SELECT d.external_id, count(i.*) FILTER (WHERE i.removed_at IS NULL) AS active
       FROM device d LEFT JOIN installation i ON i.device_id = d.id WHERE d.removed_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(removed).toEqual([
      { external_id: 'dev-1-0', active: '0' },
      { external_id: 'dev-1-1', active: '0' },
    ]);
  });

  it('marks nothing removed after a partial walk, but records what it saw', async () => {
    await sync.syncSource(sourceId);
    fleet = { ...FLEET, day: 40, failAfterBatches: 2 };
    const run = await sync.syncSource(sourceId);
    expect(run.status).toBe('partial');
    expect(run.error).toMatchObject({ code: 'upstream_unavailable' });
    expect(run.devicesSeen).toBe(128);
    expect(run.installationsRemoved).toBe(0);
    expect(await scalar(`SELECT count(*) FROM installation WHERE removed_at IS NOT NULL`)).toBe(0);
    expect(await scalar(`SELECT count(*) FROM device WHERE removed_at IS NOT NULL`)).toBe(0);
  });

  it('changes nothing and records the error when the walk fails before any device', async () => {
    await sync.syncSource(sourceId);
    const snapshot = await db.dataSource.query(`SELECT * FROM installation ORDER BY 1, 2, 3`);
    fleet = { ...FLEET, failAfterBatches: 0 };
    const run = await sync.syncSource(sourceId);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'upstream_unavailable' } });
    expect(await db.dataSource.query(`SELECT * FROM installation ORDER BY 1, 2, 3`)).toEqual(snapshot);
  });

  it('changes nothing when the sync is aborted', async () => {
    const ctl = new AbortController();
    const slow = new SyntheticFleetConnector(fleet);
    connectorOverride = {
      kind: 'intune',
      check: () => slow.check(),
      requestCount: () => slow.requestCount(),
      async *devices(signal) {
        for await (const b of slow.devices(signal)) {
          yield b;
          ctl.abort();
        }
      },
    };
    const run = await sync.syncSource(sourceId, { signal: ctl.signal });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'sync_aborted' } });
    expect(await db.count('device')).toBe(0);
  });

  it('does not count unknown app lists as uninstalls', async () => {
    await sync.syncSource(sourceId);
    fleet = { ...FLEET, appsUnknownEvery: 3 };
    const run = await sync.syncSource(sourceId);
    expect(run.status).toBe('succeeded');
    expect(run.installationsRemoved).toBe(0);
  });

  it('writes sync.completed and sync.failed to the outbox with the run', async () => {
    await sync.syncSource(sourceId);
    fleet = { ...FLEET, failAfterBatches: 0 };
    await sync.syncSource(sourceId);
    const events = await db.dataSource.query(`SELECT type, payload FROM webhook_event ORDER BY occurred_at`);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['sync.completed', 'sync.failed']);
    expect(events[0].payload).toMatchObject({
      source: { id: sourceId, kind: 'intune' },
      status: 'succeeded',
    });
  });

  it('calls the after-sync hooks with the run once its data is committed', async () => {
    const seen: { e: SyncSucceededEvent; devices: number }[] = [];
    hooks.onSucceeded(async (e) => {
      seen.push({ e, devices: await db.count('device') });
    });
    const run = await sync.syncSource(sourceId);
    expect(seen).toEqual([{ e: { runId: run.runId, sourceId, fullWalk: true }, devices: 300 }]);
  });

  it('refuses to sync a source another worker holds', async () => {
    const other = db.dataSource.createQueryRunner();
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(6001, hashtext($1))`, [sourceId]);
    await expect(sync.syncSource(sourceId)).rejects.toMatchObject({ code: 'source_busy' });
    await other.release();
    expect(await db.count('sync_run')).toBe(0);
  });

  it('marks a run left running by a dead worker as failed before the next one starts', async () => {
    await db.dataSource.query(
      `INSERT INTO sync_run (source_id, status, lease_until) VALUES ($1, 'running', now() + interval '1 hour')`,
      [sourceId],
    );
    await sync.syncSource(sourceId);
    expect(await db.dataSource.query(`SELECT status, error_code FROM sync_run ORDER BY started_at`)).toEqual([
      { status: 'failed', error_code: 'worker_lost' },
      { status: 'succeeded', error_code: null },
    ]);
  });

  it('fails runs whose lease expired', async () => {
    await db.dataSource.query(
      `INSERT INTO sync_run (source_id, status, lease_until) VALUES ($1, 'running', now() - interval '1 second')`,
      [sourceId],
    );
    expect(await sync.failExpiredRuns()).toBe(1);
    expect(await scalar(`SELECT count(*) FROM webhook_event WHERE type = 'sync.failed'`)).toBe(1);
  });

  it('counts a Mac seen by two sources as one physical device with two records', async () => {
    const jamf = await sources.create({
      name: 'Jamf',
      kind: 'jamf',
      settings: { baseUrl: 'https://203.0.113.20', clientId: 'j' },
    });
    await sync.syncSource(sourceId);
    fleet = { ...FLEET, seed: 2 };
    await sync.syncSource(jamf.id);
    expect(await db.count('device')).toBe(600);
    expect(await scalar(`SELECT count(DISTINCT physical_key) FROM device`)).toBe(300);
  });
});
