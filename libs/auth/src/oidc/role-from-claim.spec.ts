import { roleFromClaim } from './oidc-verifier';

const mapping = { adminValues: ['g-admin'], analystValues: ['g-analyst'], viewerValues: ['g-viewer'] };

describe('roleFromClaim', () => {
  it('takes the highest role among the mapped values', () => {
    expect(roleFromClaim(['g-viewer', 'g-admin', 'other'], mapping)).toBe('admin');
    expect(roleFromClaim(['g-analyst', 'g-viewer'], mapping)).toBe('analyst');
  });

  it('accepts a space-separated string claim', () => {
    expect(roleFromClaim('x g-viewer', mapping)).toBe('viewer');
  });

  it('grants nothing for unmapped or malformed claims', () => {
    expect(roleFromClaim(['admin'], mapping)).toBeNull();
    expect(roleFromClaim(undefined, mapping)).toBeNull();
    expect(roleFromClaim({ role: 'g-admin' }, mapping)).toBeNull();
    expect(roleFromClaim([1, null], mapping)).toBeNull();
  });
});
