import type { DetectedAppRow, SimApp, SimDevice, SimPlatform } from '../fleet';
import { aggregateKey, detectedAppKey, forEachDevice, intuneDeviceIndex, intuneDisplayName } from '../fleet';
import { INTUNE_ROLES } from '../state';
import type { RequestContext } from './context';
import { handleExportJobs } from './export-jobs';
import { managedDeviceProperties, managedDeviceRecord, selectProperties } from './graph-device';
import { compileFilter, ODataError } from './odata-filter';
import type { RecordPredicate } from './odata-filter';
import { BodyWriter, GRAPH_JSON, GRAPH_WWW_AUTHENTICATE, graphHeaders, sendGraphError } from './respond';

const MAX_PAGE = 1000;
const SKIPTOKEN_LIFETIME_MS = 3_600_000;

class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** detectedApp `platform` enum value for a simulated platform (docs/mdm-apis.md §5). */
export function detectedAppPlatform(platform: SimPlatform): string {
  return platform === 'iOS' ? 'ios' : platform === 'android' ? 'androidDedicatedAndFullyManaged' : platform;
}

function detectedAppJson(row: {
  id: string;
  displayName: string;
  version: string;
  publisher: string;
  platform: SimPlatform;
  deviceCount: number;
}): string {
  return JSON.stringify({
    id: row.id,
    displayName: row.displayName,
    version: row.version,
    sizeInByte: 0,
    deviceCount: row.deviceCount,
    publisher: row.publisher,
    platform: detectedAppPlatform(row.platform),
  });
}

/** Checks the bearer token: 401 as Graph words it, 403 when the app lacks the roles (docs/mdm-apis.md §2). */
function authorize(ctx: RequestContext, neededRole: string): boolean {
  const header = ctx.req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
  const www = { 'www-authenticate': GRAPH_WWW_AUTHENTICATE };
  if (!match) {
    sendGraphError(ctx.req, ctx.res, 401, 'InvalidAuthenticationToken', 'Access token is empty.', www);
    return false;
  }
  const issued = ctx.state.tokens.get(match[1]);
  if (!issued || issued.side !== 'intune') {
    sendGraphError(
      ctx.req,
      ctx.res,
      401,
      'InvalidAuthenticationToken',
      'IDX14100: JWT is not well formed, there are no dots (.).',
      www,
    );
    return false;
  }
  if (issued.expiresAtMs <= Date.now()) {
    sendGraphError(
      ctx.req,
      ctx.res,
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
      www,
    );
    return false;
  }
  if (
    !issued.roles.includes(neededRole) &&
    !issued.roles.includes(neededRole.replace('.Read.', '.ReadWrite.'))
  ) {
    sendGraphError(
      ctx.req,
      ctx.res,
      403,
      'Forbidden',
      `Application is not authorized to perform this operation. Application must have one of the following scopes: ${neededRole}, ${neededRole.replace('.Read.', '.ReadWrite.')}`,
    );
    return false;
  }
  return true;
}

/** Routes `/graph/{v1.0|beta}/…`. */
export async function handleGraph(ctx: RequestContext): Promise<void> {
  const m = /^\/(v1\.0|beta)(\/.*)$/.exec(ctx.path);
  if (!m) {
    sendGraphError(ctx.req, ctx.res, 400, 'BadRequest', `Invalid version: ${ctx.path.split('/')[1] ?? ''}`);
    return;
  }
  const version = m[1] as 'v1.0' | 'beta';
  const rest = m[2];
  const isReports = rest.startsWith('/deviceManagement/reports/');
  if (!authorize(ctx, isReports ? INTUNE_ROLES[1] : INTUNE_ROLES[0])) return;
  try {
    await route(ctx, version, rest);
  } catch (error) {
    if (error instanceof GraphRequestError)
      sendGraphError(ctx.req, ctx.res, error.status, error.code, error.message);
    else if (error instanceof ODataError) sendGraphError(ctx.req, ctx.res, 400, 'BadRequest', error.message);
    else throw error;
  }
}

