import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { DeviceBatch, InventoryDevice } from '@interdict/connectors';
import { copyText, encodeCopyField } from '@interdict/database';
import { physicalKey } from './physical-key';
import { normalizeSoftwareName, softwareIdentityKey } from './software-identity';

// Postgres btree entries are capped near 2.7 kB; version is in the installation key, so long texts are cut.
const MAX_KEY_TEXT = 512;
const MAX_TEXT = 2_000;
// Bumped whenever what goes into a fingerprint changes, so every device is diffed once after an upgrade.
const FINGERPRINT_VERSION = 'v1';

/** Counts of what one sync staged. */
export interface StagedCounts {
  devices: number;
  /** Installations reported by the source (staged or confirmed unchanged by fingerprint). */
  installations: number;
  /** Installations actually COPYed to staging (devices new, returning or with a changed app list). */
  installationsStaged: number;
  /** Devices whose app list matched the stored fingerprint: their installations were not staged at all. */
  devicesUnchanged: number;
  titles: number;
  /** Device records the source sent twice in one walk (the second is ignored). */
  duplicateDevices: number;
  /** Fields cut to the maximum stored length. */
  truncatedFields: number;
  /** Time COPY ran (the database side of staging; it overlaps the walk). */
  copyMs: number;
}

interface Title {
  idx: number;
  /** The normalised key the fingerprint is built from (stable across runs, unlike idx). */
  key: string;
}

/**
 * Session-local staging for one sync. Devices are encoded to COPY text as batches arrive; a device's installations
 * are staged only when its app list differs from the fingerprint stored at the last sync (or it is new/returning),
 * so a resync moves the changed part of the fleet, not all of it. Text is flushed with COPY every `flushRows`
 * installations while the walk goes on (one COPY in flight, one buffer filling), so memory holds two flushes plus
 * the title dictionary (distinct titles) and the {external id → fingerprint} map of the source's active devices.
 */
