import type { SimPlatform } from './platform';

/**
 * A banned title or a lookalike that the fleet plants on some devices; `productId` is a product id of the
 * taxonomy (the ground-truth label), or 'lookalike' for a title that must not be flagged.
 *
 * One title renders per source (docs/mdm-apis.md §4–§5, §8–§9): Intune shows
 * `name`, `publisher` (always '' on Apple platforms and Android) and the version, never `bundleId`; Jamf computers
 * show `${fileName ?? name}.app`, its path and `bundleId`; Jamf mobile devices show `name` and `bundleId` as
 * `identifier`.
 */
export interface PlantedTitle {
  productId: string;
  platform: SimPlatform;
  /** Windows: ARP DisplayName; macOS: the app's display name (what Intune shows); mobile: the store title. */
  name: string;
  /** Windows: ARP Publisher; '' elsewhere (Intune reports none there). */
  publisher: string;
  /** macOS bundle id / iOS bundle id / Android package; '' on Windows. */
  bundleId: string;
  /** macOS only: the bundle's file name (without `.app`) when Finder and Jamf show another name than Intune. */
  fileName?: string;
  versions: readonly string[];
}

const KL = 'AO Kaspersky Lab';
const KL_RU = 'АО «Лаборатория Касперского»';
const KL_CH = 'Kaspersky Lab Switzerland GmbH';
const KL_UK = 'Kaspersky Labs Limited';
const TENCENT_CN = '腾讯科技(深圳)有限公司';
const TENCENT = 'Tencent Technology (Shenzhen) Company Limited';
const BYTEDANCE_SG = 'Bytedance Pte. Ltd.';
const BYTEDANCE_CN = 'Beijing ByteDance Technology Co., Ltd.';
const DAHUA = 'Zhejiang Dahua Technology Co., Ltd.';
const HIKVISION = 'Hangzhou Hikvision Digital Technology Co., Ltd.';
const HUAWEI = 'Huawei Technologies Co., Ltd.';

function w(productId: string, name: string, publisher: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'windows', name, publisher, bundleId: '', versions };
}
function m(productId: string, name: string, bundleId: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'macOS', name, publisher: '', bundleId, versions };
}
/** A Mac app whose bundle file is named otherwise than the app (e.g. Feishu ships as `Lark.app`). */
function mf(
  productId: string,
  name: string,
  fileName: string,
  bundleId: string,
  ...versions: string[]
): PlantedTitle {
  return { productId, platform: 'macOS', name, publisher: '', bundleId, fileName, versions };
}
function i(productId: string, name: string, bundleId: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'iOS', name, publisher: '', bundleId, versions };
}
function a(productId: string, name: string, bundleId: string, ...versions: string[]): PlantedTitle {
  return { productId, platform: 'android', name, publisher: '', bundleId, versions };
}