async function route(ctx: RequestContext, version: 'v1.0' | 'beta', rest: string): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  const parts = rest
    .replace(/\('([^']*)'\)/g, '/$1')
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  if (parts[0] !== 'deviceManagement')
    throw new GraphRequestError(400, 'BadRequest', `Resource not found for the segment '${parts[0] ?? ''}'.`);
  const [, collection, id, nav, ...extra] = parts;
  if (collection === 'reports' && id === 'exportJobs') {
    await handleExportJobs(ctx, version, method, nav, extra);
    return;
  }
  if (method !== 'GET')
    throw new GraphRequestError(405, 'BadRequest', `The HTTP method '${method}' is not allowed here.`);
  if (extra.length > 0)
    throw new GraphRequestError(400, 'BadRequest', `Resource not found for the segment '${extra[0]}'.`);
  if (collection === 'managedDevices') {
    if (id === undefined) return listManagedDevices(ctx, version);
    if (nav === undefined) return getManagedDevice(ctx, version, id);
    if (nav === 'detectedApps') {
      // v1.0 has no device→apps navigation (docs/mdm-apis.md §5, fixture error-400-v1-no-detectedApps-segment.json).
      if (version === 'v1.0')
        throw new GraphRequestError(400, 'BadRequest', "Resource not found for the segment 'detectedApps'.");
      return listDeviceDetectedApps(ctx, id);
    }
    throw new GraphRequestError(400, 'BadRequest', `Resource not found for the segment '${nav}'.`);
  }
  if (collection === 'detectedApps') {
    if (id === undefined) return listDetectedApps(ctx, version);
    if (nav === undefined) return getDetectedApp(ctx, version, id);
    if (nav === 'managedDevices') return listDetectedAppDevices(ctx, version, id);
    throw new GraphRequestError(400, 'BadRequest', `Resource not found for the segment '${nav}'.`);
  }
  throw new GraphRequestError(400, 'BadRequest', `Resource not found for the segment '${collection ?? ''}'.`);
}

function parseSelect(ctx: RequestContext, beta: boolean): string[] | null {
  const raw = ctx.query.get('$select');
  if (raw === null || raw.trim() === '') return null;
  const allowed = managedDeviceProperties(beta);
  const select = raw.split(',').map((s) => s.trim());
  for (const name of select)
    if (!allowed.has(name))
      throw new GraphRequestError(
        400,
        'BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.managedDevice'.`,
      );
  return select;
}

function parseTop(ctx: RequestContext, fallback: number): number {
  const raw = ctx.query.get('$top');
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 0)
    throw new GraphRequestError(400, 'BadRequest', `Invalid value '${raw}' for $top query option found.`);
  return Math.min(Math.max(top, 1), MAX_PAGE);
}

function parseSkip(ctx: RequestContext): number {
  const raw = ctx.query.get('$skip');
  if (raw === null) return 0;
  const skip = Number(raw);
  if (!Number.isInteger(skip) || skip < 0)
    throw new GraphRequestError(400, 'BadRequest', `Invalid value '${raw}' for $skip query option found.`);
  return skip;
}

/** Opaque keyset token: the last (deviceName, id) of a page, as Graph's own skiptoken carries (docs/mdm-apis.md §3). */
function encodeSkipToken(device: SimDevice, day: number): string {
  const keyset = `LastDeviceName='${device.name}',LastDeviceId='${device.id}'`;
  return Buffer.from(JSON.stringify({ k: keyset, d: day, e: Date.now() + SKIPTOKEN_LIFETIME_MS })).toString(
    'base64url',
  );
}

/** The index after the keyset in a skiptoken; names encode their position in (deviceName, id) order. */
function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      k?: unknown;
      e?: unknown;
    };
    const m =
      typeof parsed.k === 'string'
        ? /^LastDeviceName='(?:FABRIKAM-(\d{6})-[A-Z]+|CORPUS-(\d{6}))',LastDeviceId='[0-9a-f-]{36}'$/.exec(
            parsed.k,
          )
        : null;
    if (!m || typeof parsed.e !== 'number') throw new Error('bad token');
    if (parsed.e < Date.now()) throw new GraphRequestError(400, 'BadRequest', 'The skip token has expired.');
    return Number(m[1] ?? m[2]) + 1;
  } catch (error) {
    if (error instanceof GraphRequestError) throw error;
    throw new GraphRequestError(400, 'BadRequest', 'The skip token is invalid.');
  }
}

function queryString(params: [string, string][]): string {
  // Graph keeps `$` and `,` readable in its links; encode only what would break the query.
  return params
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',').replace(/%24/g, '$')}`)
    .join('&');
}

