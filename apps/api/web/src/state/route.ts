// Where the dashboard is: `#/<page>[/<id>][?<filters>]`. Filters live in the URL so a view can be shared and the
// back button works; this module is pure so it is unit-tested without a browser.

export interface Route {
  page: string;
  id: string | null;
  query: Record<string, string>;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?', 2) as [string, string?];
  const [page = '', ...rest] = path.split('/').filter(Boolean);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) if (v !== '') query[k] = v;
  return { page: page || 'overview', id: rest.length ? decodeURIComponent(rest.join('/')) : null, query };
}

/** The hash of a page (and item) with the set filters, keys sorted so one view has one address. */
export function hrefOf(
  page: string,
  id?: string | null,
  query: Record<string, string | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(query).sort()) {
    const v = query[k];
    if (v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}${s ? `?${s}` : ''}`;
}
