import type { SimApp, SimDevice } from '../fleet';
import { appFromKey, isInUserApplications, jamfAppFileName, jamfAppPath } from '../fleet';
import type { JsonSink } from './respond';
import { AppBytes, jamfJson, RawJamfJson } from './respond';

/** Computer inventory sections (v2–v4); v1 adds PLUGINS and FONTS (docs/mdm-apis.md §8). */
export const COMPUTER_SECTIONS = [
  'GENERAL',
  'DISK_ENCRYPTION',
  'PURCHASING',
  'APPLICATIONS',
  'STORAGE',
  'USER_AND_LOCATION',
  'CONFIGURATION_PROFILES',
  'PRINTERS',
  'SERVICES',
  'HARDWARE',
  'LOCAL_USER_ACCOUNTS',
  'CERTIFICATES',
  'ATTACHMENTS',
  'PACKAGE_RECEIPTS',
  'SECURITY',
  'OPERATING_SYSTEM',
  'LICENSED_SOFTWARE',
  'IBEACONS',
  'SOFTWARE_UPDATES',
  'EXTENSION_ATTRIBUTES',
  'CONTENT_CACHING',
  'GROUP_MEMBERSHIPS',
] as const;

export const MOBILE_SECTIONS = [
  'GENERAL',
  'HARDWARE',
  'USER_AND_LOCATION',
  'PURCHASING',
  'SECURITY',
  'APPLICATIONS',
  'EBOOKS',
  'NETWORK',
  'SERVICE_SUBSCRIPTIONS',
  'CERTIFICATES',
  'PROFILES',
  'USER_PROFILES',
  'PROVISIONING_PROFILES',
  'SHARED_USERS',
  'GROUPS',
  'EXTENSION_ATTRIBUTES',
] as const;

const DAY_MS = 86_400_000;

/** Jamf timestamps: sometimes with milliseconds, sometimes without (docs/mdm-apis.md §10). */
function stamp(ms: number, withMillis: boolean): string {
  const text = new Date(ms).toISOString();
  return withMillis ? text : text.slice(0, 19) + 'Z';
}

function ip(salt: number, base: string): string {
  return `${base}.${(salt >>> 8) & 255}.${salt & 255}`;
}

// Computer record keys in the order of a real response (fixtures/jamf/computers-inventory-page0.json): the order
// differs from the schema on purpose, clients must not parse positionally.
const COMPUTER_KEYS: readonly [string, string][] = [
  ['general', 'GENERAL'],
  ['applications', 'APPLICATIONS'],
  ['userAndLocation', 'USER_AND_LOCATION'],
  ['hardware', 'HARDWARE'],
  ['operatingSystem', 'OPERATING_SYSTEM'],
  ['diskEncryption', 'DISK_ENCRYPTION'],
  ['purchasing', 'PURCHASING'],
  ['storage', 'STORAGE'],
  ['configurationProfiles', 'CONFIGURATION_PROFILES'],
  ['printers', 'PRINTERS'],
  ['services', 'SERVICES'],
  ['localUserAccounts', 'LOCAL_USER_ACCOUNTS'],
  ['certificates', 'CERTIFICATES'],
  ['attachments', 'ATTACHMENTS'],
  ['packageReceipts', 'PACKAGE_RECEIPTS'],
  ['security', 'SECURITY'],
  ['licensedSoftware', 'LICENSED_SOFTWARE'],
  ['ibeacons', 'IBEACONS'],
  ['softwareUpdates', 'SOFTWARE_UPDATES'],
  ['extensionAttributes', 'EXTENSION_ATTRIBUTES'],
  ['contentCaching', 'CONTENT_CACHING'],
  ['groupMemberships', 'GROUP_MEMBERSHIPS'],
];
const OBJECT_SECTIONS = new Set([
  'diskEncryption',
  'purchasing',
  'storage',
  'security',
  'contentCaching',
  'packageReceipts',
]);

