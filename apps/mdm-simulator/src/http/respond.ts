import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mix32 } from '../fleet/prng';

/** Graph's JSON content type on success responses (docs/mdm-apis.md §6). */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** `WWW-Authenticate` that Graph sends with a 401 (docs/mdm-apis.md §2). */
export const GRAPH_WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Graph's request-id / client-request-id / diagnostic headers for one request. */
export function graphHeaders(req: IncomingMessage): Record<string, string> {
  const requestId = randomUUID();
  const clientRequestId = req.headers['client-request-id'];
  return {
    'request-id': requestId,
    'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : requestId,
    'x-ms-ags-diagnostic':
      '{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"SIM"}}',
  };
}

/** Date in Graph's innerError form: ISO without milliseconds or zone. */
function innerDate(): string {
  return new Date().toISOString().slice(0, 19);
}

/** The Graph error body (docs/mdm-apis.md §6), with the same request ids as the headers. */
export function graphErrorBody(code: string, message: string, headers: Record<string, string>): string {
  return JSON.stringify({
    error: {
      code,
      message,
      innerError: {
        date: innerDate(),
        'request-id': headers['request-id'],
        'client-request-id': headers['client-request-id'],
      },
    },
  });
}

export function sendGraphError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  const headers = graphHeaders(req);
  res.writeHead(status, { 'content-type': 'application/json', ...headers, ...extraHeaders });
  res.end(graphErrorBody(code, message, headers));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Jamf's ApiError body (docs/mdm-apis.md §10), pretty-printed like the server does. */
export function sendJamfError(
  res: ServerResponse,
  status: number,
  code: string,
  description: string,
  field: string | null = null,
): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(jamfJson({ httpStatus: status, errors: [{ code, description, id: '0', field }] }));
}

/** Where pretty JSON goes: text, or bytes rendered (and cached) ahead of time. */
export interface JsonSink {
  text(text: string): void;
  raw(bytes: Uint8Array): void;
}

/** A value that writes its own Jamf-pretty JSON at its indentation (hot, hand-rendered parts such as app lists). */
export class RawJamfJson {
  constructor(readonly write: (indent: string, out: JsonSink) => void) {}
}

class StringSink implements JsonSink {
  value = '';
  text(text: string): void {
    this.value += text;
  }
  raw(bytes: Uint8Array): void {
    this.value += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  }
}

/**
 * Renders top-down into one string and hands it to the sink only before a raw part or at the end, so a record
 * costs one sink call plus its raw parts (a sink call on a Buffer crosses into C++).
 */
class PrettyWriter {
  private pending = '';
  constructor(private readonly out: JsonSink) {}

  value(value: unknown, indent: string): void {
    if (value === null || value === undefined) {
      this.pending += 'null';
      return;
    }
    if (value instanceof RawJamfJson) {
      this.flush();
      value.write(indent, this.out);
      return;
    }
    if (typeof value === 'string') {
      this.pending += JSON.stringify(value);
      return;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      this.pending += String(value);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        this.pending += '[ ]';
        return;
      }
      this.pending += '[ ';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.pending += ', ';
        this.value(value[i], indent);
      }
      this.pending += ' ]';
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 0) {
      this.pending += '{ }';
      return;
    }
    const inner = indent + '  ';
    for (let i = 0; i < keys.length; i++) {
      this.pending += `${i > 0 ? ',\n' : '{\n'}${inner}${JSON.stringify(keys[i])} : `;
      this.value(record[keys[i]], inner);
    }
    this.pending += `\n${indent}}`;
  }

  flush(): void {
    if (this.pending) this.out.text(this.pending);
    this.pending = '';
  }
}

/** Writes `value` as Jamf-pretty JSON (see `jamfJson`) into a sink. */
export function writeJamfJson(out: JsonSink, value: unknown, indent = ''): void {
  const writer = new PrettyWriter(out);
  writer.value(value, indent);
  writer.flush();
}

/**
 * Jamf's pretty-printing: two-space indent and `" : "` between key and value (docs/mdm-apis.md §10).
 * Hand-rolled because JSON.stringify cannot produce the spaced colon.
 */
export function jamfJson(value: unknown, indent = ''): string {
  const sink = new StringSink();
  writeJamfJson(sink, value, indent);
  return sink.value;
}

/**
 * Rendered app entries by key, packed in 1 MiB slabs: the same title and version renders the same text on every
 * device, so a walk renders each once and then copies bytes. A walk looks up ~150 random entries per device, so
 * the index is an open-addressing table of (key, slab, offset, length) in one typed array — one cache line per
 * lookup, where a Map took several — and the entries sit together, off the JS heap. Slabs are filled, never
 * regrown, so memory is what the entries take.
 */
export class AppBytes {
  private static readonly SLAB_BYTES = 1024 * 1024;
  private table = new Int32Array(4 * 4096);
  private count = 0;
  private slabs: Buffer[] = [];
  private used = AppBytes.SLAB_BYTES;
  private bytes = 0;

  /** Bounded by the catalogue in practice; the limit only guards a long-running simulator. */
  constructor(private readonly limitBytes = 64 * 1024 * 1024) {}

