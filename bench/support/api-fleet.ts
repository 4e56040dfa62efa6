// The fleet the API and dashboard benches run against: 100k devices × 150 apps = 15M installations loaded straight
// into Postgres with COPY (keys and indexes rebuilt after), real matching + exposure recompute, 90 days of trend. The
// database `interdict_bench_api` is reused by later runs of the same scale (BENCH_RELOAD=1 rebuilds it).
// Scale: BENCH_DEVICES (100000), BENCH_APPS (150).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateApiKey } from '@interdict/auth';
import type { Config } from '@interdict/config';
import { copyRows, createDataSource, freePort } from '@interdict/database';
import { ExposureService, SnapshotService, SoftwareMatchingService } from '@interdict/exposure';
import { physicalKey } from '@interdict/inventory';
import { dropInstallationIndexes } from './installation-indexes';
import { shippedCatalog } from './shipped-catalog';

export const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
export const APPS = Number(process.env.BENCH_APPS ?? 150);
const GENERIC_TITLES = 50_000;
const DB_NAME = 'interdict_bench_api';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = join(__dirname, '..', '..', '..');
const log = (s: string) => process.stderr.write(`[bench:fleet] ${s}\n`);

/** The loaded fleet's database. */
export const dbUrl = (): string => {
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
};

/** Banned titles planted on a share of devices; the rest of the catalogue is generic. */
const BANNED = [
  {
    platform: 'windows',
    name: 'Kaspersky Endpoint Security for Windows',
    publisher: 'AO Kaspersky Lab',
    bundle: null,
    every: 33,
  },
  {
    platform: 'macos',
    name: 'Kaspersky Internet Security',
    publisher: 'Kaspersky Lab',
    bundle: 'com.kaspersky.kis',
    every: 29,
  },
  { platform: 'android', name: 'TikTok', publisher: null, bundle: 'com.zhiliaoapp.musically', every: 19 },
  {
    platform: 'ios',
    name: 'DeepSeek - AI Assistant',
    publisher: null,
    bundle: 'com.deepseek.chat',
    every: 23,
  },
] as const;
/** The platform mix of a generated bench fleet: device i runs FLEET_PLATFORMS[i % 10]. */
export const FLEET_PLATFORMS = [
  'windows',
  'windows',
  'windows',
  'macos',
  'macos',
  'ios',
  'android',
  'windows',
  'macos',
  'android',
];