export class InventoryStager {
  private deviceText = '';
  private installText = '';
  private pendingRows = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly deviceIdx = new Map<string, number>();
  // Raw (as reported) title → dictionary entry: the normalisation runs once per distinct raw title, not per row.
  private readonly rawTitles = new Map<string, Title>();
  private readonly titles = new Map<string, Title>();
  private titleText = '';
  private known = new Map<string, string | null>();
  private readonly counts: StagedCounts = {
    devices: 0,
    installations: 0,
    installationsStaged: 0,
    devicesUnchanged: 0,
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

  /**
   * Creates the temp tables (they vanish with the session, so a crash leaves nothing behind) and loads the
   * fingerprints of the source's active devices (removed ones are diffed in full when they return).
   */
  async create(): Promise<void> {
    await this.client.query(`
      CREATE TEMP TABLE stg_device (
        idx int NOT NULL, external_id text NOT NULL, physical_key text NOT NULL, name text, serial_number text,
        platform text NOT NULL, os_version text, user_principal_name text, user_display_name text, ownership text,
        enrolled_at timestamptz, last_check_in_at timestamptz, inventory_reported_at timestamptz,
        apps_reported boolean NOT NULL, tags text NOT NULL, software_hash text, apps_staged boolean NOT NULL
      ) ON COMMIT PRESERVE ROWS;
      CREATE TEMP TABLE stg_install (device_idx int NOT NULL, title_idx int NOT NULL, version text NOT NULL, install_path text);
      CREATE TEMP TABLE stg_title (
        idx int NOT NULL, identity_key uuid NOT NULL, platform text NOT NULL, name text NOT NULL,
        name_norm text NOT NULL, publisher text, bundle_id text
      );`);
    const rows = await this.client.query<{ external_id: string; software_hash: string | null }>(
      `SELECT external_id, software_hash FROM device WHERE source_id = $1 AND removed_at IS NULL`,
      [this.sourceId],
    );
    for (const r of rows.rows) this.known.set(r.external_id, r.software_hash);
  }

  /** Encodes one batch; starts a COPY when enough rows are pending (waiting only for the previous one). */
  async add(batch: DeviceBatch): Promise<void> {
    for (const device of batch.devices) this.addDevice(device);
    if (this.pendingRows >= this.flushRows) await this.flush();
  }

  /** COPYs whatever is pending, then the title dictionary; returns the totals. */
  async finish(): Promise<StagedCounts> {
    await this.flush();
    await this.inFlight;
    const started = performance.now();
    if (this.titleText) await copyText(this.client, 'stg_title', this.titleText);
    this.counts.copyMs += performance.now() - started;
    this.titleText = '';
    this.known = new Map();
    return { ...this.counts };
  }

  /** Waits for a COPY still running (after a failed walk, before the connection is reused). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
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

    let rows = '';
    let hash: string | null = null;
    let staged = false;
    if (d.appsReported) {
      // The same title+version listed twice on one device is one installation (the key would collide).
      const seen = new Set<string>();
      const entries: string[] = [];
      for (const app of d.software) {
        const title = this.title(app, d.platform);
        if (!title) continue;
        const version = this.cut((app.version ?? '').trim(), MAX_KEY_TEXT);
        const installKey = `${title.idx}\u0000${version}`;
        if (seen.has(installKey)) continue;
        seen.add(installKey);
        const path = this.cutOrNull(app.installPath);
        entries.push(`${title.key}\u0001${version}\u0001${path ?? '\u0002'}`);
        rows += `${idx}\t${title.idx}\t${encodeCopyField(version)}\t${encodeCopyField(path)}\n`;
      }
      this.counts.installations += entries.length;
      // Order-free: sources do not promise a stable order of a device's apps.
      entries.sort();
      hash = createHash('md5').update(FINGERPRINT_VERSION).update(entries.join('\n')).digest('hex');
      const stored = this.known.get(externalId);
      staged = stored === undefined || stored === null || stored !== hash;
      if (staged) {
        this.installText += rows;
        this.pendingRows += entries.length;
        this.counts.installationsStaged += entries.length;
      } else {
        this.counts.devicesUnchanged++;
      }
    }
    this.pendingRows++;
    this.deviceText +=
      `${idx}\t${encodeCopyField(externalId)}\t` +
      `${encodeCopyField(physicalKey(this.sourceId, externalId, d.serialNumber))}\t` +
      `${this.textField(d.name)}\t${this.textField(d.serialNumber)}\t${encodeCopyField(d.platform)}\t` +
      `${this.textField(d.osVersion)}\t${this.textField(d.userPrincipalName)}\t` +
      `${this.textField(d.userDisplayName)}\t${this.textField(d.ownership)}\t` +
      `${dateField(d.enrolledAt)}\t${dateField(d.lastCheckInAt)}\t${dateField(d.inventoryReportedAt)}\t` +
      `${d.appsReported ? 't' : 'f'}\t${encodeCopyField(JSON.stringify(d.tags ?? []))}\t` +
      `${hash ?? '\\N'}\t${staged ? 't' : 'f'}\n`;
  }

  /** The dictionary entry of an app's title (normalised once per distinct raw title); null for a blank name. */
  private title(app: InventoryDevice['software'][number], devicePlatform: string): Title | null {
    const platform = app.platform ?? devicePlatform;
    const raw = `${platform}\u0000${app.name}\u0000${app.publisher ?? ''}\u0000${app.bundleId ?? ''}`;
    const cached = this.rawTitles.get(raw);
    if (cached) return cached;
    const nameNorm = normalizeSoftwareName(this.cut(app.name, MAX_KEY_TEXT));
    if (!nameNorm) return null;
    const publisher = app.publisher ? this.cut(app.publisher.trim(), MAX_KEY_TEXT) || null : null;
    const bundleId = app.bundleId ? this.cut(app.bundleId.trim(), MAX_KEY_TEXT) || null : null;
    const key = `${platform}\u0000${nameNorm}\u0000${publisher ?? ''}\u0000${bundleId ?? ''}`;
    let title = this.titles.get(key);
    if (!title) {
      title = { idx: this.titles.size + 1, key };
      this.titles.set(key, title);
      this.counts.titles++;
      this.titleText +=
        [
          title.idx,
          softwareIdentityKey(platform, nameNorm, publisher, bundleId),
          platform,
          this.cut(app.name.normalize('NFC').trim(), MAX_KEY_TEXT),
          nameNorm,
          publisher,
          bundleId,
        ]
          .map(encodeCopyField)
          .join('\t') + '\n';
    }
    this.rawTitles.set(raw, title);
    return title;
  }

  /** Hands the pending text to COPY and returns once the previous COPY has finished (one in flight at a time). */
  private async flush(): Promise<void> {
    const devices = this.deviceText;
    const installs = this.installText;
    this.deviceText = '';
    this.installText = '';
    this.pendingRows = 0;
    const previous = this.inFlight;
    await previous;
    if (!devices && !installs) return;
    this.inFlight = (async () => {
      const started = performance.now();
      if (devices) await copyText(this.client, 'stg_device', devices);
      if (installs) await copyText(this.client, 'stg_install', installs);
      this.counts.copyMs += performance.now() - started;
    })();
    // Reported when awaited (next flush or finish); this only keeps it from counting as unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }

  private cut(s: string, max: number): string {
    if (s.length <= max) return s;
    this.counts.truncatedFields++;
    return s.slice(0, max);
  }

  private cutOrNull(s: string | null | undefined): string | null {
    return s === null || s === undefined ? null : this.cut(s, MAX_TEXT);
  }

  private textField(s: string | null | undefined): string {
    return encodeCopyField(this.cutOrNull(s));
  }
}

function dateField(d: Date | null | undefined): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : '\\N';
}
