import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import yauzl from 'yauzl';
import type { DeviceBatch, InventoryDevice } from '../connector';
import { ConnectorError } from '../connector.errors';
import { cleanText, toPlatform } from '../normalize';
import type { SourceHttpClient, TokenProvider } from '../http/source-http-client';
import { toInstalledSoftware } from './graph-mapping';
import type { IntuneSettings } from './intune-settings';

/** The AppInvRawData columns we ask for; Microsoft says to always select explicitly (intune-graph.md §4.2). */
export const APP_INVENTORY_COLUMNS = [
  'ApplicationKey',
  'ApplicationName',
  'ApplicationPublisher',
  'ApplicationVersion',
  'DeviceId',
  'DeviceName',
  'OSVersion',
  'Platform',
  'EmailAddress',
  'UserName',
];

interface ExportJob {
  id?: unknown;
  status?: unknown;
  url?: unknown;
}

/**
 * App inventory in bulk: one `AppInvRawData` export job, polled gently (export calls are throttled at 48/min),
 * its zip downloaded to a temp file (zip needs random access) and its CSV stream-parsed. Rows of one device are
 * grouped into that device (the export lists a device's rows together); devices the export omits are emitted with
 * `appsReported: false` — unknown, not "no apps".
 */
export async function* streamExportInventory(opts: {
  http: SourceHttpClient;
  auth: TokenProvider;
  graphBaseUrl: string;
  settings: IntuneSettings;
  devices: Map<string, InventoryDevice>;
  batchSize: number;
  signal: AbortSignal;
}): AsyncIterable<DeviceBatch> {
  const { http, auth, graphBaseUrl, settings, devices, signal } = opts;
  const jobsUrl = `${graphBaseUrl}/beta/deviceManagement/reports/exportJobs`;
  const created = await http.json<ExportJob>({
    method: 'POST',
    url: jobsUrl,
    endpoint: 'POST /beta/deviceManagement/reports/exportJobs',
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({
      reportName: 'AppInvRawData',
      format: 'csv',
      localizationType: 'LocalizedValuesAsAdditionalColumn',
      select: APP_INVENTORY_COLUMNS,
    }),
    auth,
    signal,
  });
  const jobId = created.data?.id;
  if (typeof jobId !== 'string' || !jobId)
    throw new ConnectorError(
      'bad_payload',
      'POST /beta/deviceManagement/reports/exportJobs answered without a job id',
    );
  const blobUrl = await waitForExport(
    http,
    auth,
    `${jobsUrl}('${encodeURIComponent(jobId)}')`,
    settings,
    signal,
  );

  const dir = await mkdtemp(join(tmpdir(), 'interdict-export-'));
  try {
    const zipPath = join(dir, 'export.zip');
    // A SAS URL: no Graph Authorization header (intune-graph.md §4.3).
    const download = await http.stream({
      url: blobUrl,
      endpoint: 'GET <export blob>',
      signal,
      headers: { Accept: '*/*' },
    });
    await pipeline(download.data, createWriteStream(zipPath), { signal });
    const csv = await openCsvEntry(zipPath);
    yield* groupRows(csv, devices, opts.batchSize, signal);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitForExport(
  http: SourceHttpClient,
  auth: TokenProvider,
  jobUrl: string,
  settings: IntuneSettings,
  signal: AbortSignal,
): Promise<string> {
  const deadline = Date.now() + settings.exportTimeoutMs;
  for (let poll = 1; ; poll++) {
    const where = `GET /beta/deviceManagement/reports/exportJobs('{id}') poll ${poll}`;
    const res = await http.json<ExportJob>({ url: jobUrl, endpoint: where, auth, signal });
    const status = res.data?.status;
    if (status === 'completed') {
      if (typeof res.data.url !== 'string' || !res.data.url)
        throw new ConnectorError('bad_payload', `${where}: completed without a url`, where);
      return res.data.url;
    }
    if (status === 'failed')
      throw new ConnectorError(
        'upstream_unavailable',
        'Intune could not produce the app inventory export (status failed)',
        where,
      );
    if (typeof status !== 'string') throw new ConnectorError('bad_payload', `${where}: no status`, where);
    if (Date.now() > deadline)
      throw new ConnectorError(
        'upstream_unavailable',
        `the app inventory export was not ready within ${settings.exportTimeoutMs} ms`,
        where,
      );
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(t);
        reject(new ConnectorError('aborted', 'sync aborted while waiting for the export'));
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, settings.exportPollIntervalMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function openCsvEntry(zipPath: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip)
        return reject(new ConnectorError('bad_payload', 'the app inventory export is not a readable zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/\.csv$/i.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) =>
          e || !stream
            ? reject(new ConnectorError('bad_payload', 'the export zip entry cannot be read'))
            : resolve(stream),
        );
      });
      zip.on('end', () =>
        reject(new ConnectorError('bad_payload', 'the app inventory export zip holds no CSV file')),
      );
      zip.on('error', () =>
        reject(new ConnectorError('bad_payload', 'the app inventory export zip is damaged')),
      );
      zip.readEntry();
    });
  });
}

