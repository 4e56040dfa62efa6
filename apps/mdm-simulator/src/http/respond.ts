import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Graph's JSON content type on success responses (intune-graph.md §8.10). */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** `WWW-Authenticate` that Graph sends with a 401 (intune-graph.md §1.3). */
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

/** The Graph error body (intune-graph.md §5.3), with the same request ids as the headers. */
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

/** Jamf's ApiError body (jamf-pro.md §7), pretty-printed like the server does. */
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

/** A value rendered lazily by `jamfJson` at its indentation (for hot, hand-rendered parts such as app lists). */
export class RawJamfJson {
  constructor(readonly render: (indent: string) => string) {}
}

/**
 * Jamf's pretty-printing: two-space indent and `" : "` between key and value (jamf-pro.md §9.9).
 * Hand-rolled because JSON.stringify cannot produce the spaced colon.
 */
export function jamfJson(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof RawJamfJson) return value.render(indent);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((item) => jamfJson(item, indent)).join(', ')} ]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{ }';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${jamfJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

/**
 * Writes a response body in chunks as it is generated, waiting for the socket to drain, so a page of thousands
 * of devices never sits in memory whole.
 */
export class ChunkWriter {
  private buffer = '';
  constructor(
    private readonly res: ServerResponse,
    private readonly chunkChars = 64 * 1024,
  ) {}

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= this.chunkChars) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (this.res.destroyed) throw new Error('client went away');
    if (!this.res.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          this.res.off('drain', done);
          this.res.off('close', closed);
          resolve();
        };
        const closed = () => {
          this.res.off('drain', done);
          reject(new Error('client went away'));
        };
        this.res.once('drain', done);
        this.res.once('close', closed);
      });
    }
  }

  async end(text = ''): Promise<void> {
    this.buffer += text;
    await this.flush();
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
