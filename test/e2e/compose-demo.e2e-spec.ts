import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@interdict/database';
import { compose, composeEnv, configFiles, root } from '../support/compose-file';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// `docker compose up` without Docker: the simulator and the worker run as separate processes with the commands and
// the environment docker-compose.yml gives them, and the declared demo sources must sync over HTTPS, in production
// mode, through the outbound policy and the certificate trust the compose file sets up. What Docker would provide is
// swapped for local stand-ins: the service name `simulator` is `localhost` (loopback: private, like the compose
// network), the simulator's fixed port a free one, /app/.data a temporary directory, postgres a test database; the
// sources sync every second instead of every five minutes, and the fleet is smaller.

interface Running {
  child: ChildProcess;
  output: () => string;
}
const running: Running[] = [];

/** A service's command from docker-compose.yml, with some of its flags' values replaced. */
function run(service: string, env: Record<string, string>, flags: Record<string, string> = {}): Running {
  const command = compose.services[service].command!.map((arg, i, all) => flags[all[i - 1]] ?? arg);
  const child = spawn(process.execPath, command.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  running.push({ child, output: () => output });
  return running[running.length - 1];
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('docker-compose demo, run without Docker', () => {
  let db: TestDatabase;
  let dataDir: string;
  let local: (env: Record<string, string>) => Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'interdict-compose-'));
    const simPort = String(await freePort());
    const composeSimPort = composeEnv('simulator').SIMULATOR_PORT;
    const declared = configFiles('worker');
    expect(declared).toHaveLength(1);
    const sources = join(dataDir, 'demo-sources.yaml');
    writeFileSync(
      sources,
      readFileSync(declared[0], 'utf8')
        .replaceAll(`https://simulator:${composeSimPort}/`, `https://localhost:${simPort}/`)
        .replaceAll(`schedule: '*/5 * * * *'`, `schedule: '* * * * * *'`),
    );
    local = (env) =>
      Object.fromEntries(
        Object.entries(env).map(([k, v]) => {
          if (k === 'INTERDICT_CONFIG') return [k, sources];
          if (k === 'SIMULATOR_PORT') return [k, simPort];
          if (k === 'SOURCES_ALLOWLIST' || k === 'SIMULATOR_PUBLIC_HOST')
            return [k, v.replace(/\bsimulator\b/, 'localhost')];
          return [k, v.replace(/^\/app\/\.data/, dataDir)];
        }),
      );
  });

  afterAll(async () => {
    for (const { child } of running) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await db?.drop();
  });

  it('syncs the simulator as the two declared sources, in production mode', async () => {
    const simulator = run('simulator', local(composeEnv('simulator')), {
      '--devices': '30',
      '--http-port': '0',
    });
    const certificate = local({
      NODE_EXTRA_CA_CERTS: composeEnv('worker').NODE_EXTRA_CA_CERTS,
    }).NODE_EXTRA_CA_CERTS;
    await waitFor('simulator listening', 60_000, async () =>
      simulator.output().includes('mdm simulator listening') && existsSync(certificate) ? true : undefined,
    );

    const workerEnv = local(composeEnv('worker'));
    expect(workerEnv.NODE_ENV).toBe('production');
    const worker = run('worker', {
      ...workerEnv,
      DATABASE_URL: db.url,
      WORKER_PORT: '0',
      API_HOST: '127.0.0.1',
    });

    const synced = await waitFor('both demo sources synced', 90_000, async () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
      const failed: { error_message: string }[] = await db.dataSource.query(
        `SELECT error_message FROM sync_run WHERE status = 'failed'`,
      );
      if (failed.length) throw new Error(`a sync failed: ${failed[0].error_message}`);
      const rows: { name: string; devices: number }[] = await db.dataSource.query(
        `SELECT s.name, max(r.devices_seen)::int AS devices
           FROM source s JOIN sync_run r ON r.source_id = s.id AND r.status = 'succeeded'
          GROUP BY s.name ORDER BY s.name`,
      );
      return rows.length === 2 ? rows : undefined;
    });
    expect(synced).toEqual([
      { name: 'Demo Intune tenant', devices: 30 },
      { name: 'Demo Jamf Pro', devices: 30 },
    ]);
  });
});
