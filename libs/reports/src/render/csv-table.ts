import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvRow, UTF8_BOM } from '../csv/csv-row';
import type { RowTally } from './render-report';
import type { TableSheet } from './sheets';

const CHUNK_CHARS = 64 * 1024;

/** Writes one table as RFC 4180 CSV (optionally with a UTF-8 BOM), honouring the output's backpressure. */
export async function writeCsvTable<R>(
  out: Writable,
  sheet: TableSheet<R>,
  rows: AsyncIterable<R>,
  opts: { bom: boolean; tally?: RowTally },
): Promise<number> {
  if (opts.tally) opts.tally.sheet = sheet.name;
  let chunk = (opts.bom ? UTF8_BOM : '') + csvRow(sheet.columns.map((c) => c.header));
  let count = 0;
  const flush = async () => {
    // A store that failed destroys its input (storage/s3-report-storage.ts): stop rather than wait for a drain.
    if (out.destroyed)
      throw out.errored ?? new Error('the report output closed before the file was complete');
    if (!out.write(chunk, 'utf8')) await drainedOrClosed(out);
    chunk = '';
  };
  for await (const row of rows) {
    chunk += csvRow(sheet.toCells(row));
    count += 1;
    if (opts.tally) opts.tally.rows += 1;
    if (chunk.length >= CHUNK_CHARS) await flush();
  }
  await flush();
  return count;
}

/** Resolves on 'drain' or 'close', whichever comes first, and leaves no listener behind. */
async function drainedOrClosed(out: Writable): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }),
    ]);
  } finally {
    ac.abort();
  }
}