// Long because it applies the list's query options ($select, $filter, $top, $skiptoken) and paging in the order Graph
// does.
async function listManagedDevices(ctx: RequestContext, version: 'v1.0' | 'beta'): Promise<void> {
  const beta = version === 'beta';
  const select = parseSelect(ctx, beta);
  const filterText = ctx.query.get('$filter');
  const filter: RecordPredicate | null = filterText ? compileFilter(filterText) : null;
  const top = parseTop(ctx, MAX_PAGE);
  const skiptoken = ctx.query.get('$skiptoken');
  const expand = ctx.query.get('$expand');
  if (expand !== null && expand !== 'detectedApps')
    throw new GraphRequestError(
      400,
      'BadRequest',
      `Could not find a property named '${expand}' on type 'microsoft.graph.managedDevice'.`,
    );
  if (expand !== null && !beta)
    throw new GraphRequestError(
      400,
      'BadRequest',
      "Could not find a property named 'detectedApps' on type 'microsoft.graph.managedDevice'.",
    );
  const state = ctx.state;
  const fleet = state.fleet();
  const start = skiptoken !== null ? decodeSkipToken(skiptoken) : 0;
  const space = fleet.indexSpace('intune');
  // Pass 1 finds the page (Graph writes @odata.count and the nextLink before `value`); pass 2 renders it.
  const page: SimDevice[] = [];
  let i = start;
  for (; i < space && page.length < top; i++) {
    const device = fleet.device('intune', i);
    if (!device) continue;
    if (filter && !filter(managedDeviceRecord(device, beta))) continue;
    page.push(device);
  }
  const hasMore = page.length === top && i < space;
  const base = `${ctx.baseUrl}/graph/${version}`;
  const selectList = select ? `(${select.join(',')})` : '';
  const head: Record<string, unknown> = {
    '@odata.context': `${base}/$metadata#deviceManagement/managedDevices${selectList}`,
    '@odata.count': page.length,
  };
  if (hasMore) {
    const params: [string, string][] = [];
    if (select) params.push(['$select', select.join(',')]);
    if (filterText) params.push(['$filter', filterText]);
    if (expand) params.push(['$expand', expand]);
    params.push(['$top', String(top)]);
    params.push(['$skiptoken', encodeSkipToken(page[page.length - 1], state.day)]);
    head['@odata.nextLink'] = `${base}/deviceManagement/managedDevices?${queryString(params)}`;
  }
  ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
  const out = new BodyWriter(ctx.res);
  await out.write(`${JSON.stringify(head).slice(0, -1)},"value":[`);
  for (let k = 0; k < page.length; k++) {
    const record = selectProperties(managedDeviceRecord(page[k], beta), select);
    // The real beta list ignores $expand=detectedApps and returns empty arrays (msgraph-beta-sdk-dotnet#701).
    if (expand)
      record.detectedApps = state.settings.listExpandReturnsEmpty
        ? []
        : deviceApps(ctx, page[k]).map((a) => JSON.parse(a) as unknown);
    await out.write((k > 0 ? ',' : '') + JSON.stringify(record));
  }
  await out.end(']}');
}

function findDevice(ctx: RequestContext, id: string): SimDevice {
  const index = intuneDeviceIndex(ctx.state.settings.seed, id);
  const device = index >= 0 ? ctx.state.fleet().device('intune', index) : null;
  if (!device) throw new GraphRequestError(404, 'ResourceNotFound', `Resource not found`);
  return device;
}

/** A device's apps as detectedApp JSON strings, deviceCount taken from the tenant catalogue. */
function deviceApps(ctx: RequestContext, device: SimDevice): string[] {
  const catalogue = ctx.state.detectedApps();
  return ctx.state
    .fleet()
    .apps(device)
    .map((app: SimApp) => {
      const row = catalogue.byKey.get(aggregateKey(device.platform, app));
      return detectedAppJson({
        id: row?.id ?? '',
        displayName: intuneDisplayName(device.platform, app),
        version: app.version,
        publisher: app.publisher,
        platform: device.platform,
        deviceCount: row?.deviceCount ?? 1,
      });
    });
}

async function getManagedDevice(ctx: RequestContext, version: 'v1.0' | 'beta', id: string): Promise<void> {
  const beta = version === 'beta';
  const select = parseSelect(ctx, beta);
  const expand = ctx.query.get('$expand');
  if (expand !== null && (expand !== 'detectedApps' || !beta))
    throw new GraphRequestError(
      400,
      'BadRequest',
      `Could not find a property named '${expand}' on type 'microsoft.graph.managedDevice'.`,
    );
  const device = findDevice(ctx, id);
  const base = `${ctx.baseUrl}/graph/${version}`;
  const selectList = select ? `(${[...select, ...(expand ? ['detectedApps()'] : [])].join(',')})` : '';
  const body = {
    '@odata.context': `${base}/$metadata#deviceManagement/managedDevices${selectList}/$entity`,
    ...selectProperties(managedDeviceRecord(device, beta), select),
  };
  let text = JSON.stringify(body);
  if (expand) {
    const apps = deviceApps(ctx, device);
    text = `${text.slice(0, -1)},"detectedApps@odata.context":${JSON.stringify(`${base}/$metadata#deviceManagement/managedDevices('${device.id}')/detectedApps`)},"detectedApps":[${apps.join(',')}]}`;
  }
  ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
  ctx.res.end(text);
}

