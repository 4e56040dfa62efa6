import { normalizeSoftwareName, softwareIdentityKey } from './software-identity';
import { normalizeSerial, physicalKey } from './physical-key';

describe('normalizeSoftwareName', () => {
  it('lower-cases, trims, collapses spaces and drops a trailing .app', () => {
    expect(normalizeSoftwareName('  Kaspersky   Endpoint Security.app ')).toBe('kaspersky endpoint security');
  });

  it('gives composed and decomposed accents the same name', () => {
    expect(normalizeSoftwareName('Cafe\u0301')).toBe(normalizeSoftwareName('Caf\u00e9'));
  });
});

describe('softwareIdentityKey', () => {
  it('is a uuid-shaped md5 of platform, name, publisher and bundle id', () => {
    expect(softwareIdentityKey('macos', 'tiktok', 'TikTok Ltd', 'com.tiktok')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('tells apart the same name on two platforms', () => {
    expect(softwareIdentityKey('macos', 'zoom', null, null)).not.toBe(
      softwareIdentityKey('windows', 'zoom', null, null),
    );
  });

  it('does not confuse a missing publisher with a field boundary', () => {
    expect(softwareIdentityKey('macos', 'a', null, 'b')).not.toBe(
      softwareIdentityKey('macos', 'a', 'b', null),
    );
  });
});

describe('physicalKey', () => {
  it('uses the upper-cased trimmed serial when it is real', () => {
    expect(physicalKey('s1', 'd1', ' c02xk1abcd12 ')).toBe('C02XK1ABCD12');
  });

  it.each(['', '0', '000000', 'Unknown', 'To be filled by O.E.M.', 'N/A'])(
    'falls back to source and external id for the placeholder serial %p',
    (serial) => {
      expect(normalizeSerial(serial)).toBeNull();
      expect(physicalKey('s1', 'd1', serial)).toBe('s1:d1');
    },
  );
});
