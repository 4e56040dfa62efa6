import { catalogueTitle, headSize, TAIL_SIZE } from './catalogue';
import { corpusTitle, parseCorpus } from './corpus';
import type { SimApp } from './fleet';
import { Fleet } from './fleet';
import type { Planting } from './fleet-scan';
import { jamfAppFileName, summarizeFleet } from './fleet-scan';
import { detectedAppId, detectedAppKey, intuneDeviceId, intuneDeviceIndex } from './ids';
import type { PlantedTitle } from './plantings';
import { BANNED_TITLES, LOOKALIKE_TITLES } from './plantings';
import type { SimPlatform } from './platform';

const BASE = Date.UTC(2026, 10, 1);
const fleetOn = (day: number, seed = 7, devices = 600) => new Fleet({ seed, devices, baseDateMs: BASE }, day);

function snapshot(fleet: Fleet): string {
  const parts: string[] = [];
  for (let i = 0; i < fleet.indexSpace('intune'); i++) {
    const device = fleet.device('intune', i);
    if (device) parts.push(JSON.stringify(device), JSON.stringify(fleet.apps(device)));
  }
  return parts.join('\n');
}

function installKeys(fleet: Fleet): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < fleet.indexSpace('intune'); i++) {
    const device = fleet.device('intune', i);
    if (device) for (const app of fleet.apps(device)) keys.add(`${device.id}|${app.name}|${app.version}`);
  }
  return keys;
}

describe('Fleet', () => {
  it('generates the same devices and apps for the same seed and day', () => {
    expect(snapshot(fleetOn(3))).toBe(snapshot(fleetOn(3)));
  });

  it('generates a different fleet for a different seed', () => {
    expect(snapshot(fleetOn(0, 8))).not.toBe(snapshot(fleetOn(0, 7)));
  });

  it('has exactly the requested number of devices on day 0', () => {
    expect(summarizeFleet(fleetOn(0)).intune.devices).toBe(600);
    expect(summarizeFleet(fleetOn(0)).jamf.computers + summarizeFleet(fleetOn(0)).jamf.mobileDevices).toBe(
      600,
    );
  });

  it('changes about one percent of installations from one day to the next', () => {
    const fleetA = fleetOn(10, 7, 400);
    const fleetB = fleetOn(11, 7, 400);
    const a = installKeys(fleetA);
    const b = installKeys(fleetB);
    let changed = 0;
    for (const key of a) if (!b.has(key)) changed++;
    const share = changed / a.size;
    expect(share).toBeGreaterThan(0.003);
    expect(share).toBeLessThan(0.03);
  });

  it('gives desktops 100–200 apps and mobiles fewer', () => {
    const fleet = fleetOn(0, 7, 500);
    const desktop: number[] = [];
    const mobile: number[] = [];
    for (let i = 0; i < 500; i++) {
      const device = fleet.device('intune', i);
      if (!device || device.hasNoInventory || device.isPersonal) continue;
      const count = fleet.apps(device).filter((a: SimApp) => !a.planted).length;
      (device.platform === 'windows' || device.platform === 'macOS' ? desktop : mobile).push(count);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(desktop)).toBeGreaterThan(90);
    expect(Math.max(...desktop)).toBeLessThanOrEqual(200);
    expect(mean(mobile)).toBeLessThan(60);
  });

  it('plants banned titles and lookalikes at about the configured prevalence', () => {
    const summary = summarizeFleet(
      new Fleet(
        { seed: 7, devices: 1500, baseDateMs: BASE, bannedPrevalence: 0.1, lookalikePrevalence: 0.1 },
        0,
      ),
    );
    const banned = summary.plantings.filter(
      (p) => p.productId !== 'lookalike' && p.source === 'intune',
    ).length;
    const lookalikes = summary.plantings.filter(
      (p) => p.productId === 'lookalike' && p.source === 'intune',
    ).length;
    // 10 % each, minus personal and no-inventory devices that cannot report them and late or removed plantings.
    expect(banned).toBeGreaterThan(90);
    expect(banned).toBeLessThan(160);
    expect(lookalikes).toBeGreaterThan(90);
  });

  it('shares serial numbers between some Intune Macs and Jamf computers', () => {
    const fleet = fleetOn(0, 7, 3000);
    let shared = 0;
    for (let i = 0; i < 3000; i++) {
      const device = fleet.device('intune', i);
      if (!device?.isSharedSerial) continue;
      shared++;
      expect(fleet.device('jamfComputer', i)?.serialNumber).toBe(device.serialNumber);
    }
    expect(shared).toBeGreaterThan(20);
  });

  it('enrols and retires devices as days pass', () => {
    const day0 = summarizeFleet(fleetOn(0, 7, 300)).intune.devices;
    const day30 = fleetOn(30, 7, 2000);
    let enrolledLater = 0;
    let retired = 0;
    for (let i = 0; i < day30.indexSpace('intune'); i++) {
      if (i >= 2000 && day30.exists('intune', i)) enrolledLater++;
      if (i < 2000 && !day30.exists('intune', i)) retired++;
    }
    expect(day0).toBe(300);
    expect(enrolledLater).toBeGreaterThan(0);
    expect(retired).toBeGreaterThan(0);
  });
});

