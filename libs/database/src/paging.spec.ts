import { decodeCursor, encodeCursor, escapeLike, pageOf } from './paging';

describe('keyset paging', () => {
  it('round-trips a keyset position', () => {
    const c = encodeCursor({ v: '2025-01-01T00:00:00.000Z', id: '42' });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, { id: 'bigint', sortedBy: 'time' })).toEqual({
      v: '2025-01-01T00:00:00.000Z',
      id: '42',
    });
    const uuid = '0b7c8a52-1f3e-4c1a-9a55-7d3f3e2c1b00';
    expect(decodeCursor(encodeCursor({ v: null, id: uuid }), { id: 'uuid' })).toEqual({ v: null, id: uuid });
  });

  it.each([
    ['not base64url', '!!!', { id: 'bigint' }],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url'), { id: 'bigint' }],
    ['a numeric id', Buffer.from('{"id":1}').toString('base64url'), { id: 'bigint' }],
    ['a non-numeric id', encodeCursor({ v: null, id: 'x' }), { id: 'bigint' }],
    ['an id beyond bigint', encodeCursor({ v: null, id: '1'.repeat(19) }), { id: 'bigint' }],
    ['a bigint id where a uuid is expected', encodeCursor({ v: null, id: '7' }), { id: 'uuid' }],
    ['a sort value on an id-sorted list', encodeCursor({ v: '2025-01-01', id: '7' }), { id: 'bigint' }],
    [
      'a sort value that is no time',
      encodeCursor({ v: 'soon', id: '7' }),
      { id: 'bigint', sortedBy: 'time' },
    ],
    ['a JSON array', Buffer.from('[1]').toString('base64url'), { id: 'bigint' }],
    ['SQL', "1' OR '1'='1", { id: 'bigint' }],
    ['too long', 'a'.repeat(5000), { id: 'bigint' }],
  ] as const)('refuses %s with invalid_cursor', (_label, cursor, list) => {
    expect(() => decodeCursor(cursor, list)).toThrow(
      expect.objectContaining({ code: 'invalid_cursor', field: 'cursor' }),
    );
  });

  it('pages rows and points the cursor at the last row shown', () => {
    const keyset = (n: number) => ({ v: null, id: String(n) });
    const page = pageOf([1, 2, 3], 2, (n) => ({ n }), keyset);
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decodeCursor(page.nextCursor!, { id: 'bigint' })).toEqual({ v: null, id: '2' });
    expect(pageOf([1, 2], 2, (n) => n, keyset).nextCursor).toBeNull();
  });

  it('escapes LIKE wildcards so a search matches literally', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
