import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '@interdict/mdm-simulator';
import { httpsCall, type HttpsReply } from '../support/https-call';

// Drives the simulator's Jamf Pro side over real HTTPS: auth, paging totals, sections, versions, RSQL, mobile
// detail exception handling, faults; checked against test/fixtures/vendor/jamf and the ground truth.

const FIXTURES = join(__dirname, '..', 'fixtures', 'vendor', 'jamf');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

interface Reply extends HttpsReply {
  text: string;
}
type Json = Record<string, unknown>;

let sim: RunningSimulator;
let agent: Agent;
let token: string;

async function call(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  const reply = await httpsCall(agent, method, url, headers, body);
  return { ...reply, text: reply.body.toString('utf8') };
}
const api = (path: string, bearer = token) =>
  call('GET', `${sim.jamf.baseUrl}${path}`, {
    authorization: `Bearer ${bearer}`,
    accept: 'application/json',
  });
const parse = (reply: Reply): Json => JSON.parse(reply.text) as Json;

async function newToken(): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: sim.jamf.clientId,
    client_secret: sim.jamf.clientSecret,
  });
  const reply = await call(
    'POST',
    `${sim.jamf.baseUrl}/api/oauth/token`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    form.toString(),
  );
  expect(reply.status).toBe(200);
  return parse(reply).access_token as string;
}

