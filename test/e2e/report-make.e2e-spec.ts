import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'apps', 'worker', 'src', 'cli', 'make-report.js');

describe('npm run report:make', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'interdict-report-cli-'));
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      INTERDICT_CONFIG_DIR: join(root, 'test', 'support', 'no-config'),
      // Relative, as in a default install: the path printed must still be absolute.
      INTERDICT_DATA_DIR: '.',
      INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      CATALOG_DIR: join(root, 'config', 'catalog'),
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => db?.drop());

  it('prints the absolute path of the file it wrote, not only its display name', async () => {
    const { stdout, stderr } = await run(process.execPath, [cli, '--type', 'coverage', '--format', 'csv'], {
      env,
      cwd: dataDir,
    });
    const report = JSON.parse(stdout) as { status: string; fileName: string; path: string };
    expect(report.status).toBe('succeeded');
    expect(isAbsolute(report.path)).toBe(true);
    expect(report.path.startsWith(join(dataDir, 'reports'))).toBe(true);
    expect(existsSync(report.path)).toBe(true);
    expect(report.fileName).toMatch(/\.csv$/);
    expect(stderr).toContain(`written ${report.path}`);
  });

  it('copies the file to --out and says where, as an absolute path', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [cli, '--type', 'coverage', '--format', 'csv', '--out', 'copy.csv'],
      { env, cwd: dataDir },
    );
    const report = JSON.parse(stdout) as { path: string };
    expect(stderr).toContain(`copied to ${join(dataDir, 'copy.csv')}`);
    expect(readFileSync(join(dataDir, 'copy.csv'))).toEqual(readFileSync(report.path));
  });

  it('with --evidence also makes the signed evidence pack and copies it beside --out; the verifier accepts it', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [cli, '--type', 'exposure', '--evidence', '--out', 'audit.xlsx'],
      { env, cwd: dataDir },
    );
    const report = JSON.parse(stdout) as { evidenceSizeBytes: number | null };
    expect(report.evidenceSizeBytes).toBeGreaterThan(0);
    const pack = join(dataDir, 'audit.evidence.zip');
    expect(stderr).toContain(`evidence pack copied to ${pack}`);
    const verify = await run(
      process.execPath,
      [join(root, 'dist', 'libs', 'reports', 'src', 'cli', 'verify-evidence.js'), pack],
      { env, cwd: dataDir },
    );
    expect(verify.stdout).toMatch(/VERIFIED/);
  });
});
