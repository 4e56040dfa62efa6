import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryRows } from '@interdict/database';

// Small factories for report tests (not part of the lib's API): sources, devices, titles and installations are
// inserted as the sync writes them; exposures are never invented here — the tests let the production recompute
// (ExposureService) derive them from installations, as it does after a sync.

export async function newSource(
  db: DataSource,
  o: { name: string; kind?: 'intune' | 'jamf' },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO source (kind, name) VALUES ($1, $2) RETURNING id`,
    [o.kind ?? 'intune', o.name],
  );
  return row.id;
}

export interface DeviceOverrides {
  sourceId: string;
  physicalKey?: string;
  name?: string | null;
  serial?: string | null;
  platform?: string;
  osVersion?: string;
  upn?: string;
  userName?: string;
  lastCheckInAt?: Date | null;
  appsReported?: boolean;
  tags?: string[];
  removedAt?: Date | null;
  /** When its source last saw it (the record shown for a device seen by two sources is the latest one). */
  lastSeenAt?: Date;
}

export async function newDevice(db: DataSource, o: DeviceOverrides): Promise<string> {
  const external = randomUUID();
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO device (source_id, external_id, physical_key, name, serial_number, platform, os_version,
       user_principal_name, user_display_name, last_check_in_at, inventory_reported_at, apps_reported, tags,
       first_seen_at, last_seen_at, removed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, now() - interval '90 days', $14, $13)
     RETURNING id`,
    [
      o.sourceId,
      external,
      o.physicalKey ?? `src:${external}`,
      o.name === undefined ? `device-${external.slice(0, 6)}` : o.name,
      o.serial ?? null,
      o.platform ?? 'windows',
      o.osVersion ?? '10.0.22631',
      o.upn ?? 'someone@example.com',
      o.userName ?? 'Some One',
      o.lastCheckInAt === undefined ? new Date() : o.lastCheckInAt,
      o.appsReported ?? true,
      o.tags ?? [],
      o.removedAt ?? null,
      o.lastSeenAt ?? new Date(),
    ],
  );
  return String(row.id);
}

export async function newSoftware(
  db: DataSource,
  o: { name: string; platform?: string; publisher?: string | null; bundleId?: string | null },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO software (identity_key, platform, name, name_norm, publisher, bundle_id)
     VALUES (gen_random_uuid(), $1, $2, lower($2), $3, $4) RETURNING id`,
    [o.platform ?? 'windows', o.name, o.publisher ?? null, o.bundleId ?? null],
  );
  return String(row.id);
}

/** An installation as the sync writes it: first seen `firstSeenAt`, seen now. */
export async function newInstallation(
  db: DataSource,
  o: { deviceId: string; softwareId: string; version?: string; firstSeenAt?: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO installation (device_id, software_id, version, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, now())`,
    [o.deviceId, o.softwareId, o.version ?? '21.3.10.391', o.firstSeenAt ?? new Date()],
  );
}

/** A later sync no longer sees the installation. */
export async function removeInstallation(
  db: DataSource,
  deviceId: string,
  softwareId: string,
): Promise<void> {
  await db.query(`UPDATE installation SET removed_at = now() WHERE device_id = $1 AND software_id = $2`, [
    deviceId,
    softwareId,
  ]);
}

export async function newException(
  db: DataSource,
  o: { ruleId?: string; productId?: string; scopeValue: string; expiresAt: Date; reason?: string },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO exception (rule_id, product_id, scope_type, scope_value, reason, approved_by, created_by, expires_at)
     VALUES ($1, $2, 'serial', $3, $4, 'ciso@example.com', 'analyst@example.com', $5) RETURNING id`,
    [
      o.ruleId ?? null,
      o.productId ?? null,
      o.scopeValue,
      o.reason ?? 'Lab machine, isolated network',
      o.expiresAt,
    ],
  );
  return row.id;
}
