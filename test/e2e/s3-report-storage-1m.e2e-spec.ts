import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { S3ReportStorage, XlsxWorkbook, type TableSheet } from '@interdict/reports';
import { startTestS3, type TestS3 } from '../support/s3-server';

const ROWS = 1_000_000;

/** A narrow sheet, so the test measures the storage path rather than exceljs's per-cell cost. */
const SHEET: TableSheet<number> = {
  name: 'Rows',
  columns: [
    { header: 'Row', width: 10, kind: 'int' },
    { header: 'Device', width: 20, kind: 'text' },
  ],
  toCells: (i) => [i, `DEVICE-${i}`],
};

async function* rows(n: number): AsyncGenerator<number> {
  for (let i = 1; i <= n; i++) yield i;
}

/** Counts `<row ` elements and finds the last row number in one zip entry, read with yauzl (not exceljs). */
async function countSheetRows(zip: Buffer, entryName: string): Promise<{ rows: number; lastRow: number }> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entry = await new Promise<yauzl.Entry>((resolve, reject) => {
    file.on('entry', (e: yauzl.Entry) => (e.fileName === entryName ? resolve(e) : file.readEntry()));
    file.on('end', () => reject(new Error(`${entryName} is not in the workbook`)));
    file.readEntry();
  });
  const stream = await new Promise<Readable>((resolve, reject) =>
    file.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  let count = 0;
  let lastRow = 0;
  let tail = '';
  for await (const chunk of stream) {
    // Up to the last '<' is complete; from there it is carried into the next chunk, so no tag is cut or seen twice.
    const text = tail + (chunk as Buffer).toString('latin1');
    const cut = text.lastIndexOf('<');
    for (const m of text.slice(0, cut).matchAll(/<row r="(\d+)"/g)) {
      count += 1;
      lastRow = Number(m[1]);
    }
    tail = text.slice(cut);
  }
  for (const m of tail.matchAll(/<row r="(\d+)"/g)) {
    count += 1;
    lastRow = Number(m[1]);
  }
  file.close();
  return { rows: count, lastRow };
}

// A 1,000,000-row workbook written by XlsxWorkbook straight into S3ReportStorage (multipart, 8 MiB parts) on s3rver,
// then fetched back and its rows counted from the zip's sheet XML. About 12 s on the 2-core dev machine.
describe('a 1,000,000-row workbook through S3ReportStorage', () => {
  let s3: TestS3;
  let storage: S3ReportStorage;

  beforeAll(async () => {
    s3 = await startTestS3(['reports-large']);
    storage = new S3ReportStorage({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  });
  afterAll(async () => {
    storage?.close();
    await s3?.stop();
  });

  it('stores every row, in several parts, and reads back the same count', async () => {
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    const stored = storage.put('large/rows.xlsx', out);
    const workbook = new XlsxWorkbook(out);
    expect(await workbook.writeTable(SHEET, rows(ROWS))).toBe(ROWS);
    await workbook.finish();
    out.end();
    const { sizeBytes } = await stored;
    expect(s3.requests.filter((r) => r.method === 'PUT' && /partNumber=/.test(r.url)).length).toBeGreaterThan(
      1,
    );

    const got = await storage.get('large/rows.xlsx');
    expect(got.sizeBytes).toBe(sizeBytes);
    const zip = await buffer(got.body);
    expect(zip.length).toBe(sizeBytes);
    // The header row plus one per data row.
    expect(await countSheetRows(zip, 'xl/worksheets/sheet1.xml')).toEqual({
      rows: ROWS + 1,
      lastRow: ROWS + 1,
    });
  }, 300_000);

  it('stops the workbook writer with the store error when the bucket refuses the upload', async () => {
    const denied = new S3ReportStorage({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'WRONG', secretAccessKey: 'wrong-secret' },
      partSizeBytes: 5 * 1024 * 1024,
      maxAttempts: 1,
    });
    // Hashes compress poorly, so the first part (and the refusal) comes long before the last row.
    const hashed: TableSheet<number> = {
      ...SHEET,
      toCells: (i) => [i, createHash('sha256').update(String(i)).digest('hex')],
    };
    let rowsRead = 0;
    async function* counted(): AsyncGenerator<number> {
      for await (const i of rows(ROWS)) {
        rowsRead = i;
        yield i;
      }
    }
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    const stored = denied.put('large/denied.xlsx', out);
    stored.catch(() => undefined);
    const workbook = new XlsxWorkbook(out);
    const writing = workbook.writeTable(hashed, counted()).then(() => workbook.finish());
    await expect(writing).rejects.toMatchObject({
      code: 'storage_unavailable',
      message: expect.stringContaining('access denied') as unknown,
    });
    expect(rowsRead).toBeLessThan(ROWS / 2);
    await expect(stored).rejects.toMatchObject({ code: 'storage_unavailable' });
    denied.close();
  }, 120_000);
});
