import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryRows } from '@interdict/database';
import { normalizeSoftwareName, physicalKey, softwareIdentityKey, titleBucket } from '@interdict/inventory';

// Rows for database tests, written as the sync writes them (libs/inventory/src/sync): a device's physical key is
// `physicalKey()` of its source, external id and serial; a title's identity key is `softwareIdentityKey()` of its
// platform, normalised name, publisher and bundle id, so the same title twice is one row; an installation carries
// its title's fingerprint bucket (`titleBucket()`). A device's `software_hash` stays NULL — what the sync itself
// stores when it does not know the list (partial walk, removal) — so a later sync diffs the device in full.
// Exposures are never written here: tests let the production recompute (ExposureService) derive them from
// installations, as it does after a sync.

/** A source row (no secret); the sync and the API read `kind` and `name`. */
export async function newSource(
  db: DataSource,
  o: { name: string; kind?: 'intune' | 'jamf'; settings?: Record<string, unknown> },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO source (kind, name, settings) VALUES ($1, $2, $3) RETURNING id`,
    [o.kind ?? 'intune', o.name, JSON.stringify(o.settings ?? {})],
  );
  return row.id;
}

export interface NewDevice {
  sourceId: string;
  /** The source's own id of the record; a fresh uuid by default. */
  externalId?: string;
  /** The serial as the source reports it; the physical key is derived from it (`physicalKey`). */
  serial?: string | null;
  name?: string | null;
  platform?: string;
  osVersion?: string | null;
  upn?: string | null;
  userName?: string | null;
  ownership?: string | null;
  enrolledAt?: Date | null;
  /** Also the inventory report time, as both MDMs give one date for a check-in. */
  lastCheckInAt?: Date | null;
  appsReported?: boolean;
  tags?: string[];
  /** First seen by its source; 90 days ago by default. */
  firstSeenAt?: Date;
  /** When its source last saw it (the record shown for a device seen by two sources is the latest one). */
  lastSeenAt?: Date;
  removedAt?: Date | null;
}

/** A device record as one source reports it. */
export async function newDevice(db: DataSource, o: NewDevice): Promise<string> {
  const externalId = o.externalId ?? randomUUID();
  const serial = o.serial ?? null;
  const lastSeenAt = o.lastSeenAt ?? new Date();
  const checkIn = o.lastCheckInAt === undefined ? new Date() : o.lastCheckInAt;
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO device (source_id, external_id, physical_key, name, serial_number, platform, os_version,
       user_principal_name, user_display_name, ownership, enrolled_at, last_check_in_at, inventory_reported_at,
       apps_reported, tags, first_seen_at, last_seen_at, removed_at, software_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17, NULL)
     RETURNING id`,
    [
      o.sourceId,
      externalId,
      physicalKey(o.sourceId, externalId, serial),
      o.name === undefined ? `device-${externalId.slice(0, 6)}` : o.name,
      serial,
      o.platform ?? 'windows',
      o.osVersion === undefined ? '10.0.22631' : o.osVersion,
      o.upn === undefined ? 'someone@example.com' : o.upn,
      o.userName === undefined ? 'Some One' : o.userName,
      o.ownership ?? null,
      o.enrolledAt ?? null,
      checkIn,
      o.appsReported ?? true,
      o.tags ?? [],
      o.firstSeenAt ?? new Date(lastSeenAt.getTime() - 90 * 86_400_000),
      lastSeenAt,
      o.removedAt ?? null,
    ],
  );
  return String(row.id);
}

/** A later complete sync no longer sees the device: it and its active installations are marked removed. */
export async function removeDevice(db: DataSource, deviceId: string, at = new Date()): Promise<void> {
  await db.query(
    `UPDATE installation i SET removed_at = $2, last_seen_at = greatest(i.last_seen_at, d.last_seen_at)
       FROM device d WHERE d.id = $1 AND i.device_id = d.id AND i.removed_at IS NULL`,
    [deviceId, at],
  );
  await db.query(`UPDATE device SET removed_at = $2, software_hash = NULL WHERE id = $1`, [deviceId, at]);
}

