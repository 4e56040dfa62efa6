import type { PoolClient } from 'pg';
import type { DeviceBatch, InventoryDevice } from '@interdict/connectors';
import { copyText, CopyTextBuffer, encodeCopyField } from '@interdict/database';
import { physicalKey } from './physical-key';
import { normalizeSoftwareName, softwareIdentityKey } from './software-identity';

// Postgres btree entries are capped near 2.7 kB; version is in the installation key, so long texts are cut.
const MAX_KEY_TEXT = 512;
const MAX_TEXT = 2_000;
// COPY text pending at most (besides flushRows), held twice off the JS heap (one filling, one in flight).
const MAX_PENDING_BYTES = 2 * 1024 * 1024;
// Bumped whenever what goes into a fingerprint changes, so every device is diffed once after an upgrade.
const FINGERPRINT_VERSION = 'v2';
/**
 * A device's fingerprint is one 64-bit hash per bucket of its titles (bucket = first hex digit of the title's
 * identity key, modulo 8). A changed list stages only the buckets whose hash moved: with 150 apps and one or two
 * changes a day, about a fifth of the device's rows instead of all of them. `installation.bucket` lets the diff read
 * back the same part.
 */
export const FINGERPRINT_BUCKETS = 8;
/** Every bucket: the device is diffed in full (new, returning, or a fingerprint of another version). */
export const ALL_BUCKETS = (1 << FINGERPRINT_BUCKETS) - 1;
const BUCKET_HEX = 16;

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
  /** Time COPY ran (wall clock; it overlaps the walk, so it includes waits for the walk's own work). */
  copyMs: number;
  /** Time the walk stood still waiting for COPY (the part of staging the database did not hide). */
  copyStallMs: number;
}

interface Title {
  idx: number;
  /** idx as COPY text (converted once, not per row). */
  idxText: string;
  /** Two 32-bit seeds from the title's identity key (stable across runs, unlike idx) for the fingerprint. */
  seedA: number;
  seedB: number;
  /** Fingerprint bucket, 0 … FINGERPRINT_BUCKETS − 1. */
  bucket: number;
  /**
   * Device (walk index) that last listed the title: duplicates are found without a per-device set. Only a number:
   * storing per-row strings in these long-lived objects would promote every row's garbage to the old heap.
   */
  lastDevice: number;
}

/** Raw (as reported) title fields → dictionary entry; a chain per raw name. */
interface RawTitle {
  publisher: string | null;
  bundleId: string | null;
  title: Title | null;
  next: RawTitle | undefined;
}

/**
 * Session-local staging for one sync. Devices are encoded to COPY text as batches arrive; a device's installations
 * are staged only when its app list differs from the fingerprint stored at the last sync (or it is new/returning),
 * so a resync moves the changed part of the fleet, not all of it. Text is flushed with COPY every `flushRows`
 * installations while the walk goes on (one COPY in flight, one buffer filling), so memory holds two flushes plus
 * the title dictionary (distinct titles) and the {external id → fingerprint} map of the source's active devices.
 */
export class InventoryStager {
  private readonly deviceText = new CopyTextBuffer();
  private readonly installText = new CopyTextBuffer(MAX_PENDING_BYTES);
  // Rows of devices already stored (list changed): they go to the diff's table directly, not through the chunk.
  private readonly changedText = new CopyTextBuffer(MAX_PENDING_BYTES);
  private pendingRows = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly deviceIdx = new Map<string, number>();
  // Platform → raw name → dictionary entries: the normalisation runs once per distinct raw title, not per row.
  private readonly rawTitles = new Map<string, Map<string, RawTitle>>();
  private readonly titles = new Map<string, Title>();
  private titleText = '';
  private known = new Map<string, string | null>();
  // Per-bucket hash sums of the device being encoded (A and B halves interleaved), reused for every device.
  private readonly sums = new Int32Array(FINGERPRINT_BUCKETS * 2);
  private readonly counts: StagedCounts = {
    devices: 0,
    installations: 0,
    installationsStaged: 0,
    devicesUnchanged: 0,
    titles: 0,
    duplicateDevices: 0,
    truncatedFields: 0,
    copyMs: 0,
    copyStallMs: 0,
  };

