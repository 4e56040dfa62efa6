// The dashboard's only way to the API: typed by the OpenAPI document (schema.d.ts, generated), one error shape,
// the key kept in this tab's sessionStorage (gone when the tab closes).
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : null;
/** The body of an operation's success answer (200, 201 or 202; 204 has none). */
export type Ok<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : 202 extends keyof R
        ? JsonOf<R[202]>
        : null
  : never;
type Op<P extends keyof paths, M extends Method> = paths[P][M];
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];
export type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
export type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** What `GET path` answers. */
export type GetResult<P extends PathsWith<'get'>> = Ok<Op<P, 'get'>>;

/** An error answered by the API (its `{ error: { code, message, field } }` body), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  /** "what failed: why" for a person, never `[object Object]`. */
  describe(): string {
    return this.field ? `${this.message} (${this.field})` : this.message;
  }
}

export interface KeyStore {
  get(): string | null;
  set(key: string | null): void;
}

export interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null | readonly string[]>;
}

/** `/a/{id}` with `{id}` filled in (encoded) and a query string of the set values (arrays repeat the key). */
export function urlOf(path: string, call: Call = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = call.params?.[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(call.query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const one of v as readonly string[]) q.append(k, one);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${filled}?${s}` : filled;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; field?: string };
  } | null;
  const e = body?.error;
  return new ApiError(
    res.status,
    e?.code ?? `http_${res.status}`,
    e?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
    e?.field ?? undefined,
  );
}

export class ApiClient {
  /** Called when the key is refused (401): the app goes back to sign-in. */
  onUnauthorized: () => void = () => undefined;

  constructor(
    readonly keys: KeyStore,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {}

  async raw(method: string, url: string, body?: unknown, key = this.keys.get()): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        method: method.toUpperCase(),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, 'network', `Could not reach the API: ${(err as Error).message}`);
    }
    if (res.ok) return res;
    const error = await errorOf(res);
    if (res.status === 401 && key === this.keys.get()) {
      this.keys.set(null);
      this.onUnauthorized();
    }
    throw error;
  }

  private async json(method: Method, path: string, call: Call & { body?: unknown }): Promise<never> {
    const res = await this.raw(method, urlOf(path, call), call.body);
    return (res.status === 204 ? null : await res.json()) as never;
  }

  get<P extends PathsWith<'get'>>(
    path: P,
    call: Call & { query?: QueryOf<Op<P, 'get'>> } = {},
  ): Promise<Ok<Op<P, 'get'>>> {
    return this.json('get', path, call);
  }

  post<P extends PathsWith<'post'>>(
    path: P,
    call: Call & { body?: BodyOf<Op<P, 'post'>> } = {},
  ): Promise<Ok<Op<P, 'post'>>> {
    return this.json('post', path, call);
  }

  patch<P extends PathsWith<'patch'>>(
    path: P,
    call: Call & { body: BodyOf<Op<P, 'patch'>> },
  ): Promise<Ok<Op<P, 'patch'>>> {
    return this.json('patch', path, call);
  }

  delete<P extends PathsWith<'delete'>>(path: P, call: Call = {}): Promise<Ok<Op<P, 'delete'>>> {
    return this.json('delete', path, call);
  }

  /**
   * Fetches a file with the key and hands it to the browser as a download. When reports live in a bucket set to
   * redirect, the API answers a short-lived presigned URL instead, which the browser opens itself (it names the file).
   */
  async download(url: string, fallbackName: string): Promise<void> {
    const res = await this.raw('get', url);
    if (res.headers.get('content-type')?.startsWith('application/json')) {
      const { url: presigned } = (await res.json()) as { url: string };
      clickLink(presigned);
      return;
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
    const href = URL.createObjectURL(await res.blob());
    clickLink(href, name);
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}

function clickLink(href: string, download?: string): void {
  const a = document.createElement('a');
  a.href = href;
  if (download) a.download = download;
  document.body.append(a);
  a.click();
  a.remove();
}

const SESSION_KEY = 'interdict.apiKey';

export function sessionKeys(storage: Storage): KeyStore {
  return {
    get: () => storage.getItem(SESSION_KEY),
    set: (key) => (key ? storage.setItem(SESSION_KEY, key) : storage.removeItem(SESSION_KEY)),
  };
}
