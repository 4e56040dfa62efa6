import { join } from 'node:path';
import { loadCatalog } from '../load-catalog';
import { TitleMatcher, type TitleInput } from './title-matcher';

// The shipped catalog, as production loads it: these are behaviours of the classes of titles, not of the corpus.
const matcher = new TitleMatcher(
  loadCatalog({ dir: join(__dirname, '..', '..', '..', '..', 'config', 'catalog') }),
);
const product = (t: TitleInput) =>
  matcher
    .match(t)
    .map((m) => m.productId)
    .join('+') || '-';

describe('TitleMatcher', () => {
  it.each([
    ['ios', 'TikTok'],
    ['ios', 'TikTok - Videos, Music & LIVE'],
    ['android', 'TikTok Lite - Save Data'],
    ['android', 'TikTok: Videos, Music & LIVE'],
  ])('finds TikTok on %s by name alone, as Intune reports phone apps ("%s")', (platform, name) => {
    expect(product({ platform, name, publisher: '' })).toBe('tiktok');
  });

  it('prefers identifiers where the source gives them (Jamf mobile)', () => {
    const m = matcher.match({
      platform: 'ios',
      name: 'Some Renamed App',
      bundleId: 'com.zhiliaoapp.musically',
    });
    expect(m.map((x) => [x.productId, x.matcherId])).toEqual([['tiktok', 'tiktok-ids']]);
  });

  it.each([
    'AO Kaspersky Lab',
    'Kaspersky Lab Switzerland GmbH',
    'Kaspersky Labs Limited',
    'АО «Лаборатория Касперского»',
    'ЗАО «Лаборатория Касперского»',
    '',
  ])('accepts the vendor publisher "%s" on Windows', (publisher) => {
    expect(product({ platform: 'windows', name: 'Kaspersky Endpoint Security for Windows', publisher })).toBe(
      'kaspersky-endpoint-security',
    );
  });

  it.each([
    ['windows', 'WeChat', '腾讯科技(深圳)有限公司', 'wechat'],
    ['windows', 'WeChat', 'Tencent Technology (Shenzhen) Company Limited', 'wechat'],
    ['windows', 'CapCut', 'Bytedance Pte. Ltd.', 'capcut'],
    ['windows', 'Feishu', 'Beijing Feishu Technology Co., Ltd.', 'lark'],
  ])(
    'accepts vendor legal names in other scripts and forms (%s "%s" by %s)',
    (platform, name, publisher, id) => {
      expect(product({ platform, name, publisher })).toBe(id);
    },
  );

  it.each([
    ['windows', 'TikTok', 'TikTokDownloader Project'],
    ['windows', 'WeChat', 'WeChatFerry'],
    ['windows', 'Kaspersky Internet Security', 'Softonic International'],
  ])('refuses a %s title named "%s" from another publisher (%s)', (platform, name, publisher) => {
    expect(product({ platform, name, publisher })).toBe('-');
  });

  it.each([
    'TikTok Downloader',
    'Video Downloader for TikTok - No Watermark',
    'WeChat - Backup Viewer',
    'Kaspersky Cheat Sheet',
    'TikTok: Video Downloader',
    'DeepSeek - Unofficial Client',
  ])('does not flag the third-party tool "%s"', (name) => {
    expect(product({ platform: 'ios', name })).toBe('-');
  });

  it('flags a tool-like title when the vendor publishes it', () => {
    expect(
      product({ platform: 'android', name: 'TikTok: Video Downloader', publisher: 'TikTok Pte. Ltd.' }),
    ).toBe('tiktok');
  });

  it("flags the vendor's own tool named whole in the catalog, without a publisher to prove it", () => {
    expect(product({ platform: 'macos', name: 'Kaspersky Downloader', publisher: '' })).toBe(
      'kaspersky-consumer',
    );
    expect(product({ platform: 'macos', name: 'TikTok Downloader', publisher: '' })).toBe('-');
    expect(product({ platform: 'macos', name: 'Kaspersky Downloader Pro', publisher: '' })).toBe('-');
  });

  it('does not flag a Mac app by its name alone when its bundle id belongs to another developer', () => {
    expect(product({ platform: 'macos', name: 'DeepSeek.app', bundleId: 'com.someone.deepseekclient' })).toBe(
      '-',
    );
    expect(product({ platform: 'macos', name: 'WeChat.app', bundleId: 'com.example.wechattweak' })).toBe('-');
    expect(product({ platform: 'macos', name: 'WeChat.app', bundleId: 'com.tencent.xinWeChat' })).toBe(
      'wechat',
    );
    expect(product({ platform: 'macos', name: 'WeChat' })).toBe('wechat'); // Intune: no bundle id at all
  });

  it.each([
    ['Kaspersky Lab Products Remover', 'AO Kaspersky Lab'],
    ['kavremover', 'Kaspersky'],
    ['KAVRemover', 'AO Kaspersky Lab'],
    ['Kaspersky Removal Tool', ''],
    ['Kaspersky Uninstaller', 'Kaspersky Lab'],
    ['Uninstall Kaspersky Endpoint Security', 'AO Kaspersky Lab'],
  ])('never flags the vendor removal tool "%s"', (name, publisher) => {
    const d = matcher.decide({ platform: 'windows', name, publisher });
    expect(d.matches).toEqual([]);
    expect(d.exclusions.map((x) => x.exclusionId)).toContain('kaspersky-uninstallers');
  });

  it('still flags the Kaspersky Virus Removal Tool, an anti-virus scanner', () => {
    expect(
      product({ platform: 'windows', name: 'Kaspersky Virus Removal Tool', publisher: 'AO Kaspersky Lab' }),
    ).toBe('kaspersky-virus-removal-tool');
  });

  it.each([
    'Kaspersky\u00a0Endpoint  Security for Windows',
    'Kaspersky Endpoint\u200b Security for Windows',
    'Ｋａｓｐｅｒｓｋｙ Endpoint Security for Windows',
    'K\u0430spersky Endpoint Security for Windows',
  ])('sees through typographic noise in "%s"', (name) => {
    expect(product({ platform: 'windows', name, publisher: 'AO Kaspersky Lab' })).toBe(
      'kaspersky-endpoint-security',
    );
  });

  it('explains a name match with the raw title, the publisher verdict and the matcher', () => {
    const [m] = matcher.match({ platform: 'windows', name: 'WeChat', publisher: '腾讯科技(深圳)有限公司' });
    expect(m.explanation).toBe(
      'windows name "WeChat" is the product name "wechat" and publisher "腾讯科技(深圳)有限公司" is Tencent Holdings Ltd. → WeChat / Weixin (微信) (matcher wechat-names)',
    );
  });

  it('explains why a lookalike was vetoed', () => {
    const d = matcher.decide({ platform: 'windows', name: 'kavremover', publisher: 'Kaspersky' });
    expect(d.exclusions[0].reason).toMatch(/uninstaller/);
  });

  it.each([
    ['windows', 'Kaspa Wallet', ''],
    ['macos', 'Casper Focus', ''],
    ['android', 'Lark Player', ''],
    ['windows', 'HONOR PC Manager', 'Honor Device Co., Ltd.'],
    ['windows', 'Microsoft PC Manager', 'Microsoft Corporation'],
  ])('does not flag the lookalike %s "%s"', (platform, name, publisher) => {
    expect(product({ platform, name, publisher })).toBe('-');
  });
});
