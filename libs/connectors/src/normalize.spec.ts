import { cleanDate, cleanSerial, cleanText, cleanVersion, toPlatform } from './normalize';

describe('normalization', () => {
  it('trims, composes Unicode to NFC and turns empty strings into null', () => {
    expect(cleanText('  Kaspersky  ')).toBe('Kaspersky');
    expect(cleanText('Cafe\u0301')).toBe('Café');
    expect(cleanText('Café')).toHaveLength(4);
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(null)).toBeNull();
  });

  it('drops control characters and caps length', () => {
    expect(cleanText('a\u0000b\u0007c')).toBe('abc');
    expect(cleanText('x'.repeat(5000))).toHaveLength(1024);
    // Printable ASCII takes the trim-only path; anything else the full one, with the same rules.
    expect(cleanText(' a\tb ')).toBe('a\tb');
    expect(cleanText(' Zoom\u0000 ')).toBe('Zoom');
    expect(cleanText(42)).toBe('42');
  });

  it('keeps version strings verbatim apart from surrounding space', () => {
    expect(cleanVersion(' 1352 (6.5.3) ')).toBe('1352 (6.5.3)');
    expect(cleanVersion('21.3.10.391')).toBe('21.3.10.391');
    expect(cleanVersion('')).toBeNull();
  });

  it("reads Graph's never-sentinel as null and parses dates with or without milliseconds", () => {
    expect(cleanDate('0001-01-01T00:00:00Z')).toBeNull();
    expect(cleanDate('2026-10-14T06:55:03.201Z')?.toISOString()).toBe('2026-10-14T06:55:03.201Z');
    expect(cleanDate('2027-03-02T10:14:31Z')?.toISOString()).toBe('2027-03-02T10:14:31.000Z');
    expect(cleanDate('not a date')).toBeNull();
  });

  it('treats empty and placeholder serials as unknown', () => {
    expect(cleanSerial('')).toBeNull();
    expect(cleanSerial('0')).toBeNull();
    expect(cleanSerial('To be filled by O.E.M.')).toBeNull();
    expect(cleanSerial(' C02FK3XYQ05N ')).toBe('C02FK3XYQ05N');
  });

  it('maps vendor platform spellings onto ours', () => {
    expect(toPlatform('Windows')).toBe('windows');
    expect(toPlatform('macOS')).toBe('macos');
    expect(toPlatform('Mac')).toBe('macos');
    expect(toPlatform('iPadOS')).toBe('ipados');
    expect(toPlatform('iOS')).toBe('ios');
    expect(toPlatform('androidWorkProfile')).toBe('android');
    expect(toPlatform('AndroidEnterprise')).toBe('android');
    expect(toPlatform('tvOS')).toBe('other');
  });
});
