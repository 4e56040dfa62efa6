import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'libs', 'auth', 'src', 'cli', 'create-key.js');

describe('npm run create-key', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      INTERDICT_CONFIG_DIR: join(root, 'test', 'support', 'no-config'),
      INTERDICT_DATA_DIR: mkdtempSync(join(tmpdir(), 'interdict-cli-')),
      INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => db?.drop());

  it('prints a new key once, stores only its hash, and audits the creation', async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, '--role', 'admin', '--name', 'ops laptop', '--expires-days', '30'],
      { env },
    );
    const key = /(idk_[a-z2-7]{10}_[A-Za-z0-9_-]{43})/.exec(stdout)?.[1];
    expect(key).toBeDefined();
    const rows = await db.dataSource.query(`SELECT id, name, role, key_hash, expires_at FROM api_key`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'ops laptop', role: 'admin' });
    expect(Buffer.from(rows[0].key_hash).equals(createHash('sha256').update(key!).digest())).toBe(true);
    expect(new Date(rows[0].expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const audit = await db.dataSource.query(`SELECT actor_type, action, target_id FROM audit_log`);
    expect(audit).toEqual([{ actor_type: 'system', action: 'api_key.created', target_id: rows[0].id }]);
  });

  it('refuses a bad role with a clear message and stores nothing', async () => {
    const before = await db.count('api_key');
    await expect(
      run(process.execPath, [cli, '--role', 'root', '--name', 'x'], { env }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--role must be one of viewer, analyst, admin'),
    });
    await expect(run(process.execPath, [cli, '--role', 'viewer'], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining('--name is required'),
    });
    expect(await db.count('api_key')).toBe(before);
  });
});
