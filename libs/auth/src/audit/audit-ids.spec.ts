import { idsOf, targetTypeOf } from './audit.interceptor';

describe('audit helpers', () => {
  it('names the collection a route acts on', () => {
    expect(targetTypeOf('/api/v1/sources/:id/sync')).toBe('sources');
    expect(targetTypeOf('/api/v1/api-keys')).toBe('api-keys');
    expect(targetTypeOf('')).toBeNull();
  });

  it('keeps only ids from a response, never secrets', () => {
    expect(
      idsOf({ id: 'a', key: 'idk_secret', apiKey: { id: 'b', prefix: 'p' }, sourceId: 'c', n: 3 }),
    ).toEqual({
      id: 'a',
      'apiKey.id': 'b',
      sourceId: 'c',
    });
    expect(idsOf([{ id: 1 }])).toBeNull();
    expect(idsOf('x')).toBeNull();
  });
});
