import type { ClientBase, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';

/** A value COPY text format can carry; null becomes `\N`, dates ISO-8601. */
export type CopyValue = string | number | bigint | boolean | Date | null | undefined;

const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/** One field in COPY text format: backslash, tab, newline and CR escaped; NUL dropped (Postgres text cannot hold it). */
export function encodeCopyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string')
    return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** One row (with its newline) in COPY text format. */
export function encodeCopyRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + encodeCopyField(values[i]);
  return line + '\n';
}

// Rows are gathered into chunks of about this size before a write: one syscall per chunk, not per row.
const CHUNK_CHARS = 256 * 1024;

/**
 * Streams rows into `COPY <target> FROM STDIN` (text format) on the given client, waiting for the socket to drain
 * whenever Postgres is slower than the producer, so memory stays at about one chunk whatever the row count.
 * Returns the number of rows copied as Postgres counts them.
 */
export async function copyRows(
  client: ClientBase,
  target: string,
  rows: Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  // An error while producing rows must still end the COPY, or the connection stays stuck in COPY mode.
  let failed: unknown;
  done.catch((err: unknown) => (failed ??= err));
  try {
    let chunk = '';
    for await (const row of rows) {
      if (failed) throw failed instanceof Error ? failed : new Error('COPY failed');
      chunk += encodeCopyRow(row);
      if (chunk.length >= CHUNK_CHARS) {
        const ok = stream.write(chunk);
        chunk = '';
        if (!ok) await waitForDrain(stream, done);
      }
    }
    if (chunk) stream.write(chunk);
    stream.end();
  } catch (err) {
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
    await done.catch(() => undefined);
    throw err;
  }
  await done;
  return Number(stream.rowCount ?? 0);
}

/**
 * COPY text gathered in one growing byte buffer. Pending rows kept as JS strings survive a few young-generation
 * collections and are promoted before they are sent, which made old-generation GC the largest cost of a sync walk;
 * bytes in a Buffer live outside the JS heap.
 */
export class CopyTextBuffer {
  private buf: Buffer;
  private used = 0;

  constructor(private readonly initialBytes = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.used;
  }

  append(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const worst = this.used + text.length * 3;
    if (worst > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(worst, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.used);
      this.buf = grown;
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** The bytes gathered so far; the buffer starts afresh (the returned bytes may still be in flight). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.used);
    // Nothing written: the same buffer serves on (a resync-only or initial-only buffer would otherwise be
    // reallocated empty at every flush).
    if (this.used === 0) return out;
    this.buf = Buffer.allocUnsafe(Math.max(this.initialBytes, this.used));
    this.used = 0;
    return out;
  }
}

/**
 * COPYs rows already encoded with `encodeCopyRow` (e.g. gathered while a batch was parsed), writing in chunks and
 * honouring backpressure. Returns the number of rows copied.
 */
export async function copyText(client: PoolClient, target: string, text: string | Buffer): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (let at = 0; at < text.length; at += CHUNK_CHARS) {
    const chunk =
      typeof text === 'string' ? text.slice(at, at + CHUNK_CHARS) : text.subarray(at, at + CHUNK_CHARS);
    if (!stream.write(chunk)) await waitForDrain(stream, done);
  }
  stream.end();
  await done;
  return Number(stream.rowCount ?? 0);
}

function waitForDrain(stream: NodeJS.WritableStream, done: Promise<void>): Promise<void> {
  return Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), done]);
}

/**
 * A connection of its own for work that needs one session (temp tables, COPY, session advisory locks); released
 * (and its session state discarded) after `work`, even when it throws.
 */
export async function withDedicatedConnection<T>(
  dataSource: DataSource,
  work: (client: PoolClient, runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    return await work(client, runner);
  } finally {
    await runner.release();
  }
}
