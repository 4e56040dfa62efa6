import { createServer, type Server } from 'node:http';
import { get as httpsGet, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import {
  createConnector,
  ConnectorError,
  type InventoryConnector,
  type InventoryDevice,
} from '@interdict/connectors';
import { initLogging } from '@interdict/logger';
import { startSimulator, type RunningSimulator } from '@interdict/mdm-simulator';
import { OutboundPolicy } from '@interdict/outbound';

// Connectors against the MDM simulator over real HTTPS, with its faults, compared with its ground truth.
const DEVICES = 300;
let sim: RunningSimulator;
let logLines: string[] = [];

beforeAll(async () => {
  initLogging({
    level: 'debug',
    format: 'json',
    destination: new Writable({ write: (chunk: Buffer, _e, cb) => (logLines.push(chunk.toString()), cb()) }),
  });
  sim = await startSimulator({ seed: 11, devices: DEVICES, port: 0, tokenLifetimeSeconds: 3600 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  logLines = [];
});

// The simulator listens on 127.0.0.1; nothing else private is reachable, as in production with an allowlist.
const LOOPBACK = new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] });
const fast = { maxRetries: 6, retryBaseDelayMs: 5, exportPollIntervalMs: 20 };
const intune = (extra: Record<string, unknown> = {}, secret = sim.intune.clientSecret): InventoryConnector =>
  createConnector(
    'intune',
    {
      tenantId: sim.intune.tenantId,
      clientId: sim.intune.clientId,
      loginBaseUrl: sim.intune.loginBaseUrl,
      graphBaseUrl: sim.intune.graphBaseUrl,
      caCertPem: sim.caCertPem,
      ...fast,
      ...extra,
    },
    secret,
    { sourceName: 'test-intune', policy: LOOPBACK },
  );
const jamf = (extra: Record<string, unknown> = {}, secret = sim.jamf.clientSecret): InventoryConnector =>
  createConnector(
    'jamf',
    {
      baseUrl: sim.jamf.baseUrl,
      clientId: sim.jamf.clientId,
      caCertPem: sim.caCertPem,
      maxRetries: 6,
      retryBaseDelayMs: 5,
      pageSize: 50,
      ...extra,
    },
    secret,
    { sourceName: 'test-jamf', policy: LOOPBACK },
  );

async function walk(
  c: InventoryConnector,
  signal = new AbortController().signal,
): Promise<InventoryDevice[]> {
  const out: InventoryDevice[] = [];
  for await (const batch of c.devices(signal)) out.push(...batch.devices);
  return out;
}

/** How often each current fault rule fired, from the simulator's control endpoint. */
function firedFaults(): Promise<number[]> {
  return new Promise((resolve, reject) => {
    httpsGet(`${sim.url}/_control/faults`, { ca: sim.caCertPem }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve((JSON.parse(body) as { rules: { fired: number }[] }).rules.map((r) => r.fired)),
      );
    }).on('error', reject);
  });
}

const installs = (ds: InventoryDevice[]) => ds.reduce((n, d) => n + d.software.length, 0);

function expectPlantingsFound(
  devices: InventoryDevice[],
  source: 'intune' | 'jamf',
  idOf: (p: { deviceId: string; platform: string }) => string,
) {
  const byId = new Map(devices.map((d) => [d.externalId, d]));
  const plantings = sim.control.groundTruth().plantings.filter((p) => p.source === source);
  expect(plantings.length).toBeGreaterThan(0);
  for (const p of plantings) {
    const device = byId.get(idOf(p));
    expect({ planting: p.name, device: Boolean(device) }).toEqual({ planting: p.name, device: true });
    const found = device!.software.some(
      (s) => s.name.includes(p.name.replace(/\.app$/, '')) || (p.bundleId && s.bundleId === p.bundleId),
    );
    expect({ planting: p.name, on: p.deviceId, found }).toEqual({
      planting: p.name,
      on: p.deviceId,
      found: true,
    });
  }
}