  /** Writes the entry under `key` (a non-negative int32) to `out`, rendering it with `render` the first time. */
  write(out: JsonSink, key: number, render: (key: number) => string): void {
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let entry = mix32(key) & mask;
    for (;;) {
      const at = entry << 2;
      const stored = table[at];
      if (stored === key + 1) {
        const offset = table[at + 2];
        out.raw(this.slabs[table[at + 1]].subarray(offset, offset + table[at + 3]));
        return;
      }
      if (stored === 0) break;
      entry = (entry + 1) & mask;
    }
    // Rendered straight into the slab: a Buffer per entry would leave pool slabs behind for the collector.
    const text = render(key);
    if (text.length * 3 > AppBytes.SLAB_BYTES) {
      out.text(text);
      return;
    }
    if (this.bytes > this.limitBytes) {
      this.table = new Int32Array(4 * 4096);
      this.count = 0;
      this.slabs = [];
      this.used = AppBytes.SLAB_BYTES;
      this.bytes = 0;
    }
    if (this.used + text.length * 3 > AppBytes.SLAB_BYTES) {
      this.slabs.push(Buffer.allocUnsafeSlow(AppBytes.SLAB_BYTES));
      this.used = 0;
    }
    const slab = this.slabs.length - 1;
    const length = this.slabs[slab].write(text, this.used);
    if ((this.count + 1) * 2 > this.table.length >> 2) this.rehash(this.table.length * 2);
    this.place(this.table, key, slab, this.used, length);
    out.raw(this.slabs[slab].subarray(this.used, this.used + length));
    this.used += length;
    this.bytes += length;
    this.count++;
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size);
    for (let at = 0; at < old.length; at += 4)
      if (old[at] !== 0) this.place(this.table, old[at] - 1, old[at + 1], old[at + 2], old[at + 3]);
  }

  private place(table: Int32Array, key: number, slab: number, offset: number, length: number): void {
    const mask = (table.length >> 2) - 1;
    let entry = mix32(key) & mask;
    while (table[entry << 2] !== 0) entry = (entry + 1) & mask;
    const at = entry << 2;
    table[at] = key + 1;
    table[at + 1] = slab;
    table[at + 2] = offset;
    table[at + 3] = length;
  }
}

/**
 * Packs text and byte fragments into large Buffers and hands each full one to `emit`: text is encoded once,
 * cached fragments are copied, and the consumer sees few, large chunks. A consumer that reports a chunk as
 * written (`recycle`) returns its buffer to a process-wide pool, so responses cycle through a few buffers instead
 * of leaving a stream of spent ones to the garbage collector.
 */
export class ByteChunks implements JsonSink {
  private static readonly CHUNK_BYTES = 256 * 1024;
  private static readonly spare: Buffer[] = [];
  private static readonly owned = new WeakSet<ArrayBufferLike>();
  private buffer: Buffer;
  private used = 0;

  constructor(private readonly emitChunk: (chunk: Uint8Array) => void) {
    this.buffer = ByteChunks.fresh();
  }

  text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > this.buffer.length - this.used) {
      this.flush();
      if (text.length * 3 > this.buffer.length) return this.emitChunk(Buffer.from(text, 'utf8'));
    }
    this.used += this.buffer.write(text, this.used);
  }

  raw(bytes: Uint8Array): void {
    if (bytes.length > this.buffer.length - this.used) {
      this.flush();
      if (bytes.length > this.buffer.length) return this.emitChunk(bytes);
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Hands over what is buffered, if anything. */
  flush(): void {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    // The consumer keeps the chunk until it is written: the next one goes into another buffer.
    this.buffer = ByteChunks.fresh();
    this.used = 0;
    this.emitChunk(chunk);
  }

  /** Hands over what is buffered and gives the working buffer back to the pool; the writer is done. */
  close(): void {
    this.flush();
    this.recycle(this.buffer);
  }

  /** The consumer is done with `chunk` (written out): its buffer may be reused. */
  recycle(chunk: Uint8Array): void {
    if (ByteChunks.owned.has(chunk.buffer) && ByteChunks.spare.length < 16)
      ByteChunks.spare.push(Buffer.from(chunk.buffer, 0, ByteChunks.CHUNK_BYTES));
  }

  private static fresh(): Buffer {
    const spare = ByteChunks.spare.pop();
    if (spare) return spare;
    const buffer = Buffer.allocUnsafeSlow(ByteChunks.CHUNK_BYTES);
    ByteChunks.owned.add(buffer.buffer);
    return buffer;
  }
}

/**
 * Writes a response body as it is generated, in large chunks, waiting for the socket to drain between records,
 * so a page of thousands of devices never sits in memory whole.
 */
export class BodyWriter extends ByteChunks {
  private backedUp = false;

  constructor(private readonly res: ServerResponse) {
    super((chunk) => {
      if (res.destroyed) throw new Error('client went away');
      if (!res.write(chunk, () => this.recycle(chunk))) this.backedUp = true;
    });
  }

  /** Text, then a wait for the socket when it is backed up. */
  async write(text: string): Promise<void> {
    this.text(text);
    await this.ready();
  }

  /** Resolves once the socket has taken what was sent (call between records). */
  async ready(): Promise<void> {
    if (!this.backedUp) return;
    this.backedUp = false;
    const res = this.res;
    if (res.destroyed) throw new Error('client went away');
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', closed);
        resolve();
      };
      const closed = () => {
        res.off('drain', done);
        reject(new Error('client went away'));
      };
      res.once('drain', done);
      res.once('close', closed);
    });
  }

  async end(text = ''): Promise<void> {
    this.text(text);
    this.close();
    await this.ready();
    this.res.end();
  }
}

/** Reads a request body up to `limitBytes`. */
export async function readBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new Error(`request body over ${limitBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
