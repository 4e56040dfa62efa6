import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import type { DeviceBatch, InventoryDevice } from '../connector';
import { ConnectorError } from '../connector.errors';
import { cleanText, cleanVersion, toPlatform } from '../normalize';
import type { SourceHttpClient, TokenProvider } from '../http/source-http-client';
import { CsvRecords, CsvSyntaxError } from './csv-records';
import { entryDataStream, readLocalHeader, ZipStreamError, type LocalEntry } from './zip-entry-stream';
import type { IntuneSettings } from './intune-settings';

/** The AppInvRawData columns we ask for; Microsoft says to always select explicitly (docs/mdm-apis.md §4). */
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
 * Long because it is one export's lifecycle (create the job, poll, download, parse, clean up) under one cleanup.
 */
export async function* streamExportInventory(opts: {
  http: SourceHttpClient;
  auth: TokenProvider;
  graphBaseUrl: string;
  settings: IntuneSettings;
  devices: Map<string, ListedDevice>;
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

  // A SAS URL: no Graph Authorization header (docs/mdm-apis.md §4).
  const download = await http.stream({
    url: blobUrl,
    endpoint: 'GET <export blob>',
    signal,
    headers: { Accept: '*/*' },
  });
  const { head, entry } = await readHead(download.data);
  if (entry && /\.csv$/i.test(entry.name) && (entry.method === 0 || entry.method === 8)) {
    // The usual one-CSV zip: read while it downloads, so parsing overlaps the server producing the file.
    yield* groupRows(entryDataStream(download.data, head, entry), devices, opts.batchSize, signal);
    return;
  }
  // Anything else (the CSV not first, another method): to a temp file, which yauzl reads by its directory.
  const dir = await mkdtemp(join(tmpdir(), 'interdict-export-'));
  try {
    const zipPath = join(dir, 'export.zip');
    const file = createWriteStream(zipPath);
    file.write(head);
    await pipeline(download.data, file, { signal });
    const csv = await openCsvEntry(zipPath);
    yield* groupRows(csv, devices, opts.batchSize, signal);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The download's first bytes, up to the end of the first local header (or all of it, if shorter). */
async function readHead(download: Readable): Promise<{ head: Buffer; entry: LocalEntry | null }> {
  const parts: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = (download.read() as Buffer | null) ?? (await nextChunk(download));
    if (chunk === null) return { head: Buffer.concat(parts, size), entry: null };
    parts.push(chunk);
    size += chunk.length;
    const head = Buffer.concat(parts, size);
    try {
      const entry = readLocalHeader(head);
      if (entry) return { head, entry };
    } catch (err) {
      if (err instanceof ZipStreamError) throw new ConnectorError('bad_payload', err.message);
      throw err;
    }
    if (size > 1 << 20) return { head, entry: null };
  }
}

function nextChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const done = (value: Buffer | null, err?: Error): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (err) reject(new ConnectorError('network', `the export download broke: ${err.message}`));
      else resolve(value);
    };
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | null;
      if (chunk !== null) done(chunk);
    };
    const onEnd = (): void => done(null);
    const onError = (err: Error): void => done(null, err);
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
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

/** The export's text in 64 KB chunks: few enough strings for the CSV reader, small enough that a chunk's records are short-lived. */
async function* textChunks(csv: Readable): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of csv as AsyncIterable<Buffer>) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= TEXT_CHUNK_BYTES) {
      yield decoder.write(pending.length === 1 ? pending[0] : Buffer.concat(pending, size));
      pending = [];
      size = 0;
    }
  }
  yield decoder.write(Buffer.concat(pending, size)) + decoder.end();
}

const TEXT_CHUNK_BYTES = 64 * 1024;
const COLUMN = {
  deviceId: 'deviceid',
  name: 'applicationname',
  version: 'applicationversion',
  publisher: 'applicationpublisher',
  deviceName: 'devicename',
  platform: 'platform',
  osVersion: 'osversion',
  email: 'emailaddress',
  userName: 'username',
} as const;
type Columns = Record<keyof typeof COLUMN, number>;