export interface NewSoftware {
  /** The title as reported (e.g. `Kaspersky Internet Security.app`); rows are keyed on its normalised form. */
  name: string;
  platform?: string;
  publisher?: string | null;
  bundleId?: string | null;
  firstSeenAt?: Date;
}

/** A software title; the same title (same identity key) again is the row already there, as in the sync. */
export async function newSoftware(db: DataSource, o: NewSoftware): Promise<string> {
  const platform = o.platform ?? 'windows';
  const nameNorm = normalizeSoftwareName(o.name);
  if (!nameNorm) throw new Error(`newSoftware: a blank name is not a title (${JSON.stringify(o.name)})`);
  const publisher = o.publisher?.trim() || null;
  const bundleId = o.bundleId?.trim() || null;
  const identityKey = softwareIdentityKey(platform, nameNorm, publisher, bundleId);
  await db.query(
    `INSERT INTO software (identity_key, platform, name, name_norm, publisher, bundle_id, first_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (identity_key) DO NOTHING`,
    [
      identityKey,
      platform,
      o.name.normalize('NFC').trim(),
      nameNorm,
      publisher,
      bundleId,
      o.firstSeenAt ?? new Date(),
    ],
  );
  const [row] = await queryRows<{ id: string }>(db, `SELECT id FROM software WHERE identity_key = $1`, [
    identityKey,
  ]);
  return String(row.id);
}

export interface NewInstallation {
  deviceId: string;
  softwareId: string;
  version?: string;
  installPath?: string | null;
  /** When the sync first saw it; now by default. */
  firstSeenAt?: Date;
  /** When a sync last wrote it; now by default. */
  lastSeenAt?: Date;
}

/**
 * A title seen on a device, in its title's fingerprint bucket. Seen again after its removal, the row comes back
 * (removal cleared, first sighting kept), as the sync's diff does.
 */
export async function newInstallation(db: DataSource, o: NewInstallation): Promise<void> {
  const [title] = await queryRows<{ identity_key: string }>(
    db,
    `SELECT identity_key FROM software WHERE id = $1`,
    [o.softwareId],
  );
  if (!title) throw new Error(`newInstallation: no software ${o.softwareId}`);
  const now = new Date();
  await db.query(
    `INSERT INTO installation (device_id, software_id, version, install_path, bucket, first_seen_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ON CONSTRAINT installation_pkey DO UPDATE
       SET removed_at = NULL, install_path = excluded.install_path, last_seen_at = excluded.last_seen_at`,
    [
      o.deviceId,
      o.softwareId,
      (o.version ?? '21.3.10.391').trim(),
      o.installPath ?? null,
      titleBucket(title.identity_key),
      o.firstSeenAt ?? now,
      o.lastSeenAt ?? now,
    ],
  );
}

/** A later complete sync no longer sees the title on the device (every version of it). */
export async function removeInstallation(
  db: DataSource,
  o: { deviceId: string; softwareId: string; at?: Date },
): Promise<void> {
  await db.query(
    `UPDATE installation SET removed_at = $3 WHERE device_id = $1 AND software_id = $2 AND removed_at IS NULL`,
    [o.deviceId, o.softwareId, o.at ?? new Date()],
  );
}

/** An exception as ExceptionService stores one (approved, not revoked). */
export async function newException(
  db: DataSource,
  o: {
    ruleId?: string;
    productId?: string;
    scopeType?: 'device' | 'serial' | 'group';
    scopeValue: string;
    expiresAt: Date;
    reason?: string;
  },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO exception (rule_id, product_id, scope_type, scope_value, reason, approved_by, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, 'ciso@example.com', 'analyst@example.com', $6) RETURNING id`,
    [
      o.ruleId ?? null,
      o.productId ?? null,
      o.scopeType ?? 'serial',
      o.scopeValue,
      o.reason ?? 'Lab machine, isolated network',
      o.expiresAt,
    ],
  );
  return row.id;
}
