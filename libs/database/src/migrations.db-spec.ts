import type { QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { MIGRATIONS } from './migrations';
import { ExposureUnit1764400000000 } from './migrations/1764400000000-ExposureUnit';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  const tables = async () =>
    (
      await db.dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration' ORDER BY 1`,
      )
    ).map((r) => r.table_name);

  it('apply, revert completely, and apply again', async () => {
    await db.dataSource.runMigrations();
    const applied = await tables();
    expect(applied).toEqual(
      expect.arrayContaining([
        'source',
        'sync_run',
        'device',
        'software',
        'installation',
        'exposure',
        'exposure_evidence',
        'exception',
        'exposure_snapshot',
        'report',
        'report_schedule',
        'webhook_endpoint',
        'webhook_delivery',
        'api_key',
        'audit_log',
      ]),
    );
    expect(await db.dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < db.dataSource.migrations.length; i++) await db.dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);

    await db.dataSource.runMigrations();
    expect(await tables()).toEqual(applied);
  });

  it('keeps one active exposure per physical device and product', async () => {
    const [{ id: sourceId }] = await db.dataSource.query(
      `INSERT INTO source (kind, name) VALUES ('jamf', 'j') RETURNING id`,
    );
    const [{ id: deviceId }] = await db.dataSource.query(
      `INSERT INTO device (source_id, external_id, physical_key, platform, first_seen_at, last_seen_at)
       VALUES ($1, '1', 'SERIAL1', 'macos', now(), now()) RETURNING id`,
      [sourceId],
    );
    const insertExposure = (status: string) =>
      db.dataSource.query(
        `INSERT INTO exposure (physical_key, product_id, device_id, status, severity, first_detected_at, last_detected_at)
         VALUES ('SERIAL1', 'kaspersky-consumer', $1, $2, 'critical', now(), now())`,
        [deviceId, status],
      );
    await insertExposure('resolved');
    await insertExposure('open');
    await expect(insertExposure('excepted')).rejects.toThrow(/exposure_one_active_idx/);
  });
});

describe('migration ExposureUnit on a populated database', () => {
  let db: TestDatabase;
  let q: QueryRunner;
  const index = MIGRATIONS.findIndex((m) => m.name === ExposureUnit1764400000000.name);
  const t = (day: number) => new Date(Date.UTC(2026, 9, 1 + day));

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    q = db.dataSource.createQueryRunner();
    for (const M of MIGRATIONS.slice(0, index)) await new M().up(q);
    const [{ id: intune }] = await q.query(
      `INSERT INTO source (kind, name) VALUES ('intune', 'i') RETURNING id`,
    );
    const [{ id: jamf }] = await q.query(`INSERT INTO source (kind, name) VALUES ('jamf', 'j') RETURNING id`);
    const device = async (source: string, ext: string, key: string) =>
      (
        await q.query(
          `INSERT INTO device (source_id, external_id, physical_key, platform, first_seen_at, last_seen_at)
           VALUES ($1, $2, $3, 'macos', now(), now()) RETURNING id`,
          [source, ext, key],
        )
      )[0].id as string;
    const title = async (name: string) =>
      (
        await q.query(
          `INSERT INTO software (identity_key, platform, name, name_norm) VALUES (gen_random_uuid(), 'macos', $1, lower($1))
           RETURNING id`,
          [name],
        )
      )[0].id as string;
    // One Mac seen by both sources under two spellings, open under three rules; a second Mac with a resolved
    // episode and a later open one.
    const macI = await device(intune, 'i1', 'C02A');
    const macJ = await device(jamf, 'j1', 'C02A');
    const other = await device(intune, 'i2', 'C02B');
    const kis = await title('Kaspersky Internet Security');
    const kisApp = await title('Kaspersky Internet Security.app');
    const finding = (
      dev: string,
      sw: string,
      rule: string,
      status: string,
      first: number,
      due: number,
      resolved?: number,
    ) =>
      q.query(
        `INSERT INTO finding (device_id, software_id, product_id, rule_id, matcher_id, version, status,
                              first_detected_at, last_detected_at, due_at, resolved_at)
         VALUES ($1, $2, 'kaspersky-consumer', $3, 'm', '21.3', $4, $5, $5, $6, $7)`,
        [dev, sw, rule, status, t(first), t(due), resolved === undefined ? null : t(resolved)],
      );
    for (const rule of ['US-BIS-FD', 'US-EL-2024', 'TX-PTL-2023']) {
      await finding(macI, kis, rule, 'open', 1, rule === 'US-BIS-FD' ? 30 : 90);
      await finding(macJ, kisApp, rule, 'open', 2, rule === 'US-BIS-FD' ? 31 : 91);
      await finding(other, kis, rule, 'resolved', 0, 30, 5);
    }
    await finding(other, kis, 'US-BIS-FD', 'open', 10, 40);
    await new ExposureUnit1764400000000().up(q);
  });
  afterAll(async () => {
    await q?.release();
    await db?.drop();
  });

  it('makes one exposure per physical device and product episode, with every finding as evidence', async () => {
    const rows = await q.query(
      `SELECT physical_key, status, rule_ids, first_detected_at, due_at, resolved_at,
              (SELECT count(*)::int FROM exposure_evidence x WHERE x.exposure_id = e.id) AS evidence
         FROM exposure e ORDER BY physical_key, id`,
    );
    expect(rows).toEqual([
      {
        physical_key: 'C02A',
        status: 'open',
        rule_ids: ['TX-PTL-2023', 'US-BIS-FD', 'US-EL-2024'],
        first_detected_at: t(1),
        due_at: t(30),
        resolved_at: null,
        evidence: 2,
      },
      expect.objectContaining({ physical_key: 'C02B', status: 'resolved', resolved_at: t(5), evidence: 1 }),
      expect.objectContaining({
        physical_key: 'C02B',
        status: 'open',
        first_detected_at: t(10),
        evidence: 1,
      }),
    ]);
    expect(await db.count('exposure')).toBe(3);
  });

  it('reverts to one finding per record, title and rule', async () => {
    await new ExposureUnit1764400000000().down(q);
    const [{ n, open }] = await q.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'open')::int AS open FROM finding`,
    );
    expect({ n, open }).toEqual({ n: 10, open: 7 });
    await new ExposureUnit1764400000000().up(q);
    expect(await db.count('exposure')).toBe(3);
  });
});
