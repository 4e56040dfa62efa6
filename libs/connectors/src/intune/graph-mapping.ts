import type { InstalledSoftware, InventoryDevice, Platform } from '../connector';
import { ConnectorError } from '../connector.errors';
import { cleanDate, cleanSerial, cleanText, cleanVersion, toPlatform } from '../normalize';

/** The managedDevice fields we select (docs/mdm-apis.md §3). */
export const MANAGED_DEVICE_SELECT = [
  'id',
  'deviceName',
  'serialNumber',
  'operatingSystem',
  'osVersion',
  'userPrincipalName',
  'userDisplayName',
  'lastSyncDateTime',
  'enrolledDateTime',
  'managedDeviceOwnerType',
].join(',');

/** A Graph collection page: `value` must be an array and `@odata.nextLink` a string when present. */
export function checkGraphPage(body: unknown, where: string): { value: unknown[]; nextLink: string | null } {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { value?: unknown }).value)) {
    throw new ConnectorError('bad_payload', `${where}: the page has no "value" array`, where);
  }
  const next = (body as Record<string, unknown>)['@odata.nextLink'];
  if (next !== undefined && next !== null && typeof next !== 'string') {
    throw new ConnectorError('bad_payload', `${where}: "@odata.nextLink" is not a string`, where);
  }
  return { value: (body as { value: unknown[] }).value, nextLink: (next as string | undefined) ?? null };
}

/** A managedDevice as an InventoryDevice (software filled in later); wrong types fail the page, never half-parse. */
export function toInventoryDevice(raw: unknown, where: string): InventoryDevice {
  if (!raw || typeof raw !== 'object')
    throw new ConnectorError('bad_payload', `${where}: a device is not an object`, where);
  const d = raw as Record<string, unknown>;
  if (typeof d.id !== 'string' || !d.id.trim())
    throw new ConnectorError('bad_payload', `${where}: a device has no string "id"`, where);
  for (const field of [
    'deviceName',
    'serialNumber',
    'operatingSystem',
    'osVersion',
    'userPrincipalName',
    'lastSyncDateTime',
  ]) {
    if (d[field] !== undefined && d[field] !== null && typeof d[field] !== 'string') {
      throw new ConnectorError('bad_payload', `${where}: device ${d.id} has a non-string "${field}"`, where);
    }
  }
  const ownership = cleanText(d.managedDeviceOwnerType);
  return {
    externalId: d.id.trim(),
    name: cleanText(d.deviceName),
    serialNumber: cleanSerial(d.serialNumber),
    platform: toPlatform(d.operatingSystem),
    osVersion: cleanVersion(d.osVersion),
    userPrincipalName: cleanText(d.userPrincipalName),
    userDisplayName: cleanText(d.userDisplayName),
    ownership: ownership === 'company' || ownership === 'personal' ? ownership : null,
    enrolledAt: cleanDate(d.enrolledDateTime),
    lastCheckInAt: cleanDate(d.lastSyncDateTime),
    inventoryReportedAt: null,
    appsReported: false,
    tags: [],
    software: [],
  };
}

/** A detectedApp as installed software. Graph gives no bundle id; publisher is often "" on Apple platforms. */
export function toInstalledSoftware(
  raw: unknown,
  fallback: Platform,
  where: string,
): InstalledSoftware | null {
  if (!raw || typeof raw !== 'object')
    throw new ConnectorError('bad_payload', `${where}: an app is not an object`, where);
  const a = raw as Record<string, unknown>;
  if (a.displayName !== undefined && a.displayName !== null && typeof a.displayName !== 'string') {
    throw new ConnectorError('bad_payload', `${where}: an app has a non-string "displayName"`, where);
  }
  const name = cleanText(a.displayName);
  if (!name) return null;
  const platform = typeof a.platform === 'string' ? toPlatform(a.platform) : fallback;
  return {
    name,
    version: cleanVersion(a.version),
    publisher: cleanText(a.publisher),
    bundleId: null,
    platform: platform === 'other' ? fallback : platform,
    installPath: null,
  };
}
