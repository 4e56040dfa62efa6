import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SyncHooks } from '@interdict/inventory';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { startWorkerModule } from '../../../../test/support/worker-module';
import { ExposureScheduler } from './exposure-scheduler';
import { ExposureWorkerModule } from './exposure-worker.module';

// The worker wiring with the shipped catalog on a real database: a successful sync triggers the recompute.
describe('ExposureWorkerModule', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startWorkerModule(db, ExposureWorkerModule, {
      CATALOG_DIR: join(__dirname, '..', '..', '..', '..', 'config', 'catalog'),
      EXPOSURE_RECOMPUTE_ON_START: 'false',
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('recomputes exposure and snapshots the day when a sync succeeds', async () => {
    const q = db.dataSource;
    const [{ id: source }] = await q.query(
      `INSERT INTO source (kind, name) VALUES ('intune', 'Intune') RETURNING id`,
    );
    const [{ id: device }] = await q.query(
      `INSERT INTO device (source_id, external_id, physical_key, platform, first_seen_at, last_seen_at, last_check_in_at, apps_reported)
       VALUES ($1, 'd1', 'serial:X1', 'windows', now(), now(), now(), true) RETURNING id`,
      [source],
    );
    const [{ id: title }] = await q.query(
      `INSERT INTO software (identity_key, platform, name, name_norm, publisher)
       VALUES (gen_random_uuid(), 'windows', 'Kaspersky Endpoint Security for Windows', 'kaspersky endpoint security for windows', 'AO Kaspersky Lab') RETURNING id`,
    );
    await q.query(
      `INSERT INTO installation (device_id, software_id, version, first_seen_at, last_seen_at) VALUES ($1, $2, '12.3.0.493', now(), now())`,
      [device, title],
    );
    expect(await app.get(SyncHooks).emitSucceeded({ runId: 'r1', sourceId: source, fullWalk: true })).toBe(0);
    const open: { product_id: string; rule_ids: string[]; due_at: Date | null }[] = await q.query(
      `SELECT product_id, rule_ids, due_at FROM exposure WHERE status = 'open'`,
    );
    // One exposure for the device and product, whatever the number of rules: the default profile (a private US
    // business) is bound by the Commerce ban and advised by the federal and Texas rules.
    expect(open).toHaveLength(1);
    expect(open[0].product_id).toBe('kaspersky-endpoint-security');
    expect(open[0].rule_ids).toEqual(expect.arrayContaining(['US-BIS-FD', 'US-FAR-52.204-23']));
    expect(open[0].due_at).not.toBeNull();
    expect(await db.count('exposure_snapshot')).toBeGreaterThan(1);
  });

  it('registers the daily cron, and a second run the same day opens no new exposure', async () => {
    expect(app.get(SchedulerRegistry).getCronJob('exposure-daily')).toBeDefined();
    expect(app.get(SchedulerRegistry).getCronJob('exposure-hourly')).toBeDefined();
    await app.get(ExposureScheduler).run('daily');
    expect(await db.count('exposure')).toBe(1);
  });
});
