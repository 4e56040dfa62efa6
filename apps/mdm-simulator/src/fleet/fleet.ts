import { catalogueTitle, headSize, MANAGED_HEAD_COUNT, TAIL_SIZE, titleVersion } from './catalogue';
import { intuneDeviceId } from './ids';
import { guid, hash32, hexId, Rng, unit } from './prng';
import type { PlantedTitle } from './plantings';
import { BANNED_TITLES, LOOKALIKE_TITLES } from './plantings';
import type { SimPlatform } from './platform';
import { isDesktop } from './platform';

/** Which device collection a record belongs to. */
export type DeviceSource = 'intune' | 'jamfComputer' | 'jamfMobile';
const SOURCE_CODE: Record<DeviceSource, number> = { intune: 1, jamfComputer: 2, jamfMobile: 3 };

/** What a fleet is generated from. `devices` counts Intune devices and, separately, Jamf devices. */
export interface FleetOptions {
  seed: number;
  devices: number;
  /** Midnight UTC of day 0, in ms; dates in the data are relative to it. */
  baseDateMs: number;
  /** Share of devices with a banned title (default 0.02) and with a lookalike (default 0.02). */
  bannedPrevalence?: number;
  lookalikePrevalence?: number;
  /**
   * Corpus mode: one device per title instead of a generated fleet. Every title is on an Intune device of its
   * platform; Mac titles also on a Jamf computer and iPhone titles on a Jamf mobile device, each carrying that
   * title alone, named `CORPUS-<n>` after the title's position (six digits, so name order is corpus order). `devices` and the prevalences are ignored.
   */
  corpus?: readonly PlantedTitle[];
}

export interface SimUser {
  id: string;
  upn: string;
  displayName: string;
  username: string;
}

/** One generated device, common to Intune and Jamf; each protocol renders its own shape from it. */
export interface SimDevice {
  source: DeviceSource;
  index: number;
  id: string;
  name: string;
  platform: SimPlatform;
  serialNumber: string;
  udid: string;
  managementId: string;
  azureADDeviceId: string;
  osVersion: string;
  osBuild: string;
  manufacturer: string;
  model: string;
  modelIdentifier: string;
  user: SimUser | null;
  isPersonal: boolean;
  /** Reports no app inventory at all (an empty list, not an unknown one). */
  hasNoInventory: boolean;
  /** Jamf: `remoteManagement.managed`; Intune devices are always managed. */
  isManaged: boolean;
  isStale: boolean;
  /** Shares its serial number with a Jamf computer (Intune Macs only). */
  isSharedSerial: boolean;
  enrolledMs: number;
  lastSyncMs: number;
  complianceState: string;
  enrollmentType: string;
  /** Seed words for the remaining cosmetic fields. */
  salt: number;
}

/** One app on one device. `key` identifies (title, version) within the platform. */
export interface SimApp {
  readonly key: number;
  readonly name: string;
  readonly publisher: string;
  readonly bundleId: string;
  readonly version: string;
  /** Set when the title is a planted banned title or lookalike. */
  readonly planted?: PlantedTitle;
  /** iOS: deployed by the MDM (Jamf `managementStatus`). */
  readonly isManagedApp: boolean;
}

const DAY_MS = 86_400_000;
const seenTitles = new Uint32Array(TAIL_SIZE + 64);
// At most 200 catalogue slots and two plantings per device.
const keyScratch = new Int32Array(256);
let seenStamp = 0;
/** Each app slot changes once per this many days, at its own phase: about 1 % of installs change per day. */
const CHANGE_PERIOD_DAYS = 100;
const PLANTED_KEY_BASE = 1_000_000;

/** True when an app key (see `Fleet.appKeys`) is a planted banned title or lookalike. */
export function isPlantedKey(key: number): boolean {
  return key >>> 8 >= PLANTED_KEY_BASE;
}
// Append-only: a corpus fleet adds its titles once (see corpusOffset), so keys stay pure functions of the table.
const ALL_PLANTED: PlantedTitle[] = [...BANNED_TITLES, ...LOOKALIKE_TITLES];
const corpusOffsets = new WeakMap<readonly PlantedTitle[], number>();

