import type { DeviceSource, Fleet, SimDevice } from '../fleet';
import { unit } from '../fleet/prng';
import type { SimulatorState } from '../state';
import type { RequestContext } from './context';
import {
  COMPUTER_SECTIONS,
  MOBILE_FILTER_FIELDS,
  MOBILE_SECTIONS,
  computerField,
  computerFilterFields,
  computerRecord,
  mobileDetailRecord,
  mobileField,
  mobileFullDetail,
  mobileListItem,
} from './jamf-device';
import { BodyWriter, jamfJson, readBody, sendJamfError, writeJamfJson } from './respond';
import { compileRsql, RsqlError } from './rsql';

const JAMF_JSON = 'application/json;charset=UTF-8';
const MAX_PAGE_SIZE = 2000;
const BASIC_TOKEN_LIFETIME_S = 1800;

class JamfRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** Ordered device indexes per (source, day, filter, sort): the only per-fleet arrays kept (4 bytes a device). */
const orderCaches = new WeakMap<SimulatorState, Map<string, Int32Array>>();

function cachedOrder(state: SimulatorState, key: string, build: () => Int32Array): Int32Array {
  let cache = orderCaches.get(state);
  if (!cache) orderCaches.set(state, (cache = new Map<string, Int32Array>()));
  const hit = cache.get(key);
  if (hit) return hit;
  const order = build();
  if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
  cache.set(key, order);
  return order;
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

function sendPretty(ctx: RequestContext, status: number, body: unknown): void {
  ctx.res.writeHead(status, { 'content-type': JAMF_JSON });
  ctx.res.end(jamfJson(body));
}

let inFlight = 0;

/** Routes `/jamf/api/…`. */
export async function handleJamf(ctx: RequestContext): Promise<void> {
  const limit = ctx.state.settings.jamfMaxInFlight;
  if (limit > 0 && inFlight >= limit) {
    // Jamf Cloud's edge under too many parallel connections (docs/mdm-apis.md §10): an empty 503.
    ctx.res.writeHead(503, { 'content-type': 'text/html' });
    ctx.res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    return;
  }
  inFlight++;
  try {
    await routeJamf(ctx);
  } catch (error) {
    if (error instanceof JamfRequestError)
      sendJamfError(ctx.res, error.status, error.code, error.message, error.field);
    else if (error instanceof RsqlError)
      sendJamfError(ctx.res, 400, 'INVALID_FIELD', error.message, error.field);
    else throw error;
  } finally {
    inFlight--;
  }
}

async function routeJamf(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  const path = ctx.path.replace(/\/+$/, '');
  if (method === 'POST' && (path === '/api/oauth/token' || path === '/api/v1/oauth/token'))
    return clientCredentialsToken(ctx);
  if (method === 'POST' && path === '/api/v1/auth/token') return basicToken(ctx);
  const token = authorize(ctx);
  if (token === null) return;
  if (method === 'POST' && path === '/api/v1/auth/keep-alive') {
    ctx.state.tokens.delete(token);
    return sendBasicTokenBody(ctx);
  }
  if (method === 'POST' && path === '/api/v1/auth/invalidate-token') {
    ctx.state.tokens.delete(token);
    ctx.res.writeHead(204);
    ctx.res.end();
    return;
  }
  if (method !== 'GET')
    throw new JamfRequestError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not supported here`);
  if (path === '/api/v1/jamf-pro-version')
    return sendPretty(ctx, 200, { version: ctx.state.settings.jamfVersion });
  if (path === '/api/v1/auth')
    return sendPretty(ctx, 200, {
      account: { id: '1', username: ctx.state.jamfUsername },
      accountGroups: [],
      sites: [],
      authenticationType: 'JSS',
    });
  let m = /^\/api\/v([1-4])\/computers-inventory(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const apiVersion = Number(m[1]);
    checkVersionPresent(ctx, apiVersion);
    return m[2] === undefined ? listComputers(ctx, apiVersion) : getComputer(ctx, apiVersion, m[2], false);
  }
  m = /^\/api\/v([1-4])\/computers-inventory-detail\/([^/]+)$/.exec(path);
  if (m) {
    checkVersionPresent(ctx, Number(m[1]));
    return getComputer(ctx, Number(m[1]), m[2], true);
  }
  if (path === '/api/v2/mobile-devices') return listMobiles(ctx);
  if (path === '/api/v2/mobile-devices/detail') return listMobileDetails(ctx);
  m = /^\/api\/v2\/mobile-devices\/([^/]+)\/detail$/.exec(path);
  if (m) return getMobileDetail(ctx, m[1]);
  throw new JamfRequestError(404, 'NOT_FOUND', 'The requested resource was not found');
}

function checkVersionPresent(ctx: RequestContext, apiVersion: number): void {
  // v4 exists only on 11.30+ (docs/mdm-apis.md §8); older servers answer 404.
  if (apiVersion === 4 && !versionAtLeast(ctx.state.settings.jamfVersion, 11, 30))
    throw new JamfRequestError(404, 'NOT_FOUND', 'The requested resource was not found');
}

function authorize(ctx: RequestContext): string | null {
  const header = ctx.req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
  const issued = m ? ctx.state.tokens.get(m[1]) : undefined;
  if (!m || !issued || issued.side !== 'jamf' || issued.expiresAtMs <= Date.now()) {
    sendJamfError(ctx.res, 401, 'INVALID_TOKEN', 'Unauthorized');
    return null;
  }
  return m[1];
}

function oauthError(ctx: RequestContext, status: number, error: string, description: string): void {
  sendPretty(ctx, status, { error, error_description: description });
}

async function clientCredentialsToken(ctx: RequestContext): Promise<void> {
  const form = new URLSearchParams(await readBody(ctx.req, 64 * 1024));
  const grant = form.get('grant_type');
  if (grant !== 'client_credentials')
    return oauthError(ctx, 400, 'unsupported_grant_type', `Unsupported grant type: ${grant ?? '(none)'}`);
  const state = ctx.state;
  if (form.get('client_id') !== state.jamfClientId || form.get('client_secret') !== state.jamfClientSecret)
    return oauthError(ctx, 401, 'invalid_client', 'Client authentication failed');
  const scope = form.get('scope');
  if (scope !== null && scope.split(' ').some((s) => s !== 'api-role:1'))
    return oauthError(ctx, 400, 'invalid_scope', 'Invalid scope');
  const lifetime = state.settings.jamfTokenLifetimeSeconds;
  const token = state.issueToken('jamf', lifetime, []);
  sendPretty(ctx, 200, {
    access_token: token,
    scope: 'api-role:1',
    token_type: 'Bearer',
    expires_in: lifetime - 1,
  });
}

async function basicToken(ctx: RequestContext): Promise<void> {
  const header = ctx.req.headers.authorization;
  const m = typeof header === 'string' ? /^Basic (\S+)$/i.exec(header) : null;
  const [user, password] = m ? Buffer.from(m[1], 'base64').toString('utf8').split(':') : [];
  if (user !== ctx.state.jamfUsername || password !== ctx.state.jamfPassword) {
    sendJamfError(ctx.res, 401, 'INVALID_CREDENTIALS', 'Unauthorized');
    return;
  }
  sendBasicTokenBody(ctx);
}

function sendBasicTokenBody(ctx: RequestContext): void {
  const token = ctx.state.issueToken('jamf', BASIC_TOKEN_LIFETIME_S, []);
  const expires = new Date(ctx.state.tokens.get(token)?.expiresAtMs ?? 0).toISOString();
  sendPretty(ctx, 200, { token, expires });
}

interface Paging {
  page: number;
  pageSize: number;
}

function paging(ctx: RequestContext): Paging {
  const page = ctx.query.get('page') ?? '0';
  const size = ctx.query.get('page-size') ?? '100';
  if (!/^\d+$/.test(page)) throw new JamfRequestError(400, 'INVALID_FIELD', `Invalid page '${page}'`, 'page');
  if (!/^\d+$/.test(size) || Number(size) < 1)
    throw new JamfRequestError(400, 'INVALID_FIELD', `Invalid page-size '${size}'`, 'page-size');
  // Silent clamp at 2000 (docs/mdm-apis.md §10): no error, totalCount stays right.
  return { page: Number(page), pageSize: Math.min(Number(size), MAX_PAGE_SIZE) };
}

function sections(
  ctx: RequestContext,
  allowed: readonly string[],
  extra: readonly string[] = [],
): Set<string> {
  const requested = ctx.query.getAll('section');
  if (requested.length === 0) return new Set(['GENERAL']);
  for (const s of requested)
    if (!allowed.includes(s) && !extra.includes(s))
      throw new JamfRequestError(400, 'INVALID_FIELD', `Invalid section '${s}'`, 'section');
  return new Set(requested);
}

type Reader = (device: SimDevice, field: string) => string | number | boolean | null | undefined;

/** Device indexes of a listing, filtered and sorted; `id:asc` and name order need no sort (names follow ids). */
function order(
  ctx: RequestContext,
  source: DeviceSource,
  read: Reader,
  filterFields: ReadonlySet<string>,
  sortFields: ReadonlySet<string>,
  defaultSort: string,
): Int32Array {
  const state = ctx.state;
  const fleet: Fleet = state.fleet();
  const filterText = ctx.query.get('filter') ?? '';
  const sortText = ctx.query.get('sort') ?? defaultSort;
  const sortKeys = sortText.split(',').map((part) => {
    const [field, direction = 'asc'] = part.split(':');
    if (!sortFields.has(field) || (direction !== 'asc' && direction !== 'desc'))
      throw new JamfRequestError(400, 'INVALID_FIELD', `Invalid sort '${part}'`, 'sort');
    return { field, descending: direction === 'desc' };
  });
  const predicate = filterText ? compileRsql(filterText, filterFields) : null;
  return cachedOrder(state, `${source}|${state.day}|${filterText}|${sortText}`, () => {
    const space = fleet.indexSpace(source);
    const found: number[] = [];
    for (let i = 0; i < space; i++) {
      if (!fleet.exists(source, i)) continue;
      if (predicate) {
        const device = fleet.device(source, i);
        if (!device || !predicate((field) => read(device, field))) continue;
      }
      found.push(i);
    }
    const natural =
      sortKeys.length === 1 &&
      !sortKeys[0].descending &&
      ['id', 'mobileDeviceId', 'general.name', 'displayName', 'name'].includes(sortKeys[0].field);
    if (!natural) {
      const keys = new Map<number, (string | number | boolean | null | undefined)[]>();
      for (const i of found) {
        const device = fleet.device(source, i);
        keys.set(
          i,
          sortKeys.map((k) => (device ? read(device, k.field) : null)),
        );
      }
      found.sort((a, b) => {
        const ka = keys.get(a) ?? [];
        const kb = keys.get(b) ?? [];
        for (let k = 0; k < sortKeys.length; k++) {
          const x = ka[k] ?? '';
          const y = kb[k] ?? '';
          if (x === y) continue;
          const less = x < y ? -1 : 1;
          return sortKeys[k].descending ? -less : less;
        }
        return a - b;
      });
    }
    return Int32Array.from(found);
  });
}

async function streamPage(
  ctx: RequestContext,
  total: number,
  render: (out: BodyWriter) => Promise<void>,
): Promise<void> {
  ctx.res.writeHead(200, { 'content-type': JAMF_JSON });
  const out = new BodyWriter(ctx.res);
  out.text(`{\n  "totalCount" : ${total},\n  "results" : [ `);
  await render(out);
  await out.end(' ]\n}');
}

const COMPUTER_SORTS_BASE = [
  'general.name',
  'udid',
  'id',
  'general.assetTag',
  'general.jamfBinaryVersion',
  'general.lastEnrolledDate',
  'general.reportDate',
  'general.platform',
  'hardware.make',
  'hardware.model',
  'operatingSystem.name',
  'operatingSystem.version',
  'operatingSystem.build',
  'userAndLocation.realname',
  'hardware.serialNumber',
];

async function listComputers(ctx: RequestContext, apiVersion: number): Promise<void> {
  const wanted = sections(ctx, COMPUTER_SECTIONS, apiVersion === 1 ? ['PLUGINS', 'FONTS'] : []);
  const { page, pageSize } = paging(ctx);
  const sorts = new Set([
    ...COMPUTER_SORTS_BASE,
    ...(apiVersion >= 4 ? ['general.lastContact', 'general.lastCheckIn'] : ['general.lastContactTime']),
  ]);
  const indexes = order(
    ctx,
    'jamfComputer',
    computerField,
    computerFilterFields(apiVersion),
    sorts,
    'general.name:asc',
  );
  const fleet = ctx.state.fleet();
  const withApps = wanted.has('APPLICATIONS');
  const slice = indexes.subarray(
    Math.min(page * pageSize, indexes.length),
    Math.min((page + 1) * pageSize, indexes.length),
  );
  await streamPage(ctx, indexes.length, async (out) => {
    for (let k = 0; k < slice.length; k++) {
      const device = fleet.device('jamfComputer', slice[k]);
      if (!device) continue;
      const record = computerRecord(device, withApps ? fleet.appKeys(device) : null, wanted, apiVersion);
      if (k > 0) out.text(', ');
      writeJamfJson(out, record, '  ');
      await out.ready();
    }
  });
}

function deviceById(fleet: Fleet, source: DeviceSource, id: string): SimDevice {
  const index = /^\d+$/.test(id) ? Number(id) - 1 : -1;
  const device = index >= 0 ? fleet.device(source, index) : null;
  if (!device) throw new JamfRequestError(404, 'NOT_FOUND', `No record with id ${id}`);
  return device;
}

async function getComputer(
  ctx: RequestContext,
  apiVersion: number,
  id: string,
  detail: boolean,
): Promise<void> {
  const fleet = ctx.state.fleet();
  const device = deviceById(fleet, 'jamfComputer', id);
  const wanted = detail
    ? new Set<string>(COMPUTER_SECTIONS)
    : sections(ctx, COMPUTER_SECTIONS, apiVersion === 1 ? ['PLUGINS', 'FONTS'] : []);
  sendPretty(
    ctx,
    200,
    computerRecord(device, wanted.has('APPLICATIONS') ? fleet.appKeys(device) : null, wanted, apiVersion),
  );
}

const MOBILE_LIST_SORTS = new Set(['id', 'name', 'serialNumber', 'udid', 'username', 'model']);

async function listMobiles(ctx: RequestContext): Promise<void> {
  if (ctx.query.has('filter'))
    throw new JamfRequestError(400, 'INVALID_FIELD', 'filter is not supported on this endpoint', 'filter');
  const { page, pageSize } = paging(ctx);
  const indexes = order(ctx, 'jamfMobile', mobileField, new Set(), MOBILE_LIST_SORTS, 'id:asc');
  const fleet = ctx.state.fleet();
  const slice = indexes.subarray(
    Math.min(page * pageSize, indexes.length),
    Math.min((page + 1) * pageSize, indexes.length),
  );
  await streamPage(ctx, indexes.length, async (out) => {
    for (let k = 0; k < slice.length; k++) {
      const device = fleet.device('jamfMobile', slice[k]);
      if (!device) continue;
      if (k > 0) out.text(', ');
      writeJamfJson(out, mobileListItem(device), '  ');
      await out.ready();
    }
  });
}

const MOBILE_DETAIL_SORTS = new Set([
  'mobileDeviceId',
  'displayName',
  'serialNumber',
  'udid',
  'lastInventoryUpdateDate',
  'lastContactDate',
  'osVersion',
  'model',
  'username',
]);

function isBroken(state: SimulatorState, device: SimDevice): boolean {
  return unit(state.settings.seed, 3, device.index, 301) < state.settings.jamfBrokenMobilePrevalence;
}

async function listMobileDetails(ctx: RequestContext): Promise<void> {
  const wanted = sections(ctx, MOBILE_SECTIONS);
  const { page, pageSize } = paging(ctx);
  const handling = ctx.query.get('exception-handling') ?? 'STRICT';
  if (handling !== 'STRICT' && handling !== 'LENIENT')
    throw new JamfRequestError(
      400,
      'INVALID_FIELD',
      `Invalid exception-handling '${handling}'`,
      'exception-handling',
    );
  const indexes = order(
    ctx,
    'jamfMobile',
    mobileField,
    MOBILE_FILTER_FIELDS,
    MOBILE_DETAIL_SORTS,
    'displayName:asc',
  );
  const fleet = ctx.state.fleet();
  const slice = indexes.subarray(
    Math.min(page * pageSize, indexes.length),
    Math.min((page + 1) * pageSize, indexes.length),
  );
  const devices = [...slice]
    .map((i) => fleet.device('jamfMobile', i))
    .filter((d): d is SimDevice => d !== null);
  if (handling === 'STRICT') {
    // STRICT fails the whole page on one device Jamf cannot process, naming it (docs/mdm-apis.md §9).
    const broken = devices.find((d) => isBroken(ctx.state, d));
    if (broken)
      throw new JamfRequestError(
        500,
        'UNEXPECTED_ERROR',
        `Unable to process mobile device with id ${broken.id}`,
      );
  }
  const withApps = wanted.has('APPLICATIONS');
  await streamPage(ctx, indexes.length, async (out) => {
    for (let k = 0; k < devices.length; k++) {
      const device = devices[k];
      const record = mobileDetailRecord(
        device,
        withApps ? fleet.appKeys(device) : null,
        wanted,
        isBroken(ctx.state, device),
      );
      if (k > 0) out.text(', ');
      writeJamfJson(out, record, '  ');
      await out.ready();
    }
  });
}

async function getMobileDetail(ctx: RequestContext, id: string): Promise<void> {
  const fleet = ctx.state.fleet();
  const device = deviceById(fleet, 'jamfMobile', id);
  sendPretty(ctx, 200, mobileFullDetail(device, fleet.apps(device)));
}