async function listDeviceDetectedApps(ctx: RequestContext, id: string): Promise<void> {
  const device = findDevice(ctx, id);
  let apps = deviceApps(ctx, device);
  // Reported cap of 50 rows without paging on this route (docs/mdm-apis.md §5), behind a flag.
  if (ctx.state.settings.perDeviceAppsCap50) apps = apps.slice(0, 50);
  const context = `${ctx.baseUrl}/graph/beta/$metadata#deviceManagement/managedDevices('${device.id}')/detectedApps`;
  ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
  ctx.res.end(
    `{"@odata.context":${JSON.stringify(context)},"@odata.count":${apps.length},"value":[${apps.join(',')}]}`,
  );
}

async function listDetectedApps(ctx: RequestContext, version: 'v1.0' | 'beta'): Promise<void> {
  const top = parseTop(ctx, MAX_PAGE);
  const skip = parseSkip(ctx);
  const rows = ctx.state.detectedApps().rows;
  const page = rows.slice(skip, skip + top);
  const base = `${ctx.baseUrl}/graph/${version}`;
  const head: Record<string, unknown> = {
    '@odata.context': `${base}/$metadata#deviceManagement/detectedApps`,
    '@odata.count': rows.length,
  };
  if (skip + top < rows.length)
    head['@odata.nextLink'] = `${base}/deviceManagement/detectedApps?$top=${top}&$skip=${skip + top}`;
  ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
  const out = new BodyWriter(ctx.res);
  await out.write(`${JSON.stringify(head).slice(0, -1)},"value":[`);
  for (let k = 0; k < page.length; k++) await out.write((k > 0 ? ',' : '') + detectedAppJson(page[k]));
  await out.end(']}');
}

function findDetectedApp(ctx: RequestContext, id: string): DetectedAppRow {
  const key = detectedAppKey(ctx.state.settings.seed, id);
  const row = key >= 0 ? ctx.state.detectedApps().byKey.get(key) : undefined;
  if (!row) throw new GraphRequestError(404, 'ResourceNotFound', 'Resource not found');
  return row;
}

async function getDetectedApp(ctx: RequestContext, version: 'v1.0' | 'beta', id: string): Promise<void> {
  const row = findDetectedApp(ctx, id);
  const context = `${ctx.baseUrl}/graph/${version}/$metadata#deviceManagement/detectedApps/$entity`;
  ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
  ctx.res.end(`{"@odata.context":${JSON.stringify(context)},${detectedAppJson(row).slice(1)}`);
}

async function listDetectedAppDevices(
  ctx: RequestContext,
  version: 'v1.0' | 'beta',
  id: string,
): Promise<void> {
  const row = findDetectedApp(ctx, id);
  const select = parseSelect(ctx, version === 'beta');
  const top = parseTop(ctx, MAX_PAGE);
  const skip = parseSkip(ctx);
  const state = ctx.state;
  const fleet = state.fleet();
  let indexes = state.detectedApps().plantedDevices.get(row.key);
  if (!indexes) {
    // Not a planted title: find its devices with a walk (slow on big fleets, as drilling into Chrome would be).
    const found: number[] = [];
    forEachDevice(fleet, 'intune', (device) => {
      if (device.platform !== row.platform) return;
      if (fleet.apps(device).some((app) => aggregateKey(device.platform, app) === row.key))
        found.push(device.index);
    });
    indexes = found;
  }
  const page = indexes.slice(skip, skip + top);
  const base = `${ctx.baseUrl}/graph/${version}`;
  const selectList = select ? `(${select.join(',')})` : '';
  const head: Record<string, unknown> = {
    '@odata.context': `${base}/$metadata#deviceManagement/detectedApps('${row.id}')/managedDevices${selectList}`,
    '@odata.count': indexes.length,
  };
  if (skip + top < indexes.length) {
    const params: [string, string][] = [];
    if (select) params.push(['$select', select.join(',')]);
    params.push(['$top', String(top)], ['$skip', String(skip + top)]);
    head['@odata.nextLink'] =
      `${base}/deviceManagement/detectedApps('${row.id}')/managedDevices?${queryString(params)}`;
  }
  const value = page.map((index) => {
    const device = fleet.device('intune', index);
    return device
      ? JSON.stringify(selectProperties(managedDeviceRecord(device, version === 'beta'), select))
      : null;
  });
  ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
  ctx.res.end(`${JSON.stringify(head).slice(0, -1)},"value":[${value.filter((v) => v !== null).join(',')}]}`);
}
