import type { DeviceSource, Fleet, SimApp, SimDevice } from './fleet';
import { appFromKey, isPlantedKey } from './fleet';
import { detectedAppId } from './ids';
import { hash32 } from './prng';
import type { SimPlatform } from './platform';
import { platformCode } from './platform';

/**
 * One planted title on one device, as the control endpoint reports it: spelled as that source serves it
 * (Intune: display name and publisher, no bundle id; Jamf computers: `X.app`, bundle id and path; Jamf mobile
 * devices: name and identifier), so a test can compare a connector's output with it field by field.
 */
export interface Planting {
  source: 'intune' | 'jamf';
  deviceKind: 'managedDevice' | 'computer' | 'mobileDevice';
  deviceId: string;
  deviceName: string;
  serialNumber: string;
  platform: SimPlatform;
  name: string;
  version: string;
  /** Intune's publisher ('' on Apple platforms and Android); always '' for Jamf, which reports none. */
  publisher: string;
  /** Jamf `bundleId` / `identifier`; always '' for Intune, which reports none. */
  bundleId: string;
  /** Jamf computers: the app's `path`; '' elsewhere. */
  path: string;
  productId: string;
}

/** One row of the tenant's detectedApps catalogue. */
export interface DetectedAppRow {
  key: number;
  id: string;
  displayName: string;
  version: string;
  publisher: string;
  platform: SimPlatform;
  deviceCount: number;
}

/** Everything that needs a full walk of the fleet, computed once per day on demand. */
export interface FleetSummary {
  seed: number;
  day: number;
  intune: {
    devices: number;
    installations: number;
    byPlatform: Record<SimPlatform, number>;
    staleDevices: number;
    devicesWithoutInventory: number;
    personalDevices: number;
  };
  jamf: {
    computers: number;
    computerInstallations: number;
    mobileDevices: number;
    mobileInstallations: number;
    staleComputers: number;
    unmanagedComputers: number;
  };
  sharedSerials: number;
  plantings: Planting[];
}

/** The aggregate key of an app: platform plus (title, version). */
export function aggregateKey(platform: SimPlatform, app: SimApp): number {
  return platformCode(platform) * 2 ** 28 + app.key;
}

/** Calls `visit` for every enrolled device of a source on the fleet's day, in index order. */
export function forEachDevice(fleet: Fleet, source: DeviceSource, visit: (device: SimDevice) => void): void {
  const space = fleet.indexSpace(source);
  for (let i = 0; i < space; i++) {
    const device = fleet.device(source, i);
    if (device) visit(device);
  }
}

function plantingOf(device: SimDevice, app: SimApp): Planting | null {
  if (!app.planted) return null;
  const intune = device.source === 'intune';
  const computer = device.source === 'jamfComputer';
  return {
    source: intune ? 'intune' : 'jamf',
    deviceKind: intune ? 'managedDevice' : computer ? 'computer' : 'mobileDevice',
    deviceId: device.id,
    deviceName: device.name,
    serialNumber: device.serialNumber,
    platform: device.platform,
    name: intune ? intuneDisplayName(device.platform, app) : computer ? jamfAppFileName(app) : app.name,
    version: app.version,
    publisher: intune ? app.publisher : '',
    bundleId: intune ? '' : app.bundleId,
    path: computer ? jamfAppPath(device, app) : '',
    productId: app.planted.productId,
  };
}

