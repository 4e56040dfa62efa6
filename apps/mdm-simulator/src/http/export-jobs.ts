import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SimApp, SimDevice } from '../fleet';
import { aggregateKey, appFromKey, detectedAppId, Fleet, intuneDisplayName, platformCode } from '../fleet';
import type { ExportJob, SimulatorState } from '../state';
import type { RequestContext } from './context';
import { AppBytes, ByteChunks, GRAPH_JSON, graphHeaders, sendGraphError } from './respond';
import { sendZip } from './zip';

const NEVER = '0001-01-01T00:00:00Z';

// Column lists per report (docs/mdm-apis.md §4). Reports named there but not generated here still validate;
// their jobs end `failed` (a documented limitation of the simulator).
const REPORT_COLUMNS: Record<string, readonly string[]> = {
  AppInvRawData: [
    'ApplicationKey',
    'ApplicationName',
    'ApplicationPublisher',
    'ApplicationShortVersion',
    'ApplicationVersion',
    'DeviceId',
    'DeviceName',
    'OSDescription',
    'OSVersion',
    'Platform',
    'UserId',
    'EmailAddress',
    'UserName',
  ],
  AppInvAggregate: [
    'ApplicationId',
    'ApplicationKey',
    'ApplicationName',
    'ApplicationPublisher',
    'ApplicationShortVersion',
    'ApplicationVersion',
    'DeviceCount',
    'Platform',
  ],
  AppInvByDevice: [
    'ApplicationId',
    'ApplicationKey',
    'ApplicationName',
    'ApplicationPublisher',
    'ApplicationShortVersion',
    'ApplicationVersion',
    'DeviceId',
    'DeviceName',
    'OSDescription',
    'OSVersion',
    'Platform',
    'UserId',
    'EmailAddress',
    'UserName',
  ],
  DevicesByAppInv: [
    'DeviceId',
    'DeviceName',
    'OSDescription',
    'OSVersion',
    'UserId',
    'EmailAddress',
    'UserName',
  ],
  DevicesWithInventory: [
    'DeviceId',
    'DeviceName',
    'SerialNumber',
    'Manufacturer',
    'Model',
    'OSVersion',
    'LastContact',
    'CreatedDate',
    'UPN',
    'UserEmail',
    'UserName',
    'OwnerType',
  ],
  Devices: ['DeviceId', 'DeviceName', 'OwnerType', 'OS', 'OSVersion', 'LastContact', 'UPN', 'SerialNumber'],
};
const GENERATED = new Set(['AppInvRawData', 'AppInvByDevice']);

function jobJson(ctx: RequestContext, version: string, job: ExportJob): string {
  const status = job.failed
    ? job.polls === 0
      ? 'notStarted'
      : job.polls === 1
        ? 'inProgress'
        : 'failed'
    : exportStatus(ctx.state, job);
  const completed = status === 'completed';
  return JSON.stringify({
    '@odata.context': `${ctx.baseUrl}/graph/${version}/$metadata#deviceManagement/reports/exportJobs/$entity`,
    id: job.id,
    reportName: job.reportName,
    filter: job.filter,
    select: job.select,
    format: job.format,
    snapshotId: null,
    localizationType: job.localizationType,
    status,
    url: completed ? blobUrl(ctx, job) : null,
    requestDateTime: job.requestDateTime,
    expirationDateTime: completed && job.expiresAtMs ? new Date(job.expiresAtMs).toISOString() : NEVER,
  });
}

function exportStatus(state: SimulatorState, job: ExportJob): string {
  if (job.polls === 0) return 'notStarted';
  if (job.polls < state.settings.exportPollsToComplete) return 'inProgress';
  if (job.completedAtMs === undefined) {
    job.completedAtMs = Date.now();
    job.expiresAtMs = job.completedAtMs + state.settings.exportExpirySeconds * 1000;
  }
  return 'completed';
}

function signature(state: SimulatorState, id: string, expiry: string): string {
  return createHmac('sha256', state.blobKey).update(`${id}\n${expiry}`).digest('base64');
}

function blobUrl(ctx: RequestContext, job: ExportJob): string {
  const se = new Date(job.expiresAtMs ?? 0).toISOString().slice(0, 19) + 'Z';
  const sig = encodeURIComponent(signature(ctx.state, job.id, se));
  return `${ctx.baseUrl}/blob/${job.id}.zip?sv=2019-02-02&sr=b&sig=${sig}&se=${encodeURIComponent(se)}&sp=r`;
}