// Long because it runs per CSV row of the export: the column reads and the grouping by device stay inline.
async function* groupRows(
  csv: Readable,
  devices: Map<string, ListedDevice>,
  batchSize: number,
  signal: AbortSignal,
): AsyncIterable<DeviceBatch> {
  const reader = new CsvRecords();
  const done = new Set<string>();
  let batch: InventoryDevice[] = [];
  let current: InventoryDevice | null = null;
  let columns: Columns | null = null;
  let width = 0;
  const finish = (d: InventoryDevice): void => {
    done.add(d.externalId);
    batch.push(d);
  };
  let records: string[][] = [];
  const chunks = textChunks(csv)[Symbol.asyncIterator]();
  for (let final = false; !final;) {
    if (signal.aborted) throw new ConnectorError('aborted', 'sync aborted while reading the export');
    const next = await chunks.next().catch((err: unknown) => {
      throw new ConnectorError(
        'bad_payload',
        `export CSV after record ${reader.count()}: ${(err as Error).message.split('\n')[0]}`,
      );
    });
    final = Boolean(next.done);
    records = [];
    try {
      reader.push(next.done ? '' : next.value, final, records);
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      throw new ConnectorError('bad_payload', `export CSV record ${err.record}: ${err.message}`);
    }
    let line = reader.count() - records.length;
    for (const row of records) {
      line++;
      if (!columns) {
        columns = headerColumns(row);
        width = row.length;
        continue;
      }
      if (row.length !== width)
        throw new ConnectorError(
          'bad_payload',
          `export CSV record ${line}: ${row.length} fields where the header has ${width}`,
        );
      const deviceId = cleanText(row[columns.deviceId]);
      if (!deviceId) throw new ConnectorError('bad_payload', `export CSV record ${line}: no DeviceId`);
      if (!current || current.externalId !== deviceId) {
        if (current) finish(current);
        if (done.has(deviceId))
          throw new ConnectorError(
            'bad_payload',
            `export CSV record ${line}: rows of device ${deviceId} are not together`,
          );
        const listed = devices.get(deviceId);
        // Emitted devices leave the map: what stays is the devices the export does not mention.
        if (listed !== undefined) devices.delete(deviceId);
        // `deviceId` is a slice of a 64 KB chunk of CSV text: kept in `done`, it would keep the whole chunk alive.
        const id = ownCopy(deviceId);
        current =
          listed !== undefined
            ? fromListed(id, listed, true)
            : { ...deviceFromRow(id, row, columns), appsReported: true, software: [] };
        if (batch.length >= batchSize) {
          yield { devices: batch };
          batch = [];
        }
      }
      const name = cleanText(row[columns.name]);
      if (name)
        current.software.push({
          name: unpinned(name),
          version: unpinned(cleanVersion(row[columns.version])),
          publisher: unpinned(cleanText(row[columns.publisher])),
          bundleId: null,
          platform: current.platform,
          installPath: null,
        });
    }
  }
  if (!columns) throw new ConnectorError('bad_payload', 'the app inventory export CSV is empty (no header)');
  if (current) finish(current);
  // Listed devices absent from the export: their apps are unknown.
  for (const [id, d] of devices) {
    if (done.has(id)) continue;
    batch.push(fromListed(id, d, false));
    if (batch.length >= batchSize) {
      yield { devices: batch };
      batch = [];
    }
  }
  devices.clear();
  if (batch.length) yield { devices: batch };
}

/**
 * A listed device as the export walk holds it until its rows arrive: its fields in one string (separated by NUL,
 * which cleaned MDM text never contains), dates as epoch milliseconds. One string instead of an object with a dozen
 * fields and strings makes the walk's biggest structure much smaller on the heap.
 */
export type ListedDevice = string;

const SEP = '\u0000';
const NULL = '\u0001';
const TAG_SEP = '\u0002';

export function toListedDevice(d: InventoryDevice): ListedDevice {
  const text = (v: string | null) => v ?? NULL;
  const ms = (v: Date | null) => (v ? String(v.getTime()) : NULL);
  return [
    text(d.name),
    text(d.serialNumber),
    d.platform,
    text(d.osVersion),
    text(d.userPrincipalName),
    text(d.userDisplayName),
    text(d.ownership),
    ms(d.enrolledAt),
    ms(d.lastCheckInAt),
    ms(d.inventoryReportedAt),
    d.tags.join(TAG_SEP),
  ].join(SEP);
}

export function fromListed(externalId: string, l: ListedDevice, appsReported: boolean): InventoryDevice {
  const f = l.split(SEP);
  const text = (v: string) => (v === NULL ? null : v);
  const date = (v: string) => (v === NULL ? null : new Date(Number(v)));
  return {
    externalId,
    name: text(f[0]),
    serialNumber: text(f[1]),
    platform: f[2] as InventoryDevice['platform'],
    osVersion: text(f[3]),
    userPrincipalName: text(f[4]),
    userDisplayName: text(f[5]),
    ownership: text(f[6]),
    enrolledAt: date(f[7]),
    lastCheckInAt: date(f[8]),
    inventoryReportedAt: date(f[9]),
    appsReported,
    tags: f[10] ? f[10].split(TAG_SEP) : [],
    software: [],
  };
}

/** A string that shares no memory with the text it was cut from. */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * V8 cuts strings of 13+ characters as views into their parent: a name kept by a consumer (the sync's title map)
 * would keep its whole chunk of CSV alive. Prefixing and cutting again copies just the name (cheaply).
 */
function unpinned<T extends string | null>(s: T): T {
  return (s === null || s.length < 13 ? s : (' ' + s).slice(1)) as T;
}

/** Column positions by name; headers match case-insensitively (portal exports have shown DeviceID, docs/mdm-apis.md §4). */
function headerColumns(header: string[]): Columns {
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const columns = {} as Columns;
  for (const [key, name] of Object.entries(COLUMN) as [keyof typeof COLUMN, string][]) {
    const i = index.get(name);
    // A missing optional column reads as empty: -1 indexes to undefined, which cleans to null.
    if (i === undefined && key === 'deviceId')
      throw new ConnectorError('bad_payload', 'the app inventory export CSV has no DeviceId column');
    columns[key] = i ?? -1;
  }
  return columns;
}

/** A device the export lists but the device walk did not (enrolled in between): what the CSV says of it. */
function deviceFromRow(id: string, row: string[], c: Columns): InventoryDevice {
  return {
    externalId: id,
    name: unpinned(cleanText(row[c.deviceName])),
    serialNumber: null,
    platform: toPlatform(row[c.platform]),
    osVersion: unpinned(cleanText(row[c.osVersion])),
    userPrincipalName: unpinned(cleanText(row[c.email])),
    userDisplayName: unpinned(cleanText(row[c.userName])),
    ownership: null,
    enrolledAt: null,
    lastCheckInAt: null,
    inventoryReportedAt: null,
    appsReported: true,
    tags: [],
    software: [],
  };
}
