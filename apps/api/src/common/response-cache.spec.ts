import { markDataChanged, ResponseCache } from './response-cache';

const tick = () => new Promise((r) => setImmediate(r));

describe('ResponseCache', () => {
  it('computes once for concurrent callers and reuses the answer within the TTL', async () => {
    let now = 0;
    let calls = 0;
    const cache = new ResponseCache<number>(1000, 10, () => now);
    const compute = async () => ++calls;
    expect(await Promise.all([cache.get('a', compute), cache.get('a', compute)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('a', compute)).toBe(1);
    expect(calls).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
  });

  it('serves the stale answer once the TTL passed while one refresh runs, then the new one', async () => {
    let now = 0;
    let calls = 0;
    const cache = new ResponseCache<number>(1000, 10, () => now);
    const compute = async () => ++calls;
    expect(await cache.get('a', compute)).toBe(1);
    now = 1500;
    expect(await Promise.all([cache.get('a', compute), cache.get('a', compute)])).toEqual([1, 1]);
    await tick();
    expect(calls).toBe(2);
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('waits for a fresh answer when the cached one is far too old', async () => {
    let now = 0;
    let calls = 0;
    const cache = new ResponseCache<number>(1000, 10, () => now);
    const compute = async () => ++calls;
    await cache.get('a', compute);
    now = 20_000;
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('does not keep a failure', async () => {
    const cache = new ResponseCache<number>(1000);
    await expect(cache.get('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  it('recomputes at once after data changed through this process', async () => {
    let calls = 0;
    const cache = new ResponseCache<number>(60_000);
    const compute = async () => ++calls;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    markDataChanged();
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('peeks without waiting: nothing until an answer settled, then fresh, then stale with one refresh, never too old', async () => {
    let now = 0;
    let calls = 0;
    const cache = new ResponseCache<number>(1000, 10, () => now);
    const compute = async () => ++calls;
    expect(cache.peek('a', compute)).toBeUndefined();
    expect(calls).toBe(0);
    const pending = cache.get('a', compute);
    expect(cache.peek('a', compute)).toBeUndefined(); // computing, not settled yet
    await pending;
    await tick();
    expect(cache.peek('a', compute)).toBe(1);
    now = 1500;
    expect([cache.peek('a', compute), cache.peek('a', compute)]).toEqual([1, 1]);
    await tick();
    expect(calls).toBe(2);
    expect(cache.peek('a', compute)).toBe(2);
    now = 30_000;
    expect(cache.peek('a', compute)).toBeUndefined();
    markDataChanged();
    now = 1600;
    expect(cache.peek('a', compute)).toBeUndefined();
  });
});