async function walk(
  path: string,
  pageSize: number,
): Promise<{ results: Json[]; totals: number[]; pages: number }> {
  const results: Json[] = [];
  const totals: number[] = [];
  for (let page = 0; ; page++) {
    const reply = await api(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page-size=${pageSize}`);
    expect(reply.status).toBe(200);
    const body = parse(reply);
    totals.push(body.totalCount as number);
    const batch = body.results as Json[];
    if (batch.length === 0) return { results, totals, pages: page };
    results.push(...batch);
  }
}

beforeAll(async () => {
  sim = await startSimulator({
    seed: 5,
    devices: 3000,
    baseDate: '2026-11-01',
    jamfBrokenMobilePrevalence: 0.02,
  });
  agent = new Agent({ ca: sim.caCertPem, keepAlive: true });
  token = await newToken();
});

afterAll(async () => {
  agent.destroy();
  await sim.close();
});

beforeEach(() => sim.control.setFaults([]));

describe('Jamf Pro side of the simulator', () => {
  it('issues client-credential tokens in the fixture shape and refuses bad credentials in OAuth shape', async () => {
    const good = await call(
      'POST',
      `${sim.jamf.baseUrl}/api/v1/oauth/token`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.jamf.clientId,
        client_secret: sim.jamf.clientSecret,
      }).toString(),
    );
    expect(Object.keys(parse(good)).sort()).toEqual(Object.keys(fixture('oauth-token.json')).sort());
    const bad = await call(
      'POST',
      `${sim.jamf.baseUrl}/api/oauth/token`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.jamf.clientId,
        client_secret: 'wrong',
      }).toString(),
    );
    expect(bad.status).toBe(401);
    expect(parse(bad)).toEqual(fixture('oauth-error-invalid-client.json'));
    const version = parse(await api('/api/v1/jamf-pro-version'));
    expect(version.version).toMatch(/^11\.30\.1/);
  });

  it('walks every computer with its applications; totals and installations match the ground truth', async () => {
    const truth = sim.control.groundTruth();
    const { results, totals } = await walk(
      '/api/v3/computers-inventory?section=GENERAL&section=HARDWARE&section=APPLICATIONS&sort=id:asc',
      500,
    );
    expect(new Set(totals)).toEqual(new Set([truth.jamf.computers]));
    expect(results).toHaveLength(truth.jamf.computers);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    const installs = results.reduce((sum, r) => sum + (r.applications as unknown[]).length, 0);
    expect(installs).toBe(truth.jamf.computerInstallations);
    const byId = new Map(results.map((r) => [r.id as string, r]));
    const planted = truth.plantings.filter((p) => p.deviceKind === 'computer');
    expect(planted.length).toBeGreaterThan(0);
    for (const p of planted) {
      const apps = byId.get(p.deviceId)?.applications as Json[];
      expect(
        apps.some(
          (a) =>
            a.name === p.name && a.path === p.path && a.bundleId === p.bundleId && a.version === p.version,
        ),
      ).toBe(true);
    }
    const first = results[0];
    expect(first.userAndLocation).toBeNull();
    const fixtureApp = (
      (fixture('computers-inventory-page0.json').results as Json[])[0].applications as Json[]
    )[0];
    expect(Object.keys((first.applications as Json[])[0] ?? fixtureApp)).toEqual(Object.keys(fixtureApp));
  });

  it('clamps page-size to 2000 silently, keeps totalCount, and returns an empty page past the end', async () => {
    const total = sim.control.groundTruth().jamf.computers;
    expect(total).toBeGreaterThan(2000);
    const big = parse(await api('/api/v3/computers-inventory?page=0&page-size=5000&sort=id:asc'));
    expect([(big.results as unknown[]).length, big.totalCount]).toEqual([2000, total]);
    const past = parse(await api('/api/v3/computers-inventory?page=99&page-size=100'));
    expect(past).toEqual({ totalCount: total, results: [] });
  });

  it('honours sections and API versions: unrequested sections null, cfBundle fields from v3, v4 renames', async () => {
    const generalOnly = (
      parse(await api('/api/v3/computers-inventory?page-size=1&sort=id:asc')).results as Json[]
    )[0];
    const fixtureKeys = Object.keys((fixture('computers-inventory-page0.json').results as Json[])[0]);
    expect(Object.keys(generalOnly)).toEqual(fixtureKeys);
    for (const key of fixtureKeys.filter((k) => !['id', 'udid', 'general'].includes(k)))
      expect([key, generalOnly[key]]).toEqual([key, null]);
    const v1 = (
      parse(await api('/api/v1/computers-inventory?section=APPLICATIONS&page-size=20&sort=id:asc'))
        .results as Json[]
    ).flatMap((r) => r.applications as Json[]);
    expect(v1.length).toBeGreaterThan(0);
    expect(v1.every((a) => !('cfBundleVersion' in a))).toBe(true);
    const v4 = (parse(await api('/api/v4/computers-inventory?page-size=1&sort=id:asc')).results as Json[])[0];
    const v4Fixture = (fixture('computers-inventory-v4-general-only.json').results as Json[])[0];
    expect(Object.keys(v4.general as Json)).toEqual(Object.keys(v4Fixture.general as Json));
    const bad = await api('/api/v3/computers-inventory?section=APPS');
    expect([bad.status, (parse(bad).errors as Json[])[0].field]).toEqual([400, 'section']);
  });

  it('filters with RSQL and names a field that cannot be filtered', async () => {
    const truth = sim.control.groundTruth();
    const unmanaged = parse(
      await api(
        '/api/v3/computers-inventory?filter=general.remoteManagement.managed%3D%3Dfalse&page-size=2000',
      ),
    );
    expect(unmanaged.totalCount).toBe(truth.jamf.unmanagedComputers);
    const named = parse(
      await api(
        `/api/v4/computers-inventory?filter=${encodeURIComponent('general.name=="acme-mac-00001*"')}`,
      ),
    );
    expect(named.totalCount).toBeGreaterThanOrEqual(9);
    const bad = await api(
      `/api/v3/computers-inventory?filter=${encodeURIComponent('applications.name=="Kaspersky*"')}`,
    );
    expect(bad.status).toBe(400);
    expect((parse(bad).errors as Json[])[0].field).toBe('applications.name');
    expect(Object.keys(parse(bad))).toEqual(['httpStatus', 'errors']);
  });

  it('walks mobile device details LENIENT; STRICT fails a page with a device Jamf cannot process', async () => {
    const truth = sim.control.groundTruth();
    const path =
      '/api/v2/mobile-devices/detail?section=GENERAL&section=HARDWARE&section=APPLICATIONS&sort=mobileDeviceId:asc&exception-handling=LENIENT';
    const { results, totals } = await walk(path, 200);
    expect(new Set(totals)).toEqual(new Set([truth.jamf.mobileDevices]));
    expect(results.reduce((sum, r) => sum + (r.applications as unknown[]).length, 0)).toBe(
      truth.jamf.mobileInstallations,
    );
    const broken = results.filter((r) => r.hardware === null);
    expect(broken.length).toBeGreaterThan(0);
    const strict = await api(
      '/api/v2/mobile-devices/detail?section=HARDWARE&sort=mobileDeviceId:asc&page-size=2000',
    );
    expect(strict.status).toBe(500);
    expect(Object.keys(parse(strict))).toEqual(['httpStatus', 'errors']);
    const list = parse(await api('/api/v2/mobile-devices?page-size=3'));
    const listFixture = fixture('mobile-devices-list.json');
    expect(Object.keys((list.results as Json[])[0])).toEqual(Object.keys((listFixture.results as Json[])[0]));
    const detail = parse(
      await api(`/api/v2/mobile-devices/${(list.results as Json[])[0].id as string}/detail`),
    );
    expect(Object.keys(detail)).toEqual(Object.keys(fixture('mobile-device-101-detail.json')));
  });

  it('pretty-prints like Jamf with a spaced colon', async () => {
    const reply = await api('/api/v3/computers-inventory?page-size=1');
    expect(reply.text.startsWith('{\n  "totalCount" : ')).toBe(true);
  });

  it('answers 401 INVALID_TOKEN after a token expires mid-walk, and a fresh token continues', async () => {
    const own = await newToken();
    sim.control.setFaults([{ target: 'jamf', kind: 'expireToken', after: 2, count: 1 }]);
    const statuses: number[] = [];
    for (let page = 0; page < 4; page++)
      statuses.push((await api(`/api/v3/computers-inventory?page=${page}&page-size=10`, own)).status);
    expect(statuses).toEqual([200, 200, 401, 401]);
    const expired = await api('/api/v3/computers-inventory?page=0&page-size=1', own);
    expect(parse(expired)).toEqual(fixture('error-401.json'));
    expect((await api('/api/v3/computers-inventory?page=3&page-size=10', await newToken())).status).toBe(200);
  });

  it('counts requests per endpoint and serves Jamf faults as edge errors', async () => {
    sim.control.setFaults([
      { target: 'jamf', kind: 'gatewayTimeout', pathContains: 'computers-inventory', count: 1 },
    ]);
    const timeout = await api('/api/v3/computers-inventory?page=0&page-size=1');
    expect([timeout.status, timeout.headers['content-type']]).toEqual([504, 'text/html']);
    const before = sim.control.requestLog().byEndpoint['GET /jamf/api/v1/jamf-pro-version'] ?? 0;
    await api('/api/v1/jamf-pro-version');
    await api('/api/v1/jamf-pro-version');
    expect(sim.control.requestLog().byEndpoint['GET /jamf/api/v1/jamf-pro-version']).toBe(before + 2);
  });

  it('evolves with the day: ground truth and the served inventory change together', async () => {
    const before = sim.control.groundTruth();
    sim.control.setDay(7);
    try {
      const after = sim.control.groundTruth();
      expect(after.day).toBe(7);
      expect(after.jamf.computerInstallations).not.toBe(before.jamf.computerInstallations);
      const { results } = await walk('/api/v3/computers-inventory?section=APPLICATIONS&sort=id:asc', 1000);
      expect(results.reduce((sum, r) => sum + (r.applications as unknown[]).length, 0)).toBe(
        after.jamf.computerInstallations,
      );
    } finally {
      sim.control.setDay(0);
    }
  });
});
