import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SourceHttpClient } from './source-http-client';
import { OutboundPolicy } from '@interdict/outbound';

// A real loopback server: answers after `delay` ms, or never for /hang; /busy answers 503 with Retry-After.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return;
    if (req.url?.startsWith('/text/')) {
      // Bytes as a server may send them: plain ASCII, UTF-8 with CJK and emoji, UTF-8 behind a byte-order mark.
      const body = JSON.stringify({ name: decodeURIComponent(req.url.slice('/text/'.length)) });
      const bytes = Buffer.from(body, 'utf8');
      return res.end(req.headers['x-bom'] ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes);
    }
    if (req.url === '/busy') {
      res.writeHead(503, { 'Retry-After': '30' });
      return res.end('{}');
    }
    setTimeout(() => res.end(JSON.stringify({ ok: req.url })), 15);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (concurrency: number) =>
  new SourceHttpClient({
    sourceName: 'unit',
    timeoutMs: 5000,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    concurrency,
    policy: new OutboundPolicy({ requireHttps: false, allowPrivate: false, allowlist: ['127.0.0.1'] }),
  });

describe('SourceHttpClient', () => {
  it('puts one abort listener on the sync signal however many requests run under it', async () => {
    const signal = new AbortController().signal;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    let most = 0;
    const sample = setInterval(() => (most = Math.max(most, getEventListeners(signal, 'abort').length)), 1);
    try {
      const c = client(16);
      const all = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          c.json<{ ok: string }>({ url: `${base}/${i}`, endpoint: 'GET /{i}', signal }),
        ),
      );
      expect(all.map((r) => r.data.ok)).toEqual(Array.from({ length: 200 }, (_, i) => `/${i}`));
      expect(c.requestCount()).toBe(200);
    } finally {
      clearInterval(sample);
      process.off('warning', onWarning);
    }
    expect(most).toBe(1);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('aborts requests in flight and retry waits promptly', async () => {
    const ac = new AbortController();
    const c = client(4);
    const started = Date.now();
    const hanging = c.json({ url: `${base}/hang`, endpoint: 'GET /hang', signal: ac.signal });
    const waiting = c.json({ url: `${base}/busy`, endpoint: 'GET /busy', signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await expect(hanging).rejects.toMatchObject({ code: 'aborted' });
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it.each([
    ['plain ASCII', 'Kaspersky Endpoint Security 12.5', false],
    ['UTF-8 beyond ASCII', '微信 WeChat — Ünïcödé 🛡️', false],
    ['UTF-8 behind a byte-order mark', 'Лаборатория Касперского', true],
  ])('decodes a %s body to the same string the server encoded', async (_case, name, bom) => {
    const res = await client(1).json<{ name: string }>({
      url: `${base}/text/${encodeURIComponent(name)}`,
      endpoint: 'GET /text',
      headers: bom ? { 'x-bom': '1' } : {},
      signal: new AbortController().signal,
    });
    expect(res.data.name).toBe(name);
  });
});
