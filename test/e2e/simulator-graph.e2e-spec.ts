import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  constants,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import {
  AuthenticationHandler,
  Client,
  PageIterator,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { fromBuffer, type ZipFile } from 'yauzl';
import { startSimulator, type RunningSimulator } from '@interdict/mdm-simulator';
import { httpsCall, type HttpsReply } from '../support/https-call';

// Drives the simulator's Graph side over real HTTPS with the official Graph client, and checks what it serves
// against test/fixtures/vendor/intune and against the simulator's own ground truth.

const FIXTURES = join(__dirname, '..', 'fixtures', 'vendor', 'intune');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

type Reply = HttpsReply;

let sim: RunningSimulator;
let agent: Agent;
let token: string;

const call = (
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> => httpsCall(agent, method, url, headers, body);
const json = (reply: Reply): Record<string, unknown> =>
  JSON.parse(reply.body.toString('utf8')) as Record<string, unknown>;
const graph = (path: string, bearer = token) =>
  call('GET', `${sim.intune.graphBaseUrl}${path}`, { authorization: `Bearer ${bearer}` });

async function secretToken(): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sim.intune.clientId,
    client_secret: sim.intune.clientSecret,
    scope: sim.intune.scope,
  });
  const reply = await call(
    'POST',
    sim.intune.tokenUrl,
    { 'content-type': 'application/x-www-form-urlencoded' },
    form.toString(),
  );
  expect(reply.status).toBe(200);
  return json(reply).access_token as string;
}

/** The last link of the Graph client's chain: node:https with the simulator's CA (global fetch cannot take one). */
class HttpsMessageHandler implements Middleware {
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers: Record<string, string> = {};
    new Headers(context.options?.headers).forEach((value, key) => (headers[key] = value));
    const reply = await call(
      context.options?.method ?? 'GET',
      url,
      headers,
      context.options?.body as string | undefined,
    );
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(reply.headers))
      if (typeof value === 'string') responseHeaders.set(key, value);
    context.response = new Response(reply.body.length > 0 ? new Uint8Array(reply.body) : null, {
      status: reply.status,
      headers: responseHeaders,
    });
  }
}

function graphClient(): Client {
  const auth = new AuthenticationHandler({ getAccessToken: () => Promise.resolve(token) });
  const retry = new RetryHandler(new RetryHandlerOptions(1, 5));
  const https = new HttpsMessageHandler();
  auth.setNext(retry);
  retry.setNext(https);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: sim.intune.graphBaseUrl,
    customHosts: new Set(['127.0.0.1']),
    defaultVersion: 'v1.0',
  });
}

async function iterate(
  client: Client,
  path: string,
  configure: (r: ReturnType<Client['api']>) => ReturnType<Client['api']>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const first: unknown = await configure(client.api(path)).get();
  const iterator = new PageIterator(client, first as never, (item: Record<string, unknown>) => {
    items.push(item);
    return true;
  });
  await iterator.iterate();
  return items;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function unzipFirst(zip: Buffer): Promise<{ name: string; data: Buffer }> {
  return new Promise((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true }, (error, file?: ZipFile) => {
      if (error || !file) return reject(error ?? new Error('no zip'));
      file.readEntry();
      file.on('entry', (entry: { fileName: string }) => {
        file.openReadStream(entry as never, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve({ name: entry.fileName, data: Buffer.concat(chunks) }));
        });
      });
    });
  });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, devices: 1200, baseDate: '2026-11-01', exportPollsToComplete: 2 });
  agent = new Agent({ ca: sim.caCertPem, keepAlive: true });
  token = await secretToken();
});

afterAll(async () => {
  agent.destroy();
  await sim.close();
});

beforeEach(() => sim.control.setFaults([]));

