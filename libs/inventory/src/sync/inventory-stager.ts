import type { PoolClient } from 'pg';
import type { DeviceBatch, InventoryDevice } from '@interdict/connectors';
import { copyText, encodeCopyRow } from '@interdict/database';
import { physicalKey } from './physical-key';
import { normalizeSoftwareName, softwareIdentityKey } from './software-identity';

// Postgres btree entries are capped near 2.7 kB; version is in the installation key, so long texts are cut.
const MAX_KEY_TEXT = 512;
const MAX_TEXT = 2_000;

/** Counts of what one sync staged. */
export interface StagedCounts {
  devices: number;
  installations: number;
  titles: number;
  /** Device records the source sent twice in one walk (the second is ignored). */
  duplicateDevices: number;
  /** Fields cut to the maximum stored length. */
  truncatedFields: number;
  /** Time spent waiting on COPY (the database side of staging). */
  copyMs: number;
}

/**
 * Session-local staging for one sync: devices and installations are encoded to COPY text as batches arrive and
 * flushed with COPY every `flushRows` installations, so memory holds one flush plus the title dictionary (distinct
 * titles, tens of thousands) and the set of device ids already seen.
 */
export class InventoryStager {
  private deviceText = '';
  private installText = '';
  private pendingInstalls = 0;
  private readonly deviceIdx = new Map<string, number>();
  private readonly titles = new Map<string, number>();
  private titleText = '';
  private readonly counts: StagedCounts = {
    devices: 0,
    installations: 0,
    titles: 0,
    duplicateDevices: 0,
    truncatedFields: 0,
    copyMs: 0,
  };

  constructor(
    private readonly client: PoolClient,
    private readonly sourceId: string,
    private readonly flushRows: number,
  ) {}

  /** Creates the temp tables (they vanish with the session, so a crash leaves nothing behind). */
  async create(): Promise<void> {
    await this.client.query(`
      CREATE TEMP TABLE stg_device (
        idx int NOT NULL, external_id text NOT NULL, physical_key text NOT NULL, name text, serial_number text,
        platform text NOT NULL, os_version text, user_principal_name text, user_display_name text, ownership text,
        enrolled_at timestamptz, last_check_in_at timestamptz, inventory_reported_at timestamptz,
        apps_reported boolean NOT NULL, tags text NOT NULL
      ) ON COMMIT PRESERVE ROWS;
      CREATE TEMP TABLE stg_install (device_idx int NOT NULL, title_idx int NOT NULL, version text NOT NULL, install_path text);
      CREATE TEMP TABLE stg_title (
        idx int NOT NULL, identity_key uuid NOT NULL, platform text NOT NULL, name text NOT NULL,
        name_norm text NOT NULL, publisher text, bundle_id text
      );`);
  }

  /** Encodes one batch; COPYs when enough installations are pending. */
  async add(batch: DeviceBatch): Promise<void> {
    for (const device of batch.devices) this.addDevice(device);
    if (this.pendingInstalls >= this.flushRows) await this.flush();
  }

  /** COPYs whatever is pending, then the title dictionary; returns the totals. */
  async finish(): Promise<StagedCounts> {
    await this.flush();
    const started = performance.now();
    if (this.titleText) await copyText(this.client, 'stg_title', this.titleText);
    this.counts.copyMs += performance.now() - started;
    this.titleText = '';
    return { ...this.counts };
  }

  get staged(): StagedCounts {
    return { ...this.counts };
  }

  private addDevice(d: InventoryDevice): void {
    const externalId = this.cut(d.externalId, MAX_KEY_TEXT);
    if (this.deviceIdx.has(externalId)) {
      this.counts.duplicateDevices++;
      return;
    }
    const idx = this.deviceIdx.size + 1;
    this.deviceIdx.set(externalId, idx);
    this.counts.devices++;
    this.deviceText += encodeCopyRow([
      idx,
      externalId,
      physicalKey(this.sourceId, externalId, d.serialNumber),
      this.cutOrNull(d.name),
      this.cutOrNull(d.serialNumber),
      d.platform,
      this.cutOrNull(d.osVersion),
      this.cutOrNull(d.userPrincipalName),
      this.cutOrNull(d.userDisplayName),
      this.cutOrNull(d.ownership),
      validDate(d.enrolledAt),
      validDate(d.lastCheckInAt),
      validDate(d.inventoryReportedAt),
      d.appsReported,
      JSON.stringify(d.tags ?? []),
    ]);
    if (!d.appsReported) return;
    // The same title+version listed twice on one device is one installation (the key would collide).
    const seen = new Set<string>();
    for (const app of d.software) {
      const platform = app.platform ?? d.platform;
      const nameNorm = normalizeSoftwareName(this.cut(app.name, MAX_KEY_TEXT));
      if (!nameNorm) continue;
      const publisher = app.publisher ? this.cut(app.publisher.trim(), MAX_KEY_TEXT) || null : null;
      const bundleId = app.bundleId ? this.cut(app.bundleId.trim(), MAX_KEY_TEXT) || null : null;
      const titleKey = `${platform}\u0000${nameNorm}\u0000${publisher ?? ''}\u0000${bundleId ?? ''}`;
      let titleIdx = this.titles.get(titleKey);
      if (titleIdx === undefined) {
        titleIdx = this.titles.size + 1;
        this.titles.set(titleKey, titleIdx);
        this.counts.titles++;
        this.titleText += encodeCopyRow([
          titleIdx,
          softwareIdentityKey(platform, nameNorm, publisher, bundleId),
          platform,
          this.cut(app.name.normalize('NFC').trim(), MAX_KEY_TEXT),
          nameNorm,
          publisher,
          bundleId,
        ]);
      }
      const version = this.cut((app.version ?? '').trim(), MAX_KEY_TEXT);
      const installKey = `${titleIdx}\u0000${version}`;
      if (seen.has(installKey)) continue;
      seen.add(installKey);
      this.installText += encodeCopyRow([idx, titleIdx, version, this.cutOrNull(app.installPath)]);
      this.pendingInstalls++;
      this.counts.installations++;
    }
  }

  private async flush(): Promise<void> {
    const started = performance.now();
    if (this.deviceText) await copyText(this.client, 'stg_device', this.deviceText);
    if (this.installText) await copyText(this.client, 'stg_install', this.installText);
    this.deviceText = '';
    this.installText = '';
    this.pendingInstalls = 0;
    this.counts.copyMs += performance.now() - started;
  }

  private cut(s: string, max: number): string {
    if (s.length <= max) return s;
    this.counts.truncatedFields++;
    return s.slice(0, max);
  }

  private cutOrNull(s: string | null | undefined): string | null {
    return s === null || s === undefined ? null : this.cut(s, MAX_TEXT);
  }
}

function validDate(d: Date | null | undefined): Date | null {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d : null;
}
