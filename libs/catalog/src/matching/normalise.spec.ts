import { foldName, foldText, nameCandidates } from './normalise';

describe('foldText', () => {
  it.each([
    ['no-break and repeated spaces', 'Kaspersky\u00a0 Internet\u3000Security', 'kaspersky internet security'],
    ['zero-width characters and a BOM', 'Tik\u200bTok\u200d\ufeff', 'tiktok'],
    ['full-width forms', 'ＴｉｋＴｏｋ', 'tiktok'],
    ['a Cyrillic a inside a Latin word', 'K\u0430spersky', 'kaspersky'],
    ['a word made only of look-alikes', '\u0422\u0456\u043a\u0422\u043e\u043a', 'tiktok'],
    ['Greek look-alikes', '\u039a\u03b1spersky', 'kaspersky'],
    ['dashes and trademark signs', 'Kaspersky\u2122 Anti\u2011Virus', 'kaspersky anti-virus'],
  ])('folds %s', (_why, raw, folded) => {
    expect(foldText(raw)).toBe(folded);
  });

  it('leaves real Cyrillic words as they are (a Russian legal name stays Russian)', () => {
    expect(foldText('АО «Лаборатория Касперского»')).toBe('ao «лаборатория касперского»');
  });

  it('keeps Chinese text', () => {
    expect(foldText('腾讯科技(深圳)有限公司')).toBe('腾讯科技(深圳)有限公司');
  });
});

describe('nameCandidates', () => {
  it.each([
    ['TikTok - Videos, Music & LIVE', 'tiktok'],
    ['Kaspersky: VPN & Antivirus', 'kaspersky'],
    ['TikTok Lite - Save Data', 'tiktok lite'],
    ['WeChat (x64) 3.9.12.17', 'wechat'],
    ['SmartPSS Lite v2.003.0000001.0', 'smartpss lite'],
    ['微信 for Windows', '微信'],
    ['抖音 | 记录美好生活', '抖音'],
    ['WPS Office-PDF,Word,Sheet,PPT', 'wps office'],
    ['CapCut—Video Editor', 'capcut'],
    ['iVMS-4500 HD 4.5', 'ivms-4500 hd'],
  ])('finds the product name in "%s"', (title, name) => {
    expect(nameCandidates(foldName(title))).toContain(name);
  });

  it('does not cut a name that merely contains a hyphen', () => {
    expect(nameCandidates(foldName('Kaspersky Anti-Virus'))).toEqual(['kaspersky anti-virus']);
    expect(nameCandidates(foldName('Hik-Connect'))).toEqual(['hik-connect']);
  });

  it('keeps a third-party tool\'s own words, so "TikTok Downloader" never becomes "TikTok"', () => {
    expect(nameCandidates(foldName('TikTok Downloader 2.1'))).not.toContain('tiktok');
  });

  it('strips ".app" as Jamf reports macOS bundles', () => {
    expect(foldName('WeChat.app')).toBe('wechat');
  });
});