/** Where a corpus's titles start in the planted-title table, adding them on first use. */
function corpusOffset(corpus: readonly PlantedTitle[]): number {
  let offset = corpusOffsets.get(corpus);
  if (offset === undefined) {
    offset = ALL_PLANTED.length;
    ALL_PLANTED.push(...corpus);
    corpusOffsets.set(corpus, offset);
  }
  return offset;
}
/** Indexes into ALL_PLANTED per platform, built once: `planting` runs for every device of a walk. */
const PLANTED_POOLS: Record<SimPlatform, { banned: number[]; lookalike: number[] }> = {
  windows: { banned: [], lookalike: [] },
  macOS: { banned: [], lookalike: [] },
  iOS: { banned: [], lookalike: [] },
  android: { banned: [], lookalike: [] },
};
ALL_PLANTED.forEach((t, n) =>
  PLANTED_POOLS[t.platform][t.productId === 'lookalike' ? 'lookalike' : 'banned'].push(n),
);

const FIRST =
  'Alex Jordan Sam Casey Riley Morgan Taylor Avery Dana Eli Jamie Robin Quinn Drew Kim Lee Noa Ira Sky Remy Ari Bea Cal Dev Eva Finn Gil Hana Ivo Jo'.split(
    ' ',
  );
const LAST =
  'Rivera Okafor Kim Novak Moreno Lee Schmidt Rossi Tanaka Nguyen Silva Dubois Jensen Kowalski Murphy Haddad Costa Berg Ivanova Patel Chen Garcia Fischer Larsen Weber Ortiz Ali Meyer Sato Khan'.split(
    ' ',
  );

