import { ApiRequestError } from './api-request.error';

/** One page of a list and the opaque cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes a keyset position (e.g. the last row's sort key and id) as an opaque base64url cursor. */
export function encodeCursor(position: Record<string, string | number | null>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` and checks each expected key's type; anything else is a 400
 * `invalid_cursor` naming the `cursor` parameter (the caller gets no hint of the inner shape).
 */
export function decodeCursor<K extends string>(
  cursor: string,
  shape: Record<K, 'string' | 'number' | 'string|null'>,
): Record<K, string | number | null> {
  const bad = (): never => {
    throw new ApiRequestError(
      'invalid_cursor',
      'cursor is not a cursor returned by this list; start again without it',
      'cursor',
    );
  };
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) return bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return bad();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return bad();
  const obj = parsed as Record<string, unknown>;
  const out = {} as Record<K, string | number | null>;
  for (const [key, type] of Object.entries(shape) as [K, string][]) {
    const v = obj[key];
    const ok =
      type === 'number'
        ? typeof v === 'number' && Number.isFinite(v)
        : type === 'string'
          ? typeof v === 'string' && v.length <= 512
          : v === null || (typeof v === 'string' && v.length <= 512);
    if (!ok) return bad();
    out[key] = v as string | number | null;
  }
  return out;
}

/** The error for a cursor this API did not issue (or issued for another list). */
export function invalidCursor(): ApiRequestError {
  return new ApiRequestError(
    'invalid_cursor',
    'cursor is not a cursor returned by this list; start again without it',
    'cursor',
  );
}

/** Splits `limit + 1` fetched rows into a page and the next cursor. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  positionOf: (row: Row) => Record<string, string | number | null>,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore ? encodeCursor(positionOf(pageRows[pageRows.length - 1])) : null,
  };
}
