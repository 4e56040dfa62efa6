import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SyntheticFleetConnector } from '@interdict/synthetic-fleet';
import { createTestDatabase, newSource, type TestDatabase } from '@interdict/testing';

// Needs `npm run build`: the syncing worker is a real process so it can be killed with SIGKILL mid-sync.
// The fleet comes from the in-process SyntheticFleetConnector (the HTTP connectors had not landed when this was written).
const dist = join(__dirname, '..', '..', 'dist');
const FLEET = { devices: 20_000, appsPerDevice: 30, titles: 2_000, batchSize: 500 };

const CHILD = `
require('reflect-metadata');
const { loadConfig } = require('@interdict/config');
const { createDataSource } = require('@interdict/database');
const { SourcesService, SyncHooks, SyncService } = require('@interdict/inventory');
const { SyntheticFleetConnector } = require('@interdict/synthetic-fleet');
const job = JSON.parse(process.argv[1]);
(async () => {
  const config = loadConfig({ configDir: '/nonexistent', env: { DATABASE_URL: job.url, INTERDICT_ENCRYPTION_KEY: job.key, SYNC_LEASE_MS: '3000' } });
  const ds = createDataSource({ url: job.url, poolSize: 3 });
  await ds.initialize();
  const sync = new SyncService(ds, new SourcesService(ds, config), new SyncHooks(), config,
    () => new SyntheticFleetConnector(job.fleet));
  const run = await sync.syncSource(job.sourceId);
  process.stdout.write(JSON.stringify(run));
  await ds.destroy();
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;

function startSync(job: object): { child: ChildProcess; result: Promise<{ status: string; runId: string }> } {
  const child = spawn(process.execPath, ['-e', CHILD, JSON.stringify(job)], {
    cwd: dist,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const result = new Promise<{ status: string; runId: string }>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve(JSON.parse(out) as { status: string; runId: string })
        : reject(new Error(`sync exited ${code ?? signal}`)),
    ),
  );
  return { child, result };
}

describe('sync crash safety', () => {
  let db: TestDatabase;
  afterAll(() => db?.drop());

  it('loses nothing and removes nothing wrongly when the worker is killed mid-sync', async () => {
    db = await createTestDatabase();
    const key = randomBytes(32).toString('base64');
    const sourceId = await newSource(db.dataSource, {
      kind: 'intune',
      name: 'crash',
      settings: { tenantId: 't', clientId: 'c' },
    });
    const job = (day: number) => ({ url: db.url, key, sourceId, fleet: { ...FLEET, day } });
    const active = async () =>
      (
        await db.dataSource.query(
          `SELECT (SELECT count(*) FROM device WHERE removed_at IS NULL)::int AS devices,
                  (SELECT count(*) FROM device WHERE removed_at IS NOT NULL)::int AS removed_devices,
                  (SELECT count(*) FROM installation WHERE removed_at IS NULL)::int AS installations,
                  (SELECT count(*) FROM installation WHERE removed_at IS NOT NULL)::int AS removed_installations`,
        )
      )[0] as Record<string, number>;

    expect((await startSync(job(0)).result).status).toBe('succeeded');
    const day0 = await active();
    expect(day0).toEqual({
      devices: FLEET.devices,
      removed_devices: 0,
      installations: new SyntheticFleetConnector({ ...FLEET, day: 0 }).expectedInstallations(),
      removed_installations: 0,
    });

    // Day 1 (20 devices retired, 20 enrolled, ~1 % of versions changed): kill -9 once staging is under way.
    const doomed = startSync(job(1));
    const killed = doomed.result.catch((e: unknown) => e);
    for (let i = 0; i < 600; i++) {
      const [r] = await db.dataSource.query(`SELECT 1 FROM sync_run WHERE status = 'running'`);
      if (r) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    await new Promise((res) => setTimeout(res, 700));
    doomed.child.kill('SIGKILL');
    expect(String(await killed)).toMatch(/SIGKILL/);
    expect(await active()).toEqual(day0);

    const again = await startSync(job(1)).result;
    expect(again.status).toBe('succeeded');
    const truth = new SyntheticFleetConnector({ ...FLEET, day: 1 });
    const day1 = await active();
    expect(day1.devices).toBe(FLEET.devices);
    expect(day1.removed_devices).toBe(20);
    expect(day1.installations).toBe(truth.expectedInstallations());
    expect(await db.dataSource.query(`SELECT status, error_code FROM sync_run ORDER BY started_at`)).toEqual([
      { status: 'succeeded', error_code: null },
      { status: 'failed', error_code: 'worker_lost' },
      { status: 'succeeded', error_code: null },
    ]);
  });
});