function computerGeneral(device: SimDevice, apiVersion: number): Record<string, unknown> {
  const withMillis = device.salt % 3 !== 0;
  const reportMs = device.lastSyncMs - ((device.salt >>> 4) % 7200) * 1000;
  const user = device.user;
  const general: Record<string, unknown> = {
    name: device.name,
    lastIpAddress: ip(device.salt, '203.0'),
  };
  if (apiVersion < 4) general.lastReportedIp = ip(device.salt, '10.20');
  Object.assign(general, {
    lastReportedIpV4: ip(device.salt, '10.20'),
    lastReportedIpV6: null,
    jamfBinaryVersion: '11.29.1-t1782156420899',
    platform: 'Mac',
    barcode1: null,
    barcode2: null,
    assetTag: `ACME-${String(device.index + 1).padStart(5, '0')}`,
    remoteManagement: { managed: device.isManaged, managementUsername: null },
    supervised: device.isManaged,
    mdmCapable: { capable: device.isManaged, capableUsers: [], userManagementInfo: [] },
    reportDate: stamp(reportMs, withMillis),
  });
  if (apiVersion >= 4) {
    general.lastCheckIn = stamp(device.lastSyncMs, withMillis);
    general.lastContact = stamp(device.lastSyncMs, withMillis);
  } else {
    general.lastContactTime = stamp(device.lastSyncMs, withMillis);
  }
  Object.assign(general, {
    lastCloudBackupDate: null,
    lastEnrolledDate: stamp(device.enrolledMs, true),
    mdmProfileExpiration: stamp(device.enrolledMs + 730 * DAY_MS, false),
    initialEntryDate: new Date(device.enrolledMs).toISOString().slice(0, 10),
    distributionPoint: null,
    enrollmentMethod: { id: '3', objectName: 'ACME Mac PreStage', objectType: 'Automated Device Enrollment' },
    site: { id: '-1', name: 'None' },
    itunesStoreAccountActive: false,
    enrolledViaAutomatedDeviceEnrollment: device.isManaged,
    userApprovedMdm: device.isManaged,
    declarativeDeviceManagementEnabled: device.isManaged,
    extensionAttributes: [],
    managementId: device.managementId,
    lastLoggedInUsernameSelfService: null,
    lastLoggedInUsernameSelfServiceTimestamp: null,
    lastLoggedInUsernameBinary: user?.username ?? null,
    lastLoggedInUsernameBinaryTimestamp: user ? stamp(device.lastSyncMs, withMillis) : null,
    lastLoggedInUsernameMdm: null,
    lastLoggedInUsernameMdmTimestamp: null,
  });
  return general;
}

// Rendered app entries per list kind (computer API version and indent, mobile detail indent), by app key.
const appBytesByKind = new Map<string, AppBytes>();
const EMPTY_KEYS = new Int32Array(0);
const LIST_OPEN = Buffer.from('[ ');
const LIST_SEPARATOR = Buffer.from(', ');
const LIST_CLOSE = Buffer.from(' ]');

function appBytes(kind: string): AppBytes {
  let cache = appBytesByKind.get(kind);
  if (!cache) appBytesByKind.set(kind, (cache = new AppBytes()));
  return cache;
}

/** Writes `[ a, b, … ]` of app entries by key; `own` renders the few entries that differ per device (or null). */
function writeAppList(
  out: JsonSink,
  keys: Int32Array,
  cache: AppBytes,
  render: (key: number) => string,
  own: ((key: number) => string | null) | null,
): void {
  if (keys.length === 0) {
    out.text('[ ]');
    return;
  }
  out.raw(LIST_OPEN);
  for (let k = 0; k < keys.length; k++) {
    if (k > 0) out.raw(LIST_SEPARATOR);
    const text = own ? own(keys[k]) : null;
    if (text !== null) out.text(text);
    else cache.write(out, keys[k], render);
  }
  out.raw(LIST_CLOSE);
}

function renderComputerApp(app: SimApp, path: string, indent: string, apiVersion: number): string {
  const i1 = indent + '  ';
  const dot = app.version.lastIndexOf('.');
  const short = dot > 0 ? app.version.slice(0, dot) : app.version;
  const build = dot > 0 ? app.version.slice(dot + 1) : app.version;
  const macAppStore = (app.key & 7) === 3;
  let text = `{\n${i1}"name" : ${JSON.stringify(jamfAppFileName(app))},\n${i1}"path" : ${JSON.stringify(path)},\n${i1}"version" : ${JSON.stringify(app.version)},\n`;
  if (apiVersion >= 3)
    text += `${i1}"cfBundleShortVersionString" : ${JSON.stringify(short)},\n${i1}"cfBundleVersion" : ${JSON.stringify(build)},\n`;
  text += `${i1}"macAppStore" : ${macAppStore},\n${i1}"sizeMegabytes" : ${(app.key >>> 4) % 900},\n${i1}"bundleId" : ${JSON.stringify(app.bundleId)},\n${i1}"updateAvailable" : false,\n${i1}"externalVersionId" : ${macAppStore ? `"${800000000 + (app.key % 99999999)}"` : 'null'}\n${indent}}`;
  return text;
}