describe('catalogue', () => {
  it('has tens of thousands of distinct titles per platform', () => {
    const names = new Set<string>();
    for (let i = 0; i < headSize('windows') + TAIL_SIZE; i++) names.add(catalogueTitle('windows', i).name);
    expect(names.size).toBe(headSize('windows') + TAIL_SIZE);
    expect(names.size).toBeGreaterThan(10_000);
  });

  it('never generates a title that mentions Kaspersky by accident', () => {
    for (let i = 0; i < headSize('macOS') + TAIL_SIZE; i++)
      expect(catalogueTitle('macOS', i).name.toLowerCase()).not.toContain('kasp');
  });
});

// The product ids of the taxonomy (the ground-truth labels); 'lookalike' labels titles that must not be flagged.
const TAXONOMY_IDS = [
  ...[
    'virus-removal-tool',
    'endpoint-security',
    'security-center-agent',
    'endpoint-agent',
    'server-security',
  ],
  ...['threat-intelligence', 'consumer', 'vpn', 'password-manager', 'safe-kids', 'who-calls', 'other'],
].map((k) => `kaspersky-${k}`);
TAXONOMY_IDS.push(
  ...['tiktok', 'douyin', 'capcut', 'lark', 'lemon8', 'bytedance-apps'],
  ...['wechat', 'wecom', 'tencent-qq', 'tencent-apps', 'alipay', 'deepseek', 'rednote'],
  ...['webull', 'tiger-brokers', 'moomoo', 'camscanner', 'shareit', 'vmate', 'wps-office'],
  ...['dahua-smartpss', 'dahua-dss', 'dahua-dmss', 'dahua-tools', 'imou'],
  ...['hikvision-ivms', 'hikvision-hikcentral', 'hik-connect', 'hikvision-tools', 'ezviz'],
  ...['huawei-hisuite', 'huawei-pc-manager', 'huawei-appgallery', 'huawei-other'],
);
const MOBILE: SimPlatform[] = ['iOS', 'android'];
const DESKTOP: SimPlatform[] = ['windows', 'macOS'];
// Where each product must be planted: the mobile apps, desktop clients and tools of the planting classes.
const EXPECTED_PLATFORMS: Record<string, SimPlatform[]> = {
  'kaspersky-consumer': [...DESKTOP, ...MOBILE],
  'kaspersky-password-manager': [...DESKTOP, ...MOBILE],
  'kaspersky-safe-kids': [...DESKTOP, ...MOBILE],
  'kaspersky-endpoint-security': ['windows', 'macOS', 'android'],
  'kaspersky-security-center-agent': DESKTOP,
  'kaspersky-vpn': ['windows', 'macOS', 'android'],
  'kaspersky-who-calls': ['android'],
  tiktok: ['windows', ...MOBILE],
  douyin: ['windows', ...MOBILE],
  capcut: [...DESKTOP, ...MOBILE],
  lark: [...DESKTOP, ...MOBILE],
  lemon8: MOBILE,
  wechat: [...DESKTOP, ...MOBILE],
  wecom: [...DESKTOP, ...MOBILE],
  'tencent-qq': [...DESKTOP, ...MOBILE],
  alipay: MOBILE,
  deepseek: MOBILE,
  rednote: MOBILE,
  'hik-connect': MOBILE,
  ezviz: ['windows', ...MOBILE],
  imou: MOBILE,
  'dahua-dmss': MOBILE,
  'dahua-smartpss': DESKTOP,
  'hikvision-ivms': [...DESKTOP, ...MOBILE],
  'huawei-hisuite': DESKTOP,
  'hikvision-tools': ['windows'],
  'dahua-tools': ['windows'],
};
const titleKey = (t: PlantedTitle) => `${t.platform}|${t.name}|${t.publisher}|${t.bundleId}`;

