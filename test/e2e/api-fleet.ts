import type { DataSource } from 'typeorm';
import { newDevice, newInstallation, newSoftware, newSource } from '@interdict/testing';

/** What the small test fleet contains, for expectations computed by hand. */
export interface TestFleet {
  intuneId: string;
  jamfId: string;
  /** Device ids by label. */
  devices: Record<string, string>;
}

const DAY = 86_400_000;

/**
 * Two sources; 20 Windows PCs (6 with Kaspersky Endpoint Security, all with Chrome), 4 Android phones (2 with
 * TikTok), one Mac in Intune and 3 Macs in Jamf with Kaspersky Internet Security — the Intune Mac and Jamf mac-1
 * share a serial, so they are ONE physical device. Two Windows PCs are stale, one never reported apps.
 * Exposed physical devices: 6 (KES) + 2 (TikTok) + 3 (KIS: shared Mac once + mac-2 + mac-3) = 11.
 */
export async function seedTestFleet(db: DataSource, now = new Date()): Promise<TestFleet> {
  const intuneId = await newSource(db, { kind: 'intune', name: 'Contoso Intune' });
  const jamfId = await newSource(db, { kind: 'jamf', name: 'Contoso Jamf' });
  const devices: Record<string, string> = {};
  const addDevice = async (
    label: string,
    sourceId: string,
    platform: string,
    opts: { serial?: string; user?: string; checkInDaysAgo?: number; appsReported?: boolean } = {},
  ) => {
    const seen = new Date(now.getTime() - 30 * DAY);
    const id = await newDevice(db, {
      sourceId,
      externalId: `ext-${label}`,
      serial: opts.serial ?? `SN-${label.toUpperCase()}`,
      name: label,
      platform,
      osVersion: '1.0',
      upn: opts.user ?? `${label}@contoso.test`,
      userName: null,
      lastCheckInAt: new Date(now.getTime() - (opts.checkInDaysAgo ?? 1) * DAY),
      appsReported: opts.appsReported ?? true,
      firstSeenAt: seen,
      lastSeenAt: seen,
    });
    devices[label] = id;
    return id;
  };
  const addSoftware = (platform: string, name: string, publisher: string | null, bundleId: string | null) =>
    newSoftware(db, { platform, name, publisher, bundleId });
  const install = (deviceId: string, softwareId: string, version: string) =>
    newInstallation(db, {
      deviceId,
      softwareId,
      version,
      firstSeenAt: new Date(now.getTime() - 10 * DAY),
      lastSeenAt: now,
    });

  const kes = await addSoftware(
    'windows',
    'Kaspersky Endpoint Security for Windows',
    'AO Kaspersky Lab',
    null,
  );
  const chrome = await addSoftware('windows', 'Google Chrome', 'Google LLC', null);
  const tiktok = await addSoftware('android', 'TikTok', null, 'com.zhiliaoapp.musically');
  const kis = await addSoftware('macos', 'Kaspersky Internet Security', 'Kaspersky Lab', 'com.kaspersky.kis');
  for (let i = 1; i <= 20; i++) {
    const id = await addDevice(`pc-${i}`, intuneId, 'windows', {
      checkInDaysAgo: i >= 19 ? 40 : 1,
      appsReported: i !== 17,
      user: i === 3 ? "o'brien@contoso.test" : undefined,
    });
    if (i !== 17) await install(id, chrome, '131.0');
    if (i <= 6) await install(id, kes, '12.1');
  }
  for (let i = 1; i <= 4; i++) {
    const id = await addDevice(`phone-${i}`, intuneId, 'android');
    if (i <= 2) await install(id, tiktok, '37.0');
  }
  await install(await addDevice('mac-intune', intuneId, 'macos', { serial: 'C02SHARED01' }), kis, '21.0');
  await install(await addDevice('mac-1', jamfId, 'macos', { serial: 'C02SHARED01' }), kis, '21.0');
  for (const label of ['mac-2', 'mac-3']) await install(await addDevice(label, jamfId, 'macos'), kis, '21.0');
  for (const sourceId of [intuneId, jamfId]) {
    await db.query(
      `INSERT INTO sync_run (source_id, trigger, status, started_at, finished_at, devices_seen)
       VALUES ($1, 'schedule', 'succeeded', $2, $3, 10)`,
      [sourceId, new Date(now.getTime() - 3_600_000), new Date(now.getTime() - 3_000_000)],
    );
  }
  return { intuneId, jamfId, devices };
}

/** Daily totals rows for the last `days` days before today, so a trend has history (today's comes from a snapshot). */
export async function seedTrendHistory(db: DataSource, days: number, now = new Date()): Promise<void> {
  await db.query(
    `INSERT INTO exposure_snapshot (day, rule_id, product_id, platform, open_count, overdue_count, exposed_devices, devices_covered)
     SELECT (($1::timestamptz AT TIME ZONE 'UTC')::date - g), '*', '*', '*', 20 + (g % 7), 10 + (g % 5), 15 + (g % 9), 25
       FROM generate_series(1, $2::int) g
     ON CONFLICT DO NOTHING`,
    [now, days],
  );
}