function computerApps(device: SimDevice, keys: Int32Array, apiVersion: number): RawJamfJson {
  // A Mac carries 100–200 apps: this is the bulk of the Jamf side's bytes.
  return new RawJamfJson((indent, out) => {
    const render = (key: number) => {
      const app = appFromKey('macOS', key);
      return renderComputerApp(app, `/Applications/${jamfAppFileName(app)}`, indent, apiVersion);
    };
    writeAppList(
      out,
      keys,
      appBytes(`computer|${apiVersion}|${indent}`),
      render,
      // Some apps live in the user's own Applications folder: their path names the user.
      device.user === null
        ? null
        : (key) => {
            if (!isInUserApplications(device, key)) return null;
            const app = appFromKey('macOS', key);
            return renderComputerApp(app, jamfAppPath(device, app), indent, apiVersion);
          },
    );
  });
}

/**
 * One computers-inventory record with the requested sections (others null), shaped for API version 1–4.
 * `appKeys` (from `Fleet.appKeys`) is read when the record is written, so write it before the next appKeys call.
 * Long because it is the record's sections written out field by field, in Jamf's order, per API version.
 */
export function computerRecord(
  device: SimDevice,
  appKeys: Int32Array | null,
  sections: ReadonlySet<string>,
  apiVersion: number,
): Record<string, unknown> {
  const record: Record<string, unknown> = { id: device.id, udid: device.udid };
  const user = device.user;
  for (const [key, section] of COMPUTER_KEYS) {
    if (!sections.has(section)) {
      record[key] = null;
      continue;
    }
    switch (key) {
      case 'general':
        record.general = computerGeneral(device, apiVersion);
        break;
      case 'applications':
        record.applications = computerApps(device, appKeys ?? EMPTY_KEYS, apiVersion);
        break;
      case 'userAndLocation':
        record.userAndLocation = {
          username: user?.username ?? '',
          realname: user?.displayName ?? '',
          email: user?.upn.replace('@fabrikam.example', '@acme.example') ?? '',
          position: '',
          phone: '',
          departmentId: '-1',
          buildingId: '-1',
          room: '',
          extensionAttributes: [],
        };
        break;
      case 'hardware':
        record.hardware = {
          make: 'Apple',
          model: device.model,
          modelIdentifier: device.modelIdentifier,
          serialNumber: device.serialNumber,
          processorSpeedMhz: 0,
          processorCount: 1,
          coreCount: 8,
          processorType: 'Apple M2',
          processorArchitecture: 'arm64',
          busSpeedMhz: 0,
          cacheSizeKilobytes: 0,
          networkAdapterType: 'IEEE80211',
          macAddress: `02:00:5E:10:${((device.salt >>> 8) & 255).toString(16).padStart(2, '0').toUpperCase()}:${(device.salt & 255).toString(16).padStart(2, '0').toUpperCase()}`,
          altNetworkAdapterType: null,
          altMacAddress: null,
          totalRamMegabytes: 16384,
          openRamSlots: 0,
          batteryCapacityPercent: 80 + (device.salt % 20),
          batteryHealth: 'NORMAL',
          smcVersion: null,
          nicSpeed: 'n/a',
          opticalDrive: null,
          bootRom: '11881.1.1',
          bleCapable: true,
          supportsIosAppInstalls: true,
          appleSilicon: true,
          provisioningUdid: null,
          extensionAttributes: [],
        };
        break;
      case 'operatingSystem':
        record.operatingSystem = {
          name: 'macOS',
          version: device.osVersion,
          build: device.osBuild,
          supplementalBuildVersion: device.osBuild,
          rapidSecurityResponse: null,
          activeDirectoryStatus: 'Not Bound',
          fileVault2Status: device.salt % 10 === 0 ? 'NOT_ENCRYPTED' : 'ALL_ENCRYPTED',
          softwareUpdateDeviceId: 'J413AP',
          extensionAttributes: [],
        };
        break;
      default:
        record[key] = OBJECT_SECTIONS.has(key) ? {} : [];
    }
  }
  if (apiVersion === 1) {
    record.plugins = sections.has('PLUGINS') ? [] : null;
    record.fonts = sections.has('FONTS') ? [] : null;
  }
  return record;
}

