import { ALL_BUCKETS, changedBuckets, FINGERPRINT_BUCKETS, titleBucket } from './inventory-stager';

const fp = (apps: number, buckets: string[]) => `v2:${apps}:${buckets.join('')}`;
const same = Array.from({ length: FINGERPRINT_BUCKETS }, (_, b) => b.toString(16).repeat(16));

describe('fingerprint buckets', () => {
  it('marks exactly the buckets whose hash moved', () => {
    const moved = [...same];
    moved[2] = 'f'.repeat(16);
    moved[7] = '0'.repeat(16);
    expect(changedBuckets(fp(10, same), fp(11, moved))).toBe((1 << 2) | (1 << 7));
    expect(changedBuckets(fp(10, same), fp(10, same))).toBe(0);
  });

  it('diffs every bucket when the stored fingerprint has another version or layout', () => {
    expect(changedBuckets('v1:10:abc:def', fp(10, same))).toBe(ALL_BUCKETS);
    expect(changedBuckets(fp(10, same.slice(1)), fp(10, same))).toBe(ALL_BUCKETS);
  });

  it('takes a title bucket from the first hex digit of its identity key', () => {
    expect(titleBucket('0fffffff-0000-0000-0000-000000000000')).toBe(0);
    expect(titleBucket('9fffffff-0000-0000-0000-000000000000')).toBe(1);
    expect(titleBucket('ffffffff-0000-0000-0000-000000000000')).toBe(7);
  });
});
