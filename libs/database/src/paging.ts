import { isUuid } from './ids';

/** One page of a list and the opaque cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many rows the filters select over all pages; only when the caller asked (`withTotal`). */
  total?: number;
}

/**
 * Where a keyset-paged list stopped: the last row's id and, when the list sorts by something else first, that
 * row's sort value (an ISO time, or a text key such as a lowered name; null when the list sorts by id alone or the
 * time is empty). Every list of the
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
// A text sort key is at most TEXT_SORT_KEY_CHARS characters (4 bytes each in UTF-8): the cursor stays within 512.
const MAX_TEXT_SORT_VALUE = 240;

/** How many characters of a name a text sort keys on (ties then go by id), so its cursor stays short. */
export const TEXT_SORT_KEY_CHARS = 60;

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
export function decodeCursor(
  cursor: string,
  list: { id: 'bigint' | 'uuid'; sortedBy?: 'time' | 'text' },
): Keyset {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new PagingError();
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new PagingError();
  }
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw new PagingError();
  const { v = null, id } = c as { v?: unknown; id?: unknown };
  if (typeof id !== 'string' || !(list.id === 'uuid' ? isUuid(id) : ROW_ID.test(id))) throw new PagingError();
  const vOk =
    list.sortedBy === 'time'
      ? v === null || (typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v)))
      : list.sortedBy === 'text'
        ? typeof v === 'string' && v.length <= MAX_TEXT_SORT_VALUE
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

/** What a keyset list sorts by before its id: an SQL expression over the row and the kind of its cursor value. */
export interface SortKey {
  /** Never NULL (coalesce it): a row's place must be comparable. */
  expr: string;
  kind: 'time' | 'text';
  /** What a NULL column counts as (the value `expr` coalesces it to), for a cursor taken on such a row. */
  empty: string;
}

/** A text sort on `column`: lowered, its first TEXT_SORT_KEY_CHARS characters, empty when NULL. */
export const textSortKey = (column: string): SortKey => ({
  expr: `left(lower(coalesce(${column}, '')), ${TEXT_SORT_KEY_CHARS})`,
  kind: 'text',
  empty: '',
});

/** A time sort on `column`, NULL counting as the earliest (or, with `nullAs` 'infinity', the latest). */
export const timeSortKey = (column: string, nullAs: '-infinity' | 'infinity' = '-infinity'): SortKey => ({
  expr: `coalesce(${column}, '${nullAs}')`,
  kind: 'time',
  empty: nullAs,
});

/**
 * ORDER BY and the "after the cursor's row" condition of a list sorted by `key` then `idExpr` (or by id alone when
 * `key` is null), both `desc` or both ascending. The cursor's value is the row's `key.expr` (`sortValueOf`), or the
 * sorted column itself: a NULL one becomes `key.empty`, which is what `expr` coalesces it to.
 */
export function keysetSql(
  key: SortKey | null,
  desc: boolean,
  idExpr: string,
  after: Keyset | null,
  p: (v: unknown) => string,
): { order: string; after: string | null } {
  const dir = desc ? 'DESC' : 'ASC';
  const op = desc ? '<' : '>';
  if (!key)
    return { order: `${idExpr} ${dir}`, after: after ? `${idExpr} ${op} ${p(after.id)}::bigint` : null };
  const cast = key.kind === 'time' ? 'timestamptz' : 'text';
  return {
    order: `${key.expr} ${dir}, ${idExpr} ${dir}`,
    after: after
      ? `(${key.expr}, ${idExpr}) ${op} (${p(after.v ?? key.empty)}::${cast}, ${p(after.id)}::bigint)`
      : null,
  };
}

/** The cursor value of a row's `sort_key`: a time as ISO text (NULL for -infinity), a text as is. */
export function sortValueOf(sortKey: unknown): string | null {
  if (sortKey instanceof Date) return Number.isNaN(sortKey.getTime()) ? null : sortKey.toISOString();
  return typeof sortKey === 'string' ? sortKey : null;
}
