import type { InstalledSoftware, InventoryDevice, Platform } from '../connector';
import { ConnectorError } from '../connector.errors';
import { cleanDate, cleanSerial, cleanText, cleanVersion } from '../normalize';

type Obj = Record<string, unknown>;

/** A Jamf `{ totalCount, results }` page, checked before any record is used. */
export function checkJamfPage(body: unknown, where: string): { totalCount: number; results: unknown[] } {
  const b = body as { totalCount?: unknown; results?: unknown } | null;
  if (!b || typeof b !== 'object' || !Array.isArray(b.results) || typeof b.totalCount !== 'number') {
    throw new ConnectorError('bad_payload', `${where}: expected { totalCount: number, results: [] }`, where);
  }
  return { totalCount: b.totalCount, results: b.results };
}

function section(record: Obj, key: string, where: string, id: string): Obj | null {
  const v = record[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new ConnectorError('bad_payload', `${where}: record ${id} has a malformed "${key}" section`, where);
  return v as Obj;
}

function recordId(raw: unknown, key: string, where: string): { record: Obj; id: string } {
  if (!raw || typeof raw !== 'object')
    throw new ConnectorError('bad_payload', `${where}: a record is not an object`, where);
  const record = raw as Obj;
  const id = record[key];
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
    throw new ConnectorError('bad_payload', `${where}: a record has no "${key}"`, where);
  }
  return { record, id: String(id).trim() };
}

function appList(value: unknown, where: string, id: string): Obj[] | null {
  // null = section not delivered (unknown); [] = delivered and empty (docs/mdm-apis.md §8).
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value))
    throw new ConnectorError('bad_payload', `${where}: record ${id} has a non-array "applications"`, where);
  return value.map((a) => {
    if (!a || typeof a !== 'object')
      throw new ConnectorError(
        'bad_payload',
        `${where}: record ${id} has an application that is not an object`,
        where,
      );
    return a as Obj;
  });
}

/** Jamf applications as installed software; nameless entries are skipped. */
function toSoftware(
  apps: Obj[] | null,
  platform: Platform,
  idKey: string,
  pathKey: string | null,
): InstalledSoftware[] {
  const software: InstalledSoftware[] = [];
  for (const a of apps ?? []) {
    const name = cleanText(a.name);
    if (!name) continue;
    software.push({
      name,
      version: cleanVersion(a.version),
      publisher: null,
      bundleId: cleanText(a[idKey], 256),
      platform,
      installPath: pathKey ? cleanText(a[pathKey], 1024) : null,
    });
  }
  return software;
}

/** A computers-inventory record (v1–v4) as an InventoryDevice; external id `computer:<id>`. */
export function computerToDevice(raw: unknown, where: string): InventoryDevice {
  const { record, id } = recordId(raw, 'id', where);
  const general = section(record, 'general', where, id) ?? {};
  const hardware = section(record, 'hardware', where, id) ?? {};
  const os = section(record, 'operatingSystem', where, id) ?? {};
  const user = section(record, 'userAndLocation', where, id) ?? {};
  const site = (general.site as Obj | null | undefined) ?? null;
  const apps = appList(record.applications, where, id);
  // Computers name the bundle id `bundleId` and give a path (docs/mdm-apis.md §8).
  const software = toSoftware(apps, 'macos', 'bundleId', 'path');
  return {
    externalId: `computer:${id}`,
    name: cleanText(general.name),
    serialNumber: cleanSerial(hardware.serialNumber),
    platform: 'macos',
    osVersion: cleanVersion(os.version),
    userPrincipalName: cleanText(user.email) ?? cleanText(user.username),
    userDisplayName: cleanText(user.realname),
    ownership: null,
    enrolledAt: cleanDate(general.lastEnrolledDate),
    // v4 renamed lastContactTime → lastContact (docs/mdm-apis.md §8).
    lastCheckInAt: cleanDate(general.lastContact ?? general.lastContactTime),
    inventoryReportedAt: cleanDate(general.reportDate),
    appsReported: apps !== null,
    tags: site && cleanText(site.name) && site.id !== '-1' ? [`site:${cleanText(site.name)}`] : [],
    software,
  };
}

