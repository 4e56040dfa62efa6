import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { freePort } from '@interdict/database';
import { httpsCall } from '../support/https-call';
import { createTestDatabase } from '../support/test-database';

const root = join(__dirname, '..', '..');
const apiMain = join(root, 'dist', 'apps', 'api', 'src', 'main.js');

interface Started {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

const noConfig = join(root, 'test', 'support', 'no-config');
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|API_|INTERDICT_|EMBEDDED_PG|LOG_)/.test(k)),
  );

function startApi(env: Record<string, string | undefined>): Started {
  const clean = cleanEnv();
  const child = spawn(process.execPath, [apiMain], {
    cwd: root,
    env: {
      ...clean,
      LOG_LEVEL: 'warn',
      INTERDICT_CONFIG_DIR: noConfig,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}

async function waitReady(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return { status: res.status, body: await res.json() };
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('process start-up', () => {
  it('prints the simulator usage for --help and exits 0', () => {
    const run = spawnSync(process.execPath, ['dist/apps/mdm-simulator/src/main.js', '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^usage: npm run simulator -- .*--corpus DIR/);
  });

  it('logs where the simulator hands out its credentials, unredacted, and they are there', async () => {
    const sim = spawn(process.execPath, ['dist/apps/mdm-simulator/src/main.js', '--devices', '5'], {
      cwd: root,
      env: { ...cleanEnv(), LOG_LEVEL: 'info', SIMULATOR_PORT: '0', INTERDICT_CONFIG_DIR: noConfig },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<Record<string, string>>((resolve, reject) => {
        let out = '';
        sim.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const found = out.split('\n').find((l) => l.includes('mdm simulator listening'));
          if (found) resolve(JSON.parse(found) as Record<string, string>);
        });
        sim.on('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
      });
      expect(line.loginDetailsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/_control\/credentials$/);
      const agent = new Agent({ ca: readFileSync(line.caCertPath, 'utf8') });
      const got = await httpsCall(agent, 'GET', line.loginDetailsUrl);
      expect(got.status).toBe(200);
      expect(JSON.parse(got.body.toString())).toMatchObject({ jamf: { clientId: expect.any(String) } });
      agent.destroy();
    } finally {
      sim.kill('SIGTERM');
    }
  });

  it('stops with one clear line and a non-zero exit on a bad config value', async () => {
    const api = startApi({ API_PORT: 'eighty', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await api.exited).toBe(1);
    expect(api.stderr().trim()).toBe(
      'config: http.port must be a TCP port number between 0 and 65535 (0 = any free port) (got "eighty") — from API_PORT',
    );
  });

  it('applies migrations to an empty database, answers /ready, and ends every start with a banner for people', async () => {
    const db = await createTestDatabase({ migrated: false });
    const port = await freePort();
    const banner = (out: string) => out.slice(out.lastIndexOf('}\n') + 2).trim();
    try {
      for (const start of ['first', 'second']) {
        const api = startApi({ DATABASE_URL: db.url, API_PORT: String(port) });
        try {
          const ready = await waitReady(`http://127.0.0.1:${port}/ready`, 30_000);
          expect(ready.body).toEqual({ status: 'ready', database: 'up', migrations: 'current' });
          expect(await db.count('source')).toBe(0);
          // After the JSON log lines: the key (first start) or how to make one, then where to go.
          const text = banner(api.stdout());
          if (start === 'first')
            expect(text).toMatch(/^First start: an admin API key was created.*\n\s+idk_\S+\n/);
          else expect(text).toMatch(/^API key: .*\n\s+npm run create-key -- --role admin --name <you>\n/);
          expect(text).toContain(
            `Dashboard: http://127.0.0.1:${port}/   API docs: http://127.0.0.1:${port}/api/docs`,
          );
          expect(text).toMatch(/LOG_FORMAT=pretty/);
        } finally {
          api.child.kill('SIGTERM');
          expect(await api.exited).toBe(0);
        }
      }
    } finally {
      await db.drop();
    }
  });

  it('run as root from a private directory, stops at once with one line saying what to do', async () => {
    if (process.getuid?.() !== 0) return; // only root hands the cluster to the unprivileged "postgres" user
    const home = mkdtempSync(join(root, '.data', 'e2e-private-home-'));
    chmodSync(home, 0o700);
    try {
      const api = startApi({ INTERDICT_DATA_DIR: join(home, 'data'), API_PORT: String(await freePort()) });
      expect(await api.exited).toBe(1);
      const lines = api.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^api: embedded Postgres runs as the unprivileged user "postgres" .* cannot enter ${home} \\(mode 700\\)`,
        ),
      );
      expect(lines[0]).toMatch(/set DATABASE_URL to a Postgres you run$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('with no DATABASE_URL starts an embedded Postgres, is ready within 30 s, keeps it while CLIs use it, and stops it on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(root, '.data', 'e2e-embedded-'));
    // Postgres runs as the `postgres` user when tests run as root; it must be able to reach its data dir.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const api = startApi({ INTERDICT_DATA_DIR: dataDir, API_PORT: String(port) });
    try {
      const started = Date.now();
      await waitReady(`http://127.0.0.1:${port}/ready`, 30_000).catch((err: Error) => {
        throw new Error(`${err.message}; stderr: ${api.stderr()}`);
      });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true);
      // The CLIs use the cluster the api runs and leave it running (they used to stop it on exit).
      for (const [cli, exit] of [
        [['dist/libs/auth/src/cli/create-key.js', '--role', 'viewer', '--name', 'cli-check'], 0],
        [['dist/libs/database/src/cli.js', 'migrate'], 0],
        [['dist/apps/worker/src/cli/make-report.js', '--type', 'coverage', '--format', 'csv'], 0],
        // No such source: the CLI fails, and still leaves the cluster alone.
        [['dist/apps/worker/src/cli/sync-now.js', 'no-such-source'], 1],
      ] as const) {
        const run = spawnSync(process.execPath, [...cli], {
          cwd: root,
          env: {
            ...cleanEnv(),
            INTERDICT_DATA_DIR: dataDir,
            LOG_LEVEL: 'warn',
            INTERDICT_CONFIG_DIR: noConfig,
          },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect({
          cli: cli[0],
          status: run.status,
          stderr: exit ? '' : run.stderr.replace(/^written .*\n/m, ''),
        }).toEqual({
          cli: cli[0],
          status: exit,
          stderr: '',
        });
        const ready = await fetch(`http://127.0.0.1:${port}/ready`);
        expect({ cli: cli[0], status: ready.status }).toEqual({ cli: cli[0], status: 200 });
      }
    } finally {
      api.child.kill('SIGTERM');
      expect({ exit: await api.exited, stderr: api.stderr() }).toEqual({ exit: 0, stderr: '' });
    }
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