/** Field values for RSQL filters and sorts on computers (v4 names and their v1–v3 spellings). */
export function computerField(
  device: SimDevice,
  field: string,
): string | number | boolean | null | undefined {
  switch (field) {
    case 'id':
      return device.index + 1;
    case 'udid':
      return device.udid;
    case 'general.name':
      return device.name;
    case 'general.reportDate':
      return new Date(device.lastSyncMs - ((device.salt >>> 4) % 7200) * 1000).toISOString();
    case 'general.lastContactTime':
    case 'general.lastContact':
    case 'general.lastCheckIn':
      return new Date(device.lastSyncMs).toISOString();
    case 'general.remoteManagement.managed':
      return device.isManaged;
    case 'general.platform':
      return 'Mac';
    case 'general.managementId':
      return device.managementId;
    case 'general.assetTag':
      return `ACME-${String(device.index + 1).padStart(5, '0')}`;
    case 'hardware.serialNumber':
      return device.serialNumber;
    case 'hardware.model':
      return device.model;
    case 'hardware.modelIdentifier':
      return device.modelIdentifier;
    case 'hardware.appleSilicon':
      return true;
    case 'operatingSystem.name':
      return 'macOS';
    case 'operatingSystem.version':
      return device.osVersion;
    case 'operatingSystem.build':
      return device.osBuild;
    case 'userAndLocation.username':
      return device.user?.username ?? '';
    case 'userAndLocation.email':
      return device.user?.upn.replace('@fabrikam.example', '@acme.example') ?? '';
    case 'userAndLocation.realname':
      return device.user?.displayName ?? '';
    default:
      return undefined;
  }
}

/** Computer fields a filter may name, per API version. */
export function computerFilterFields(apiVersion: number): Set<string> {
  const fields = [
    'id',
    'udid',
    'general.name',
    'general.reportDate',
    'general.remoteManagement.managed',
    'general.platform',
    'general.managementId',
    'general.assetTag',
    'hardware.serialNumber',
    'hardware.model',
    'hardware.modelIdentifier',
    'hardware.appleSilicon',
    'operatingSystem.name',
    'operatingSystem.version',
    'operatingSystem.build',
    'userAndLocation.username',
    'userAndLocation.email',
    'userAndLocation.realname',
  ];
  fields.push(
    ...(apiVersion >= 4 ? ['general.lastContact', 'general.lastCheckIn'] : ['general.lastContactTime']),
  );
  return new Set(fields);
}

function mobileAppEntry(app: SimApp, detail: boolean): Record<string, unknown> {
  const dot = app.version.lastIndexOf('.');
  const short = dot > 0 ? app.version.slice(0, dot) : app.version;
  if (!detail) return { identifier: app.bundleId, name: app.name, version: app.version, shortVersion: short };
  return {
    identifier: app.bundleId,
    name: app.name,
    version: app.version,
    shortVersion: short,
    managementStatus: app.isManagedApp ? 'Managed' : 'Unmanaged',
    validationStatus: true,
    bundleSize: String(((app.key >>> 3) % 500) * 1_048_576 + 20_480),
    dynamicSize: String(((app.key >>> 5) % 64) * 4096),
    appClip: false,
  };
}

/** Mobile app entries; personal (User Enrollment) devices list only managed apps. */
function mobileApps(apps: readonly SimApp[], detail: boolean): Record<string, unknown>[] {
  return apps.map((app) => mobileAppEntry(app, detail));
}

/** The detail listing's app entries, rendered once per app (an entry depends on the app alone). */
function mobileDetailApps(keys: Int32Array): RawJamfJson {
  return new RawJamfJson((indent, out) =>
    writeAppList(
      out,
      keys,
      appBytes(`mobile|${indent}`),
      (key) => jamfJson(mobileAppEntry(appFromKey('iOS', key), true), indent),
      null,
    ),
  );
}

function ownership(device: SimDevice): string {
  return device.isPersonal ? 'UserEnrollment' : 'Institutional';
}

/** `/api/v2/mobile-devices` list item. */
export function mobileListItem(device: SimDevice): Record<string, unknown> {
  return {
    id: device.id,
    name: device.name,
    serialNumber: device.serialNumber,
    wifiMacAddress: `02:00:5E:20:${((device.salt >>> 8) & 255).toString(16).padStart(2, '0').toUpperCase()}:${(device.salt & 255).toString(16).padStart(2, '0').toUpperCase()}`,
    udid: device.udid,
    phoneNumber: '',
    model: device.model,
    modelIdentifier: device.modelIdentifier,
    username: device.user?.username ?? '',
    type: 'ios',
    managementId: device.managementId,
    softwareUpdateDeviceId: device.model.startsWith('iPad') ? 'J507AP' : 'D37AP',
  };
}

