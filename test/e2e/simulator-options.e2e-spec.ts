import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '@interdict/mdm-simulator';
import { httpsCall } from '../support/https-call';

// The options docker-compose runs the simulator with (SIMULATOR_PUBLIC_HOST, SIMULATOR_CLIENT_SECRET,
// SIMULATOR_TLS_DIR): another container reaches it by name, with a secret known in advance, trusting a certificate
// that survives a restart.

const jamfToken = (sim: RunningSimulator, agent: Agent, secret: string) =>
  httpsCall(
    agent,
    'POST',
    `${sim.url.replace('sim.compose.test', '127.0.0.1')}/jamf/api/oauth/token`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.jamf.clientId,
      client_secret: secret,
    }).toString(),
  );

describe('simulator started as docker-compose starts it', () => {
  const tlsDir = join(mkdtempSync(join(tmpdir(), 'interdict-sim-tls-')), 'tls');
  const options = {
    seed: 7,
    devices: 5,
    host: '127.0.0.1',
    port: 0,
    publicHost: 'sim.compose.test',
    clientSecret: 'fixed-demo-secret',
    tlsDir,
  };
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => sim?.close());

  it('hands out URLs on its public host name, which its certificate names', () => {
    expect(new URL(sim.url).hostname).toBe('sim.compose.test');
    expect(new URL(sim.jamf.baseUrl).hostname).toBe('sim.compose.test');
    expect(new URL(sim.intune.graphBaseUrl).hostname).toBe('sim.compose.test');
    const cert = new X509Certificate(sim.caCertPem);
    expect(cert.checkHost('sim.compose.test')).toBe('sim.compose.test');
    expect(cert.checkHost('localhost')).toBe('localhost');
  });

  it('gives Intune and Jamf the fixed client secret, and Jamf takes it and no other', async () => {
    expect(sim.intune.clientSecret).toBe('fixed-demo-secret');
    expect(sim.jamf.clientSecret).toBe('fixed-demo-secret');
    // Connect to 127.0.0.1, verify the certificate for the public name, as a client resolving that name would.
    const agent = new Agent({ ca: sim.caCertPem, servername: 'sim.compose.test' });
    try {
      expect((await jamfToken(sim, agent, 'fixed-demo-secret')).status).toBe(200);
      expect((await jamfToken(sim, agent, 'another-secret')).status).toBe(401);
    } finally {
      agent.destroy();
    }
  });

  it('keeps its key and certificate in tlsDir (the key private) and reuses them after a restart', async () => {
    expect(sim.caCertPath).toBe(join(tlsDir, 'cert.pem'));
    expect(readFileSync(join(tlsDir, 'cert.pem'), 'utf8')).toBe(sim.caCertPem);
    expect(statSync(join(tlsDir, 'key.pem')).mode & 0o077).toBe(0);
    await sim.close();
    sim = await startSimulator(options);
    expect(sim.caCertPem).toBe(readFileSync(join(tlsDir, 'cert.pem'), 'utf8'));
    const again = new X509Certificate(sim.caCertPem);
    expect(again.checkHost('sim.compose.test')).toBe('sim.compose.test');
  });

  it('makes a new certificate when the kept one does not name its public host', async () => {
    const before = readFileSync(join(tlsDir, 'cert.pem'), 'utf8');
    const other = await startSimulator({ ...options, publicHost: 'renamed.compose.test' });
    try {
      expect(other.caCertPem).not.toBe(before);
      expect(new X509Certificate(other.caCertPem).checkHost('renamed.compose.test')).toBe(
        'renamed.compose.test',
      );
      expect(readFileSync(join(tlsDir, 'cert.pem'), 'utf8')).toBe(other.caCertPem);
    } finally {
      await other.close();
    }
  });

  it('without these options, still makes a fresh pair and a random secret per start', async () => {
    const plain = await startSimulator({ seed: 7, devices: 5, host: '127.0.0.1', port: 0 });
    try {
      expect(plain.jamf.clientSecret).not.toBe('fixed-demo-secret');
      expect(plain.caCertPath.startsWith(tlsDir)).toBe(false);
      expect(new URL(plain.url).hostname).toBe('127.0.0.1');
    } finally {
      await plain.close();
    }
  });
});