/** Walks the whole fleet once and counts what every endpoint will serve. */
export function summarizeFleet(fleet: Fleet): FleetSummary {
  const byPlatform: Record<SimPlatform, number> = { windows: 0, macOS: 0, iOS: 0, android: 0 };
  const summary: FleetSummary = {
    seed: fleet.seed,
    day: fleet.day,
    intune: {
      devices: 0,
      installations: 0,
      byPlatform,
      staleDevices: 0,
      devicesWithoutInventory: 0,
      personalDevices: 0,
    },
    jamf: {
      computers: 0,
      computerInstallations: 0,
      mobileDevices: 0,
      mobileInstallations: 0,
      staleComputers: 0,
      unmanagedComputers: 0,
    },
    sharedSerials: 0,
    plantings: [],
  };
  // By key: only planted apps need names, so the walk builds no app objects.
  const collect = (device: SimDevice, keys: Int32Array) => {
    for (let k = 0; k < keys.length; k++) {
      if (!isPlantedKey(keys[k])) continue;
      const planting = plantingOf(device, appFromKey(device.platform, keys[k]));
      if (planting) summary.plantings.push(planting);
    }
  };
  forEachDevice(fleet, 'intune', (device) => {
    const apps = fleet.appKeys(device);
    summary.intune.devices++;
    summary.intune.installations += apps.length;
    byPlatform[device.platform]++;
    if (device.isStale) summary.intune.staleDevices++;
    if (device.hasNoInventory) summary.intune.devicesWithoutInventory++;
    if (device.isPersonal) summary.intune.personalDevices++;
    if (device.isSharedSerial) summary.sharedSerials++;
    collect(device, apps);
  });
  forEachDevice(fleet, 'jamfComputer', (device) => {
    const apps = fleet.appKeys(device);
    summary.jamf.computers++;
    summary.jamf.computerInstallations += apps.length;
    if (device.isStale) summary.jamf.staleComputers++;
    if (!device.isManaged) summary.jamf.unmanagedComputers++;
    collect(device, apps);
  });
  forEachDevice(fleet, 'jamfMobile', (device) => {
    const apps = fleet.appKeys(device);
    summary.jamf.mobileDevices++;
    summary.jamf.mobileInstallations += apps.length;
    collect(device, apps);
  });
  return summary;
}

/** The Intune tenant's detectedApps catalogue, plus the devices behind each planted row. */
export interface DetectedAppsIndex {
  rows: DetectedAppRow[];
  byKey: Map<number, DetectedAppRow>;
  /** Device indexes per aggregate key, kept for planted titles only (the ones clients drill into). */
  plantedDevices: Map<number, number[]>;
}

/** Aggregates every Intune installation into detectedApps rows, ordered by key (a stable catalogue order). */
export function indexDetectedApps(fleet: Fleet): DetectedAppsIndex {
  const byKey = new Map<number, DetectedAppRow>();
  const plantedDevices = new Map<number, number[]>();
  forEachDevice(fleet, 'intune', (device) => {
    const keys = fleet.appKeys(device);
    const base = platformCode(device.platform) * 2 ** 28;
    for (let k = 0; k < keys.length; k++) {
      const key = base + keys[k];
      let row = byKey.get(key);
      if (!row) {
        const app = appFromKey(device.platform, keys[k]);
        row = {
          key,
          id: detectedAppId(fleet.seed, key),
          displayName: intuneDisplayName(device.platform, app),
          version: app.version,
          publisher: app.publisher,
          platform: device.platform,
          deviceCount: 0,
        };
        byKey.set(key, row);
      }
      row.deviceCount++;
      if (isPlantedKey(keys[k])) {
        const list = plantedDevices.get(key) ?? [];
        list.push(device.index);
        plantedDevices.set(key, list);
      }
    }
  });
  const rows = [...byKey.values()].sort((a, b) => a.key - b.key);
  return { rows, byKey, plantedDevices };
}

/** What Intune shows as an app's displayName (detectedApp has no bundle id field; docs/mdm-apis.md §5). */
export function intuneDisplayName(_platform: SimPlatform, app: SimApp): string {
  return app.name;
}

/** Jamf computer `name` of an app: the bundle's file name with `.app` (docs/mdm-apis.md §8), e.g. Feishu's `Lark.app`. */
export function jamfAppFileName(app: SimApp): string {
  return `${app.planted?.fileName ?? app.name}.app`;
}

/**
 * True when Jamf found this app in the user's own Applications folder rather than /Applications: a few catalogue
 * entries everywhere (by key, so the renderer's per-key cache holds the rest) and some planted titles per device.
 */
export function isInUserApplications(device: SimDevice, key: number): boolean {
  if (device.user === null) return false;
  return (key & 15) === 7 || (isPlantedKey(key) && hash32(device.index, key, 43) % 4 === 0);
}

/** Jamf computer `path` of an app on a device. */
export function jamfAppPath(device: SimDevice, app: SimApp): string {
  const user = device.user;
  return user && isInUserApplications(device, app.key)
    ? `/Users/${user.username}/Applications/${jamfAppFileName(app)}`
    : `/Applications/${jamfAppFileName(app)}`;
}
