import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '@interdict/config';
import type { DeviceBatch, InventoryConnector, InventoryDevice } from '@interdict/connectors';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { SourcesService } from '../sources/sources.service';
import { SyntheticFleetConnector } from '@interdict/synthetic-fleet';
import { FINGERPRINT_BUCKETS, titleBucket } from './inventory-stager';
import { SyncHooks } from './sync-hooks';
import { SyncService } from './sync.service';

/** An installation row with its tuple version (xmin changes on any write). */
interface InstallRow {
  external_id: string;
  name: string;
  version: string;
  install_path: string | null;
  removed_at: Date | null;
  first_seen_at: Date;
  last_seen_at: Date;
  xmin: string;
}

/** A connector over a fixed device list; `failAfter` devices, it fails (a partial walk). */
function listConnector(devices: InventoryDevice[], failAfter = -1): InventoryConnector {
  return {
    kind: 'intune',
    check: () => Promise.resolve({ ok: true, detail: 'list', latencyMs: 0 }),
    requestCount: () => 1,
    async *devices(): AsyncIterable<DeviceBatch> {
      const upTo = failAfter >= 0 ? failAfter : devices.length;
      // Two pages, so a partial walk can stop between them.
      for (let at = 0; at < upTo; at += 3) {
        await Promise.resolve();
        yield { devices: devices.slice(at, Math.min(upTo, at + 3)) };
      }
      if (failAfter >= 0) throw Object.assign(new Error('upstream 503'), { code: 'upstream_unavailable' });
    },
  };
}

/** Six devices × 5 apps from the synthetic generator, as plain data the tests can edit. */
async function baseFleet(): Promise<InventoryDevice[]> {
  const out: InventoryDevice[] = [];
  const gen = new SyntheticFleetConnector({ devices: 6, appsPerDevice: 5, titles: 50, batchSize: 6 });
  for await (const b of gen.devices(new AbortController().signal)) out.push(...b.devices);
  return out;
}

