import type { SimPlatform } from './platform';

/** A banned title or a lookalike that the fleet plants on some devices; `productId` is 'lookalike' for the latter. */
export interface PlantedTitle {
  productId: string;
  platform: SimPlatform;
  /** Windows: ARP DisplayName; macOS: bundle name without `.app`; mobile: the store title. */
  name: string;
  publisher: string;
  /** macOS bundle id / iOS bundle id / Android package; '' on Windows. */
  bundleId: string;
  versions: readonly string[];
}

const KL = 'AO Kaspersky Lab';

function w(productId: string, name: string, publisher: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'windows', name, publisher, bundleId: '', versions };
}
function m(productId: string, name: string, bundleId: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'macOS', name, publisher: '', bundleId, versions };
}
function i(productId: string, name: string, bundleId: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'iOS', name, publisher: '', bundleId, versions };
}
function a(productId: string, name: string, bundleId: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'android', name, publisher: '', bundleId, versions };
}

// Every Kaspersky form of ../shared/reference/banned-products.md (Part C, Part D rows 1–34) and the other
// catalogued products (rows 40–49). Versions follow the reference where it gives them; others are plausible.
export const BANNED_TITLES: readonly PlantedTitle[] = [
  w('kaspersky', 'Kaspersky', 'Kaspersky', '21.9.6.465', '21.15.8.493'),
  w('kaspersky-anti-virus', 'Kaspersky Anti-Virus', 'Kaspersky', '21.3.10.391'),
  w('kaspersky-internet-security', 'Kaspersky Internet Security', KL, '21.3.10.391', '20.0.14.1085'),
  w('kaspersky-total-security', 'Kaspersky Total Security', 'Kaspersky', '21.3.10.391'),
  w('kaspersky-security-cloud', 'Kaspersky Security Cloud', 'Kaspersky', '21.3.10.391', '4.21.0.0'),
  w('kaspersky-free', 'Kaspersky Free', KL, '21.3.10.391'),
  w('kaspersky-small-office-security', 'Kaspersky Small Office Security', KL, '21.4.8.538'),
  w('kaspersky-pure', 'Kaspersky PURE 3.0', 'Kaspersky Lab ZAO', '13.0.2.558'),
  w('kaspersky-vpn-secure-connection', 'Kaspersky VPN Secure Connection', 'Kaspersky', '21.9.6.465'),
  w('kaspersky-password-manager', 'Kaspersky Password Manager', KL, '9.0.2.1186'),
  w('kaspersky-safe-kids', 'Kaspersky Safe Kids', 'Kaspersky', '1.0.5.1360'),
  w(
    'kaspersky-endpoint-security',
    'Kaspersky Endpoint Security for Windows',
    KL,
    '12.3.0.493',
    '11.11.0.452',
  ),
  w('kaspersky-network-agent', 'Kaspersky Security Center Network Agent', KL, '14.0.0.10902', '13.2.0.1511'),
  w('kaspersky-security-center', 'Kaspersky Security Center 14.2 Administration Server', KL, '14.2.0.26967'),
  w('kaspersky-endpoint-agent', 'Kaspersky Endpoint Agent', KL, '3.16.0.520'),
  w('kaspersky-windows-server', 'Kaspersky Security for Windows Server', KL, '11.0.1.897'),
  w(
    'kaspersky-windows-server',
    'Kaspersky Anti-Virus for Windows Servers Enterprise Edition',
    'Kaspersky Lab',
    '8.0.4.1222',
  ),
  w(
    'kaspersky-av-workstations',
    'Kaspersky Anti-Virus for Windows Workstations',
    'Kaspersky Lab',
    '6.0.4.1611',
  ),
  w('kaspersky-legacy', 'Kaspersky AES Encryption Module', 'Kaspersky Lab ZAO', '1.0.0.47'),
  w('kaspersky-legacy', 'Kaspersky Anti-Virus SOS', 'Kaspersky Lab', '5.0.698'),
  w('kaspersky-embedded-systems', 'Kaspersky Embedded Systems Security', KL, '3.3.0.164'),
  w('kaspersky-industrial', 'Kaspersky Industrial CyberSecurity for Nodes', KL, '3.1.0.85'),
  m(
    'kaspersky-internet-security',
    'Kaspersky Internet Security',
    'com.kaspersky.kav',
    '21.3.10.391',
    '21.0.23.501',
  ),
  m('kaspersky', 'Kaspersky', 'com.kaspersky.kav', '21.15.8.493'),
  m('kaspersky-anti-virus', 'Kaspersky Anti-Virus For Mac', 'com.kaspersky.kav', '16.0.0.303'),
  m(
    'kaspersky-endpoint-security',
    'Kaspersky Endpoint Security for Mac',
    'com.kaspersky.kav.kesmac',
    '12.0.0.325',
  ),
  m('kaspersky-security-cloud', 'Kaspersky Security Cloud', 'com.kaspersky.kscloud', '21.3.10.391'),
  m('kaspersky', 'Kaspersky Downloader', 'com.kaspersky.kav.downloader', '21.3.10.391'),
  m('kaspersky-network-agent', 'Kaspersky Network Agent', 'com.kaspersky.klnagent', '14.0.0.20023'),
  m('wechat', 'WeChat', 'com.tencent.xinWeChat', '3.8.9'),
  i('kaspersky', 'Kaspersky', 'com.kaspersky.securityadvisor', '2.58.0', '2.75.1'),
  i('kaspersky-security-cloud', 'Kaspersky Security Cloud & VPN', 'com.kaspersky.ksc.ios', '1.81.2'),
  i('kaspersky-password-manager', 'Kaspersky Password Manager', 'com.kaspersky.passwordmanager', '9.2.1'),
  i('kaspersky-safe-kids', 'Kaspersky Safe Kids', 'com.kaspersky.safekids', '1.93.0'),
  i('tiktok', 'TikTok', 'com.zhiliaoapp.musically', '36.4.0', '37.1.0'),
  i('wechat', 'WeChat', 'com.tencent.xin', '8.0.54'),
  i('deepseek', 'DeepSeek - AI Assistant', 'com.deepseek.chat', '1.1.2'),
  a('kaspersky', 'Kaspersky Security & VPN', 'com.kms.free', '11.118.4.11791'),
  a('kaspersky-security-cloud', 'Kaspersky Security Cloud', 'com.kaspersky.security.cloud', '1.68.0.1210'),
  a('kaspersky-endpoint-security', 'Kaspersky Endpoint Security', 'com.kaspersky.kes', '11.12.4.4242'),
  a(
    'kaspersky-vpn-secure-connection',
    'Kaspersky VPN Secure Connection',
    'com.kaspersky.secure.connection',
    '1.63.0.24',
  ),
  a('kaspersky-who-calls', 'Kaspersky Who Calls', 'com.kaspersky.who_calls', '1.42.0.311'),
  a('kaspersky-password-manager', 'Kaspersky Password Manager', 'com.kaspersky.passwordmanager', '9.2.104.1'),
  a('kaspersky-safe-kids', 'Kaspersky Safe Kids', 'com.kaspersky.safekids', '1.95.0.22'),
  a('tiktok', 'TikTok', 'com.zhiliaoapp.musically', '37.1.3'),
  a('tiktok', 'TikTok', 'com.ss.android.ugc.trill', '37.1.3'),
  a('wechat', 'WeChat', 'com.tencent.mm', '8.0.54'),
  a('tencent-qq', 'QQ', 'com.tencent.mobileqq', '9.1.30'),
  a('alipay', 'Alipay', 'com.eg.android.AlipayGphone', '10.6.50'),
  a('deepseek', 'DeepSeek - AI Assistant', 'com.deepseek.chat', '1.2.1'),
  a('rednote', 'RedNote', 'com.xingin.xhs', '8.67.0'),
  a('dahua-dmss', 'DMSS', 'com.mm.android.DMSS', '1.99.632'),
  w('bytedance-capcut', 'CapCut', 'Bytedance Pte. Ltd.', '5.3.0.2021'),
  w('bytedance-lark', 'Lark', 'Bytedance Pte. Ltd.', '7.30.6'),
  w('wechat', 'WeChat', 'Tencent Technology (Shenzhen) Company Limited', '3.9.12.17'),
  w('dahua-smartpss', 'SmartPSS Lite', 'Dahua Technology', '1.004.0000000.0.R'),
  w('hikvision-ivms', 'iVMS-4200', 'Hikvision', '3.11.1.4'),
  w('huawei-hisuite', 'HiSuite', 'Huawei Technologies Co., Ltd.', '14.0.0.300'),
  w('huawei-appgallery', 'AppGallery', 'Huawei Technologies Co., Ltd.', '1.0.3.300'),
];

