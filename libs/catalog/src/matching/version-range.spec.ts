import { compareVersions, isVersionInRange, versionKey } from './version-range';

describe('version ranges', () => {
  it('reads the leading dotted numbers of a version', () => {
    expect(versionKey('21.3.10.391b')).toEqual([21, 3, 10, 391]);
    expect(versionKey('v2.0')).toEqual([2, 0]);
    expect(versionKey('beta')).toEqual([]);
  });
  it('compares numerically, not as text, and ignores trailing zeros', () => {
    expect(compareVersions('21.10', '21.9')).toBeGreaterThan(0);
    expect(compareVersions('21.3', '21.3.0')).toBe(0);
    expect(compareVersions('11.11.0.452', '12.3.0.493')).toBeLessThan(0);
  });
  it('includes the lower bound and excludes the upper one', () => {
    const range = { from: '21.3', below: '21.9' };
    expect(isVersionInRange('21.3.0', range)).toBe(true);
    expect(isVersionInRange('21.8.99', range)).toBe(true);
    expect(isVersionInRange('21.9', range)).toBe(false);
    expect(isVersionInRange('21.2.16', range)).toBe(false);
  });
  it('puts an unreadable version outside any bounded range but inside an unbounded one', () => {
    expect(isVersionInRange('', { from: '1' })).toBe(false);
    expect(isVersionInRange(null, {})).toBe(true);
  });
});