/** A `/v2/mobile-devices/detail` record as an InventoryDevice; external id `mobile:<mobileDeviceId>`. */
export function mobileToDevice(raw: unknown, where: string): InventoryDevice {
  const { record, id } = recordId(raw, 'mobileDeviceId', where);
  const general = section(record, 'general', where, id) ?? {};
  const hardware = section(record, 'hardware', where, id) ?? {};
  const user = section(record, 'userAndLocation', where, id) ?? {};
  return mobileDevice({
    id,
    type: record.deviceType,
    model: hardware.model,
    apps: appList(record.applications, where, id),
    name: general.displayName,
    serialNumber: hardware.serialNumber,
    osVersion: general.osVersion,
    user,
    ownership: general.deviceOwnershipType,
    enrolledAt: general.lastEnrolledDate,
    lastCheckInAt: general.lastContactDate,
    inventoryReportedAt: general.lastInventoryUpdateDate,
  });
}

/**
 * A `/v2/mobile-devices/{id}/detail` record (the per-device fallback) as an InventoryDevice, equal to what
 * `mobileToDevice` makes of the paged detail: this endpoint names dates `…Timestamp`, puts the user under
 * `location` and the model and apps under the per-platform block (`ios`, `tvos`, …; docs/mdm-apis.md §9).
 */
export function mobileFullDetailToDevice(raw: unknown, where: string): InventoryDevice {
  const { record, id } = recordId(raw, 'id', where);
  const user = section(record, 'location', where, id) ?? {};
  const type = (cleanText(record.type) ?? '').toLowerCase();
  const block = /^[a-z]+$/.test(type) ? (section(record, type, where, id) ?? {}) : {};
  return mobileDevice({
    id,
    type: record.type,
    model: block.model,
    apps: appList(block.applications, where, id),
    name: record.name,
    serialNumber: record.serialNumber,
    osVersion: record.osVersion,
    user,
    ownership: record.deviceOwnershipLevel,
    enrolledAt: record.lastEnrollmentTimestamp,
    lastCheckInAt: record.lastContactTimestamp,
    inventoryReportedAt: record.lastInventoryUpdateTimestamp,
  });
}

/** The raw values a mobile device record gives, wherever its endpoint puts them. */
interface MobileFields {
  id: string;
  type: unknown;
  model: unknown;
  apps: Obj[] | null;
  name: unknown;
  serialNumber: unknown;
  osVersion: unknown;
  user: Obj;
  ownership: unknown;
  enrolledAt: unknown;
  lastCheckInAt: unknown;
  inventoryReportedAt: unknown;
}

// One set of rules for both mobile endpoints, so the paged walk and the per-device fallback yield equal devices.
function mobileDevice(f: MobileFields): InventoryDevice {
  const type = (cleanText(f.type) ?? '').toLowerCase();
  const model = cleanText(f.model) ?? '';
  const platform = type === 'ios' ? (/ipad/i.test(model) ? 'ipados' : 'ios') : 'other';
  const ownership = cleanText(f.ownership);
  return {
    externalId: `mobile:${f.id}`,
    name: cleanText(f.name),
    serialNumber: cleanSerial(f.serialNumber),
    platform,
    osVersion: cleanVersion(f.osVersion),
    userPrincipalName: cleanText(f.user.emailAddress) ?? cleanText(f.user.username),
    userDisplayName: cleanText(f.user.realName),
    ownership: ownership === 'Institutional' ? 'company' : ownership ? 'personal' : null,
    enrolledAt: cleanDate(f.enrolledAt),
    lastCheckInAt: cleanDate(f.lastCheckInAt),
    inventoryReportedAt: cleanDate(f.inventoryReportedAt),
    appsReported: f.apps !== null,
    tags: [],
    // Mobile devices name it `identifier` and give no path.
    software: toSoftware(f.apps, platform, 'identifier', null),
  };
}