/** `filter` of an export request: `Column eq 'value'` terms joined by `and`, optionally parenthesised. */
function parseReportFilter(filter: string, columns: readonly string[]): [string, string][] {
  if (filter.trim() === '') return [];
  return filter.split(/\s+and\s+/i).map((term) => {
    const m = /^\(?\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*\)?$/i.exec(term.trim());
    if (!m) throw new Error(`Invalid filter term '${term.trim()}'`);
    const column = columns.find((c) => c.toLowerCase() === m[1].toLowerCase());
    if (!column) throw new Error(`Filter column '${m[1]}' is not supported`);
    return [column, m[2].replace(/''/g, "'")];
  });
}

/**
 * `POST …/reports/exportJobs` and `GET …/exportJobs/{id}` (docs/mdm-apis.md §4).
 * Long because it is the endpoint's contract (create, validate, poll, each error Graph answers) in the order Graph
 * checks it.
 */
export async function handleExportJobs(
  ctx: RequestContext,
  version: string,
  method: string,
  id: string | undefined,
  extra: string[],
): Promise<void> {
  const state = ctx.state;
  if (extra.length > 0)
    return sendGraphError(
      ctx.req,
      ctx.res,
      400,
      'BadRequest',
      `Resource not found for the segment '${extra[0]}'.`,
    );
  if (method === 'POST' && id === undefined) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readAll(ctx)) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return sendGraphError(ctx.req, ctx.res, 400, 'BadRequest', 'The request body is not valid JSON.');
    }
    const reportName = body.reportName;
    if (typeof reportName !== 'string' || !REPORT_COLUMNS[reportName])
      return sendGraphError(
        ctx.req,
        ctx.res,
        400,
        'BadRequest',
        `Invalid report name '${String(reportName)}'`,
      );
    const columns = REPORT_COLUMNS[reportName];
    const format = body.format ?? 'csv';
    if (format !== 'csv' && format !== 'json' && format !== 'pdf')
      return sendGraphError(
        ctx.req,
        ctx.res,
        400,
        'BadRequest',
        `Invalid format '${JSON.stringify(format)}'`,
      );
    const selectRaw = body.select ?? [...columns];
    if (!Array.isArray(selectRaw) || selectRaw.some((c) => typeof c !== 'string'))
      return sendGraphError(ctx.req, ctx.res, 400, 'BadRequest', 'select must be an array of column names');
    const select: string[] = [];
    for (const name of selectRaw as string[]) {
      const column = columns.find((c) => c.toLowerCase() === name.toLowerCase());
      if (!column)
        return sendGraphError(
          ctx.req,
          ctx.res,
          400,
          'BadRequest',
          `Invalid select column '${name}' for report ${reportName}`,
        );
      select.push(column);
    }
    const filter = typeof body.filter === 'string' ? body.filter : '';
    try {
      const terms = parseReportFilter(filter, columns);
      if (reportName === 'AppInvByDevice' && !terms.some(([c]) => c === 'DeviceId'))
        return sendGraphError(
          ctx.req,
          ctx.res,
          400,
          'BadRequest',
          'Filter on DeviceId is required for report AppInvByDevice',
        );
    } catch (error) {
      return sendGraphError(ctx.req, ctx.res, 400, 'BadRequest', (error as Error).message);
    }
    const localization =
      typeof body.localizationType === 'string' ? body.localizationType : 'localizedValuesAsAdditionalColumn';
    const job: ExportJob = {
      id: `${reportName}_${randomUUID()}`,
      reportName,
      filter,
      select,
      format: format,
      localizationType: localization.charAt(0).toLowerCase() + localization.slice(1),
      requestDateTime: new Date().toISOString(),
      polls: 0,
      day: state.day,
      failed: !GENERATED.has(reportName) || format !== 'csv',
    };
    state.exportJobs.set(job.id, job);
    ctx.res.writeHead(201, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
    ctx.res.end(jobJson(ctx, version, job));
    return;
  }
  if (method === 'GET' && id !== undefined) {
    const job = state.exportJobs.get(id);
    if (!job)
      return sendGraphError(ctx.req, ctx.res, 404, 'ResourceNotFound', `Export job '${id}' was not found.`);
    job.polls++;
    ctx.res.writeHead(200, { 'content-type': GRAPH_JSON, ...graphHeaders(ctx.req) });
    ctx.res.end(jobJson(ctx, version, job));
    return;
  }
  sendGraphError(ctx.req, ctx.res, 405, 'BadRequest', `The HTTP method '${method}' is not allowed here.`);
}

