import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';

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
        'finding',
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

  it('keeps one active finding per device, title and rule', async () => {
    const [{ id: sourceId }] = await db.dataSource.query(
      `INSERT INTO source (kind, name) VALUES ('jamf', 'j') RETURNING id`,
    );
    const [{ id: deviceId }] = await db.dataSource.query(
      `INSERT INTO device (source_id, external_id, physical_key, platform, first_seen_at, last_seen_at)
       VALUES ($1, '1', 'SERIAL1', 'macos', now(), now()) RETURNING id`,
      [sourceId],
    );
    const [{ id: softwareId }] = await db.dataSource.query(
      `INSERT INTO software (identity_key, platform, name, name_norm) VALUES (gen_random_uuid(), 'macos', 'K', 'k') RETURNING id`,
    );
    const insertFinding = (status: string) =>
      db.dataSource.query(
        `INSERT INTO finding (device_id, software_id, product_id, rule_id, matcher_id, status, first_detected_at, last_detected_at, due_at)
         VALUES ($1, $2, 'kaspersky', 'US-BIS-FD', 'm', $3, now(), now(), now())`,
        [deviceId, softwareId, status],
      );
    await insertFinding('resolved');
    await insertFinding('open');
    await expect(insertFinding('open')).rejects.toThrow(/finding_one_active_idx/);
  });
});