// Sources: docs/catalog.md, "What inventories show of the products" (winget ARP names and publishers, bundle ids,
// package names), Homebrew casks for Mac bundle names (Feishu installs `Lark.app`, WeCom `企业微信.app`, both with
// the bundle ids below) and store titles. Versions follow those sources where they give them; others are plausible.
export const BANNED_TITLES: readonly PlantedTitle[] = [
  // ── Windows: Kaspersky (every Windows form docs/catalog.md lists) ──
  w('kaspersky-consumer', 'Kaspersky', 'Kaspersky', '21.9.6.465', '21.15.8.493'),
  w('kaspersky-consumer', 'Kaspersky Anti-Virus', 'Kaspersky', '21.3.10.391'),
  w('kaspersky-consumer', 'Kaspersky Internet Security', KL, '21.3.10.391', '20.0.14.1085'),
  w('kaspersky-consumer', 'Kaspersky Total Security', 'Kaspersky', '21.3.10.391'),
  w('kaspersky-consumer', 'Kaspersky Security Cloud', 'Kaspersky', '21.3.10.391', '4.21.0.0'),
  w('kaspersky-consumer', 'Kaspersky Free', KL, '21.3.10.391'),
  w('kaspersky-consumer', 'Kaspersky Small Office Security', KL, '21.4.8.538'),
  w('kaspersky-consumer', 'Kaspersky PURE 3.0', 'Kaspersky Lab ZAO', '13.0.2.558'),
  w('kaspersky-consumer', 'Kaspersky Premium', KL_UK, '21.17.7.536'),
  w('kaspersky-consumer', 'Kaspersky Anti-Virus for Windows Workstations', 'Kaspersky Lab', '6.0.4.1611'),
  w('kaspersky-consumer', 'Kaspersky Anti-Virus SOS', 'Kaspersky Lab', '5.0.698'),
  w('kaspersky-vpn', 'Kaspersky VPN Secure Connection', 'Kaspersky', '21.9.6.465'),
  w('kaspersky-vpn', 'Kaspersky VPN Secure Connection', KL_CH, '21.15.8.493'),
  w('kaspersky-password-manager', 'Kaspersky Password Manager', KL, '9.0.2.1186'),
  w('kaspersky-password-manager', 'Kaspersky Password Manager', KL_CH, '9.0.2.1186'),
  w('kaspersky-safe-kids', 'Kaspersky Safe Kids', KL_UK, '1.0.5.1360'),
  w(
    'kaspersky-endpoint-security',
    'Kaspersky Endpoint Security for Windows',
    KL,
    '12.3.0.493',
    '11.11.0.452',
  ),
  w('kaspersky-endpoint-security', 'Kaspersky Endpoint Security для Windows', KL_RU, '12.6.0.438'),
  w(
    'kaspersky-security-center-agent',
    'Kaspersky Security Center Network Agent',
    KL,
    '14.0.0.10902',
    '13.2.0.1511',
  ),
  w(
    'kaspersky-security-center-agent',
    'Агент администрирования Kaspersky Security Center',
    KL_RU,
    '14.2.0.26967',
  ),
  w(
    'kaspersky-security-center-agent',
    'Kaspersky Security Center 14.2 Administration Server',
    KL,
    '14.2.0.26967',
  ),
  w('kaspersky-endpoint-agent', 'Kaspersky Endpoint Agent', KL, '3.16.0.520'),
  w('kaspersky-server-security', 'Kaspersky Security for Windows Server', KL, '11.0.1.897'),
  w(
    'kaspersky-server-security',
    'Kaspersky Anti-Virus for Windows Servers Enterprise Edition',
    'Kaspersky Lab',
    '8.0.4.1222',
  ),
  w('kaspersky-server-security', 'Kaspersky Embedded Systems Security', KL, '3.3.0.164'),
  w('kaspersky-server-security', 'Kaspersky Industrial CyberSecurity for Nodes', KL, '3.1.0.85'),
  w('kaspersky-virus-removal-tool', 'Kaspersky Virus Removal Tool', 'Kaspersky Lab', '20.0.10.0'),
  w('kaspersky-threat-intelligence', 'Kaspersky CyberTrace', KL, '4.4.0.18'),
  w('kaspersky-other', 'Kaspersky AES Encryption Module', 'Kaspersky Lab ZAO', '1.0.0.47'),
  w('kaspersky-other', 'Kaspersky Software Updater', KL, '1.0.1.1157'),
  // Unicode noise as real inventories carry it: a no-break space, a doubled space, a Cyrillic "а" (U+0430).
  w('kaspersky-consumer', 'Kaspersky\u00a0Total Security', 'Kaspersky', '21.3.10.391'),
  w('kaspersky-endpoint-security', 'Kaspersky  Endpoint Security for Windows', KL, '12.3.0.493'),
  w('kaspersky-consumer', 'K\u0430spersky Internet Security', KL, '21.3.10.391'),
  // ── Windows: ByteDance ──
  w('tiktok', 'TikTok LIVE Studio', 'TikTok Pte. Ltd.', '0.86.2', '0.91.4'),
  w('tiktok', 'TikTok', 'TikTok Pte. Ltd.', '1.0.42.0'),
  w('douyin', '抖音直播伴侣', '北京微播视界科技有限公司', '9.6.2'),
  w('capcut', 'CapCut', BYTEDANCE_SG, '5.3.0.2021', '4.8.0.1794'),
  w('capcut', '剪映专业版', BYTEDANCE_CN, '6.8.0.12371'),
  w('lark', 'Lark', BYTEDANCE_SG, '7.30.6'),
  w('lark', '飞书', 'Beijing Feishu Technology Co., Ltd.', '7.36.7'),
  w('bytedance-apps', '豆包', '北京春田知韵科技有限公司', '1.47.4'),
  // ── Windows: Tencent (one WeChat entry carries a zero-width space, U+200B) ──
  w('wechat', 'WeChat', TENCENT_CN, '3.9.12.17'),
  w('wechat', '微信', TENCENT_CN, '4.0.5.26'),
  w('wechat', 'We\u200bChat', TENCENT, '3.9.12.51'),
  w('wecom', '企业微信', TENCENT_CN, '4.1.33.6009'),
  w('wecom', 'WeCom', TENCENT, '4.1.33.6009'),
  w('tencent-qq', 'QQ', TENCENT_CN, '9.9.17.30594'),
  w('tencent-qq', 'TIM', TENCENT_CN, '3.4.8.22092'),
  w('tencent-apps', '腾讯会议', TENCENT_CN, '3.30.11.401'),
  w('tencent-apps', 'VooV Meeting', TENCENT, '3.28.2.404'),
  w('wps-office', 'WPS Office (12.2.0.18607)', 'Kingsoft Corp.', '12.2.0.18607'),
  // ── Windows: surveillance and telecom equipment tools (publishers as ARP entries and winget show them) ──
  w('dahua-smartpss', 'SmartPSS', 'Dahua Technology Co.,Ltd', '2.003.0000011.0'),
  w('dahua-smartpss', 'SmartPSSLite 1.003.0000006.0', 'Dahua Technology Co.,Ltd', '1.003.0000006.0'),
  w('dahua-dss', 'DSS Client', DAHUA, '8.3.0.17'),
  w('dahua-tools', 'ConfigTool', DAHUA, '5.001.0000002.1'),
  w('dahua-tools', 'SmartPlayer', 'Dahua Technology', '4.000.0000001.0'),
  w('hikvision-ivms', 'iVMS-4200', HIKVISION, '3.11.1.4'),
  w('hikvision-ivms', 'iVMS-4200(v3.9.1.4_E)', '', '3.9.1.4'),
  w('hikvision-hikcentral', 'HikCentral Professional Control Client', HIKVISION, '2.5.1.6'),
  w('hikvision-tools', 'SADP', 'Hikvision', '3.0.4.2'),
  w('hikvision-tools', 'VSPlayer', HIKVISION, '7.4.4.0'),
  w('ezviz', 'EZVIZ Studio', 'Hangzhou EZVIZ Software Co., Ltd.', '2.13.0'),
  w('huawei-hisuite', 'HiSuite', HUAWEI, '14.0.0.300'),
  w('huawei-hisuite', 'Hi Suite', HUAWEI, '13.0.0.310'),
  w('huawei-pc-manager', 'Huawei PC Manager', 'Huawei Device Co., Ltd.', '14.0.1.340'),
  w('huawei-appgallery', 'AppGallery', HUAWEI, '1.0.3.300'),

  // ── macOS (docs/catalog.md for Kaspersky; Homebrew casks for the bundle names) ──
  m('kaspersky-consumer', 'Kaspersky Internet Security', 'com.kaspersky.kav', '21.3.10.391', '21.0.23.501'),
  m('kaspersky-consumer', 'Kaspersky', 'com.kaspersky.kav', '21.15.8.493'),
  m('kaspersky-consumer', 'Kaspersky Anti-Virus For Mac', 'com.kaspersky.kav', '16.0.0.303'),
  m('kaspersky-consumer', 'Kaspersky Security Cloud', 'com.kaspersky.kscloud', '21.3.10.391'),
  m('kaspersky-consumer', 'Kaspersky Downloader', 'com.kaspersky.kav.downloader', '21.3.10.391'),
  m(
    'kaspersky-endpoint-security',
    'Kaspersky Endpoint Security for Mac',
    'com.kaspersky.kav.kesmac',
    '12.0.0.325',
  ),
  m('kaspersky-security-center-agent', 'Kaspersky Network Agent', 'com.kaspersky.klnagent', '14.0.0.20023'),
  m('kaspersky-password-manager', 'Kaspersky Password Manager', 'com.kaspersky.passwordmanager', '9.2.1'),
  m('kaspersky-safe-kids', 'Kaspersky Safe Kids', 'com.kaspersky.safekids', '1.93.0'),
  m('kaspersky-vpn', 'Kaspersky VPN Secure Connection', 'com.kaspersky.vpn.mac', '21.15.8.493'),
  m('wechat', 'WeChat', 'com.tencent.xinWeChat', '3.8.9', '4.0.3'),
  mf('wechat', '微信', 'WeChat', 'com.tencent.xinWeChat', '4.0.3'),
  mf('wecom', 'WeCom', '企业微信', 'com.tencent.WeWorkMac', '4.1.10.99312'),
  m('tencent-qq', 'QQ', 'com.tencent.qq', '6.9.71'),
  m('tencent-apps', '腾讯会议', 'com.tencent.meeting', '3.30.3'),
  m('capcut', 'CapCut', 'com.lemon.lvoverseas', '5.3.0', '4.8.0'),
  m('capcut', '剪映专业版', 'com.lemon.lvpro', '6.8.0'),
  mf('lark', 'Feishu', 'Lark', 'com.electron.lark', '7.71.12'),
  mf('lark', 'Lark', 'LarkSuite', 'com.electron.lark', '7.9.9'),
  m('dahua-smartpss', 'SmartPSS', 'com.dahua.SmartPSS', '2.003.0000005.0'),
  m('hikvision-ivms', 'iVMS-4200', 'com.hikvision.ivms4200', '3.11.1.2'),
  m('huawei-hisuite', 'HiSuite', 'com.huawei.HiSuite', '14.0.0.300'),

  // ── iOS / iPadOS: store titles as Intune and Jamf list them ──
  i('kaspersky-consumer', 'Kaspersky', 'com.kaspersky.securityadvisor', '2.58.0', '2.75.1'),
  i('kaspersky-consumer', 'Kaspersky: VPN & Antivirus', 'com.kaspersky.securityadvisor', '2.75.1'),
  i('kaspersky-consumer', 'Kaspersky Security Cloud & VPN', 'com.kaspersky.ksc.ios', '1.81.2'),
  i('kaspersky-password-manager', 'Kaspersky Password Manager', 'com.kaspersky.passwordmanager', '9.2.1'),
  i('kaspersky-safe-kids', 'Kaspersky Safe Kids', 'com.kaspersky.safekids', '1.93.0'),
  i('kaspersky-other', 'Kaspersky QR Scanner', 'com.kaspersky.qrscanner', '1.4.0'),
  i('tiktok', 'TikTok', 'com.zhiliaoapp.musically', '36.4.0', '37.1.0'),
  i('tiktok', 'TikTok - Videos, Music & LIVE', 'com.zhiliaoapp.musically', '37.1.0'),
  i('douyin', '抖音', 'com.ss.iphone.ugc.Aweme', '32.9.0'),
  i('capcut', 'CapCut - Video Editor', 'com.lemon.lvoverseas', '13.4.0'),
  i('capcut', '剪映', 'com.lemon.lv', '15.1.0'),
  i('lark', 'Lark - Team Collaboration', 'com.larksuite.lark', '7.30.6'),
  i('lark', '飞书', 'com.bytedance.ee.lark', '7.36.7'),
  i('lemon8', 'Lemon8 - Lifestyle Community', 'com.bd.nproject', '5.9.0'),
  i('wechat', 'WeChat', 'com.tencent.xin', '8.0.54'),
  i('wechat', '微信', 'com.tencent.xin', '8.0.56'),
  i('wecom', '企业微信', 'com.tencent.ww', '4.1.33'),
  i('wecom', 'WeCom', 'com.tencent.ww', '4.1.33'),
  i('tencent-qq', 'QQ', 'com.tencent.mqq', '9.1.30'),
  i('alipay', 'Alipay - Simplify Your Life', 'com.alipay.iphoneclient', '10.6.50'),
  i('alipay', '支付宝', 'com.alipay.iphoneclient', '10.6.60'),
  i('deepseek', 'DeepSeek - AI Assistant', 'com.deepseek.chat', '1.1.2'),
  i('rednote', 'rednote', 'com.xingin.discover', '8.67.0'),
  i('rednote', '小红书', 'com.xingin.discover', '8.67.0'),
  i('camscanner', 'CamScanner - PDF Scanner App', 'com.intsig.CamScanner', '6.82.0'),
  i('wps-office', 'WPS Office', 'com.kingsoft.www.office.wpsoffice', '12.15.1'),
  i('moomoo', 'moomoo: Trading & Investing', 'com.futu.moomoo', '14.21.0'),
  i('hik-connect', 'Hik-Connect', 'com.hikvision.hikconnect', '6.4.0'),
  i('hikvision-ivms', 'iVMS-4500', 'com.hikvision.ivms4500', '4.5.3'),
  i('ezviz', 'EZVIZ', 'com.ezviz.EZVIZ', '6.8.2'),
  i('imou', 'Imou Life', 'com.dahua.imou', '8.5.0'),
  i('dahua-dmss', 'DMSS', 'com.mm.iphone.DMSS', '1.99.632'),
  i('dahua-dmss', 'iDMSS Plus', 'com.mm.iphone.iDMSSPlus', '4.70.000'),

  // ── Android: store titles (Intune shows them without the package; Jamf manages no Android) ──
  a('kaspersky-consumer', 'Kaspersky Security & VPN', 'com.kms.free', '11.118.4.11791'),
  a('kaspersky-consumer', 'Kaspersky: VPN & Antivirus', 'com.kms.free', '11.121.4.12343'),
  a('kaspersky-consumer', 'Kaspersky Security Cloud', 'com.kaspersky.security.cloud', '1.68.0.1210'),
  a('kaspersky-endpoint-security', 'Kaspersky Endpoint Security', 'com.kaspersky.kes', '11.12.4.4242'),
  a('kaspersky-vpn', 'Kaspersky VPN Secure Connection', 'com.kaspersky.secure.connection', '1.63.0.24'),
  a('kaspersky-who-calls', 'Kaspersky Who Calls', 'com.kaspersky.who_calls', '1.42.0.311'),
  a('kaspersky-password-manager', 'Kaspersky Password Manager', 'com.kaspersky.passwordmanager', '9.2.104.1'),
  a('kaspersky-safe-kids', 'Kaspersky Safe Kids', 'com.kaspersky.safekids', '1.95.0.22'),
  a('kaspersky-other', 'Kaspersky Battery Life', 'com.kaspersky.batterylife', '1.9.2.6'),
  a('tiktok', 'TikTok', 'com.zhiliaoapp.musically', '37.1.3'),
  a('tiktok', 'TikTok', 'com.ss.android.ugc.trill', '37.1.3'),
  a('tiktok', 'TikTok - Videos, Music & LIVE', 'com.zhiliaoapp.musically', '37.1.3'),
  a('tiktok', 'TikTok Lite', 'com.zhiliaoapp.musically.go', '37.0.4'),
  // Full-width Latin letters (U+FF34 …), as a CJK-locale store listing can carry them.
  a('tiktok', 'ＴｉｋＴｏｋ', 'com.ss.android.ugc.trill', '37.1.3'),
  a('douyin', '抖音', 'com.ss.android.ugc.aweme', '32.9.0'),
  a('douyin', '抖音极速版', 'com.ss.android.ugc.aweme.lite', '32.8.0'),
  a('douyin', '抖音火山版', 'com.ss.android.ugc.live', '32.5.0'),
  a('capcut', 'CapCut - Video Editor', 'com.lemon.lvoverseas', '13.4.0'),
  a('capcut', '剪映', 'com.lemon.lv', '15.1.0'),
  a('lark', 'Lark', 'com.larksuite.suite', '7.30.6'),
  a('lark', '飞书', 'com.ss.android.lark', '7.36.7'),
  a('lemon8', 'Lemon8 - Lifestyle Community', 'com.bd.nproject', '5.9.0'),
  a('bytedance-apps', '今日头条', 'com.ss.android.article.news', '9.9.8'),
  a('bytedance-apps', '豆包', 'com.larus.nova', '9.3.0'),
  a('wechat', 'WeChat', 'com.tencent.mm', '8.0.54'),
  a('wechat', '微信', 'com.tencent.mm', '8.0.56'),
  a('wecom', '企业微信', 'com.tencent.wework', '4.1.33'),
  a('wecom', 'WeCom', 'com.tencent.wework', '4.1.33'),
  a('tencent-qq', 'QQ', 'com.tencent.mobileqq', '9.1.30'),
  a('tencent-qq', 'QQ International', 'com.tencent.mobileqqi', '6.0.3'),
  a('tencent-apps', 'QQ Browser', 'com.tencent.mtt', '15.6.0.0035'),
  a('tencent-apps', 'WeTV', 'com.tencent.qqlivei18n', '6.4.0.2190'),
  a('alipay', 'Alipay', 'com.eg.android.AlipayGphone', '10.6.50'),
  a('alipay', '支付宝', 'com.eg.android.AlipayGphone', '10.6.60'),
  a('deepseek', 'DeepSeek - AI Assistant', 'com.deepseek.chat', '1.2.1'),
  a('deepseek', 'DeepSeek', 'com.deepseek.chat', '1.3.0'),
  a('rednote', 'RedNote', 'com.xingin.xhs', '8.67.0'),
  a('rednote', '小红书', 'com.xingin.xhs', '8.67.0'),
  a('webull', 'Webull: Investing & Trading', 'org.dayup.stocks', '10.9.2.15'),
  a('tiger-brokers', 'Tiger Trade: Buy Global Stocks', 'com.tigerbrokers.stock', '9.5.2'),
  a('moomoo', 'moomoo: Trading & Investing', 'com.moomoo.trade', '14.21.0'),
  a('camscanner', 'CamScanner - PDF Scanner App', 'com.intsig.camscanner', '6.82.0'),
  a('shareit', 'SHAREit: Transfer, Share Files', 'com.lenovo.anyshare.gps', '6.38.8'),
  a('vmate', 'VMate', 'com.uc.vmate', '4.5.6'),
  a('wps-office', 'WPS Office-PDF,Word,Sheet,PPT', 'cn.wps.moffice_eng', '18.14.1'),
  a('hik-connect', 'Hik-Connect - for End User', 'com.connect.enduser', '6.4.0.0130'),
  a('hikvision-ivms', 'iVMS-4500', 'com.mcu.iVMS', '4.5.3'),
  a('ezviz', 'EZVIZ', 'com.ezviz', '6.8.2'),
  a('imou', 'Imou Life', 'com.mm.android.smartlifeiot', '8.5.0'),
  a('dahua-dmss', 'DMSS', 'com.mm.android.DMSS', '1.99.632'),
  a('dahua-dmss', 'gDMSS Plus', 'com.mm.android.direct.gdmssphone', '4.70.000'),
  a('huawei-appgallery', 'AppGallery', 'com.huawei.appmarket', '14.1.1.300'),
  a('huawei-appgallery', 'HMS Core', 'com.huawei.hwid', '6.14.0.302'),
  a('huawei-other', 'Huawei Health', 'com.huawei.health', '15.0.2.320'),
];

