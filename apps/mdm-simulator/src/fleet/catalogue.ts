import { hash32 } from './prng';
import type { SimPlatform } from './platform';
import { platformCode } from './platform';

/** One title of the software catalogue a fleet draws from. */
export interface CatalogueTitle {
  name: string;
  publisher: string;
  bundleId: string;
  /** Stable number of the title inside its platform's catalogue (head titles first). */
  index: number;
}

/** Titles in each platform's long tail; with the head this gives tens of thousands of distinct titles. */
export const TAIL_SIZE = 20_000;

type Head = readonly [name: string, publisher: string, bundleId: string];

// The popular head of each platform: most desktops carry most of these.
const HEADS: Record<SimPlatform, readonly Head[]> = {
  windows: [
    ['Google Chrome', 'Google LLC', ''],
    ['Microsoft Edge', 'Microsoft Corporation', ''],
    ['Microsoft 365 Apps for enterprise - en-us', 'Microsoft Corporation', ''],
    ['Microsoft Teams', 'Microsoft Corporation', ''],
    ['Microsoft OneDrive', 'Microsoft Corporation', ''],
    ['Microsoft Visual C++ 2015-2022 Redistributable (x64)', 'Microsoft Corporation', ''],
    ['Microsoft Visual C++ 2015-2022 Redistributable (x86)', 'Microsoft Corporation', ''],
    ['Microsoft Update Health Tools', 'Microsoft Corporation', ''],
    ['Microsoft Intune Management Extension', 'Microsoft Corporation', ''],
    ['7-Zip 23.01 (x64)', 'Igor Pavlov', ''],
    ['Adobe Acrobat (64-bit)', 'Adobe', ''],
    ['Zoom Workplace (64-bit)', 'Zoom Video Communications, Inc.', ''],
    ['Mozilla Firefox (x64 en-US)', 'Mozilla', ''],
    ['Notepad++ (64-bit x64)', 'Notepad++ Team', ''],
    ['VLC media player', 'VideoLAN', ''],
    ['Cisco Secure Client - AnyConnect VPN', 'Cisco Systems, Inc.', ''],
    ['Slack (Machine - MSI)', 'Slack Technologies Inc.', ''],
    ['Git', 'The Git Development Community', ''],
    ['Python 3.12.3 (64-bit)', 'Python Software Foundation', ''],
    ['Microsoft Visual Studio Code', 'Microsoft Corporation', ''],
    ['Windows PC Health Check', 'Microsoft Corporation', ''],
    ['Dell Command | Update', 'Dell Inc.', ''],
    ['HP Wolf Security', 'HP Inc.', ''],
    ['Fabrikam Timesheet', 'Fabrikam, Inc.', ''],
  ],
  macOS: [
    ['Safari', '', 'com.apple.Safari'],
    ['Google Chrome', '', 'com.google.Chrome'],
    ['Microsoft Word', '', 'com.microsoft.Word'],
    ['Microsoft Excel', '', 'com.microsoft.Excel'],
    ['Microsoft PowerPoint', '', 'com.microsoft.Powerpoint'],
    ['Microsoft Outlook', '', 'com.microsoft.Outlook'],
    ['Microsoft Teams (work or school)', '', 'com.microsoft.teams2'],
    ['OneDrive', '', 'com.microsoft.OneDrive'],
    ['Company Portal', '', 'com.microsoft.CompanyPortalMac'],
    ['Keynote', '', 'com.apple.iWork.Keynote'],
    ['Pages', '', 'com.apple.iWork.Pages'],
    ['Numbers', '', 'com.apple.iWork.Numbers'],
    ['zoom.us', '', 'us.zoom.xos'],
    ['Slack', '', 'com.tinyspeck.slackmacgap'],
    ['Firefox', '', 'org.mozilla.firefox'],
    ['Visual Studio Code', '', 'com.microsoft.VSCode'],
    ['iTerm', '', 'com.googlecode.iterm2'],
    ['1Password 8', '', 'com.1password.1password'],
    ['Self Service', '', 'com.jamfsoftware.selfservice.mac'],
    ['Xcode', '', 'com.apple.dt.Xcode'],
  ],
  iOS: [
    ['Microsoft Outlook', '', 'com.microsoft.Office.Outlook'],
    ['Microsoft Teams', '', 'com.microsoft.skype.teams'],
    ['Microsoft Authenticator', '', 'com.microsoft.azureauthenticator'],
    ['Intune Company Portal', '', 'com.microsoft.CompanyPortal'],
    ['Keynote', '', 'com.apple.Keynote'],
    ['Slack', '', 'com.tinyspeck.chatlyio'],
    ['Zoom Workplace', '', 'us.zoom.videomeetings'],
    ['Google Chrome', '', 'com.google.chrome.ios'],
    ['OneDrive', '', 'com.microsoft.skydrive'],
    ['Microsoft Edge', '', 'com.microsoft.msedge'],
  ],
  android: [
    ['Microsoft Outlook', '', 'com.microsoft.office.outlook'],
    ['Microsoft Teams', '', 'com.microsoft.teams'],
    ['Microsoft Authenticator', '', 'com.azure.authenticator'],
    ['Intune Company Portal', '', 'com.microsoft.windowsintune.companyportal'],
    ['Microsoft Intune', '', 'com.microsoft.intune'],
    ['Google Chrome', '', 'com.android.chrome'],
    ['Slack', '', 'com.Slack'],
    ['Zoom Workplace', '', 'us.zoom.videomeetings'],
    ['OneDrive', '', 'com.microsoft.skydrive'],
    ['Microsoft Edge', '', 'com.microsoft.emmx'],
  ],
};

