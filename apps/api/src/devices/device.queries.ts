import { Injectable } from '@nestjs/common';
import { Config } from '@interdict/config';
import { DataSource } from 'typeorm';
import { ApiRequestError } from '../common/api-request.error';
import { decodeCursor, invalidCursor, toPage, type Page } from '../common/pagination';
import { escapeLike } from '../common/sql-text';
import { ExposureQueryService } from '@interdict/exposure';
import { toExposureResponse } from '../exposures/exposure-item.views';
import type { DeviceDetailResponse, DeviceResponse, InstallationResponse } from './device.views';
import type { ListDevicesQuery } from './list-devices.query';

interface DeviceRow {
  id: string;
  source_id: string;
  source_name: string;
  external_id: string;
  physical_key: string;
  name: string | null;
  serial_number: string | null;
  platform: string;
  os_version: string | null;
  user_principal_name: string | null;
  last_check_in_at: Date | null;
  apps_reported: boolean;
  tags: string[];
  first_seen_at: Date;
  last_seen_at: Date;
  removed_at: Date | null;
  open_exposures: string;
}

const DEVICE_COLUMNS = `d.id, d.source_id, s.name AS source_name, d.external_id, d.physical_key, d.name, d.serial_number,
  d.platform, d.os_version, d.user_principal_name, d.last_check_in_at, d.apps_reported, d.tags, d.first_seen_at,
  d.last_seen_at, d.removed_at,
  (SELECT count(*) FROM exposure e WHERE e.physical_key = d.physical_key AND e.status = 'open') AS open_exposures`;

/**
 * Device reads for the API (list with filters, detail with installations and exposures). libs/inventory owns the
 * device tables but exposes no read API yet; these queries belong there.
 */
@Injectable()
export class DeviceQueries {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly exposures: ExposureQueryService,
  ) {}

  /** Devices by id, keyset-paged. */
  async list(q: ListDevicesQuery, now = new Date()): Promise<Page<DeviceResponse>> {
    const limit = q.limit ?? 50;
    const staleBefore = this.staleBefore(now);
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (!q.includeRemoved) where.push('d.removed_at IS NULL');
    if (q.source) where.push(`d.source_id = ${p(q.source)}::uuid`);
    if (q.platform) where.push(`d.platform = ${p(q.platform)}`);
    if (q.serial) where.push(`upper(d.serial_number) = upper(${p(q.serial.trim())})`);
    if (q.user) {
      where.push(
        q.user.endsWith('*')
          ? `lower(d.user_principal_name) LIKE ${p(`${escapeLike(q.user.slice(0, -1).toLowerCase())}%`)}`
          : `lower(d.user_principal_name) = ${p(q.user.toLowerCase())}`,
      );
    }
    if (q.stale === true)
      where.push(`(d.last_check_in_at IS NULL OR d.last_check_in_at < ${p(staleBefore)})`);
    if (q.stale === false) where.push(`d.last_check_in_at >= ${p(staleBefore)}`);
    if (q.q) {
      const like = p(`%${escapeLike(q.q)}%`);
      where.push(
        `(d.name ILIKE ${like} OR d.serial_number ILIKE ${like} OR d.user_principal_name ILIKE ${like})`,
      );
    }
    if (q.cursor) {
      const { id } = decodeCursor(q.cursor, { id: 'string' });
      if (!/^\d{1,18}$/.test(String(id))) throw invalidCursor();
      where.push(`d.id > ${p(id)}::bigint`);
    }
    const rows = await this.db.query<DeviceRow[]>(
      `SELECT ${DEVICE_COLUMNS} FROM device d JOIN source s ON s.id = d.source_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.id LIMIT ${p(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (r) => this.toResponse(r, staleBefore),
      (r) => ({ id: String(r.id) }),
    );
  }

  /** One device with its active installations and every exposure of its physical device (any source). */
  async detail(id: string, now = new Date()): Promise<DeviceDetailResponse> {
    if (!/^\d{1,18}$/.test(id))
      throw new ApiRequestError('not_found', `No device "${id.slice(0, 40)}"`, 'id');
    const [row] = await this.db.query<DeviceRow[]>(
      `SELECT ${DEVICE_COLUMNS} FROM device d JOIN source s ON s.id = d.source_id WHERE d.id = $1::bigint`,
      [id],
    );
    if (!row) throw new ApiRequestError('not_found', `No device "${id}"`, 'id');
    const installs = await this.db.query<
      {
        software_id: string;
        name: string;
        publisher: string | null;
        bundle_id: string | null;
        version: string;
        first_seen_at: Date;
        last_seen_at: Date;
        products: string[] | null;
      }[]
    >(
      // An active installation was last confirmed by its device's last sync (the sync skips unchanged rows).
      `SELECT i.software_id, sw.name, sw.publisher, sw.bundle_id, i.version, i.first_seen_at,
              greatest(i.last_seen_at, d.last_seen_at) AS last_seen_at,
              (SELECT array_agg(sm.product_id ORDER BY sm.product_id) FROM software_match sm WHERE sm.software_id = i.software_id) AS products
         FROM installation i JOIN software sw ON sw.id = i.software_id JOIN device d ON d.id = i.device_id
        WHERE i.device_id = $1::bigint AND i.removed_at IS NULL
        ORDER BY lower(sw.name), i.version`,
      [id],
    );
    const exposureRows: DeviceDetailResponse['exposures'] = [];
    let cursor: string | undefined;
    do {
      const page = await this.exposures.listExposures({ deviceId: id, limit: 1000, cursor }, now);
      exposureRows.push(...page.items.map(toExposureResponse));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const installations: InstallationResponse[] = installs.map((i) => ({
      softwareId: String(i.software_id),
      name: i.name,
      publisher: i.publisher,
      bundleId: i.bundle_id,
      version: i.version,
      firstSeenAt: i.first_seen_at.toISOString(),
      lastSeenAt: i.last_seen_at.toISOString(),
      matchedProducts: i.products ?? [],
    }));
    return { ...this.toResponse(row, this.staleBefore(now)), installations, exposures: exposureRows };
  }

  private staleBefore(now: Date): Date {
    return new Date(now.getTime() - this.config.exposure.staleAfterDays * 86_400_000);
  }

  private toResponse(r: DeviceRow, staleBefore: Date): DeviceResponse {
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
      lastCheckInAt: r.last_check_in_at ? r.last_check_in_at.toISOString() : null,
      isStale: !r.last_check_in_at || r.last_check_in_at < staleBefore,
      appsReported: r.apps_reported,
      tags: r.tags,
      firstSeenAt: r.first_seen_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      removedAt: r.removed_at ? r.removed_at.toISOString() : null,
      openExposures: Number(r.open_exposures),
    };
  }
}
