import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a keyset position', () => {
    const c = encodeCursor({ dueAt: '2025-01-01T00:00:00.000Z', id: 42 });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, { dueAt: 'string', id: 'number' })).toEqual({
      dueAt: '2025-01-01T00:00:00.000Z',
      id: 42,
    });
  });

  it.each([
    ['not base64url', '!!!'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['JSON of the wrong shape', encodeCursor({ id: 'x' })],
    ['a JSON array', Buffer.from('[1]').toString('base64url')],
    ['SQL', "1' OR '1'='1"],
    ['too long', 'a'.repeat(5000)],
  ])('refuses %s with invalid_cursor', (_label, cursor) => {
    expect(() => decodeCursor(cursor, { id: 'number' })).toThrow(
      expect.objectContaining({ code: 'invalid_cursor', field: 'cursor' }),
    );
  });

  it('pages rows and points the cursor at the last row shown', () => {
    const page = toPage(
      [1, 2, 3],
      2,
      (n) => ({ n }),
      (n) => ({ id: n }),
    );
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decodeCursor(page.nextCursor!, { id: 'number' })).toEqual({ id: 2 });
    expect(
      toPage(
        [1],
        2,
        (n) => n,
        (n) => ({ id: n }),
      ).nextCursor,
    ).toBeNull();
  });
});
