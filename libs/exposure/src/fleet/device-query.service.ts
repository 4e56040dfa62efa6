import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Config } from '@interdict/config';
import {
  countRows,
  decodeCursor,
  keysetSql,
  sortValueOf,
  textSortKey,
  timeSortKey,
  type SortKey,
  escapeLike,
  isRowId,
  pageOf,
  type Device,
  type Installation,
  type Page,
  type Row,
  type Software,
  type Source,
} from '@interdict/database';
import { ExposureError } from '../exposure.errors';
import { ExposureQueryService, type ExposureView } from '../exposures/exposure-query.service';

/**
 * How the device list may be sorted: by id (the default), by name, or by last MDM check-in (never checked in: oldest);
 * "-" = descending.
 */
export const DEVICE_SORTS = ['id', 'name', '-name', 'lastCheckInAt', '-lastCheckInAt'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

/** Device list filters; all optional. */
export interface DeviceListFilters {
  sourceId?: string;
  platform?: string;
  /** User principal name, case-insensitive; a trailing `*` makes it a prefix. */
  user?: string;
  /** Serial number, exact and case-insensitive. */
  serial?: string;
  /** true: no check-in within exposure.staleAfterDays (or never); false: fresh. */
  stale?: boolean;
  /** Name, serial or user contains this (case-insensitive). */
  q?: string;
  includeRemoved?: boolean;
  /** true: its physical device has an open exposure; false: none. */
  exposed?: boolean;
  limit?: number;
  cursor?: string;
  /** Also count every device the filters select (Page.total). */
  withTotal?: boolean;
  sort?: DeviceSort;
}

/** A device as one source reports it, with the open exposures of its physical device (any source). */
export interface DeviceView {
  id: string;
  sourceId: string;
  sourceName: string;
  externalId: string;
  physicalKey: string;
  name: string | null;
  serialNumber: string | null;
  platform: string;
  osVersion: string | null;
  userPrincipalName: string | null;
  lastCheckInAt: Date | null;
  isStale: boolean;
  appsReported: boolean;
  tags: string[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  removedAt: Date | null;
  openExposures: number;
}

/** A title installed on a device now. */
export interface InstallationView {
  softwareId: string;
  name: string;
  publisher: string | null;
  bundleId: string | null;
  version: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Catalog products the title matches. */
  matchedProducts: string[];
}

/** A device with its installations and every exposure of its physical device, whichever source reported it. */
export interface DeviceDetail extends DeviceView {
  installations: InstallationView[];
  exposures: ExposureView[];
}

interface DeviceRow extends Omit<
  Row<Device>,
  'user_display_name' | 'ownership' | 'enrolled_at' | 'inventory_reported_at' | 'software_hash'
> {
  source_name: Source['name'];
  open_exposures: string;
  /** The list's sort value (NULL when sorted by id). */
  sort_key: unknown;
}

interface InstallationRow
  extends
    Pick<Row<Installation>, 'software_id' | 'version' | 'first_seen_at' | 'last_seen_at'>,
    Pick<Row<Software>, 'name' | 'publisher' | 'bundle_id'> {
  products: string[] | null;
}

const DEVICE_SORT_KEYS: Record<string, SortKey> = {
  name: textSortKey('d.name'),
  lastCheckInAt: timeSortKey('d.last_check_in_at'),
};

const OPEN_EXPOSURE_OF_DEVICE = `SELECT 1 FROM exposure e WHERE e.physical_key = d.physical_key AND e.status = 'open'`;

/** The device columns (and, for a sorted list, its sort key). */
const deviceSelect = (sortKey = 'NULL') => `
  SELECT ${sortKey} AS sort_key, d.id, d.source_id, s.name AS source_name, d.external_id, d.physical_key, d.name, d.serial_number,
         d.platform, d.os_version, d.user_principal_name, d.last_check_in_at, d.apps_reported, d.tags,
         d.first_seen_at, d.last_seen_at, d.removed_at,
         (SELECT count(*) FROM exposure e WHERE e.physical_key = d.physical_key AND e.status = 'open') AS open_exposures
    FROM device d JOIN source s ON s.id = d.source_id`;

// An active installation was last confirmed by its device's last sync (the sync skips unchanged rows).
const INSTALLATIONS_OF = `
  SELECT i.software_id, sw.name, sw.publisher, sw.bundle_id, i.version, i.first_seen_at,
         greatest(i.last_seen_at, d.last_seen_at) AS last_seen_at,
         (SELECT array_agg(sm.product_id ORDER BY sm.product_id) FROM software_match sm WHERE sm.software_id = i.software_id) AS products
    FROM installation i JOIN software sw ON sw.id = i.software_id JOIN device d ON d.id = i.device_id
   WHERE i.device_id = $1::bigint AND i.removed_at IS NULL
   ORDER BY lower(sw.name), i.version`;

/**
 * Devices as the exposure view sees them: each source record with the open exposures of its physical device. Lives
 * here rather than in libs/inventory (which writes the device tables) because every answer joins exposures.
 */
@Injectable()
export class DeviceQueryService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly exposures: ExposureQueryService,
  ) {}

  /** Devices by id, keyset-paged. */
  async list(f: DeviceListFilters, now = new Date()): Promise<Page<DeviceView>> {
    const limit = f.limit ?? 50;
    const staleBefore = this.staleBefore(now);
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (!f.includeRemoved) where.push('d.removed_at IS NULL');
    if (f.sourceId) where.push(`d.source_id = ${p(f.sourceId)}::uuid`);
    if (f.platform) where.push(`d.platform = ${p(f.platform)}`);
    if (f.serial) where.push(`upper(d.serial_number) = upper(${p(f.serial.trim())})`);
    if (f.user) {
      where.push(
        f.user.endsWith('*')
          ? `lower(d.user_principal_name) LIKE ${p(`${escapeLike(f.user.slice(0, -1).toLowerCase())}%`)}`
          : `lower(d.user_principal_name) = ${p(f.user.toLowerCase())}`,
      );
    }
    if (f.stale === true)
      where.push(`(d.last_check_in_at IS NULL OR d.last_check_in_at < ${p(staleBefore)})`);
    if (f.stale === false) where.push(`d.last_check_in_at >= ${p(staleBefore)}`);
    if (f.q) {
      const like = p(`%${escapeLike(f.q)}%`);
      where.push(
        `(d.name ILIKE ${like} OR d.serial_number ILIKE ${like} OR d.user_principal_name ILIKE ${like})`,
      );
    }
    if (f.exposed !== undefined) where.push(`${f.exposed ? '' : 'NOT '}EXISTS (${OPEN_EXPOSURE_OF_DEVICE})`);
    const sortKey = DEVICE_SORT_KEYS[(f.sort ?? 'id').replace(/^-/, '')] ?? null;
    // A bad cursor is refused before any statement runs.
    const after = f.cursor ? decodeCursor(f.cursor, { id: 'bigint', sortedBy: sortKey?.kind }) : null;
    // The count runs beside the page's query, on another pooled connection.
    const counting = f.withTotal
      ? countRows(this.db, `FROM device d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, [...params])
      : Promise.resolve(undefined);
    const keyset = keysetSql(sortKey, f.sort?.startsWith('-') ?? false, 'd.id', after, p);
    if (keyset.after) where.push(keyset.after);
    const [rows, total] = await Promise.all([
      this.db.query<DeviceRow[]>(
        `${deviceSelect(sortKey?.expr)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${keyset.order} LIMIT ${p(limit + 1)}`,
        params,
      ),
      counting,
    ]);
    const page = pageOf(
      rows,
      limit,
      (r) => toDeviceView(r, staleBefore),
      (r) => ({ v: sortKey ? sortValueOf(r.sort_key) : null, id: String(r.id) }),
    );
    return total === undefined ? page : { ...page, total };
  }

  /** One device with its active installations and every exposure of its physical device (any source). */
  async detail(id: string, now = new Date()): Promise<DeviceDetail> {
    const notFound = () => new ExposureError('device_not_found', `No device "${id.slice(0, 40)}"`, 'id');
    if (!isRowId(id)) throw notFound();
    const [row] = await this.db.query<DeviceRow[]>(`${deviceSelect()} WHERE d.id = $1::bigint`, [id]);
    if (!row) throw notFound();
    const installs = await this.db.query<InstallationRow[]>(INSTALLATIONS_OF, [id]);
    const exposures: ExposureView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.exposures.listExposures({ deviceId: id, limit: 1000, cursor }, now);
      exposures.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return {
      ...toDeviceView(row, this.staleBefore(now)),
      installations: installs.map((i) => ({
        softwareId: String(i.software_id),
        name: i.name,
        publisher: i.publisher,
        bundleId: i.bundle_id,
        version: i.version,
        firstSeenAt: i.first_seen_at,
        lastSeenAt: i.last_seen_at,
        matchedProducts: i.products ?? [],
      })),
      exposures,
    };
  }

  private staleBefore(now: Date): Date {
    return new Date(now.getTime() - this.config.exposure.staleAfterDays * 86_400_000);
  }
}

function toDeviceView(r: DeviceRow, staleBefore: Date): DeviceView {
  return {
    id: String(r.id),
    sourceId: r.source_id,
    sourceName: r.source_name,
    externalId: r.external_id,
    physicalKey: r.physical_key,
    name: r.name,
    serialNumber: r.serial_number,
    platform: r.platform,
    osVersion: r.os_version,
    userPrincipalName: r.user_principal_name,
    lastCheckInAt: r.last_check_in_at,
    isStale: !r.last_check_in_at || r.last_check_in_at < staleBefore,
    appsReported: r.apps_reported,
    tags: r.tags,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    removedAt: r.removed_at,
    openExposures: Number(r.open_exposures),
  };
}