async function* groupRows(
  csv: Readable,
  devices: Map<string, InventoryDevice>,
  batchSize: number,
  signal: AbortSignal,
): AsyncIterable<DeviceBatch> {
  // Headers are matched case-insensitively: portal exports have shown DeviceID/UserID (intune-graph.md §4.3).
  const parser = csv.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      relax_quotes: false,
      skip_empty_lines: true,
    }),
  );
  const done = new Set<string>();
  let batch: InventoryDevice[] = [];
  let current: InventoryDevice | null = null;
  let line = 1;
  const finish = (d: InventoryDevice): void => {
    done.add(d.externalId);
    batch.push(d);
  };
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (signal.aborted) throw new ConnectorError('aborted', 'sync aborted while reading the export');
      const deviceId = cleanText(row.deviceid);
      if (!deviceId) throw new ConnectorError('bad_payload', `export CSV line ${line}: no DeviceId`);
      if (!current || current.externalId !== deviceId) {
        if (current) finish(current);
        if (done.has(deviceId))
          throw new ConnectorError(
            'bad_payload',
            `export CSV line ${line}: rows of device ${deviceId} are not together`,
          );
        current = {
          ...(devices.get(deviceId) ?? deviceFromRow(deviceId, row)),
          appsReported: true,
          software: [],
        };
        if (batch.length >= batchSize) {
          yield { devices: batch };
          batch = [];
        }
      }
      const app = toInstalledSoftware(
        {
          displayName: row.applicationname,
          version: row.applicationversion,
          publisher: row.applicationpublisher,
        },
        current.platform,
        `export CSV line ${line}`,
      );
      if (app) current.software.push(app);
    }
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError(
      'bad_payload',
      `export CSV line ${line}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (current) finish(current);
  // Listed devices absent from the export: their apps are unknown.
  for (const d of devices.values()) {
    if (done.has(d.externalId)) continue;
    batch.push({ ...d, appsReported: false, software: [] });
    if (batch.length >= batchSize) {
      yield { devices: batch };
      batch = [];
    }
  }
  if (batch.length) yield { devices: batch };
}

/** A device the export lists but the device walk did not (enrolled in between): what the CSV says of it. */
function deviceFromRow(id: string, row: Record<string, string>): InventoryDevice {
  return {
    externalId: id,
    name: cleanText(row.devicename),
    serialNumber: null,
    platform: toPlatform(row.platform),
    osVersion: cleanText(row.osversion),
    userPrincipalName: cleanText(row.emailaddress),
    userDisplayName: cleanText(row.username),
    ownership: null,
    enrolledAt: null,
    lastCheckInAt: null,
    inventoryReportedAt: null,
    appsReported: true,
    tags: [],
    software: [],
  };
}