async function readAll(ctx: RequestContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function azureError(ctx: RequestContext, status: number, code: string, message: string): void {
  ctx.res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code });
  ctx.res.end(
    `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`,
  );
}

/** `GET /blob/{id}.zip?…`: the export file, like an Azure Blob SAS download (docs/mdm-apis.md §4). */
export function handleBlob(ctx: RequestContext): void {
  const m = /^\/([A-Za-z]+_[0-9a-f-]{36})\.zip$/.exec(ctx.path);
  const job = m ? ctx.state.exportJobs.get(m[1]) : undefined;
  if (!job || job.completedAtMs === undefined)
    return azureError(ctx, 404, 'BlobNotFound', 'The specified blob does not exist.');
  if (ctx.req.headers.authorization)
    return azureError(
      ctx,
      400,
      'InvalidAuthenticationInfo',
      'Authentication information is not given in the correct format. Check the value of Authorization header.',
    );
  const se = ctx.query.get('se') ?? '';
  const sig = ctx.query.get('sig') ?? '';
  const expected = Buffer.from(signature(ctx.state, job.id, se));
  const given = Buffer.from(sig);
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    Date.parse(se) !== Math.floor((job.expiresAtMs ?? 0) / 1000) * 1000
  )
    return azureError(
      ctx,
      403,
      'AuthenticationFailed',
      'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    );
  if (Date.now() > (job.expiresAtMs ?? 0))
    return azureError(ctx, 403, 'AuthenticationFailed', 'Signed expiry time has passed.');
  ctx.res.writeHead(200, {
    'content-type': 'application/x-zip-compressed',
    'x-ms-blob-type': 'BlockBlob',
    'content-disposition': `attachment; filename="${job.id}.zip"`,
  });
  const csv = new ExportCsv(ctx.state, job);
  void sendZip(
    ctx.res,
    {
      name: `${job.id}.csv`,
      mtime: new Date(ctx.state.settings.baseDateMs),
      compress: ctx.state.settings.exportCompression,
    },
    csv,
    (chunk) => csv.recycle(chunk),
  ).catch(() => ctx.res.destroy());
}

function quote(value: string): string {
  return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}

function platformLabel(device: SimDevice): string {
  return device.platform === 'windows'
    ? 'Windows'
    : device.platform === 'android'
      ? 'Android'
      : device.platform;
}

/** The export CSV in large chunks, whose buffers are reused once reported written. */
class ExportCsv implements Iterable<Uint8Array> {
  private readonly ready: Uint8Array[] = [];
  private readonly out = new ByteChunks((chunk) => this.ready.push(chunk));
  constructor(
    private readonly state: SimulatorState,
    private readonly job: ExportJob,
  ) {}
  [Symbol.iterator](): Iterator<Uint8Array> {
    return csvChunks(this.state, this.job, this.out, this.ready);
  }
  recycle(chunk: Uint8Array): void {
    this.out.recycle(chunk);
  }
}

/**
 * The export CSV, generated device by device from the same fleet as the Graph endpoints, in large chunks.
 * Long because it is the export writer's per-row loop over a whole fleet: rows go straight into reused chunks without
 * a call per field.
 */