describe('Graph side of the simulator', () => {
  it('serves every managed device exactly once through the Graph client PageIterator', async () => {
    const truth = sim.control.groundTruth();
    const before =
      sim.control.requestLog().byEndpoint['GET /graph/v1.0/deviceManagement/managedDevices'] ?? 0;
    const select = [
      'id',
      'deviceName',
      'serialNumber',
      'operatingSystem',
      'lastSyncDateTime',
      'managedDeviceOwnerType',
    ];
    const devices = await iterate(graphClient(), '/deviceManagement/managedDevices', (r) =>
      r.select(select).top(250),
    );
    expect(devices).toHaveLength(truth.intune.devices);
    expect(new Set(devices.map((d) => d.id)).size).toBe(devices.length);
    for (const device of devices) expect(Object.keys(device).sort()).toEqual([...select].sort());
    const pages =
      (sim.control.requestLog().byEndpoint['GET /graph/v1.0/deviceManagement/managedDevices'] ?? 0) - before;
    expect(pages).toBe(Math.ceil(truth.intune.devices / 250));
  });

  it('serves the detectedApps catalogue whose device counts add up to every installation', async () => {
    const truth = sim.control.groundTruth();
    const first = json(await graph('/v1.0/deviceManagement/detectedApps?$top=1'));
    const apps = await iterate(graphClient(), '/deviceManagement/detectedApps', (r) => r.top(1000));
    expect(apps).toHaveLength(first['@odata.count'] as number);
    expect(apps.reduce((sum, a) => sum + (a.deviceCount as number), 0)).toBe(truth.intune.installations);
    for (const app of apps.slice(0, 50)) expect(app.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers with the keys and types of the fixtures', async () => {
    const page = json(
      await graph(
        '/v1.0/deviceManagement/managedDevices?$select=id,deviceName,serialNumber,operatingSystem,osVersion,userId,userPrincipalName,emailAddress,userDisplayName,lastSyncDateTime,enrolledDateTime,complianceState,managementAgent,managementState,azureADDeviceId,manufacturer,model,managedDeviceOwnerType,deviceEnrollmentType&$top=3',
      ),
    );
    const expected = fixture('managedDevices-page1.json');
    expect(Object.keys(page).sort()).toEqual(Object.keys(expected).sort());
    const ours = (page.value as Record<string, unknown>[])[0];
    const theirs = (expected.value as Record<string, unknown>[])[0];
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const key of Object.keys(theirs))
      expect([key, typeOf(ours[key])]).toEqual([key, typeOf(theirs[key])]);

    const full = json(await graph(`/v1.0/deviceManagement/managedDevices/${ours.id as string}`));
    const fullFixture = fixture('managedDevice-full.json');
    for (const key of Object.keys(fullFixture))
      expect([key, typeOf(full[key])]).toEqual([key, typeOf(fullFixture[key])]);

    const apps = json(await graph('/v1.0/deviceManagement/detectedApps?$top=8'));
    const appsFixture = fixture('detectedApps-page.json');
    expect(Object.keys(apps).sort()).toEqual(Object.keys(appsFixture).sort());
    const app = (apps.value as Record<string, unknown>[])[0];
    const appFixture = (appsFixture.value as Record<string, unknown>[])[0];
    expect(Object.keys(app)).toEqual(Object.keys(appFixture));
    expect(apps['@odata.nextLink']).toBe(
      `${sim.intune.graphBaseUrl}/v1.0/deviceManagement/detectedApps?$top=8&$skip=8`,
    );
  });

  it('issues a token for a certificate client assertion and refuses a wrong audience or key', async () => {
    // Signed here with node:crypto, independently of the simulator's verifier (RFC 7515 compact form).
    const key = createPrivateKey(sim.intune.privateKeyPem);
    const assertion = async (aud: string, signingKey: KeyObject = key) => {
      const now = Math.floor(Date.now() / 1000);
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const head = b64({ alg: 'PS256', typ: 'JWT', 'x5t#S256': sim.intune.thumbprintSha256 });
      const body = b64({
        aud,
        iss: sim.intune.clientId,
        sub: sim.intune.clientId,
        jti: randomUUID(),
        iat: now,
        nbf: now,
        exp: now + 600,
      });
      const signature = sign('sha256', Buffer.from(`${head}.${body}`), {
        key: signingKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
      return Promise.resolve(`${head}.${body}.${signature.toString('base64url')}`);
    };
    const post = async (jwt: string) =>
      call(
        'POST',
        sim.intune.tokenUrl,
        { 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: sim.intune.clientId,
          scope: sim.intune.scope,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: jwt,
        }).toString(),
      );
    const ok = await post(await assertion(sim.intune.tokenUrl));
    expect(ok.status).toBe(200);
    expect(Object.keys(json(ok)).sort()).toEqual(Object.keys(fixture('token-response.json')).sort());
    const wrongAud = await post(await assertion('https://login.microsoftonline.com/other/oauth2/v2.0/token'));
    expect([wrongAud.status, json(wrongAud).error]).toEqual([401, 'invalid_client']);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await post(await assertion(sim.intune.tokenUrl, other));
    expect([forged.status, json(forged).error]).toEqual([401, 'invalid_client']);
    expect(json(forged).error_description).toContain('AADSTS700027');
    expect(Object.keys(json(forged)).sort()).toEqual(
      Object.keys(fixture('token-error-invalid-client.json')).sort(),
    );
  });

  it('answers an expired token with 401 InvalidAuthenticationToken and the Graph WWW-Authenticate header', async () => {
    const own = await secretToken();
    sim.control.setFaults([{ target: 'intune', kind: 'expireToken', count: 1 }]);
    const reply = await graph('/v1.0/deviceManagement/managedDevices?$top=1', own);
    expect(reply.status).toBe(401);
    const body = json(reply);
    expect((body.error as Record<string, unknown>).message).toBe(
      'Lifetime validation failed, the token is expired.',
    );
    expect(Object.keys(body.error as object)).toEqual(
      Object.keys(fixture('error-401-expired.json').error as object),
    );
    expect(reply.headers['www-authenticate']).toBe(
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    );
    expect((await graph('/v1.0/deviceManagement/managedDevices?$top=1', own)).status).toBe(401);
  });

  it('refuses the per-device detectedApps segment on v1.0 and serves it on beta, matching ground truth', async () => {
    const planting = sim.control
      .groundTruth()
      .plantings.find((p) => p.source === 'intune' && p.productId !== 'lookalike');
    expect(planting).toBeDefined();
    const id = planting?.deviceId ?? '';
    const v1 = await graph(`/v1.0/deviceManagement/managedDevices/${id}/detectedApps`);
    expect(v1.status).toBe(400);
    expect((json(v1).error as Record<string, unknown>).message).toBe(
      (fixture('error-400-v1-no-detectedApps-segment.json').error as Record<string, unknown>).message,
    );
    const beta = json(await graph(`/beta/deviceManagement/managedDevices/${id}/detectedApps`));
    const names = (beta.value as Record<string, unknown>[]).map(
      (a) => `${a.displayName as string}|${a.version as string}`,
    );
    expect(names).toContain(`${planting?.name}|${planting?.version}`);
    const expanded = json(
      await graph(
        `/beta/deviceManagement/managedDevices/${id}?$select=id,deviceName,operatingSystem&$expand=detectedApps`,
      ),
    );
    expect((expanded.detectedApps as unknown[]).length).toBe((beta.value as unknown[]).length);
    expect(Object.keys(expanded).sort()).toEqual(
      Object.keys(fixture('device-expand-detectedApps.json')).sort(),
    );
  });

  it('drills from a planted detectedApp to exactly the devices that have it', async () => {
    const truth = sim.control.groundTruth();
    const planting = truth.plantings.find(
      (p) => p.source === 'intune' && p.productId.startsWith('kaspersky'),
    );
    const apps = await iterate(graphClient(), '/deviceManagement/detectedApps', (r) => r.top(1000));
    const app = apps.find((a) => a.displayName === planting?.name && a.version === planting?.version);
    expect(app).toBeDefined();
    const devices = json(
      await graph(
        `/v1.0/deviceManagement/detectedApps/${app?.id as string}/managedDevices?$select=id,deviceName`,
      ),
    );
    const expected = truth.plantings.filter(
      (p) =>
        p.source === 'intune' &&
        p.name === planting?.name &&
        p.version === planting?.version &&
        p.platform === planting?.platform,
    );
    expect((devices.value as Record<string, unknown>[]).map((d) => d.id).sort()).toEqual(
      expected.map((p) => p.deviceId).sort(),
    );
    expect(devices['@odata.count']).toBe(expected.length);
  });

  it('runs an AppInvRawData export: 201 notStarted, then completed, then a zip of a BOM CRLF quoted CSV with every installation', async () => {
    const body = readFileSync(join(FIXTURES, 'exportJob-request-AppInvRawData.json'), 'utf8');
    const created = await call(
      'POST',
      `${sim.intune.graphBaseUrl}/beta/deviceManagement/reports/exportJobs`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    );
    expect(created.status).toBe(201);
    const job = json(created);
    expect(Object.keys(job)).toEqual(Object.keys(fixture('exportJob-notStarted.json')));
    expect([job.status, job.url, job.expirationDateTime]).toEqual([
      'notStarted',
      null,
      '0001-01-01T00:00:00Z',
    ]);
    expect(job.id).toMatch(/^AppInvRawData_[0-9a-f-]{36}$/);
    const statuses: string[] = [];
    let url: string | null = null;
    while (!url) {
      const polled = json(await graph(`/beta/deviceManagement/reports/exportJobs('${job.id as string}')`));
      statuses.push(polled.status as string);
      url = polled.url as string | null;
    }
    expect(statuses).toEqual(['inProgress', 'completed']);
    expect(url.startsWith(`${sim.url}/blob/`)).toBe(true);
    expect((await call('GET', url, { authorization: `Bearer ${token}` })).status).toBe(400);
    const download = await call('GET', url);
    expect(download.status).toBe(200);
    const { name, data } = await unzipFirst(download.body);
    expect(name).toBe(`${job.id as string}.csv`);
    const text = data.toString('utf8');
    expect(text.startsWith('\uFEFF"ApplicationKey","ApplicationName"')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    const truth = sim.control.groundTruth();
    expect(lines.length - 1).toBe(truth.intune.installations);
    const rows = new Set(lines);
    for (const p of truth.plantings.filter((x) => x.source === 'intune').slice(0, 40))
      expect(
        [...rows].some(
          (row) =>
            row.includes(`"${p.name}","${p.publisher}"`) && row.includes(`"${p.deviceId}","${p.deviceName}"`),
        ),
      ).toBe(true);
  });

  it('throttles with Retry-After and the Graph client retries through to a complete walk', async () => {
    const truth = sim.control.groundTruth();
    sim.control.setFaults([
      {
        target: 'intune',
        kind: 'throttle',
        pathContains: '/managedDevices',
        every: 2,
        count: 2,
        retryAfterSeconds: 1,
      },
    ]);
    const devices = await iterate(graphClient(), '/deviceManagement/managedDevices', (r) =>
      r.select(['id']).top(400),
    );
    expect(devices).toHaveLength(truth.intune.devices);
    const raw = await (async () => {
      sim.control.setFaults([{ target: 'intune', kind: 'throttle', retryAfterSeconds: null, wrapped: true }]);
      return graph('/v1.0/deviceManagement/managedDevices?$top=1');
    })();
    expect(raw.status).toBe(429);
    expect(raw.headers['retry-after']).toBeUndefined();
    const message = (json(raw).error as Record<string, unknown>).message as string;
    expect((JSON.parse(message) as Record<string, unknown>)._version).toBe(3);
  });

  it('injects 503, 504, malformed pages and connection resets on request', async () => {
    sim.control.setFaults([{ target: 'intune', kind: 'unavailable', count: 1, retryAfterSeconds: 7 }]);
    const unavailable = await graph('/v1.0/deviceManagement/managedDevices?$top=1');
    expect([unavailable.status, unavailable.headers['retry-after']]).toEqual([503, '7']);
    sim.control.setFaults([{ target: 'intune', kind: 'gatewayTimeout', count: 1 }]);
    expect((await graph('/v1.0/deviceManagement/managedDevices?$top=1')).status).toBe(504);
    sim.control.setFaults([{ target: 'intune', kind: 'malformed', count: 1 }]);
    const malformed = await graph('/v1.0/deviceManagement/managedDevices?$top=1');
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.body.toString('utf8'))).toThrow();
    sim.control.setFaults([{ target: 'intune', kind: 'reset', count: 1 }]);
    await expect(graph('/v1.0/deviceManagement/managedDevices?$top=1')).rejects.toThrow();
    expect((await graph('/v1.0/deviceManagement/managedDevices?$top=1')).status).toBe(200);
  });

  it('refuses unknown $select properties, unsupported filters and forged skip tokens with 400 BadRequest', async () => {
    for (const path of [
      '/v1.0/deviceManagement/managedDevices?$select=id,colour',
      "/v1.0/deviceManagement/managedDevices?$filter=model eq 'x'",
      '/v1.0/deviceManagement/managedDevices?$skiptoken=bm90LWEtdG9rZW4',
      '/v1.0/deviceManagement/managedDevices?$expand=detectedApps',
    ]) {
      const reply = await graph(path.replace(/ /g, '%20'));
      expect([path, reply.status, (json(reply).error as Record<string, unknown>).code]).toEqual([
        path,
        400,
        'BadRequest',
      ]);
    }
  });

  it('filters managed devices by operating system', async () => {
    const truth = sim.control.groundTruth();
    const macs = await iterate(graphClient(), '/deviceManagement/managedDevices', (r) =>
      r.filter("operatingSystem eq 'macOS'").select(['id', 'operatingSystem']).top(100),
    );
    expect(macs).toHaveLength(truth.intune.byPlatform.macOS);
    expect(new Set(macs.map((d) => d.operatingSystem))).toEqual(new Set(['macOS']));
  });

  it('serves byte-identical data from two simulators with the same seed and day', async () => {
    const twin = await startSimulator({ seed: 11, devices: 1200, baseDate: '2026-11-01' });
    try {
      const twinAgent = new Agent({ ca: twin.caCertPem });
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: twin.intune.clientId,
        client_secret: twin.intune.clientSecret,
        scope: twin.intune.scope,
      });
      const twinToken = await new Promise<string>((resolve, reject) => {
        const req = request(
          twin.intune.tokenUrl,
          {
            method: 'POST',
            agent: twinAgent,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve((JSON.parse(text) as { access_token: string }).access_token));
          },
        );
        req.on('error', reject);
        req.end(form.toString());
      });
      const fetchValue = (base: string, bearer: string, a: Agent) =>
        new Promise<string>((resolve, reject) => {
          request(
            `${base}/v1.0/deviceManagement/managedDevices?$top=200`,
            { agent: a, headers: { authorization: `Bearer ${bearer}` } },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () => resolve(JSON.stringify((JSON.parse(text) as { value: unknown }).value)));
            },
          )
            .on('error', reject)
            .end();
        });
      const [mine, theirs] = await Promise.all([
        fetchValue(sim.intune.graphBaseUrl, token, agent),
        fetchValue(twin.intune.graphBaseUrl, twinToken, twinAgent),
      ]);
      expect(createHash('sha256').update(mine).digest('hex')).toBe(
        createHash('sha256').update(theirs).digest('hex'),
      );
      twinAgent.destroy();
    } finally {
      await twin.close();
    }
  });
});
