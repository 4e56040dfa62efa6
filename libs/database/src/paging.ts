/** One page of a list and the opaque cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many rows the filters select over all pages; only when the caller asked (`withTotal`). */
  total?: number;
}

/**
 * Where a keyset-paged list stopped: the last row's id and, when the list sorts by something else first, that
 * row's sort value (an ISO time; null when the list sorts by id alone or the value is empty). Every list of the
 * product pages with this one shape.
 */
export interface Keyset {
  v: string | null;
  id: string;
}

/** The codes of `PagingError`. */
export type PagingErrorCode = 'invalid_cursor';

/** A cursor this product did not issue (or issued for another list); the caller starts again without one. */
export class PagingError extends Error {
  readonly code: PagingErrorCode = 'invalid_cursor';
  readonly field = 'cursor';

  constructor() {
    super('cursor is not a cursor returned by this list; start again without it');
    this.name = 'PagingError';
  }
}

const ROW_ID = /^\d{1,18}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A row id as lists take it (a bigint in decimal); anything else cannot name a row. */
export function isRowId(id: string): boolean {
  return ROW_ID.test(id);
}

export function encodeCursor(position: Keyset): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * The keyset of a cursor made by `encodeCursor` for a list whose rows have `id`s of the given kind, sorted first by
 * a time (`v` an ISO time or null) or by id alone (`v` null). Anything else is a `PagingError`, with no hint of the
 * expected shape.
 */
export function decodeCursor(cursor: string, list: { id: 'bigint' | 'uuid'; sortedBy?: 'time' }): Keyset {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new PagingError();
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new PagingError();
  }
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw new PagingError();
  const { v = null, id } = c as { v?: unknown; id?: unknown };
  if (typeof id !== 'string' || !(list.id === 'uuid' ? UUID : ROW_ID).test(id)) throw new PagingError();
  const vOk =
    list.sortedBy === 'time'
      ? v === null || (typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v)))
      : v === null;
  if (!vOk) throw new PagingError();
  return { v: v as string | null, id };
}

/** Splits `limit + 1` fetched rows into a page and the cursor of the next one. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keysetOf: (row: Row) => Keyset,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore ? encodeCursor(keysetOf(pageRows[pageRows.length - 1])) : null,
  };
}

/** Escapes `%`, `_` and `\` so a search text matches literally inside a LIKE/ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * How many rows a list's filters select over all its pages: `from` is the list's FROM and WHERE without its cursor
 * condition (the same text the page query uses). A list counts only when asked: a count is a second statement.
 */
export async function countRows(
  db: { query<T>(sql: string, params?: unknown[]): Promise<T> },
  from: string,
  params: unknown[],
): Promise<number> {
  const [row] = await db.query<{ n: string }[]>(`SELECT count(*) AS n ${from}`, params);
  return Number(row.n);
}
