import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryRows } from '@interdict/database';

// Small factories for report tests: rows inserted directly, with overrides (STYLE §9). Not part of the lib's API.

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
}

export async function newDevice(db: DataSource, o: DeviceOverrides): Promise<string> {
  const external = randomUUID();
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO device (source_id, external_id, physical_key, name, serial_number, platform, os_version,
       user_principal_name, user_display_name, last_check_in_at, inventory_reported_at, apps_reported, tags,
       first_seen_at, last_seen_at, removed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, now() - interval '90 days', now(), $13)
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

export interface FindingOverrides {
  deviceId: string;
  softwareId: string;
  productId?: string;
  ruleId?: string;
  matcherId?: string;
  version?: string;
  status?: 'open' | 'resolved' | 'excepted';
  firstDetectedAt?: Date;
  lastDetectedAt?: Date;
  dueAt?: Date;
  exceptionId?: string | null;
}

export async function newFinding(db: DataSource, o: FindingOverrides): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    `INSERT INTO finding (device_id, software_id, product_id, rule_id, matcher_id, version, status,
       first_detected_at, last_detected_at, resolved_at, due_at, exception_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 = 'resolved' THEN now() END, $10, $11) RETURNING id`,
    [
      o.deviceId,
      o.softwareId,
      o.productId ?? 'kaspersky',
      o.ruleId ?? 'us-bis-kaspersky-2024',
      o.matcherId ?? 'kaspersky-windows-name',
      o.version ?? '21.3.10.391',
      o.status ?? 'open',
      o.firstDetectedAt ?? new Date('2026-10-01T08:00:00Z'),
      o.lastDetectedAt ?? new Date(),
      o.dueAt ?? new Date(Date.now() + 10 * 86_400_000),
      o.exceptionId ?? null,
    ],
  );
  return String(row.id);
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