describe('planted titles', () => {
  it('labels every banned title with a taxonomy product id and plants every product', () => {
    expect(BANNED_TITLES.filter((t) => !TAXONOMY_IDS.includes(t.productId))).toEqual([]);
    expect(TAXONOMY_IDS.filter((id) => !BANNED_TITLES.some((t) => t.productId === id))).toEqual([]);
    expect(LOOKALIKE_TITLES.every((t) => t.productId === 'lookalike')).toBe(true);
  });

  it('plants each product on the platforms where it ships', () => {
    const missing = Object.entries(EXPECTED_PLATFORMS).flatMap(([id, platforms]) =>
      platforms
        .filter((p) => !BANNED_TITLES.some((t) => t.productId === id && t.platform === p))
        .map((p) => `${id} on ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it('spells titles per platform: Windows has publishers and no ids, Apple and Android ids and no publishers', () => {
    for (const t of [...BANNED_TITLES, ...LOOKALIKE_TITLES]) {
      expect(t.versions.length).toBeGreaterThan(0);
      if (t.platform === 'windows') expect([t.name, t.bundleId]).toEqual([t.name, '']);
      else expect([t.name, t.publisher, t.bundleId === '']).toEqual([t.name, '', false]);
      if (t.fileName !== undefined) expect(t.platform).toBe('macOS');
    }
  });

  it('carries publishers in other scripts and legal forms on Windows', () => {
    const publishers = new Set(BANNED_TITLES.map((t) => t.publisher));
    for (const p of [
      'АО «Лаборатория Касперского»',
      'Kaspersky Lab Switzerland GmbH',
      'Kaspersky Labs Limited',
      '腾讯科技(深圳)有限公司',
      'Beijing ByteDance Technology Co., Ltd.',
      'Zhejiang Dahua Technology Co., Ltd.',
      'Hangzhou Hikvision Digital Technology Co., Ltd.',
    ])
      expect([p, publishers.has(p)]).toEqual([p, true]);
  });

  it('puts Unicode noise on a few banned titles, never on a lookalike', () => {
    const noisy = (re: RegExp) => BANNED_TITLES.filter((t) => re.test(t.name)).map((t) => t.productId);
    expect(noisy(/\u00a0/)).toEqual(['kaspersky-consumer']);
    expect(noisy(/\u200b/)).toEqual(['wechat']);
    expect(noisy(/[\uff01-\uff5e]/)).toEqual(['tiktok']);
    expect(noisy(/\S {2}\S/)).toEqual(['kaspersky-endpoint-security']);
    expect(noisy(/K\u0430spersky/)).toEqual(['kaspersky-consumer']);
    expect(LOOKALIKE_TITLES.some((t) => /[\u00a0\u200b\uff01-\uff5e\u0400-\u04ff]| {2}/.test(t.name))).toBe(
      false,
    );
  });

  it('keeps lookalikes hard but distinct: product names, vendor publishers, never a banned title', () => {
    const banned = new Set(BANNED_TITLES.map(titleKey));
    expect(LOOKALIKE_TITLES.filter((t) => banned.has(titleKey(t)))).toEqual([]);
    const look = (platform: SimPlatform, name: string) =>
      LOOKALIKE_TITLES.filter((t) => t.platform === platform && t.name === name);
    // The vendor's uninstallers carry the vendor's own publisher.
    for (const name of ['Kaspersky Lab Products Remover', 'kavremover', 'Kaspersky Removal Tool'])
      expect(look('windows', name)[0]?.publisher).toMatch(/Kaspersky/);
    // Unofficial clients named exactly like a product, under another developer's publisher or bundle id.
    expect(look('windows', 'TikTok')[0]?.publisher).not.toMatch(/TikTok|ByteDance/i);
    expect(look('macOS', 'DeepSeek')[0]?.bundleId).not.toMatch(/^com\.deepseek\./);
    for (const [platform, name] of [
      ['windows', 'UltraAV'],
      ['windows', 'Honor PC Manager'],
      ['windows', 'TikTok Downloader'],
      ['windows', 'WeChat Backup Viewer'],
      ['android', 'Video Downloader for TikTok'],
      ['android', 'Lark Player'],
      ['iOS', 'Kaspersky Cheat Sheet'],
      ['macOS', 'Kaspa Wallet'],
    ] as const)
      expect([platform, name, look(platform, name).length > 0]).toEqual([platform, name, true]);
  });

  // One fleet where every device carries a banned title and half a lookalike, walked once for the tests below.
  const DENSE_DEVICES = 3000;
  const dense = new Fleet(
    { seed: 7, devices: DENSE_DEVICES, baseDateMs: BASE, bannedPrevalence: 1, lookalikePrevalence: 0.5 },
    0,
  );
  let densePlantings: Planting[] | null = null;
  const plantingsOf = (): Planting[] => (densePlantings ??= summarizeFleet(dense).plantings);

  it('plants every product on each of its platforms in a fleet', () => {
    const seen = new Set(plantingsOf().map((p) => `${p.productId} on ${p.platform}`));
    const expected = new Set(BANNED_TITLES.map((t) => `${t.productId} on ${t.platform}`));
    expect([...expected].filter((k) => !seen.has(k))).toEqual([]);
  });

  it('serves planted titles in each source spelling: Intune without ids, Jamf with `.app`, ids and paths', () => {
    const plantings = plantingsOf();
    const intune = plantings.filter((p) => p.source === 'intune');
    expect(intune.length).toBeGreaterThan(1000);
    expect(intune.filter((p) => p.bundleId !== '' || p.path !== '')).toEqual([]);
    expect(intune.filter((p) => p.platform !== 'windows' && p.publisher !== '')).toEqual([]);
    expect(intune.some((p) => p.platform === 'windows' && p.publisher !== '')).toBe(true);
    const computers = plantings.filter((p) => p.deviceKind === 'computer');
    expect(computers.length).toBeGreaterThan(1000);
    for (const p of computers) {
      expect(p.name).toMatch(/\.app$/);
      expect(p.bundleId).not.toBe('');
      expect(p.publisher).toBe('');
      expect(p.path).toMatch(/^(\/Applications|\/Users\/[^/]+\/Applications)\//);
      expect(p.path.endsWith(`/${p.name}`)).toBe(true);
    }
    expect(computers.some((p) => p.path.startsWith('/Users/'))).toBe(true);
    expect(computers.some((p) => p.name === 'Lark.app' && p.bundleId === 'com.electron.lark')).toBe(true);
    const mobiles = plantings.filter((p) => p.deviceKind === 'mobileDevice');
    expect(mobiles.length).toBeGreaterThan(200);
    expect(mobiles.every((p) => p.bundleId !== '' && p.publisher === '' && p.path === '')).toBe(true);
  });

  it('names a Mac app in Jamf by its bundle file, which can differ from the name Intune shows', () => {
    const feishu = BANNED_TITLES.find((t) => t.platform === 'macOS' && t.name === 'Feishu');
    expect(feishu && jamfAppFileName(appOf(feishu))).toBe('Lark.app');
    const wechat = BANNED_TITLES.find((t) => t.platform === 'macOS' && t.name === 'WeChat');
    expect(wechat && jamfAppFileName(appOf(wechat))).toBe('WeChat.app');
  });

  it('reports no planted title on personal devices, which report only managed apps', () => {
    const personal = new Set<string>();
    for (let i = 0; i < DENSE_DEVICES; i++)
      for (const source of ['intune', 'jamfMobile'] as const) {
        const device = dense.device(source, i);
        if (device?.isPersonal)
          personal.add(`${source === 'intune' ? 'managedDevice' : 'mobileDevice'}|${device.id}`);
      }
    expect(personal.size).toBeGreaterThan(100);
    expect(plantingsOf().filter((p) => personal.has(`${p.deviceKind}|${p.deviceId}`))).toEqual([]);
  });

  it('makes a Mac in both Intune and Jamf report the same planted titles in both, each in its own spelling', () => {
    const plantings = plantingsOf();
    const on = (kind: Planting['deviceKind'], deviceId: string) =>
      plantings.filter((p) => p.deviceKind === kind && p.deviceId === deviceId);
    let compared = 0;
    for (let i = 0; i < DENSE_DEVICES; i++) {
      const mac = dense.device('intune', i);
      if (!mac?.isSharedSerial) continue;
      const computer = dense.device('jamfComputer', i);
      if (!computer || mac.hasNoInventory || computer.hasNoInventory || mac.isStale || computer.isStale)
        continue;
      const planted = dense.apps(mac).filter((a) => a.planted);
      expect(dense.apps(computer).filter((a) => a.planted)).toEqual(planted);
      if (planted.length === 0) continue; // planted from a later day
      compared++;
      const inIntune = on('managedDevice', mac.id);
      const inJamf = on('computer', computer.id);
      expect(inIntune).toHaveLength(planted.length);
      expect(inJamf).toHaveLength(planted.length);
      planted.forEach((app, k) => {
        const title = app.planted as PlantedTitle;
        const same = {
          serialNumber: computer.serialNumber,
          version: app.version,
          productId: title.productId,
        };
        expect(inIntune[k]).toMatchObject({
          ...same,
          name: title.name,
          publisher: '',
          bundleId: '',
          path: '',
        });
        expect(inJamf[k]).toMatchObject({
          ...same,
          name: `${title.fileName ?? title.name}.app`,
          publisher: '',
          bundleId: title.bundleId,
        });
      });
    }
    expect(compared).toBeGreaterThan(20);
  });
});

function appOf(title: PlantedTitle): SimApp {
  return {
    key: 0,
    name: title.name,
    publisher: '',
    bundleId: title.bundleId,
    version: '',
    planted: title,
    isManagedApp: false,
  };
}

describe('corpus mode', () => {
  const CSV = [
    'platform,name,publisher,bundle_id,version,expected,class,seen_at',
    'windows,"WeChat",腾讯科技(深圳)有限公司,,3.9.12,wechat,positive,github:microsoft/winget-pkgs/x.yaml',
    'macos,WeChat,Tencent,com.tencent.xinWeChat,4.0.1,wechat,positive,github:Homebrew/homebrew-cask/Casks/w/wechat.rb',
    'ios,"TikTok - Videos, Shop & LIVE",TikTok Ltd.,com.zhiliaoapp.musically,37.1.0,tiktok,positive,https://apps.apple.com/app/id835599320',
    'android,Reolink,Reolink Innovation Limited,com.mcu.reolink,4.50,,hard_negative,https://play.google.com/store/apps/details?id=com.mcu.reolink',
  ].join('\n');
  const entries = parseCorpus(CSV, 'sample.csv');
  const fleet = new Fleet({ seed: 3, devices: 1, baseDateMs: BASE, corpus: entries.map(corpusTitle) }, 0);

  it('puts each title alone on a device of its platform, Macs and iPhones also in Jamf', () => {
    expect([
      fleet.indexSpace('intune'),
      fleet.indexSpace('jamfComputer'),
      fleet.indexSpace('jamfMobile'),
    ]).toEqual([4, 1, 1]);
    const seen = (['intune', 'jamfComputer', 'jamfMobile'] as const).flatMap((source) =>
      Array.from({ length: fleet.indexSpace(source) }, (_, i) => {
        const device = fleet.device(source, i);
        if (!device) throw new Error(`${source} ${i} missing`);
        const apps = fleet.apps(device);
        return [
          source,
          device.name,
          device.platform,
          apps.map((a) => [a.name, a.publisher, a.bundleId, a.version]),
        ];
      }),
    );
    expect(seen).toEqual([
      ['intune', 'CORPUS-000000', 'windows', [['WeChat', '腾讯科技(深圳)有限公司', '', '3.9.12']]],
      ['intune', 'CORPUS-000001', 'macOS', [['WeChat', '', 'com.tencent.xinWeChat', '4.0.1']]],
      [
        'intune',
        'CORPUS-000002',
        'iOS',
        [['TikTok - Videos, Shop & LIVE', '', 'com.zhiliaoapp.musically', '37.1.0']],
      ],
      [
        'intune',
        'CORPUS-000003',
        'android',
        [['Reolink', 'Reolink Innovation Limited', 'com.mcu.reolink', '4.50']],
      ],
      ['jamfComputer', 'CORPUS-000001', 'macOS', [['WeChat', '', 'com.tencent.xinWeChat', '4.0.1']]],
      [
        'jamfMobile',
        'CORPUS-000002',
        'iOS',
        [['TikTok - Videos, Shop & LIVE', '', 'com.zhiliaoapp.musically', '37.1.0']],
      ],
    ]);
  });

  it('lists the positives as ground truth and the negatives as lookalikes', () => {
    const truth = summarizeFleet(fleet).plantings.map((p) => [p.deviceName, p.source, p.productId]);
    expect(truth).toEqual(
      expect.arrayContaining([
        ['CORPUS-000000', 'intune', 'wechat'],
        ['CORPUS-000001', 'jamf', 'wechat'],
        ['CORPUS-000003', 'intune', 'lookalike'],
      ]),
    );
    expect(truth).toHaveLength(6);
  });

  it('refuses a bad entry naming file, line and field', () => {
    const bad = (line: string) => () =>
      parseCorpus(`platform,name,publisher,bundle_id,version,expected,class,seen_at\n${line}`, 'x.csv');
    expect(bad('linux,a,,,,,negative,u')).toThrow('x.csv:2: platform "linux"');
    expect(bad('ios,a,,,,,positive,u')).toThrow('x.csv:2: a positive names its product');
    expect(bad('ios,a,,,,,negative,')).toThrow('x.csv:2: seen_at is empty');
    expect(bad('ios,"a,,,,,negative,u')).toThrow('unterminated');
  });
});

describe('ids', () => {
  it('round-trips device indexes through Intune device ids and refuses foreign ids', () => {
    expect(intuneDeviceIndex(7, intuneDeviceId(7, 12345))).toBe(12345);
    expect(intuneDeviceIndex(8, intuneDeviceId(7, 12345))).toBe(-1);
    expect(intuneDeviceIndex(7, 'bca605c1-e609-465f-a9c0-fb804c10cc4b')).toBe(-1);
  });

  it('round-trips detectedApp keys through 64-hex ids', () => {
    const id = detectedAppId(7, 123_456_789);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(detectedAppKey(7, id)).toBe(123_456_789);
    expect(detectedAppKey(7, id.replace(/^./, id[0] === 'a' ? 'b' : 'a'))).toBe(-1);
  });
});