  /**
   * `applyChunk` runs after each COPY, on the same connection, before the next COPY starts: it reads the chunk
   * tables (stg_title, stg_device, stg_install, stg_changed), which the stager empties once it returns.
   */
  constructor(
    private readonly client: PoolClient,
    private readonly sourceId: string,
    private readonly flushRows: number,
    private readonly applyChunk: () => Promise<void>,
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
        apps_reported boolean NOT NULL, tags text NOT NULL, software_hash text, apps_staged boolean NOT NULL,
        bucket_mask int NOT NULL
      ) ON COMMIT PRESERVE ROWS;
      CREATE TEMP TABLE stg_install (device_idx int NOT NULL, title_idx int NOT NULL, version text NOT NULL, install_path text);
      CREATE TEMP TABLE stg_title (
        idx int NOT NULL, identity_key uuid NOT NULL, platform text NOT NULL, name text NOT NULL,
        name_norm text NOT NULL, publisher text, bundle_id text, bucket smallint NOT NULL
      );
      CREATE TEMP TABLE stg_changed (device_idx int NOT NULL, title_idx int NOT NULL, version text NOT NULL, install_path text);`);
    const rows = await this.client.query<{ external_id: string; software_hash: string | null }>(
      `SELECT external_id, software_hash FROM device WHERE source_id = $1 AND removed_at IS NULL`,
      [this.sourceId],
    );
    for (const r of rows.rows) this.known.set(r.external_id, r.software_hash);
  }

  /** Encodes one batch; starts a COPY when enough rows are pending (waiting only for the previous one). */
  async add(batch: DeviceBatch): Promise<void> {
    const devices = batch.devices;
    for (let i = 0; i < devices.length; i++) {
      this.addDevice(devices[i]);
      // A whole batch encoded in one go would starve the COPY in flight (its socket writes wait for the event
      // loop); a turn every few dozen devices keeps Postgres fed while the walk works.
      if (i % 32 === 31) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (
      this.pendingRows >= this.flushRows ||
      this.installText.length + this.changedText.length >= MAX_PENDING_BYTES
    )
      await this.flush();
  }

  /** COPYs whatever is pending; returns the totals. */
  async finish(): Promise<StagedCounts> {
    await this.flush();
    const started = performance.now();
    await this.inFlight;
    this.counts.copyStallMs += performance.now() - started;
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

  // Long because it runs per device of a sync: the checks and the staging writes stay inline.
  private addDevice(d: InventoryDevice): void {
    const externalId = this.cut(d.externalId, MAX_KEY_TEXT);
    if (this.deviceIdx.has(externalId)) {
      this.counts.duplicateDevices++;
      return;
    }
    const idx = this.deviceIdx.size + 1;
    this.deviceIdx.set(externalId, idx);
    this.counts.devices++;

    let hash: string | null = null;
    let staged = false;
    let mask = ALL_BUCKETS;
    if (d.appsReported) {
      // The same title+version listed twice on one device is one installation (the key would collide).
      let kept: { title: Title; version: string }[] | undefined;
      // The device's rows between fingerprinting and encoding.
      const rowTitles: string[] = [];
      const rowVersions: string[] = [];
      const rowPaths: (string | null)[] = [];
      const rowBuckets: number[] = [];
      let n = 0;
      const sums = this.sums;
      sums.fill(0);
      for (let i = 0; i < d.software.length; i++) {
        const app = d.software[i];
        const title = this.title(app, d.platform);
        if (!title) continue;
        const version = this.cut((app.version ?? '').trim(), MAX_KEY_TEXT);
        if (title.lastDevice === idx) {
          // Rare: the title twice on one device; only then are the device's earlier rows searched.
          kept ??= this.rowsBefore(d, i);
          if (kept.some((k) => k.title === title && k.version === version)) continue;
        }
        title.lastDevice = idx;
        kept?.push({ title, version });
        const path = this.cutOrNull(app.installPath);
        // Order-free sum of per-installation hashes: sources do not promise a stable order of a device's apps.
        const b = title.bucket * 2;
        sums[b] = (sums[b] + entryHash(title.seedA, version, path)) | 0;
        sums[b + 1] = (sums[b + 1] + entryHash(title.seedB ^ 0x5bd1e995, version, path)) | 0;
        rowTitles[n] = title.idxText;
        rowBuckets[n] = title.bucket;
        rowVersions[n] = version;
        rowPaths[n] = path;
        n++;
      }
      this.counts.installations += n;
      hash = fingerprint(n, sums);
      const stored = this.known.get(externalId);
      // Each fingerprint is needed once: the map shrinks as the walk grows the device index.
      this.known.delete(externalId);
      staged = stored === undefined || stored === null || stored !== hash;
      if (staged) {
        if (stored) mask = changedBuckets(stored, hash);
        // Encoded only now: an unchanged device's rows are never turned into COPY text, nor a changed device's
        // rows in buckets that did not change.
        const prefix = `${idx}\t`;
        let rows = '';
        let staging = 0;
        for (let i = 0; i < n; i++) {
          if (((mask >> rowBuckets[i]) & 1) === 0) continue;
          const path = rowPaths[i];
          rows += `${prefix}${rowTitles[i]}\t${encodeCopyField(rowVersions[i])}\t${path === null ? '\\N' : encodeCopyField(path)}\n`;
          staging++;
        }
        // A changed device with no row left (a bucket lost its only app) is still diffed: its stg_device row says
        // which buckets to compare.
        if (stored === undefined) this.installText.append(rows);
        else this.changedText.append(rows);
        this.pendingRows += staging;
        this.counts.installationsStaged += staging;
      } else {
        this.counts.devicesUnchanged++;
      }
    }
    this.pendingRows++;
    this.deviceText.append(
      `${idx}\t${encodeCopyField(externalId)}\t` +
        `${encodeCopyField(physicalKey(this.sourceId, externalId, d.serialNumber))}\t` +
        `${this.textField(d.name)}\t${this.textField(d.serialNumber)}\t${encodeCopyField(d.platform)}\t` +
        `${this.textField(d.osVersion)}\t${this.textField(d.userPrincipalName)}\t` +
        `${this.textField(d.userDisplayName)}\t${this.textField(d.ownership)}\t` +
        `${dateField(d.enrolledAt)}\t${dateField(d.lastCheckInAt)}\t${dateField(d.inventoryReportedAt)}\t` +
        `${d.appsReported ? 't' : 'f'}\t${encodeCopyField(JSON.stringify(d.tags ?? []))}\t` +
        `${hash ?? '\\N'}\t${staged ? 't' : 'f'}\t${mask}\n`,
    );
  }

  /** The distinct (title, version) rows among a device's first `end` apps (re-derived: a repeated title is rare). */
  private rowsBefore(d: InventoryDevice, end: number): { title: Title; version: string }[] {
    const out: { title: Title; version: string }[] = [];
    for (let i = 0; i < end; i++) {
      const app = d.software[i];
      const title = this.title(app, d.platform);
      const version = (app.version ?? '').trim().slice(0, MAX_KEY_TEXT);
      if (title && !out.some((k) => k.title === title && k.version === version)) out.push({ title, version });
    }
    return out;
  }

  /** The dictionary entry of an app's title (normalised once per distinct raw title); null for a blank name. */
  private title(app: InventoryDevice['software'][number], devicePlatform: string): Title | null {
    const platform = app.platform ?? devicePlatform;
    let byName = this.rawTitles.get(platform);
    if (!byName) this.rawTitles.set(platform, (byName = new Map<string, RawTitle>()));
    const first = byName.get(app.name);
    for (let r = first; r; r = r.next)
      if (r.publisher === app.publisher && r.bundleId === app.bundleId) return r.title;
    const title = this.normalisedTitle(app, platform);
    byName.set(app.name, { publisher: app.publisher, bundleId: app.bundleId, title, next: first });
    return title;
  }

  private normalisedTitle(app: InventoryDevice['software'][number], platform: string): Title | null {
    const nameNorm = normalizeSoftwareName(this.cut(app.name, MAX_KEY_TEXT));
    if (!nameNorm) return null;
    const publisher = app.publisher ? this.cut(app.publisher.trim(), MAX_KEY_TEXT) || null : null;
    const bundleId = app.bundleId ? this.cut(app.bundleId.trim(), MAX_KEY_TEXT) || null : null;
    const identityKey = softwareIdentityKey(platform, nameNorm, publisher, bundleId);
    let title = this.titles.get(identityKey);
    if (!title) {
      title = {
        idx: this.titles.size + 1,
        idxText: String(this.titles.size + 1),
        seedA: parseInt(identityKey.slice(0, 8), 16),
        seedB: parseInt(identityKey.slice(28, 36), 16),
        bucket: titleBucket(identityKey),
        lastDevice: 0,
      };
      this.titles.set(identityKey, title);
      this.counts.titles++;
      this.titleText +=
        [
          title.idx,
          identityKey,
          platform,
          this.cut(app.name.normalize('NFC').trim(), MAX_KEY_TEXT),
          nameNorm,
          publisher,
          bundleId,
          title.bucket,
        ]
          .map(encodeCopyField)
          .join('\t') + '\n';
    }
    return title;
  }

  /** Hands the pending text to COPY and returns once the previous COPY has finished (one in flight at a time). */
  private async flush(): Promise<void> {
    const devices = this.deviceText.take();
    const installs = this.installText.take();
    const changed = this.changedText.take();
    const titles = this.titleText;
    this.titleText = '';
    this.pendingRows = 0;
    const previous = this.inFlight;
    const waited = performance.now();
    await previous;
    this.counts.copyStallMs += performance.now() - waited;
    if (!devices.length && !installs.length && !changed.length && !titles) return;
    this.inFlight = (async () => {
      const started = performance.now();
      if (titles) await copyText(this.client, 'stg_title', titles);
      if (devices.length) await copyText(this.client, 'stg_device', devices);
      if (installs.length) await copyText(this.client, 'stg_install', installs);
      if (changed.length) await copyText(this.client, 'stg_changed', changed);
      this.counts.copyMs += performance.now() - started;
      await this.applyChunk();
      await this.client.query(`TRUNCATE stg_title, stg_device, stg_install, stg_changed`);
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

/**
 * A 32-bit hash of one installation (title seed, version, install path): FNV-1a over the texts, then murmur3's
 * finalizer so that sums of many of them spread over all bits. Two of these with different seeds make a 64-bit
 * fingerprint of a device's list.
 */
function entryHash(seed: number, version: string, path: string | null): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < version.length; i++) h = Math.imul(h ^ version.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0xffff, 0x01000193);
  if (path === null) h = Math.imul(h ^ 0xfffe, 0x01000193);
  else for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The fingerprint bucket of a title: the top bits of its identity key (a uuid, so evenly spread). */
export function titleBucket(identityKey: string): number {
  return parseInt(identityKey[0], 16) % FINGERPRINT_BUCKETS;
}

/** `v2:<apps>:` then one 64-bit hash (16 hex digits) per bucket. */
function fingerprint(apps: number, sums: Int32Array): string {
  let out = `${FINGERPRINT_VERSION}:${apps}:`;
  for (let b = 0; b < FINGERPRINT_BUCKETS; b++) out += hex8(sums[b * 2]) + hex8(sums[b * 2 + 1]);
  return out;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Bitmask of the buckets whose hash differs between two fingerprints (every bucket if their layouts differ). */
export function changedBuckets(stored: string, current: string): number {
  const at = current.lastIndexOf(':') + 1;
  const storedAt = stored.lastIndexOf(':') + 1;
  if (
    !stored.startsWith(`${FINGERPRINT_VERSION}:`) ||
    stored.length - storedAt !== FINGERPRINT_BUCKETS * BUCKET_HEX ||
    current.length - at !== FINGERPRINT_BUCKETS * BUCKET_HEX
  )
    return ALL_BUCKETS;
  let mask = 0;
  for (let b = 0; b < FINGERPRINT_BUCKETS; b++) {
    const o = b * BUCKET_HEX;
    if (stored.slice(storedAt + o, storedAt + o + BUCKET_HEX) !== current.slice(at + o, at + o + BUCKET_HEX))
      mask |= 1 << b;
  }
  return mask;
}

function dateField(d: Date | null | undefined): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : '\\N';
}
