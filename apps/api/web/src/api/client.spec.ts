import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError, urlOf, type KeyStore } from './client';

describe('urlOf', () => {
  it('fills path parameters encoded and writes only the set query values', () => {
    expect(
      urlOf('/api/v1/sources/{id}/runs', {
        params: { id: 'a b/c' },
        query: { limit: 20, before: undefined, q: '', on: false, platform: ['ios', 'android'] },
      }),
    ).toBe('/api/v1/sources/a%20b%2Fc/runs?limit=20&on=false&platform=ios&platform=android');
  });

  it('refuses a path parameter it was not given', () => {
    expect(() => urlOf('/api/v1/devices/{id}')).toThrow('{id}');
  });
});

describe('ApiClient against a real HTTP server', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/ok') json(200, { hello: 'world' });
      else if (req.url === '/created') json(201, JSON.parse(body || '{}'));
      else if (req.url === '/gone') res.writeHead(204).end();
      else if (req.url === '/bad')
        json(400, {
          error: {
            code: 'invalid_source',
            message: 'settings.baseUrl must be https',
            field: 'settings.baseUrl',
          },
        });
      else if (req.url === '/denied')
        json(401, { error: { code: 'unauthorized', message: 'invalid API key' } });
      else res.writeHead(502, 'Bad Gateway').end('<html>proxy error</html>');
    });
  };
  const keys = (initial: string | null): KeyStore & { value: string | null } => {
    const store = {
      value: initial,
      get: () => store.value,
      set: (k: string | null) => void (store.value = k),
    };
    return store;
  };
  // The client speaks to the API's own origin with paths; here the paths are made absolute for node's fetch.
  const client = (store: KeyStore) =>
    new ApiClient(store, (input, init) => fetch(new URL(input as string, base), init));

  beforeAll(async () => {
    server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the key as a bearer token and JSON bodies, and reads JSON and empty answers', async () => {
    const api = client(keys('idk_test'));
    expect(await (await api.raw('get', '/ok')).json()).toEqual({ hello: 'world' });
    expect(await (await api.raw('post', '/created', { a: 1 })).json()).toEqual({ a: 1 });
    expect((await api.raw('delete', '/gone')).status).toBe(204);
    expect(seen.at(-2)).toMatchObject({ method: 'POST', auth: 'Bearer idk_test', body: '{"a":1}' });
  });

  it("turns the API's error body into an ApiError naming the field", async () => {
    const err = await client(keys('idk_test'))
      .raw('post', '/bad', {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_source', field: 'settings.baseUrl' });
    expect((err as ApiError).describe()).toBe('settings.baseUrl must be https (settings.baseUrl)');
  });

  it('describes an answer without an error body by its status, never as an object', async () => {
    const err = (await client(keys('k'))
      .raw('get', '/elsewhere')
      .catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('http_502');
    expect(err.describe()).toBe('The server answered 502 Bad Gateway');
  });

  it('forgets a refused key and says so once', async () => {
    const store = keys('idk_old');
    const api = client(store);
    let signedOut = 0;
    api.onUnauthorized = () => signedOut++;
    await expect(api.raw('get', '/denied')).rejects.toMatchObject({
      status: 401,
      message: 'invalid API key',
    });
    expect(store.value).toBeNull();
    expect(signedOut).toBe(1);
  });

  it('does not sign out the session when a key being tried at sign-in is refused', async () => {
    const store = keys('idk_current');
    const api = client(store);
    let signedOut = 0;
    api.onUnauthorized = () => signedOut++;
    await expect(api.raw('get', '/denied', undefined, 'idk_typo')).rejects.toBeInstanceOf(ApiError);
    expect(store.value).toBe('idk_current');
    expect(signedOut).toBe(0);
  });

  it('reports a network failure as such', async () => {
    const api = new ApiClient(keys('k'), (input, init) =>
      fetch(new URL(input as string, 'http://127.0.0.1:1'), init),
    );
    await expect(api.raw('get', '/ok')).rejects.toMatchObject({ code: 'network' });
  });
});