const L = 'lookalike';
// Titles that a careless matcher would flag and a correct one must not (reference §3.4 of intune-graph.md,
// the fixture READMEs and banned-products.md C6: UltraAV/UltraVPN are the migration target, not banned).
export const LOOKALIKE_TITLES: readonly PlantedTitle[] = [
  w(L, 'KasperTech Backup Agent', 'KasperTech GmbH', '2.8.1'),
  w(L, 'Kasperski Notes', 'Kasperski Software s.r.o.', '1.0.7'),
  w(L, 'Lab Kit Viewer', 'Kaspersen Instruments AS', '4.1.0.0'),
  w(L, 'Casper Screen Recorder', 'Casper Labs Ltd.', '3.2.0.114'),
  w(L, 'Kasparov Chessmaster', 'Ubisoft', '11.0.0.0'),
  w(L, 'UltraAV', 'Pango Inc.', '1.4.2.56'),
  w(L, 'UltraVPN', 'Pango Inc.', '2.1.0.14'),
  w(L, 'Forum Notes - Kaspersky Removal Tool discussion', 'Contoso Community', '1.2.0'),
  w(L, 'ESET Endpoint Antivirus', 'ESET, spol. s r.o.', '11.1.2039.2'),
  w(L, 'Bitdefender Endpoint Security Tools', 'Bitdefender', '7.9.15.467'),
  w(L, 'Sophos Endpoint Agent', 'Sophos Limited', '2023.2.1.9'),
  m(L, 'Kasper Notes', 'test.example.kaspernotes', '2.4.0'),
  m(L, 'Casper Focus', 'test.example.casperfocus', '1.9.3'),
  m(L, 'Kaspa Wallet', 'org.kaspa.wallet', '0.4.2'),
  m(L, 'Kasperle Kids Games', 'test.example.kasperle', '5.0.1'),
  m(L, 'UltraAV', 'com.pango.ultraav', '1.4.2'),
  m(L, 'ESET Endpoint Antivirus', 'com.eset.ees.8', '8.1.6'),
  i(L, 'Kasparov Chess Trainer', 'test.example.kasparov.chess', '3.2.0'),
  i(L, 'Sky Perks Rewards', 'test.example.skyperks', '4.0.2'),
  i(L, 'Kaspa Wallet', 'org.kaspa.wallet.ios', '0.4.2'),
  i(L, 'UltraVPN', 'com.pango.ultravpn', '2.3.1'),
  a(L, 'Kasparov Chess Trainer', 'test.example.kasparov.chess', '3.2.0'),
  a(L, 'Casper Notes', 'com.caspertech.notes', '1.3.0'),
  a(L, 'Kaspresso Sample', 'io.github.kakaocup.kaspresso.sample', '1.5.3'),
  a(L, 'UltraAV', 'com.pango.ultraav', '1.4.2'),
];

/** Planted titles of one platform, banned and lookalike apart. */
export function plantedFor(platform: SimPlatform): { banned: PlantedTitle[]; lookalikes: PlantedTitle[] } {
  return {
    banned: BANNED_TITLES.filter((t) => t.platform === platform),
    lookalikes: LOOKALIKE_TITLES.filter((t) => t.platform === platform),
  };
}