function* csvChunks(
  state: SimulatorState,
  job: ExportJob,
  out: ByteChunks,
  ready: Uint8Array[],
): Generator<Uint8Array> {
  // The job's own day: a day change after the job was created does not alter its file.
  const fleet = new Fleet(state.fleetOptions(), job.day);
  const terms = parseReportFilter(job.filter, REPORT_COLUMNS[job.reportName]);
  const seed = state.settings.seed;
  const APP_COLUMNS = [
    'ApplicationKey',
    'ApplicationId',
    'ApplicationName',
    'ApplicationPublisher',
    'ApplicationShortVersion',
    'ApplicationVersion',
  ];
  const appValue = (column: string, app: SimApp, platform: SimDevice['platform']): string => {
    switch (column) {
      case 'ApplicationKey':
        return detectedAppId(seed, aggregateKey(platform, app));
      case 'ApplicationId':
        return detectedAppId(seed, aggregateKey(platform, app) + 2 ** 30);
      case 'ApplicationName':
        return intuneDisplayName(platform, app);
      case 'ApplicationPublisher':
        return app.publisher;
      case 'ApplicationShortVersion':
        return app.version.split('.').slice(0, 3).join('.');
      default:
        return app.version;
    }
  };
  // A row is its app columns then its device columns when the select keeps that order (the usual request);
  // the app part is the same on every device with that app, so it is rendered once per (platform, app, version)
  // and copied as bytes.
  const firstDevice = job.select.findIndex((c) => !APP_COLUMNS.includes(c));
  const split = firstDevice < 0 ? job.select.length : firstDevice;
  const isSplit = job.select.slice(split).every((c) => !APP_COLUMNS.includes(c));
  const appColumns = isSplit ? job.select.slice(0, split) : [];
  const deviceColumns = isSplit ? job.select.slice(split) : [];
  // Keyed by platform, title and version (and the cache is the job's, so per seed).
  const appParts = new AppBytes();
  const renderPart = (platform: SimDevice['platform']) => (key: number) => {
    const app = appFromKey(platform, key - platformCode(platform) * 2 ** 28);
    return appColumns.map((c) => quote(appValue(c, app, platform))).join(',');
  };
  const partRenderers = {
    windows: renderPart('windows'),
    macOS: renderPart('macOS'),
    iOS: renderPart('iOS'),
    android: renderPart('android'),
  };
  const valueOf: Record<string, (app: SimApp, device: SimDevice) => string> = {
    ApplicationName: (app, device) => intuneDisplayName(device.platform, app),
    ApplicationPublisher: (app) => app.publisher,
    ApplicationVersion: (app) => app.version,
    ApplicationShortVersion: (app) => app.version.split('.').slice(0, 3).join('.'),
  };
  out.text(`\uFEFF${job.select.map(quote).join(',')}\r\n`);
  let tailScratch = Buffer.allocUnsafeSlow(4096);
  const space = fleet.indexSpace('intune');
  for (let i = 0; i < space; i++) {
    const device = fleet.device('intune', i);
    if (!device) continue;
    const raw: Record<string, string> = {
      DeviceId: device.id,
      DeviceName: device.name,
      OSDescription: platformLabel(device),
      OSVersion: device.osVersion,
      Platform: platformLabel(device),
      UserId: device.user?.id ?? '',
      EmailAddress: device.user?.upn ?? '',
      UserName: device.user?.displayName ?? '',
    };
    if (terms.some(([c, v]) => raw[c] !== undefined && raw[c].toLowerCase() !== v.toLowerCase())) continue;
    const deviceText = deviceColumns.map((c) => quote(raw[c] ?? '')).join(',');
    // Every row ends with CRLF; after the app part comes `,device columns` (or the device columns alone).
    let deviceTail: Uint8Array | null = null;
    if (isSplit && appColumns.length > 0) {
      // Encoded once per device into a reused buffer (a Buffer per device would be garbage for the collector).
      const tail = deviceColumns.length === 0 ? '\r\n' : `,${deviceText}\r\n`;
      if (tail.length * 3 > tailScratch.length) tailScratch = Buffer.allocUnsafeSlow(tail.length * 3);
      deviceTail = tailScratch.subarray(0, tailScratch.write(tail, 0));
    }
    if (deviceTail && terms.length === 0) {
      // The usual request: app parts by key, no app objects.
      const render = partRenderers[device.platform];
      const base = platformCode(device.platform) * 2 ** 28;
      const keys = fleet.appKeys(device);
      for (let k = 0; k < keys.length; k++) {
        appParts.write(out, base + keys[k], render);
        out.raw(deviceTail);
      }
    } else
      for (const app of fleet.apps(device)) {
        if (
          terms.length > 0 &&
          terms.some(
            ([c, v]) => valueOf[c] !== undefined && valueOf[c](app, device).toLowerCase() !== v.toLowerCase(),
          )
        )
          continue;
        if (deviceTail) {
          appParts.write(out, aggregateKey(device.platform, app), partRenderers[device.platform]);
          out.raw(deviceTail);
        } else if (isSplit) out.text(`${deviceText}\r\n`);
        else
          out.text(
            job.select
              .map((c) => quote(APP_COLUMNS.includes(c) ? appValue(c, app, device.platform) : (raw[c] ?? '')))
              .join(',') + '\r\n',
          );
      }
    while (ready.length > 0) yield ready.shift() as Uint8Array;
  }
  out.close();
  while (ready.length > 0) yield ready.shift() as Uint8Array;
}