interface Hardware {
  manufacturer: string;
  model: string;
  modelIdentifier: string;
}
const HARDWARE: Record<SimPlatform, readonly Hardware[]> = {
  windows: [
    { manufacturer: 'HP', model: 'HP EliteBook 840 G10 Notebook PC', modelIdentifier: '' },
    { manufacturer: 'LENOVO', model: '20XW004QUS', modelIdentifier: '' },
    { manufacturer: 'Dell Inc.', model: 'Latitude 7440', modelIdentifier: '' },
    { manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 5', modelIdentifier: '' },
  ],
  macOS: [
    { manufacturer: 'Apple', model: 'MacBook Pro (14-inch, 2023)', modelIdentifier: 'Mac14,9' },
    { manufacturer: 'Apple', model: 'MacBook Air (13-inch, M2, 2022)', modelIdentifier: 'Mac14,2' },
    { manufacturer: 'Apple', model: 'iMac (24-inch, 2023)', modelIdentifier: 'Mac15,4' },
  ],
  iOS: [
    { manufacturer: 'Apple', model: 'iPhone 15', modelIdentifier: 'iPhone15,4' },
    { manufacturer: 'Apple', model: 'iPhone 14', modelIdentifier: 'iPhone14,7' },
    { manufacturer: 'Apple', model: 'iPad Air 11-inch (M2) (Wi-Fi)', modelIdentifier: 'iPad14,8' },
  ],
  android: [
    { manufacturer: 'Google', model: 'Pixel 7', modelIdentifier: '' },
    { manufacturer: 'samsung', model: 'SM-S911B', modelIdentifier: '' },
    { manufacturer: 'motorola', model: 'moto g84 5G', modelIdentifier: '' },
  ],
};
const OS_VERSIONS: Record<SimPlatform, readonly (readonly [string, string])[]> = {
  windows: [
    ['10.0.22631.3447', ''],
    ['10.0.19045.4170', ''],
    ['10.0.26100.2605', ''],
  ],
  macOS: [
    ['15.6.1', '24G90'],
    ['14.4.1', '23E224'],
    ['15.5', '24F74'],
  ],
  iOS: [
    ['18.6.2', '22G100'],
    ['17.4.1', '21E237'],
  ],
  android: [
    ['14', ''],
    ['13', ''],
    ['15', ''],
  ],
};
const SERIAL_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function serial(prefix: string, length: number, a: number, b: number, c: number): string {
  const rng = new Rng(hash32(a, b, c, 77));
  let out = prefix;
  while (out.length < length) out += SERIAL_CHARS[rng.nextU32() % SERIAL_CHARS.length];
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The state of a seeded fleet on one day. Every method is a pure function of (options, day, arguments). */
export class Fleet {
  readonly seed: number;
  readonly devices: number;
  readonly day: number;
  readonly baseDateMs: number;
  readonly jamfComputers: number;
  readonly jamfMobiles: number;
  private readonly enrolPerDay: number;
  private readonly bannedPrevalence: number;
  private readonly lookalikePrevalence: number;
  private readonly users: number;
  /** Corpus mode: per source, the corpus position of each device index (see FleetOptions.corpus). */
  private readonly corpusRows: Record<DeviceSource, number[]> | null = null;
  private readonly corpus: readonly PlantedTitle[] | null = null;
  private readonly corpusOffset: number = 0;

  constructor(options: FleetOptions, day: number) {
    this.seed = options.seed;
    this.devices = options.devices;
    this.day = day;
    this.baseDateMs = options.baseDateMs;
    this.jamfComputers = Math.round(options.devices * 0.7);
    this.jamfMobiles = options.devices - this.jamfComputers;
    if (options.corpus) {
      const corpus = options.corpus;
      const all = corpus.map((_, n) => n);
      this.corpus = corpus;
      this.corpusOffset = corpusOffset(corpus);
      this.corpusRows = {
        intune: all,
        jamfComputer: all.filter((n) => corpus[n].platform === 'macOS'),
        jamfMobile: all.filter((n) => corpus[n].platform === 'iOS'),
      };
      this.devices = corpus.length;
      this.jamfComputers = this.corpusRows.jamfComputer.length;
      this.jamfMobiles = this.corpusRows.jamfMobile.length;
    }
    this.enrolPerDay = Math.max(1, Math.round(options.devices * 0.002));
    this.bannedPrevalence = options.bannedPrevalence ?? 0.02;
    this.lookalikePrevalence = options.lookalikePrevalence ?? 0.02;
    this.users = Math.max(1, Math.ceil(options.devices / 1.4));
  }

  /** Size of a source's index space on this day (initial devices plus those enrolled since day 0). */
  indexSpace(source: DeviceSource): number {
    if (this.corpusRows) return this.corpusRows[source].length;
    const initial =
      source === 'intune' ? this.devices : source === 'jamfComputer' ? this.jamfComputers : this.jamfMobiles;
    const perDay = Math.max(1, Math.round(this.enrolPerDay * (initial / Math.max(1, this.devices))));
    return initial + this.day * perDay;
  }

  private enrolDay(source: DeviceSource, index: number): number {
    const initial =
      source === 'intune' ? this.devices : source === 'jamfComputer' ? this.jamfComputers : this.jamfMobiles;
    if (index < initial) return 0;
    const perDay = Math.max(1, Math.round(this.enrolPerDay * (initial / Math.max(1, this.devices))));
    return 1 + Math.floor((index - initial) / perDay);
  }

  private retireDay(source: DeviceSource, index: number): number {
    const s = SOURCE_CODE[source];
    return unit(this.seed, s, index, 71) < 0.1
      ? 1 + Math.floor(unit(this.seed, s, index, 72) * 60)
      : Infinity;
  }

  /** Whether the device at `index` is enrolled on this day. */
  exists(source: DeviceSource, index: number): boolean {
    if (index < 0 || index >= this.indexSpace(source)) return false;
    if (this.corpusRows) return true;
    return this.enrolDay(source, index) <= this.day && this.day < this.retireDay(source, index);
  }

  private platformOf(source: DeviceSource, index: number): SimPlatform {
    if (this.corpusRows && this.corpus) return this.corpus[this.corpusRows[source][index]].platform;
    if (source === 'jamfComputer') return 'macOS';
    if (source === 'jamfMobile') return 'iOS';
    const u = unit(this.seed, 1, index, 1);
    return u < 0.45 ? 'windows' : u < 0.65 ? 'macOS' : u < 0.85 ? 'iOS' : 'android';
  }

  /**
   * True when Intune device `index` and Jamf computer `index` are one Mac, whichever day it is: its plantings are
   * drawn once for both sources, so each reports the same titles (in its own spelling) while it is enrolled in it.
   */
  private isDualManagedMac(index: number): boolean {
    if (this.corpusRows) return false;
    return (
      index < this.jamfComputers &&
      this.platformOf('intune', index) === 'macOS' &&
      unit(this.seed, 5, index, 2) < 0.1
    );
  }

  /** True when Intune device `index` and Jamf computer `index` are the same Mac (same serial) on this day. */
  private sharesSerial(index: number): boolean {
    return this.isDualManagedMac(index) && this.exists('jamfComputer', index);
  }

  user(userIndex: number): SimUser {
    const first = FIRST[hash32(this.seed, userIndex, 3) % FIRST.length];
    const last = LAST[hash32(this.seed, userIndex, 4) % LAST.length];
    const username = `${first}.${last}${userIndex}`.toLowerCase();
    return {
      id: guid(this.seed, 40, userIndex),
      upn: `${username}@fabrikam.example`,
      displayName: `${first} ${last}`,
      username,
    };
  }

  /**
   * The device at `index`, or null when it is not enrolled on this day.
   * Long because it draws one device's fields from one seeded stream in a fixed order, on which every generated fleet
   * depends.
   */
  device(source: DeviceSource, index: number): SimDevice | null {
    if (!this.exists(source, index)) return null;
    const s = SOURCE_CODE[source];
    const seed = this.seed;
    const platform = this.platformOf(source, index);
    const rng = new Rng(hash32(seed, s, index, 9));
    const hardware = rng.pick(HARDWARE[platform]);
    const [osVersion, osBuild] = rng.pick(OS_VERSIONS[platform]);
    const hasUser = rng.next() >= 0.05;
    const user = hasUser ? this.user(rng.nextU32() % this.users) : null;
    const isPersonal =
      source !== 'jamfComputer' && platform !== 'windows' && platform !== 'macOS' ? rng.next() < 0.25 : false;
    const hasNoInventory = rng.next() < 0.03;
    const staleRoll = rng.next();
    const staleFromDay =
      staleRoll < 0.05 ? -1 : staleRoll < 0.08 ? 1 + Math.floor(rng.next() * 30) : Infinity;
    const isStale = staleFromDay <= this.day;
    const dayStartMs = this.baseDateMs + this.day * DAY_MS;
    const hoursAgo = rng.int(1, 20);
    const lastSyncMs =
      staleFromDay === -1
        ? this.baseDateMs - (30 + rng.int(0, 90)) * DAY_MS + rng.int(0, 86_399) * 1000
        : isStale
          ? this.baseDateMs + staleFromDay * DAY_MS - rng.int(1, 40_000) * 1000
          : dayStartMs - hoursAgo * 3_600_000 - rng.int(0, 3599) * 1000;
    const enrolDay = this.enrolDay(source, index);
    const enrolledMs =
      enrolDay > 0
        ? this.baseDateMs + enrolDay * DAY_MS - rng.int(3600, 80_000) * 1000
        : this.baseDateMs - rng.int(40, 900) * DAY_MS + rng.int(0, 86_399) * 1000;
    const compliance = rng.next();
    const isSharedSerial = source === 'intune' && this.sharesSerial(index);
    const serialNumber = isSharedSerial
      ? this.macSerial(index)
      : source === 'jamfComputer'
        ? this.macSerial(index)
        : platform === 'android'
          ? rng.next() < 0.5
            ? ''
            : serial('R5C', 11, seed, s, index)
          : platform === 'windows'
            ? serial(rng.pick(['5CG', 'PF', 'MP', 'CN']), 10, seed, s, index)
            : serial(platform === 'iOS' ? 'F' : 'C02', 12, seed, s, index);
    let name: string;
    if (source === 'intune') {
      const kind =
        platform === 'windows' ? 'LT' : platform === 'macOS' ? 'MBP' : platform === 'iOS' ? 'IPH' : 'AND';
      name = `FABRIKAM-${pad(index, 6)}-${kind}`;
    } else if (source === 'jamfComputer') {
      // Names repeat now and then: the default `general.name` sort is not a stable paging key.
      const nameIndex = index > 0 && unit(seed, 2, index, 33) < 0.01 ? index - 1 : index;
      name = `ACME-MAC-${pad(nameIndex, 6)}`;
    } else {
      name = `ACME-${hardware.model.startsWith('iPad') ? 'IPAD' : 'IPH'}-${pad(index, 6)}`;
    }
    const enrollmentType =
      platform === 'windows'
        ? 'windowsAzureADJoin'
        : isPersonal
          ? 'userEnrollment'
          : platform === 'android'
            ? 'unknownFutureValue'
            : 'appleBulkWithUser';
    const corpusRow = this.corpusRows?.[source][index];
    // A corpus device reports its one title, whoever owns it and however long since it checked in.
    const plain = corpusRow !== undefined;
    return {
      source,
      index,
      id: source === 'intune' ? intuneDeviceId(seed, index) : String(index + 1),
      name: plain ? `CORPUS-${pad(corpusRow, 6)}` : name,
      platform,
      serialNumber,
      udid:
        source === 'jamfMobile'
          ? `00008110-${hexId(2, seed, s, index).toUpperCase().slice(0, 16)}`
          : guid(seed, s + 10, index).toUpperCase(),
      managementId: guid(seed, s + 20, index),
      azureADDeviceId: guid(seed, s + 30, index),
      osVersion,
      osBuild,
      manufacturer: hardware.manufacturer,
      model: hardware.model,
      modelIdentifier: hardware.modelIdentifier,
      user,
      isPersonal: isPersonal && !plain,
      hasNoInventory: hasNoInventory && !plain,
      isManaged: source === 'intune' || plain ? true : !(rng.next() < 0.03),
      isStale: isStale && !plain,
      isSharedSerial,
      enrolledMs,
      lastSyncMs,
      complianceState:
        compliance < 0.8
          ? 'compliant'
          : compliance < 0.93
            ? 'noncompliant'
            : compliance < 0.98
              ? 'inGracePeriod'
              : 'unknownFutureValue',
      enrollmentType,
      salt: rng.nextU32(),
    };
  }

  private macSerial(jamfIndex: number): string {
    return serial('C02', 12, this.seed, 2, jamfIndex);
  }

  /** The day whose inventory a device reports: a stale device keeps the apps of the day it went quiet. */
  private appsDay(device: SimDevice): number {
    if (!device.isStale) return this.day;
    return Math.max(0, Math.min(this.day, Math.floor((device.lastSyncMs - this.baseDateMs) / DAY_MS)));
  }

  /**
   * Keys of the device's apps on this day, in the order of `apps` (see `appFromKey`). The array is scratch space
   * shared by all calls: valid until the next call. Renderers with cached entries need only these numbers, so a
   * walk builds no app objects and touches no catalogue entries for apps it has rendered before.
   */
  appKeys(device: SimDevice): Int32Array {
    if (device.hasNoInventory) return keyScratch.subarray(0, 0);
    if (this.corpusRows) {
      keyScratch[0] =
        (PLANTED_KEY_BASE + this.corpusOffset + this.corpusRows[device.source][device.index]) * 256;
      return keyScratch.subarray(0, 1);
    }
    const s = SOURCE_CODE[device.source];
    const seed = this.seed;
    const platform = device.platform;
    const day = this.appsDay(device);
    const rng = new Rng(hash32(seed, s, device.index, 11));
    const head = headSize(platform);
    let count = 0;
    // A stamp per title instead of a Set: this loop runs ~150 times per device, millions of times per walk.
    const stamp = ++seenStamp;
    const managedOnly = device.isPersonal;
    const slots = managedOnly
      ? MANAGED_HEAD_COUNT
      : isDesktop(platform)
        ? rng.int(100, 200)
        : rng.int(10, 60);
    for (let j = 0; j < slots; j++) {
      const slotHash = hash32(seed, device.index * 4 + s, j, 13);
      const phase = slotHash % CHANGE_PERIOD_DAYS;
      const epochs = Math.floor((day + phase) / CHANGE_PERIOD_DAYS);
      let draw = 0;
      let upgrades = 0;
      let present = (slotHash >>> 8) % 100 < (j < head ? 85 : 97);
      for (let e = 1; e <= epochs; e++) {
        const kind = hash32(slotHash, e, 14) % 10;
        if (kind < 5) upgrades++;
        else if (kind < 8) draw++;
        else present = !present;
      }
      if (!present) continue;
      let title: number;
      if (j < head) title = j;
      else {
        const u = unit(slotHash, draw, 15);
        title = head + Math.floor(TAIL_SIZE * u * u * u);
      }
      if (seenTitles[title] === stamp) continue;
      seenTitles[title] = stamp;
      // Head titles lag up to two versions behind; the long tail mostly runs one version, as in real tenants.
      const lag = j < head ? hash32(slotHash, 16) % 3 : hash32(slotHash, 16) % 5 === 0 ? 1 : 0;
      const v = Math.max(0, 2 + upgrades + Math.floor(day / 30) - lag) & 255;
      keyScratch[count++] = title * 256 + v;
    }
    if (!managedOnly) {
      const banned = this.planting(device, 'banned', day);
      if (banned >= 0) keyScratch[count++] = banned;
      const lookalike = this.planting(device, 'lookalike', day);
      if (lookalike >= 0) keyScratch[count++] = lookalike;
    }
    return keyScratch.subarray(0, count);
  }

  /** The device's apps on this day, in a stable order. Empty for devices that report no inventory. */
  apps(device: SimDevice): SimApp[] {
    const keys = this.appKeys(device);
    const out: SimApp[] = new Array<SimApp>(keys.length);
    for (let k = 0; k < keys.length; k++) out[k] = appFromKey(device.platform, keys[k]);
    return out;
  }

  /** Key of the banned title or lookalike planted on a device if present on `day`, else -1. */
  private planting(device: SimDevice, kind: 'banned' | 'lookalike', day: number): number {
    // A Mac in both Intune and Jamf draws as its Jamf computer record: one machine, one set of planted titles.
    const s =
      device.source === 'intune' && device.platform === 'macOS' && this.isDualManagedMac(device.index)
        ? SOURCE_CODE.jamfComputer
        : SOURCE_CODE[device.source];
    const stream = kind === 'banned' ? 201 : 202;
    const prevalence = kind === 'banned' ? this.bannedPrevalence : this.lookalikePrevalence;
    if (unit(this.seed, s, device.index, stream) >= prevalence) return -1;
    const rng = new Rng(hash32(this.seed, s, device.index, stream + 10));
    const startDay = rng.next() < 0.8 ? 0 : rng.int(1, 30);
    const endDay = rng.next() < 0.85 ? Infinity : startDay + rng.int(1, 30);
    if (day < startDay || day >= endDay) return -1;
    const pool = PLANTED_POOLS[device.platform][kind];
    if (pool.length === 0) return -1;
    const index = rng.pick(pool);
    const versionIndex = rng.nextU32() % ALL_PLANTED[index].versions.length;
    return (PLANTED_KEY_BASE + index) * 256 + versionIndex;
  }
}

/** The app a key of `Fleet.appKeys` stands for on a platform: a pure function of (platform, key). */
export function appFromKey(platform: SimPlatform, key: number): SimApp {
  const title = key >>> 8;
  const v = key & 255;
  if (title >= PLANTED_KEY_BASE) {
    const planted = ALL_PLANTED[title - PLANTED_KEY_BASE];
    return {
      key,
      name: planted.name,
      publisher: planted.publisher,
      bundleId: planted.bundleId,
      version: planted.versions[v],
      planted,
      isManagedApp: false,
    };
  }
  // Not cached: walks render each (platform, key) once into their own byte caches, so names and versions are
  // built a few hundred thousand times per fleet at most, and a cache of them cost more heap than it saved time.
  const t = catalogueTitle(platform, title);
  return {
    key,
    name: t.name,
    publisher: t.publisher,
    bundleId: t.bundleId,
    version: titleVersion(platform, title, v),
    isManagedApp: title < MANAGED_HEAD_COUNT,
  };
}