// Long because it loads the fleet table by table with COPY, in dependency order, then rebuilds keys and indexes.
async function loadFleet(): Promise<{ loadMs: number; recomputeMs: number }> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const ds = createDataSource({ url: dbUrl(), poolSize: 4, applicationName: 'bench-api-load' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();

  const t0 = Date.now();
  const c = new Client({ connectionString: dbUrl() });
  await c.connect();
  const [{ id: intune }] = (
    await c.query(`INSERT INTO source (kind, name) VALUES ('intune', 'Bench Intune') RETURNING id`)
  ).rows;
  const [{ id: jamf }] = (
    await c.query(`INSERT INTO source (kind, name) VALUES ('jamf', 'Bench Jamf') RETURNING id`)
  ).rows;
  const now = new Date();
  const seen = new Date(now.getTime() - 5 * 86_400_000);
  await copyRows(
    c,
    'device (source_id, external_id, physical_key, name, serial_number, platform, user_principal_name, last_check_in_at, apps_reported, first_seen_at, last_seen_at)',
    (function* () {
      for (let i = 1; i <= DEVICES; i++) {
        const viaJamf = i % 20 === 0;
        const platform = viaJamf ? 'macos' : FLEET_PLATFORMS[i % 10];
        const checkIn = i % 97 === 0 ? new Date(now.getTime() - 40 * 86_400_000) : now;
        yield [
          viaJamf ? jamf : intune,
          `dev-${i}`,
          physicalKey(viaJamf ? jamf : intune, `dev-${i}`, `C02B${i}`),
          `DEV-${i}`,
          `C02B${i}`,
          platform,
          `user${i % 5000}@bench.test`,
          checkIn,
          i % 211 !== 0,
          seen,
          now,
        ];
      }
    })(),
  );
  await copyRows(
    c,
    'software (identity_key, platform, name, name_norm, publisher, bundle_id)',
    (function* () {
      for (let i = 0; i < GENERIC_TITLES; i++) {
        const name = `Generic App ${i}`;
        yield [randomUUID(), FLEET_PLATFORMS[i % 10], name, name.toLowerCase(), `Vendor ${i % 900}`, null];
      }
      for (const b of BANNED)
        yield [randomUUID(), b.platform, b.name, b.name.toLowerCase(), b.publisher, b.bundle];
    })(),
  );
  const bannedIds = new Map<string, number>();
  for (const r of (
    await c.query<{ id: string; platform: string }>(`SELECT id, platform FROM software WHERE id > $1`, [
      GENERIC_TITLES,
    ])
  ).rows) {
    bannedIds.set(r.platform, Number(r.id));
  }
  // Bulk load without per-row index work, then rebuild the indexes once (how a real backfill would do it).
  const rebuildIndexes = await dropInstallationIndexes(c);
  const deviceIds = (await c.query<{ min: string }>(`SELECT min(id) AS min FROM device`)).rows[0];
  const firstDevice = Number(deviceIds.min);
  log(
    `devices and titles loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s; copying ${DEVICES * APPS} installations…`,
  );
  // Each title's fingerprint bucket, as the sync writes it (the trigger would look it up row by row).
  const buckets = new Map<number, number>();
  for (const r of (
    await c.query<{ id: string; bucket: number }>(
      `SELECT id, installation_title_bucket(id) AS bucket FROM software`,
    )
  ).rows)
    buckets.set(Number(r.id), r.bucket);
  await copyRows(
    c,
    'installation (device_id, software_id, bucket, version, first_seen_at, last_seen_at)',
    (function* () {
      const firstSeen = seen.toISOString();
      const lastSeen = now.toISOString();
      for (let i = 1; i <= DEVICES; i++) {
        const deviceId = firstDevice + i - 1;
        const platform = i % 20 === 0 ? 'macos' : FLEET_PLATFORMS[i % 10];
        const base = (i * 7919) % GENERIC_TITLES;
        let apps = APPS;
        for (const b of BANNED) {
          if (b.platform === platform && i % b.every === 0) {
            const id = bannedIds.get(b.platform)!;
            yield [deviceId, id, buckets.get(id)!, '1.0', firstSeen, lastSeen];
            apps--;
          }
        }
        // 149 is prime and does not divide 50,000, so the k-th app differs for every k < 150.
        for (let k = 0; k < apps; k++) {
          const id = 1 + ((base + k * 149) % GENERIC_TITLES);
          yield [deviceId, id, buckets.get(id)!, `${k % 7}.0`, firstSeen, lastSeen];
        }
      }
    })(),
  );
  log(`installations copied at ${((Date.now() - t0) / 1000).toFixed(1)} s; rebuilding keys and indexes…`);
  await rebuildIndexes();
  await c.query(
    `INSERT INTO sync_run (source_id, status, started_at, finished_at, devices_seen) VALUES ($1, 'succeeded', now(), now(), $3), ($2, 'succeeded', now(), now(), $4)`,
    [intune, jamf, DEVICES - DEVICES / 20, DEVICES / 20],
  );
  await c.query(`VACUUM ANALYZE`);
  const loadMs = Date.now() - t0;
  log(`fleet loaded in ${(loadMs / 1000).toFixed(1)} s; recomputing exposure…`);

  const ds2 = createDataSource({ url: dbUrl(), poolSize: 4, applicationName: 'bench-api-recompute' });
  await ds2.initialize();
  const catalog = shippedCatalog();
  const t1 = Date.now();
  await new ExposureService(ds2, catalog, new SoftwareMatchingService(ds2, catalog)).recompute();
  const recomputeMs = Date.now() - t1;
  await new SnapshotService(ds2, { exposure: { staleAfterDays: 14 } } as unknown as Config).takeSnapshot();
  // 89 days of history so the trend has a shape (the bench does not time snapshot-taking).
  await ds2.query(
    `INSERT INTO exposure_snapshot (day, rule_id, product_id, platform, open_count, overdue_count, exposed_devices, devices_covered)
     SELECT current_date - g, '*', '*', '*', 1000 + g, 500, 900 + g, $1 FROM generate_series(1, 89) g ON CONFLICT DO NOTHING`,
    [DEVICES],
  );
  await ds2.query(`INSERT INTO system_state (key, value) VALUES ('bench:api', $1)`, [
    JSON.stringify({ devices: DEVICES, apps: APPS }),
  ]);
  await ds2.destroy();
  await c.end();
  return { loadMs, recomputeMs };
}

async function alreadyLoaded(): Promise<boolean> {
  if (process.env.BENCH_RELOAD === '1') return false;
  const c = new Client({ connectionString: dbUrl() });
  try {
    await c.connect();
    const r = await c.query<{ value: { devices: number; apps: number } }>(
      `SELECT value FROM system_state WHERE key = 'bench:api'`,
    );
    return r.rows[0]?.value.devices === DEVICES && r.rows[0]?.value.apps === APPS;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function startChild(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

export async function waitFor(url: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The fleet's counts, as the benches report them. */
export interface FleetCounts {
  devices: string;
  installations: string;
  exposures: string;
  open: string;
}

/** The real api process against the loaded fleet, with one API key of `role` made for the bench. */
export interface ApiAtScale {
  base: string;
  key: string;
  api: ChildProcess;
  /** How the fleet came to be: loaded now (with times) or reused. */
  load: string;
  counts: FleetCounts;
}

/** Loads the fleet unless a run of the same scale left it, then starts the api process (production mode) on it. */
export async function apiAtScale(role: 'viewer' | 'admin', name: string): Promise<ApiAtScale> {
  let load = 'reused the database loaded by an earlier run of the same scale';
  if (!(await alreadyLoaded())) {
    const { loadMs, recomputeMs } = await loadFleet();
    load = `loaded with COPY in ${(loadMs / 1000).toFixed(0)} s (keys and indexes rebuilt after), first exposure recompute ${(recomputeMs / 1000).toFixed(1)} s`;
  }
  const c = new Client({ connectionString: dbUrl() });
  await c.connect();
  const counts = (
    await c.query<FleetCounts>(
      `SELECT (SELECT count(*) FROM device) AS devices, (SELECT count(*) FROM installation) AS installations,
              (SELECT count(*) FROM exposure) AS exposures, (SELECT count(*) FROM exposure WHERE status = 'open') AS open`,
    )
  ).rows[0];
  // Autovacuum would analyze the freshly recomputed exposures within a minute; without stats the planner may pick a
  // slow plan for the first page.
  await c.query(`ANALYZE exposure, exposure_evidence, software_match, exposure_snapshot, device`);
  await c.query(`DELETE FROM api_key WHERE name IN ($1, 'probe')`, [name]);
  const key = generateApiKey();
  await c.query(
    `INSERT INTO api_key (name, prefix, key_hash, role, created_by) VALUES ($1, $2, $3, $4, 'bench')`,
    [name, key.prefix, key.hash, role],
  );
  await c.end();

  const port = await freePort();
  const api = startChild([join(root, 'dist', 'apps', 'api', 'src', 'main.js')], {
    DATABASE_URL: dbUrl(),
    DATABASE_POOL_SIZE: '10',
    API_PORT: String(port),
    LOG_LEVEL: 'warn',
    // The limiter runs on every request (a bucket take), set far above the load so it never refuses.
    AUTH_RATE_LIMIT_PER_SECOND: '1000000',
    AUTH_RATE_LIMIT_BURST: '1000000',
    AUTH_BOOTSTRAP_ADMIN_KEY: 'false',
    INTERDICT_CONFIG_DIR: join(root, 'test', 'support', 'no-config'),
    INTERDICT_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-api-')),
    INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    NODE_ENV: 'production',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/ready`);
  return { base, key: key.key, api, load, counts };
}
