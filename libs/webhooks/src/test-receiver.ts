import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretKey } from './signing/signature';

/** One request the test receiver got. */
export interface ReceivedWebhook {
  webhookId: string | null;
  timestamp: number | null;
  /** The `webhook-signature` header as received. */
  signature: string | null;
  /** True when a secret is set and one of the `v1,` signatures matches it. */
  verified: boolean;
  contentType: string | null;
  path: string;
  body: string;
  receivedAt: string;
}

export interface TestReceiverOptions {
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Deliveries kept for GET (oldest dropped first). */
  keep?: number;
  /** Verify signatures with this `whsec_…` secret; can be set later with `setSecret`. */
  secret?: string;
  /** Called for every request (tests and benchmarks count here). */
  onDelivery?: (d: ReceivedWebhook) => void;
  /** The status to answer (tests simulate failing receivers); default 204, or 401 when the signature fails. */
  respond?: (d: ReceivedWebhook) => number;
  /** Answer only after this long (a slow receiver keeps deliveries in flight). */
  responseDelayMs?: number;
}

const MAX_BODY = 1024 * 1024;
const TOLERANCE_S = 5 * 60;

/**
 * A small webhook receiver on loopback for the demo and tests: verifies Standard Webhooks signatures, answers
 * 204 (401 when a signature does not verify), keeps the last N deliveries and lists them on `GET /`.
 */
export class TestReceiver {
  private server: Server | null = null;
  private readonly kept: ReceivedWebhook[] = [];
  private secret: string | undefined;
  private total = 0;

  constructor(private readonly opts: TestReceiverOptions = {}) {
    this.secret = opts.secret;
  }

  /** Starts listening; returns the URL to register as an endpoint. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ total: this.total, deliveries: this.kept }));
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      readBody(req)
        .then((body) => {
          const d = this.receive(req, body);
          const status = this.opts.respond?.(d) ?? (d.verified || !this.secret ? 204 : 401);
          if (this.opts.responseDelayMs)
            setTimeout(() => res.writeHead(status).end(), this.opts.responseDelayMs);
          else res.writeHead(status).end();
        })
        .catch(() => res.writeHead(413).end());
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this.url;
  }

  get url(): string {
    if (!this.server) throw new Error('test receiver is not started');
    const a = this.server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}/webhooks`;
  }

  /** The secret shown when the endpoint was created (or rotated). */
  setSecret(secret: string): void {
    this.secret = secret;
  }

  /** The last deliveries, oldest first. */
  deliveries(): readonly ReceivedWebhook[] {
    return this.kept;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(req: IncomingMessage, body: string): ReceivedWebhook {
    const id = header(req, 'webhook-id');
    const ts = Number(header(req, 'webhook-timestamp'));
    const signature = header(req, 'webhook-signature');
    const d: ReceivedWebhook = {
      webhookId: id,
      timestamp: Number.isFinite(ts) ? ts : null,
      signature,
      verified: this.verify(id, ts, signature, body),
      contentType: header(req, 'content-type'),
      path: req.url ?? '/',
      body,
      receivedAt: new Date().toISOString(),
    };
    this.total++;
    this.kept.push(d);
    if (this.kept.length > (this.opts.keep ?? 100)) this.kept.shift();
    this.opts.onDelivery?.(d);
    return d;
  }

  private verify(id: string | null, ts: number, signatures: string | null, body: string): boolean {
    if (!this.secret || !id || !signatures || !Number.isFinite(ts)) return false;
    if (Math.abs(Date.now() / 1000 - ts) > TOLERANCE_S) return false;
    const expected = createHmac('sha256', secretKey(this.secret)).update(`${id}.${ts}.${body}`).digest();
    return signatures.split(' ').some((s) => {
      const [version, sig] = s.split(',');
      const given = Buffer.from(sig ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new Error('body too large'));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
