import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SyncHooks } from '@interdict/inventory';
import {
  createTestDatabase,
  newDevice,
  newInstallation,
  newSoftware,
  newSource,
  startWorkerModule,
  type TestDatabase,
} from '@interdict/testing';
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
    const source = await newSource(q, { kind: 'intune', name: 'Intune' });
    const device = await newDevice(q, { sourceId: source, externalId: 'd1', serial: 'X1Y2Z3' });
    const title = await newSoftware(q, {
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'AO Kaspersky Lab',
    });
    await newInstallation(q, { deviceId: device, softwareId: title, version: '12.3.0.493' });
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
