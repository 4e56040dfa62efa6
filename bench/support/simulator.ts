import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** What the simulator's control API tells a client: credentials (settings over plain HTTP) and ground truth. */
export interface SimulatorFleet {
  http: string;
  /** Intune source settings pointing at the plain-HTTP listener, and the client secret. */
  intune: { settings: Record<string, unknown>; secret: string };
  /** Jamf source settings pointing at the plain-HTTP listener, and the client secret. */
  jamf: { settings: Record<string, unknown>; secret: string };
  truth: {
    intune: { devices: number; installations: number };
    jamf: {
      computers: number;
      mobileDevices: number;
      computerInstallations: number;
      mobileInstallations: number;
    };
  };
  stop(): void;
}

interface Credentials {
  intune: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    loginBaseUrl: string;
    graphBaseUrl: string;
  };
  jamf: { baseUrl: string; clientId: string; clientSecret: string };
}

/**
 * Starts the MDM simulator (built, in dist/) in its own process with `devices` per source (seed 7) and waits for
 * its control API. Connectors are pointed at its plain-HTTP listener: TLS is not what the benchmarks measure.
 */
export async function startSimulator(devices: number): Promise<SimulatorFleet> {
  const root = join(__dirname, '..', '..', '..');
  const port = await freePort();
  const sim = spawn(
    process.execPath,
    [
      join(root, 'dist/apps/mdm-simulator/src/main.js'),
      '--devices',
      String(devices),
      '--seed',
      '7',
      '--http-port',
      String(port),
    ],
    { cwd: root, env: { ...process.env, SIMULATOR_PORT: '0', LOG_LEVEL: 'warn' }, stdio: 'ignore' },
  );
  const http = `http://127.0.0.1:${port}`;
  try {
    const creds = await control<Credentials>(`${http}/_control/credentials`);
    const truth = await control<SimulatorFleet['truth']>(`${http}/_control/ground-truth`);
    const viaHttp = (u: string) => u.replace(/^https:\/\/[^/]+/, http);
    return {
      http,
      intune: {
        settings: {
          tenantId: creds.intune.tenantId,
          clientId: creds.intune.clientId,
          loginBaseUrl: viaHttp(creds.intune.loginBaseUrl),
          graphBaseUrl: viaHttp(creds.intune.graphBaseUrl),
          exportPollIntervalMs: 200,
        },
        secret: creds.intune.clientSecret,
      },
      jamf: {
        settings: { baseUrl: viaHttp(creds.jamf.baseUrl), clientId: creds.jamf.clientId },
        secret: creds.jamf.clientSecret,
      },
      truth,
      stop: () => sim.kill('SIGTERM'),
    };
  } catch (err) {
    sim.kill('SIGTERM');
    throw err;
  }
}

async function control<T>(url: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return (await res.json()) as T;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never answered`);
}

/** A free loopback port (here rather than from @interdict/database, which a walk child would load for nothing). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