describe('Intune connector', () => {
  it('streams the whole tenant through the export job, equal to the ground truth', async () => {
    const truth = sim.control.groundTruth().intune;
    const devices = await walk(intune());
    expect(devices).toHaveLength(truth.devices);
    expect(new Set(devices.map((d) => d.externalId)).size).toBe(truth.devices);
    expect(installs(devices)).toBe(truth.installations);
    expectPlantingsFound(devices, 'intune', (p) => p.deviceId);
  });

  it('reads a deflated export while it downloads, to the same fleet', async () => {
    const deflating = await startSimulator({ seed: 11, devices: DEVICES, port: 0, exportCompression: true });
    try {
      const c = createConnector(
        'intune',
        {
          tenantId: deflating.intune.tenantId,
          clientId: deflating.intune.clientId,
          loginBaseUrl: deflating.intune.loginBaseUrl,
          graphBaseUrl: deflating.intune.graphBaseUrl,
          caCertPem: deflating.caCertPem,
          ...fast,
        },
        deflating.intune.clientSecret,
        { sourceName: 'test-intune', policy: LOOPBACK },
      );
      const devices = await walk(c);
      const truth = deflating.control.groundTruth().intune;
      expect(devices).toHaveLength(truth.devices);
      expect(installs(devices)).toBe(truth.installations);
    } finally {
      await deflating.close();
    }
  });

  it('gives the same fleet with the per-device strategy', async () => {
    const truth = sim.control.groundTruth().intune;
    const devices = await walk(intune({ strategy: 'perDevice' }));
    expect(devices).toHaveLength(truth.devices);
    expect(installs(devices)).toBe(truth.installations);
    // The export walk holds listed devices in a compact form; they come out with the same metadata. (Devices
    // without apps are absent from the export, so there "not reported"; per device they report an empty list.)
    const meta = (ds: InventoryDevice[]) =>
      ds
        .map(({ software: _s, appsReported: _a, ...d }) => d)
        .sort((a, b) => a.externalId.localeCompare(b.externalId));
    expect(meta(await walk(intune()))).toEqual(meta(devices));
  });

  it('authenticates with a certificate (client assertion)', async () => {
    const devices = await walk(
      intune(
        { auth: 'certificate', certificatePem: sim.intune.certificatePem, strategy: 'perDevice' },
        sim.intune.privateKeyPem,
      ),
    );
    expect(devices).toHaveLength(sim.control.groundTruth().intune.devices);
  });

  it('rides out a 429 storm and a token that expires mid-sync', async () => {
    sim.control.setFaults([
      { target: 'intune', kind: 'throttle', every: 3, retryAfterSeconds: null },
      { target: 'intune', kind: 'throttle', every: 7, retryAfterSeconds: 0, wrapped: true },
      { target: 'intune', kind: 'unavailable', every: 11, retryAfterSeconds: 0 },
      { target: 'intune', kind: 'expireToken', after: 5, count: 1 },
    ]);
    // Faults count requests globally, so with 4 in flight one request can meet several in a row.
    const devices = await walk(intune({ strategy: 'perDevice', maxRetries: 15 }));
    expect(devices).toHaveLength(sim.control.groundTruth().intune.devices);
    expect(installs(devices)).toBe(sim.control.groundTruth().intune.installations);
  });

  it('fails with one clear auth error on a wrong secret, without a retry storm', async () => {
    const c = intune({}, 'wrong-secret');
    await expect(walk(c)).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringContaining('authentication failed for source test-intune'),
    });
    expect(c.requestCount()).toBe(1);
  });

  it('fails a malformed page with an error naming the endpoint and page, yielding nothing half-parsed', async () => {
    sim.control.setFaults([
      { target: 'intune', kind: 'malformed', pathContains: 'managedDevices', count: 1 },
    ]);
    const c = intune({ strategy: 'perDevice', pageSize: 100 });
    const err = await walk(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).code).toBe('bad_payload');
    expect((err as ConnectorError).message).toMatch(/managedDevices page 1/);
  });

  it('stops promptly when aborted', async () => {
    sim.control.setFaults([{ target: 'intune', kind: 'slow', delayMs: 2000 }]);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 200);
    await expect(walk(intune({ strategy: 'perDevice' }), ac.signal)).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('never writes the secret or a token to the log', async () => {
    sim.control.setFaults([
      { target: 'intune', kind: 'expireToken', after: 2, count: 1 },
      { target: 'intune', kind: 'throttle', every: 4, retryAfterSeconds: 0 },
    ]);
    await walk(intune({ strategy: 'perDevice' }));
    await walk(intune({}, 'wrong-secret-xyz')).catch(() => undefined);
    const log = logLines.join('');
    expect(log).toContain('upstream asked us to wait');
    expect(log).not.toContain(sim.intune.clientSecret);
    expect(log).not.toContain('wrong-secret-xyz');
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});

describe('Jamf Pro connector', () => {
  it('streams computers and mobile devices, equal to the ground truth', async () => {
    const truth = sim.control.groundTruth().jamf;
    const devices = await walk(jamf());
    const computers = devices.filter((d) => d.externalId.startsWith('computer:'));
    const mobiles = devices.filter((d) => d.externalId.startsWith('mobile:'));
    expect(computers).toHaveLength(truth.computers);
    expect(mobiles).toHaveLength(truth.mobileDevices);
    expect(installs(computers)).toBe(truth.computerInstallations);
    expect(installs(mobiles)).toBe(truth.mobileInstallations);
    // Jamf computer and mobile ids are separate number spaces; the connector prefixes them.
    expectPlantingsFound(
      devices,
      'jamf',
      (p) => `${/mac/i.test(p.platform) ? 'computer' : 'mobile'}:${p.deviceId}`,
    );
  });

  it('falls back to the mobile list and per-device detail where the paged detail 404s, with the same devices', async () => {
    const paged = (await walk(jamf())).filter((d) => d.externalId.startsWith('mobile:'));
    // An older Jamf Pro: in front of the simulator, a proxy that does not know the paged mobile detail.
    const seen: string[] = [];
    const proxy: Server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      seen.push(path);
      if (path.endsWith('/api/v2/mobile-devices/detail')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ httpStatus: 404, errors: [{ code: 'NOT_FOUND' }] }));
        return;
      }
      const upstream = httpsRequest(
        new URL(req.url ?? '/', sim.url),
        { method: req.method, headers: { ...req.headers, host: new URL(sim.url).host }, ca: sim.caCertPem },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const base = new URL(sim.jamf.baseUrl);
      const c = jamf({ baseUrl: `http://127.0.0.1:${port}${base.pathname}`, concurrency: 3 });
      const fallback = (await walk(c)).filter((d) => d.externalId.startsWith('mobile:'));
      const truth = sim.control.groundTruth().jamf;
      expect(fallback).toHaveLength(truth.mobileDevices);
      expect(installs(fallback)).toBe(truth.mobileInstallations);
      expect(fallback).toEqual(paged);
      // It really took the fallback: the paged detail was asked once, then the list and one detail per device.
      expect(seen.filter((p) => p.endsWith('/mobile-devices/detail'))).toHaveLength(1);
      expect(
        seen.filter(
          (p) => /\/mobile-devices\/[^/]+\/detail$/.test(p) && !p.endsWith('/mobile-devices/detail'),
        ),
      ).toHaveLength(truth.mobileDevices);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  it('refreshes a token that expires mid-walk and survives 5xx bursts', async () => {
    sim.control.setFaults([
      { target: 'jamf', kind: 'expireToken', after: 3, count: 1 },
      { target: 'jamf', kind: 'unavailable', every: 4, retryAfterSeconds: null },
      { target: 'jamf', kind: 'gatewayTimeout', every: 9 },
    ]);
    const truth = sim.control.groundTruth().jamf;
    const devices = await walk(jamf());
    expect(devices).toHaveLength(truth.computers + truth.mobileDevices);
  });

  it('walks the whole instance when the version endpoint is restricted (404): newest inventory version first', async () => {
    sim.control.setFaults([{ target: 'jamf', kind: 'notFound', pathContains: 'jamf-pro-version' }]);
    const truth = sim.control.groundTruth().jamf;
    const devices = await walk(jamf());
    expect(devices).toHaveLength(truth.computers + truth.mobileDevices);
    expect(installs(devices)).toBe(truth.computerInstallations + truth.mobileInstallations);
    expect(await firedFaults()).toEqual([1]);
    expect(logLines.some((l) => l.includes('version endpoint unavailable'))).toBe(true);
    expect((await jamf().check()).ok).toBe(true);
  });

  it('walks slow pages and dropped connections to the exact fleet', async () => {
    sim.control.setFaults([
      { target: 'jamf', kind: 'slow', pathContains: 'computers-inventory', every: 5, delayMs: 300 },
      { target: 'jamf', kind: 'reset', pathContains: 'mobile-devices', count: 2 },
    ]);
    const truth = sim.control.groundTruth().jamf;
    const devices = await walk(jamf());
    expect(devices).toHaveLength(truth.computers + truth.mobileDevices);
    expect(installs(devices)).toBe(truth.computerInstallations + truth.mobileInstallations);
    // Both faults really fired (the simulator counts them).
    expect((await firedFaults()).every((n) => n > 0)).toBe(true);
  });

  it('fails a malformed Jamf page naming the endpoint and page, after yielding only whole pages', async () => {
    sim.control.setFaults([
      { target: 'jamf', kind: 'malformed', pathContains: 'computers-inventory', after: 2, count: 1 },
    ]);
    const seen: InventoryDevice[] = [];
    const err = await (async () => {
      for await (const batch of jamf().devices(new AbortController().signal)) seen.push(...batch.devices);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'bad_payload',
      message: expect.stringMatching(/computers-inventory page \d+/),
    });
    // Only the pages before the malformed one arrived, each complete.
    expect(seen.length % 50).toBe(0);
    expect(seen.length).toBeLessThan(sim.control.groundTruth().jamf.computers);
  });

  it('fails with one clear auth error on a wrong secret', async () => {
    const c = jamf({}, 'nope');
    await expect(walk(c)).rejects.toMatchObject({
      code: 'auth_failed',
      message: expect.stringContaining('test-jamf'),
    });
    expect(c.requestCount()).toBe(1);
  });
});

describe('outbound policy on source URLs', () => {
  const strict = new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: [] });
  const sent = () => sim.control.requestLog().total;

  it('sends nothing, not even the token request, to a host that resolves to a refused address', async () => {
    const before = sent();
    const base = new URL(sim.jamf.baseUrl);
    const c = createConnector(
      'jamf',
      {
        baseUrl: `https://localhost:${base.port}${base.pathname}`,
        clientId: sim.jamf.clientId,
        caCertPem: sim.caCertPem,
      },
      sim.jamf.clientSecret,
      { sourceName: 'test-jamf', policy: strict },
    );
    const err = await c.check().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unsafe_url', message: expect.stringMatching(/loopback/) });
    expect(String((err as Error).message)).not.toContain(sim.jamf.clientSecret);
    expect(sent()).toBe(before);
  });

  it('refuses IP literals (metadata, private, loopback) for every Intune URL before connecting', async () => {
    const before = sent();
    for (const settings of [
      { loginBaseUrl: 'http://169.254.169.254/login', graphBaseUrl: sim.intune.graphBaseUrl },
      { loginBaseUrl: sim.intune.loginBaseUrl, graphBaseUrl: 'http://[::a9fe:a9fe]/graph' },
      { loginBaseUrl: sim.intune.loginBaseUrl, graphBaseUrl: sim.intune.graphBaseUrl },
    ]) {
      const c = createConnector(
        'intune',
        {
          tenantId: sim.intune.tenantId,
          clientId: sim.intune.clientId,
          caCertPem: sim.caCertPem,
          ...settings,
        },
        sim.intune.clientSecret,
        { sourceName: 'test-intune', policy: strict },
      );
      await expect(c.check()).rejects.toMatchObject({ code: 'unsafe_url' });
    }
    expect(sent()).toBe(before);
  });
});