const MOBILE_KEYS: readonly [string, string][] = [
  ['hardware', 'HARDWARE'],
  ['userAndLocation', 'USER_AND_LOCATION'],
  ['applications', 'APPLICATIONS'],
  ['certificates', 'CERTIFICATES'],
  ['profiles', 'PROFILES'],
  ['groups', 'GROUPS'],
  ['extensionAttributes', 'EXTENSION_ATTRIBUTES'],
  ['general', 'GENERAL'],
  ['security', 'SECURITY'],
  ['ebooks', 'EBOOKS'],
  ['network', 'NETWORK'],
  ['serviceSubscriptions', 'SERVICE_SUBSCRIPTIONS'],
  ['provisioningProfiles', 'PROVISIONING_PROFILES'],
  ['sharedUsers', 'SHARED_USERS'],
  ['purchasing', 'PURCHASING'],
  ['userProfiles', 'USER_PROFILES'],
];

/**
 * `/api/v2/mobile-devices/detail` result (key order of fixtures/jamf/mobile-devices-detail-page0.json);
 * `appKeys` as for `computerRecord`.
 * Long because it is the record written out field by field, in Jamf's order.
 */
export function mobileDetailRecord(
  device: SimDevice,
  appKeys: Int32Array | null,
  sections: ReadonlySet<string>,
  broken: boolean,
): Record<string, unknown> {
  const record: Record<string, unknown> = { mobileDeviceId: device.id, deviceType: 'iOS' };
  const user = device.user;
  for (const [key, section] of MOBILE_KEYS) {
    if (!sections.has(section)) {
      record[key] = null;
      continue;
    }
    switch (key) {
      case 'hardware':
        // A device whose data Jamf could not process: LENIENT nulls the section (docs/mdm-apis.md §9).
        record.hardware = broken
          ? null
          : {
              capacityMb: 122070,
              availableSpaceMb: 30000 + (device.salt % 60000),
              usedSpacePercentage: 40 + (device.salt % 50),
              batteryLevel: device.salt % 100,
              batteryHealth: 'NORMAL',
              serialNumber: device.serialNumber,
              wifiMacAddress: mobileListItem(device).wifiMacAddress,
              bluetoothMacAddress: '02:00:5E:20:02:01',
              modemFirmwareVersion: '',
              model: device.model,
              modelIdentifier: device.modelIdentifier,
              modelNumber: '',
              bluetoothLowEnergyCapable: true,
              deviceId: '',
              extensionAttributes: [],
            };
        break;
      case 'userAndLocation':
        record.userAndLocation = {
          username: user?.username ?? '',
          realName: user?.displayName ?? '',
          emailAddress: user?.upn.replace('@fabrikam.example', '@acme.example') ?? '',
          position: '',
          phoneNumber: '',
          departmentId: '-1',
          buildingId: '-1',
          room: '',
          building: '',
          department: '',
          extensionAttributes: [],
        };
        break;
      case 'applications':
        record.applications = mobileDetailApps(appKeys ?? EMPTY_KEYS);
        break;
      case 'general':
        record.general = {
          udid: device.udid,
          displayName: device.name,
          assetTag: '',
          siteId: '-1',
          lastInventoryUpdateDate: stamp(device.lastSyncMs - 3_600_000, true),
          lastContactDate: stamp(device.lastSyncMs, true),
          osVersion: device.osVersion,
          osRapidSecurityResponse: '',
          osBuild: device.osBuild,
          osSupplementalBuildVersion: device.osBuild,
          softwareUpdateDeviceId: '',
          ipAddress: ip(device.salt, '10.50'),
          managed: true,
          supervised: !device.isPersonal,
          deviceOwnershipType: ownership(device),
          enrollmentMethodPrestage: null,
          enrollmentSessionTokenValid: false,
          lastEnrolledDate: stamp(device.enrolledMs, true),
          mdmProfileExpirationDate: stamp(device.enrolledMs + 730 * DAY_MS, true),
          timeZone: 'Europe/Berlin',
          declarativeDeviceManagementEnabled: true,
          managementId: device.managementId,
          extensionAttributes: [],
          sharedIpad: false,
        };
        break;
      case 'security':
      case 'network':
      case 'purchasing':
        record[key] = {};
        break;
      default:
        record[key] = [];
    }
  }
  return record;
}

