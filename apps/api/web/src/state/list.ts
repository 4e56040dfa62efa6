// The state of a server-side list (filters, sort, page): what the URL holds and what the API is asked. Cursor
// paging keeps the cursors of the pages before so "Previous" needs no offset. Pure, so it is unit-tested.
import { hrefOf } from './route';

export interface ListView {
  /** Filter and sort values by their API query names, as the URL holds them. */
  filters: Record<string, string>;
  /** The cursors that led to this page: [] on the first page. */
  cursors: string[];
}

/** Reads a view from the route's query: `after` (cursors joined by '.') is the page trail, the rest filters. */
export function viewFromQuery(query: Record<string, string>): ListView {
  const { after = '', ...filters } = query;
  return { filters, cursors: after ? after.split('.') : [] };
}

export function queryOfView(view: ListView): Record<string, string> {
  return view.cursors.length ? { ...view.filters, after: view.cursors.join('.') } : { ...view.filters };
}

export function hrefOfView(page: string, view: ListView): string {
  return hrefOf(page, null, queryOfView(view));
}

/** A filter changed: back to the first page (the cursors belong to the old filters). */
export function withFilter(view: ListView, name: string, value: string | undefined): ListView {
  const filters = { ...view.filters };
  if (value === undefined || value === '') delete filters[name];
  else filters[name] = value;
  return { filters, cursors: [] };
}

/**
 * Sorting by a column: first click ascending (or the column's natural direction), second click flips it. `sort`
 * values are the API's: `field` or `-field`.
 */
export function withSort(view: ListView, field: string, firstDescending = false): ListView {
  const current = view.filters.sort;
  const next =
    current === field ? `-${field}` : current === `-${field}` ? field : firstDescending ? `-${field}` : field;
  return withFilter(view, 'sort', next);
}

/** How a column is sorted now: 'ascending', 'descending' or 'none' (the values aria-sort takes). */
export function sortState(
  view: ListView,
  field: string,
  fallback?: string,
): 'ascending' | 'descending' | 'none' {
  const sort = view.filters.sort ?? fallback;
  return sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
}

export function nextPage(view: ListView, nextCursor: string): ListView {
  return { ...view, cursors: [...view.cursors, nextCursor] };
}

export function previousPage(view: ListView): ListView {
  return { ...view, cursors: view.cursors.slice(0, -1) };
}

/** The API query for this view: the filters, the page's cursor and the page size. */
export function apiQuery(view: ListView, limit: number): Record<string, string | number> {
  const cursor = view.cursors.at(-1);
  return { ...view.filters, ...(cursor ? { cursor } : {}), limit };
}

/** "51–100 of 1,234": the rows this page shows (the page size is fixed per list). */
export function rangeLabel(view: ListView, shown: number, limit: number, total?: number | null): string {
  const from = view.cursors.length * limit + 1;
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (!shown) return total ? `none of ${fmt(total)}` : 'none';
  const range = `${fmt(from)}–${fmt(from + shown - 1)}`;
  return typeof total === 'number' ? `${range} of ${fmt(total)}` : range;
}
