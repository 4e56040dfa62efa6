import type { SimDevice } from '../fleet';

const NEVER = '0001-01-01T00:00:00Z';

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function operatingSystem(device: SimDevice): string {
  switch (device.platform) {
    case 'windows':
      return 'Windows';
    case 'macOS':
      return 'macOS';
    case 'iOS':
      return device.model.startsWith('iPad') ? 'iPadOS' : 'iOS';
    case 'android':
      return 'Android';
  }
}

/**
 * The managedDevice entity (v1.0 property order of fixtures/intune/managedDevice-full.json; beta adds a few).
 * Long because it is the managedDevice entity written out property by property, in Graph's order.
 */
export function managedDeviceRecord(device: SimDevice, beta: boolean): Record<string, unknown> {
  const user = device.user;
  const mac = device.platform === 'macOS' || device.platform === 'iOS';
  const record: Record<string, unknown> = {
    id: device.id,
    userId: user?.id ?? '',
    deviceName: device.name,
    managedDeviceOwnerType: device.isPersonal ? 'personal' : 'company',
    enrolledDateTime: iso(device.enrolledMs),
    lastSyncDateTime: iso(device.lastSyncMs),
    operatingSystem: operatingSystem(device),
    complianceState: device.complianceState,
    jailBroken: device.platform === 'iOS' || device.platform === 'android' ? 'False' : 'Unknown',
    managementAgent: 'mdm',
    osVersion: device.platform === 'macOS' ? `${device.osVersion} (${device.osBuild})` : device.osVersion,
    easActivated: false,
    easDeviceId: '',
    easActivationDateTime: NEVER,
    azureADRegistered: true,
    deviceEnrollmentType: device.enrollmentType,
    activationLockBypassCode: null,
    emailAddress: user?.upn ?? '',
    azureADDeviceId: device.azureADDeviceId,
    deviceRegistrationState: 'registered',
    deviceCategoryDisplayName: 'Unknown',
    isSupervised: mac && !device.isPersonal,
    exchangeLastSuccessfulSyncDateTime: NEVER,
    exchangeAccessState: 'none',
    exchangeAccessStateReason: 'none',
    remoteAssistanceSessionUrl: null,
    remoteAssistanceSessionErrorDetails: null,
    isEncrypted: device.salt % 10 !== 0,
    userPrincipalName: user?.upn ?? '',
    model: device.model,
    manufacturer: device.manufacturer,
    imei: '',
    complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
    serialNumber: device.serialNumber,
    phoneNumber: '',
    androidSecurityPatchLevel: device.platform === 'android' ? '2026-10-01' : '',
    userDisplayName: user?.displayName ?? '',
    configurationManagerClientEnabledFeatures: null,
    wiFiMacAddress: '',
    deviceHealthAttestationState: null,
    subscriberCarrier: '',
    meid: '',
    totalStorageSpaceInBytes: 511101108224,
    freeStorageSpaceInBytes: 100_000_000_000 + (device.salt % 200) * 1_000_000_000,
    managedDeviceName: `${user?.username ?? 'device'}_${operatingSystem(device)}`,
    partnerReportedThreatState: 'unknown',
    requireUserEnrollmentApproval: null,
    managementCertificateExpirationDate: iso(device.enrolledMs + 365 * 86_400_000),
    iccid: null,
    udid: null,
    notes: null,
    ethernetMacAddress: null,
    physicalMemoryInBytes: 0,
    enrollmentProfileName: null,
    deviceActionResults: [],
  };
  if (beta) {
    record.managementState = 'managed';
    record.ownerType = device.isPersonal ? 'personal' : 'company';
    record.deviceType =
      device.platform === 'windows'
        ? 'windowsRT'
        : device.platform === 'android'
          ? 'androidEnterprise'
          : device.platform === 'macOS'
            ? 'macMDM'
            : 'iPhone';
    record.joinType = device.platform === 'windows' ? 'azureADJoined' : 'unknown';
    record.skuFamily = '';
    record.enrolledByUserPrincipalName = user?.upn ?? '';
    record.roleScopeTagIds = ['0'];
  } else {
    record.managementState = 'managed';
  }
  return record;
}

/** Properties `$select` and `$filter` may name (v1.0 / beta). */
export function managedDeviceProperties(beta: boolean): Set<string> {
  const probe: SimDevice = {
    source: 'intune',
    index: 0,
    id: '',
    name: '',
    platform: 'windows',
    serialNumber: '',
    udid: '',
    managementId: '',
    azureADDeviceId: '',
    osVersion: '',
    osBuild: '',
    manufacturer: '',
    model: '',
    modelIdentifier: '',
    user: null,
    isPersonal: false,
    hasNoInventory: false,
    isManaged: true,
    isStale: false,
    isSharedSerial: false,
    enrolledMs: 0,
    lastSyncMs: 0,
    complianceState: '',
    enrollmentType: '',
    salt: 0,
  };
  return new Set(Object.keys(managedDeviceRecord(probe, beta)));
}

/** Picks `select` (plus id) from a record, in the select order Graph echoes. */
export function selectProperties(
  record: Record<string, unknown>,
  select: readonly string[] | null,
): Record<string, unknown> {
  if (!select) return record;
  const out: Record<string, unknown> = { id: record.id };
  for (const key of select) out[key] = record[key];
  return out;
}