const L = 'lookalike';
// Titles that a careless matcher would flag and a correct one must not (the READMEs of test/fixtures/vendor;
// docs/catalog.md, "Decisions: what is in, what is out": UltraAV/UltraVPN are the migration target, not banned; the
// taxonomy's exclusions: the vendor's own uninstallers, third-party tools that name a product, unofficial clients
// under another developer's publisher or bundle id, Honor (not Huawei), Kaspresso test builds).
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
  // The vendor's own uninstallers: Kaspersky name and publisher, yet not a product.
  w(L, 'Kaspersky Lab Products Remover', KL, '1.0.4149.0'),
  w(L, 'kavremover', KL, '1.0.5130.0'),
  w(L, 'Kaspersky Removal Tool', 'Kaspersky', '1.0.5130.0'),
  w(L, 'Kaspersky Products Remover', 'Kaspersky Lab', '1.0.3912.0'),
  // Third-party tools and unofficial clients named like a product, under another developer's publisher.
  w(L, 'TikTok Downloader', 'Snapload Software Ltd.', '2.4.1'),
  w(L, 'WeChat Backup Viewer', 'DataHarbor Tools Inc.', '3.1.0.2'),
  w(L, 'DeepSeek', 'Quill Labs LLC', '0.9.4'),
  w(L, 'TikTok', 'Lunar Desktop Apps', '1.2.0'),
  w(L, 'Honor PC Manager', 'Honor Device Co., Ltd.', '16.0.0.36'),
  w(L, 'Lark Player', 'Lark Player Studio', '3.2.1'),
  w(L, 'DingTalk', '钉钉(中国)信息技术有限公司', '7.6.38'),
  w(L, 'HiDrive', 'STRATO AG', '2.22.1'),
  m(L, 'Kasper Notes', 'test.example.kaspernotes', '2.4.0'),
  m(L, 'Casper Focus', 'test.example.casperfocus', '1.9.3'),
  m(L, 'Kaspa Wallet', 'org.kaspa.wallet', '0.4.2'),
  m(L, 'Kasperle Kids Games', 'test.example.kasperle', '5.0.1'),
  m(L, 'UltraAV', 'com.pango.ultraav', '1.4.2'),
  m(L, 'ESET Endpoint Antivirus', 'com.eset.ees.8', '8.1.6'),
  // An unofficial Mac client named exactly like the product, under an unrelated developer's bundle id.
  m(L, 'DeepSeek', 'test.example.quilllabs.deepseek-desktop', '0.9.4'),
  m(L, 'WeChat Exporter', 'test.example.dataharbor.wechatexporter', '2.0.3'),
  m(L, 'TikTok Downloader', 'test.example.snapload.ttdownloader', '2.4.1'),
  m(L, 'DeepL', 'com.linguee.DeepLCopyTranslator', '25.1.1'),
  i(L, 'Kasparov Chess Trainer', 'test.example.kasparov.chess', '3.2.0'),
  i(L, 'Sky Perks Rewards', 'test.example.skyperks', '4.0.2'),
  i(L, 'Kaspa Wallet', 'org.kaspa.wallet.ios', '0.4.2'),
  i(L, 'UltraVPN', 'com.pango.ultravpn', '2.3.1'),
  i(L, 'Video Downloader for TikTok', 'test.example.ttsaver', '1.8.0'),
  i(L, 'Templates for CapCut', 'test.example.capcut.templates', '2.1.0'),
  i(L, 'Kaspersky Cheat Sheet', 'test.example.cheatsheets.kaspersky', '1.0.2'),
  i(L, 'Seek by iNaturalist', 'org.inaturalist.seek', '2.17.0'),
  a(L, 'Kasparov Chess Trainer', 'test.example.kasparov.chess', '3.2.0'),
  a(L, 'Casper Notes', 'com.caspertech.notes', '1.3.0'),
  a(L, 'Kaspresso Sample', 'io.github.kakaocup.kaspresso.sample', '1.5.3'),
  a(L, 'Kaspresso Sample', 'com.kaspersky.kaspresso.sample', '1.6.0'),
  a(L, 'UltraAV', 'com.pango.ultraav', '1.4.2'),
  a(L, 'Video Downloader for TikTok', 'test.example.tiktok.downloader', '1.8.0'),
  a(L, 'WeChat Backup & Restore', 'test.example.wechat.backup', '1.2.4'),
  a(L, 'Kaspersky Cheat Sheet', 'test.example.cheatsheets.kaspersky', '1.0.2'),
  a(L, 'Lark Player', 'com.dywx.larkplayer', '6.8.2'),
  a(L, 'AliExpress', 'com.alibaba.aliexpresshd', '8.120.5'),
  a(L, 'DingTalk', 'com.alibaba.android.rimet', '7.6.38'),
  a(L, 'Honor Health', 'com.hihonor.health', '16.0.1.302'),
];

/** Planted titles of one platform, banned and lookalike apart. */
export function plantedFor(platform: SimPlatform): { banned: PlantedTitle[]; lookalikes: PlantedTitle[] } {
  return {
    banned: BANNED_TITLES.filter((t) => t.platform === platform),
    lookalikes: LOOKALIKE_TITLES.filter((t) => t.platform === platform),
  };
}