describe('SyncService fingerprints (resync touches only devices whose app list changed)', () => {
  let db: TestDatabase;
  let sync: SyncService;
  let sourceId: string;
  let walk: InventoryConnector;

  beforeEach(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      configDir: join(__dirname, 'no-such-dir'),
      env: { INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), SYNC_FLUSH_ROWS: '1000' },
    });
    const sources = new SourcesService(db.dataSource, config);
    sync = new SyncService(db.dataSource, sources, new SyncHooks(), config, () => walk);
    sourceId = (
      await sources.create({ name: 'Intune', kind: 'intune', settings: { tenantId: 't', clientId: 'c' } })
    ).id;
  });
  afterEach(() => db.drop());

  const rows = () =>
    db.dataSource.query<InstallRow[]>(
      `SELECT d.external_id, s.name, i.version, i.install_path, i.removed_at, i.first_seen_at, i.last_seen_at,
              i.xmin::text AS xmin
       FROM installation i JOIN device d ON d.id = i.device_id JOIN software s ON s.id = i.software_id
       ORDER BY 1, 2, 3`,
    );

  it('writes no installation row when no app list changed, even if the apps come in another order', async () => {
    const fleet = await baseFleet();
    walk = listConnector(fleet);
    await sync.syncSource(sourceId);
    const before = await rows();
    expect(before).toHaveLength(30);

    walk = listConnector(fleet.map((d) => ({ ...d, software: [...d.software].reverse() })));
    const run = await sync.syncSource(sourceId);
    expect(run).toMatchObject({ status: 'succeeded', installationsSeen: 30, installationsNew: 0 });
    expect(await rows()).toEqual(before);
    // The devices themselves were confirmed by this sync.
    const seen = await db.dataSource.query(`SELECT DISTINCT last_seen_at FROM device`);
    expect(seen).toEqual([{ last_seen_at: run.startedAt }]);
  });

  it('applies exactly the difference of a changed device and leaves the other devices untouched', async () => {
    const fleet = await baseFleet();
    walk = listConnector(fleet);
    await sync.syncSource(sourceId);
    const before = await rows();

    const target = fleet[2];
    const [dropped, bumped, moved, ...kept] = target.software;
    const changed: InventoryDevice = {
      ...target,
      software: [
        ...kept,
        { ...bumped, version: `${bumped.version}-hotfix` },
        { ...moved, installPath: 'C:\\Program Files\\Moved' },
        { ...kept[0], name: 'Brand New Tool', bundleId: null },
      ],
    };
    walk = listConnector(fleet.map((d) => (d === target ? changed : d)));
    const run = await sync.syncSource(sourceId);
    expect(run).toMatchObject({ status: 'succeeded', installationsNew: 2, installationsRemoved: 2 });

    const after = await rows();
    const untouched = (r: (typeof before)[number]) => r.external_id !== target.externalId;
    expect(after.filter(untouched)).toEqual(before.filter(untouched));
    const mine = after.filter((r) => r.external_id === target.externalId);
    const was = (name: string, version: string | null) =>
      before.find((r) => r.external_id === target.externalId && r.name === name && r.version === version)!;
    const now = (name: string, version: string | null) =>
      mine.find((r) => r.name === name && r.version === (version ?? ''));
    // Gone: marked removed, dated by the sync that last confirmed them.
    for (const gone of [dropped, bumped])
      expect(now(gone.name, gone.version)).toMatchObject({
        removed_at: run.startedAt,
        last_seen_at: before[0].last_seen_at,
      });
    expect(now(bumped.name, `${bumped.version}-hotfix`)).toMatchObject({
      removed_at: null,
      first_seen_at: run.startedAt,
    });
    expect(now('Brand New Tool', kept[0].version)).toMatchObject({
      removed_at: null,
      first_seen_at: run.startedAt,
    });
    expect(now(moved.name, moved.version)).toMatchObject({
      removed_at: null,
      install_path: 'C:\\Program Files\\Moved',
      first_seen_at: was(moved.name, moved.version).first_seen_at,
    });
    // Rows still listed as they were are not rewritten.
    for (const k of kept) expect(now(k.name, k.version)).toEqual(was(k.name, k.version));
  });

  it('removes a device gone from a full walk with its installations, and restores them when it returns', async () => {
    const fleet = await baseFleet();
    walk = listConnector(fleet);
    const first = await sync.syncSource(sourceId);
    const missing = fleet[4];

    walk = listConnector(fleet.filter((d) => d !== missing));
    const gone = await sync.syncSource(sourceId);
    expect(gone).toMatchObject({ devicesRemoved: 1, installationsRemoved: 5, installationsNew: 0 });
    const removed = (await rows()).filter((r) => r.external_id === missing.externalId);
    expect(removed.map((r) => r.removed_at)).toEqual(Array(5).fill(gone.startedAt));
    expect(removed.map((r) => r.last_seen_at)).toEqual(Array(5).fill(first.startedAt));

    walk = listConnector(fleet);
    const back = await sync.syncSource(sourceId);
    expect(back).toMatchObject({ devicesNew: 0, installationsNew: 0, installationsRemoved: 0 });
    const restored = (await rows()).filter((r) => r.external_id === missing.externalId);
    expect(restored.map((r) => r.removed_at)).toEqual(Array(5).fill(null));
    expect(restored.map((r) => r.first_seen_at)).toEqual(Array(5).fill(first.startedAt));
  });

  it('after a partial walk, diffs the devices it changed in full on the next complete walk', async () => {
    const fleet = await baseFleet();
    walk = listConnector(fleet);
    await sync.syncSource(sourceId);

    // The partial walk sees device 0 without one of its apps: nothing may be marked removed yet.
    const shorter: InventoryDevice = { ...fleet[0], software: fleet[0].software.slice(1) };
    const next = [shorter, ...fleet.slice(1)];
    walk = listConnector(next, 3);
    const partial = await sync.syncSource(sourceId);
    expect(partial).toMatchObject({ status: 'partial', installationsNew: 0, installationsRemoved: 0 });
    expect((await rows()).filter((r) => r.removed_at === null)).toHaveLength(30);

    // The same list in a complete walk: had the partial walk stored the device's new fingerprint, the device would
    // look unchanged now and the app would stay installed for ever.
    walk = listConnector(next);
    const full = await sync.syncSource(sourceId);
    expect(full).toMatchObject({ status: 'succeeded', installationsNew: 0, installationsRemoved: 1 });
    expect((await rows()).filter((r) => r.removed_at === null)).toHaveLength(29);
  });

  it('stages only the fingerprint buckets that changed, and reads back only those buckets', async () => {
    // One device with 120 apps: a version bump in one title moves one of its 8 buckets.
    const gen = new SyntheticFleetConnector({ devices: 1, appsPerDevice: 120, titles: 400, batchSize: 1 });
    const fleet: InventoryDevice[] = [];
    for await (const b of gen.devices(new AbortController().signal)) fleet.push(...b.devices);
    walk = listConnector(fleet);
    await sync.syncSource(sourceId);
    // Every row carries its title's bucket; the database's function (used for rows written by others) agrees.
    const titles = await db.dataSource.query<{ identity_key: string; bucket: number; stored: string }[]>(
      `SELECT s.identity_key, installation_title_bucket(s.id) AS bucket, array_agg(DISTINCT i.bucket)::text AS stored
       FROM software s JOIN installation i ON i.software_id = s.id GROUP BY s.id`,
    );
    expect(titles).toHaveLength(120);
    for (const t of titles) {
      expect(t.bucket).toBe(titleBucket(t.identity_key));
      expect(t.stored).toBe(`{${t.bucket}}`);
    }
    expect(new Set(titles.map((t) => t.bucket)).size).toBe(FINGERPRINT_BUCKETS);

    const [first, ...rest] = fleet[0].software;
    walk = listConnector([{ ...fleet[0], software: [...rest, { ...first, version: `${first.version}.1` }] }]);
    const run = await sync.syncSource(sourceId);
    expect(run).toMatchObject({ status: 'succeeded', installationsNew: 1, installationsRemoved: 1 });
    // A bucket holds about 120 / 8 rows; the whole list would be 120.
    expect(run.staging?.installationsStaged).toBeGreaterThan(0);
    expect(run.staging?.installationsStaged).toBeLessThan(40);
    const active = (await rows()).filter((r) => r.removed_at === null);
    expect(active).toHaveLength(120);
    expect(active.find((r) => r.name === first.name)?.version).toBe(`${first.version}.1`);
  });

  it('gives a row written without a bucket (tests, bulk loads) its title bucket, and diffs it like any other', async () => {
    const fleet = await baseFleet();
    walk = listConnector(fleet);
    await sync.syncSource(sourceId);
    const target = fleet[1];
    const [gone, ...kept] = target.software;
    // Rewritten by hand without a bucket: the trigger fills it in.
    await db.dataSource.query(`
      WITH old AS (DELETE FROM installation RETURNING *)
      INSERT INTO installation (device_id, software_id, version, install_path, first_seen_at, last_seen_at, removed_at)
      SELECT device_id, software_id, version, install_path, first_seen_at, last_seen_at, removed_at FROM old`);
    const [{ wrong }] = await db.dataSource.query<{ wrong: string }[]>(
      `SELECT count(*) AS wrong FROM installation WHERE bucket IS DISTINCT FROM installation_title_bucket(software_id)`,
    );
    expect(Number(wrong)).toBe(0);
    walk = listConnector(fleet.map((d) => (d === target ? { ...d, software: kept } : d)));
    const run = await sync.syncSource(sourceId);
    expect(run).toMatchObject({ status: 'succeeded', installationsNew: 0, installationsRemoved: 1 });
    const row = (await rows()).find((r) => r.external_id === target.externalId && r.name === gone.name);
    expect(row?.removed_at).toEqual(run.startedAt);
  });

  it('deletes the installations of deleted devices (source removal) and refuses to delete installed software', async () => {
    walk = listConnector(await baseFleet());
    await sync.syncSource(sourceId);
    await expect(db.dataSource.query(`DELETE FROM software`)).rejects.toThrow(/still installed/);
    await db.dataSource.query(`DELETE FROM source WHERE id = $1`, [sourceId]);
    expect(await db.count('device')).toBe(0);
    expect(await db.count('installation')).toBe(0);
  });
});