/**
 * `/api/v2/mobile-devices/{id}/detail`: everything, apps under `ios.applications` (fixture mobile-device-101-detail.json).
 * Long because it is the record written out field by field, in Jamf's order.
 */
export function mobileFullDetail(device: SimDevice, apps: readonly SimApp[]): Record<string, unknown> {
  const user = device.user;
  const list = mobileListItem(device);
  return {
    id: device.id,
    name: device.name,
    enforceName: false,
    assetTag: `ACME-M${String(device.index + 1).padStart(4, '0')}`,
    lastInventoryUpdateTimestamp: stamp(device.lastSyncMs - 3_600_000, true),
    lastContactTimestamp: stamp(device.lastSyncMs, true),
    osVersion: device.osVersion,
    osBuild: device.osBuild,
    osSupplementalBuildVersion: device.osBuild,
    osRapidSecurityResponse: '',
    softwareUpdateDeviceId: list.softwareUpdateDeviceId,
    serialNumber: device.serialNumber,
    udid: device.udid,
    ipAddress: ip(device.salt, '10.50'),
    wifiMacAddress: list.wifiMacAddress,
    bluetoothMacAddress: '02:00:5E:20:02:01',
    managed: true,
    timeZone: 'Europe/Berlin',
    initialEntryTimestamp: stamp(device.enrolledMs, true),
    lastEnrollmentTimestamp: stamp(device.enrolledMs, true),
    mdmProfileExpirationTimestamp: stamp(device.enrolledMs + 730 * DAY_MS, true),
    deviceOwnershipLevel: ownership(device),
    enrollmentMethod: 'Prestage enrollment: ACME iPads',
    enrollmentSessionTokenValid: false,
    declarativeDeviceManagementEnabled: true,
    site: { id: '-1', name: 'None', divisionId: '-1' },
    extensionAttributes: [],
    location: {
      username: user?.username ?? '',
      realName: user?.displayName ?? '',
      emailAddress: user?.upn.replace('@fabrikam.example', '@acme.example') ?? '',
      position: '',
      phoneNumber: '',
      departmentId: '-1',
      buildingId: '-1',
      room: '',
    },
    type: 'ios',
    ios: {
      model: device.model,
      modelIdentifier: device.modelIdentifier,
      modelNumber: '',
      supervised: !device.isPersonal,
      batteryLevel: device.salt % 100,
      batteryHealth: 'NORMAL',
      lastBackupTimestamp: null,
      capacityMb: 122070,
      availableMb: 30000 + (device.salt % 60000),
      percentageUsed: 40 + (device.salt % 50),
      shared: false,
      purchasing: null,
      security: null,
      network: null,
      serviceSubscriptions: [],
      applications: mobileApps(apps, false),
      certificates: [],
      ebooks: [],
      mdmCapableUsers: [],
      configurationProfiles: [],
      provisioningProfiles: [],
      attachments: [],
    },
    tvos: null,
    watchos: null,
    visionos: null,
    managementId: device.managementId,
    groups: [],
  };
}

/** Field values for mobile detail filters and sorts (flat names, docs/mdm-apis.md §9). */
export function mobileField(device: SimDevice, field: string): string | number | boolean | null | undefined {
  switch (field) {
    case 'mobileDeviceId':
    case 'id':
      return device.index + 1;
    case 'udid':
      return device.udid;
    case 'serialNumber':
      return device.serialNumber;
    case 'displayName':
    case 'name':
      return device.name;
    case 'managed':
      return true;
    case 'supervised':
      return !device.isPersonal;
    case 'osVersion':
      return device.osVersion;
    case 'model':
      return device.model;
    case 'modelIdentifier':
      return device.modelIdentifier;
    case 'username':
      return device.user?.username ?? '';
    case 'emailAddress':
      return device.user?.upn.replace('@fabrikam.example', '@acme.example') ?? '';
    case 'lastInventoryUpdateDate':
      return new Date(device.lastSyncMs - 3_600_000).toISOString();
    case 'lastContactDate':
      return new Date(device.lastSyncMs).toISOString();
    default:
      return undefined;
  }
}

export const MOBILE_FILTER_FIELDS = new Set([
  'mobileDeviceId',
  'udid',
  'serialNumber',
  'displayName',
  'managed',
  'supervised',
  'osVersion',
  'model',
  'modelIdentifier',
  'username',
  'emailAddress',
  'lastInventoryUpdateDate',
  'lastContactDate',
]);