/** Titles that Intune deploys as managed apps: the only ones a personal (BYOD) device reports. */
export const MANAGED_HEAD_COUNT = 4;

const ADJ =
  'Blue Swift Quiet Bright Clever North Silver Rapid Prime Open Smart Urban Solid Happy Deep Clear Tiny Grand Little Modern Red Green Amber Polar Lunar Solar Vivid Noble Brave Calm Cosmic Crystal Digital Electric Fresh Golden Hidden Iron Jolly Kind Lucky Magic Neat Ocean Pixel Quick Royal Simple True Ultra Vast Wild Young Zen Agile Bold Crisp Dandy Eager Fancy Gentle'.split(
    ' ',
  );
const NOUN =
  'Harbor Ledger Canvas Falcon Orbit Maple River Atlas Beacon Cloud Delta Ember Forge Garden Horizon Island Jigsaw Kernel Lantern Meadow Nimbus Otter Palette Quartz Raven Summit Timber Umbrella Valley Willow Yarn Zephyr Anchor Bridge Compass Dune Echo Fjord Glacier Hive Ink Jetty Koala Lotus Mosaic Nova Oasis Pebble Quill Reef Sail Tundra Vault Wave Pulse Relay Signal Studio'.split(
    ' ',
  );
const KIND =
  ' Pro| Studio| Manager| Viewer| Sync| Toolkit| Editor| Client| Agent| Reader| Desktop| Notes| Planner| Scanner| Recorder| Converter| Launcher| Helper| Monitor| Suite'.split(
    '|',
  );
const COMPANY_SUFFIX = [
  'Software Ltd.',
  'Inc.',
  'GmbH',
  'LLC',
  'Labs',
  'Technologies',
  'S.A.',
  'Pty Ltd',
  'AB',
  'Corporation',
];

/** Number of head titles of a platform. */
export function headSize(platform: SimPlatform): number {
  return HEADS[platform].length;
}

/** The catalogue title at `index` (head first, then the generated long tail); pure. */
export function catalogueTitle(platform: SimPlatform, index: number): CatalogueTitle {
  const head = HEADS[platform];
  let title: CatalogueTitle;
  if (index < head.length) {
    const [name, publisher, bundleId] = head[index];
    title = { name, publisher, bundleId, index };
  } else {
    // Mixed-radix decomposition gives every tail index a distinct (adjective, noun, kind) name; a salt word avoids
    // the tail reading in alphabetical lockstep.
    const t = index - head.length;
    const adj = ADJ[t % ADJ.length];
    const noun = NOUN[Math.floor(t / ADJ.length) % NOUN.length];
    const kind = KIND[Math.floor(t / (ADJ.length * NOUN.length)) % KIND.length];
    const vendorWord = NOUN[hash32(t, 17) % NOUN.length];
    const vendor = `${ADJ[hash32(t, 19) % ADJ.length]}${vendorWord}`;
    const name = `${adj} ${noun}${kind}`;
    const publisher =
      platform === 'windows' ? `${vendor} ${COMPANY_SUFFIX[hash32(t, 23) % COMPANY_SUFFIX.length]}` : '';
    const bundleId =
      platform === 'windows'
        ? ''
        : `com.${vendor.toLowerCase()}.${(adj + noun + kind).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
    title = { name, publisher, bundleId, index };
  }
  return title;
}

/** Version string number `v` of a title: monotonic in `v`, shaped per platform. */
export function titleVersion(platform: SimPlatform, index: number, v: number): string {
  const h = hash32(index, platformCode(platform), 31);
  const major = 1 + (h % 30) + Math.floor(v / 4);
  const minor = (v % 4) * (1 + (h % 3));
  const patch = (h >>> 8) % 200;
  return platform === 'windows'
    ? `${major}.${minor}.${patch}.${(h >>> 16) % 9000}`
    : `${major}.${minor}.${patch}`;
}
