import type {
  DeviceBatch,
  InstalledSoftware,
  InventoryConnector,
  InventoryDevice,
  Platform,
  SourceHealth,
} from '@interdict/connectors';

/** Shape of a generated fleet. The same options always give the same fleet. */
export interface SyntheticFleetOptions {
  devices: number;
  appsPerDevice?: number;
  /** Distinct titles the apps are drawn from. */
  titles?: number;
  /** Day number: each later day retires ~0.1 % of devices, enrols as many, and bumps ~1 % of app versions. */
  day?: number;
  seed?: number;
  batchSize?: number;
  /** Throw a connector error after this many batches (a partial walk). */
  failAfterBatches?: number;
  /** Devices (by index) that report no app list. */
  appsUnknownEvery?: number;
  /** Prefix of serials; the same prefix in two fleets makes the same physical machines. */
  serialPrefix?: string;
}

const PLATFORMS: Platform[] = ['windows', 'windows', 'windows', 'macos', 'macos', 'ios', 'android'];

/**
 * An in-memory InventoryConnector generating a reproducible fleet page by page (no HTTP), for db tests and the
 * ingest benchmark; memory holds one batch.
 */
export class SyntheticFleetConnector implements InventoryConnector {
  readonly kind = 'intune' as const;
  private requests = 0;
  private readonly o: Required<SyntheticFleetOptions>;

  constructor(opts: SyntheticFleetOptions) {
    this.o = {
      appsPerDevice: 150,
      titles: 5_000,
      day: 0,
      seed: 1,
      batchSize: 500,
      failAfterBatches: -1,
      appsUnknownEvery: 0,
      serialPrefix: 'SN',
      ...opts,
    };
  }

  check(): Promise<SourceHealth> {
    return Promise.resolve({ ok: true, detail: 'synthetic fleet', latencyMs: 0 });
  }

  requestCount(): number {
    return this.requests;
  }

  /** Device indexes present on the configured day. */
  deviceRange(): { first: number; end: number } {
    const churn = Math.floor(this.o.devices * 0.001) * this.o.day;
    return { first: churn, end: churn + this.o.devices };
  }

  /** Ground truth: installations the walk yields (distinct per device). */
  expectedInstallations(): number {
    let n = 0;
    const { first, end } = this.deviceRange();
    for (let i = first; i < end; i++) {
      if (this.o.appsUnknownEvery && i % this.o.appsUnknownEvery === 0) continue;
      n += this.appsOf(i, this.platformOf(i)).length;
    }
    return n;
  }

  async *devices(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const { first, end } = this.deviceRange();
    let batches = 0;
    for (let at = first; at < end; at += this.o.batchSize) {
      if (signal.aborted) throw new Error('aborted');
      if (batches === this.o.failAfterBatches)
        throw Object.assign(new Error('upstream returned 503 three times for page ' + batches), {
          code: 'upstream_unavailable',
        });
      this.requests++;
      batches++;
      const devices: InventoryDevice[] = [];
      for (let i = at; i < Math.min(end, at + this.o.batchSize); i++) devices.push(this.device(i));
      // Yield to the event loop like a real page fetch would.
      await new Promise<void>((r) => setImmediate(r));
      yield { devices };
    }
  }

  private platformOf(i: number): Platform {
    return PLATFORMS[mix(i, this.o.seed) % PLATFORMS.length];
  }

  private device(i: number): InventoryDevice {
    const platform = this.platformOf(i);
    const appsReported = !(this.o.appsUnknownEvery && i % this.o.appsUnknownEvery === 0);
    return {
      externalId: `dev-${this.o.seed}-${i}`,
      name: `DEVICE-${i}`,
      serialNumber: `${this.o.serialPrefix}${String(i).padStart(8, '0')}`,
      platform,
      osVersion: platform === 'windows' ? '10.0.22631' : '14.5',
      userPrincipalName: `user${i % 5000}@contoso.example`,
      userDisplayName: `User ${i % 5000}`,
      ownership: 'company',
      enrolledAt: new Date(Date.UTC(2024, 0, 1 + (i % 300))),
      lastCheckInAt: new Date(Date.UTC(2026, 10, 1 + this.o.day)),
      inventoryReportedAt: null,
      appsReported,
      tags: i % 10 === 0 ? ['finance', 'emea'] : [],
      software: appsReported ? this.appsOf(i, platform) : [],
    };
  }

  private appsOf(i: number, platform: Platform): InstalledSoftware[] {
    const n = this.o.appsPerDevice;
    const out: InstalledSoftware[] = [];
    const used = new Set<number>();
    for (let slot = 0; out.length < n && slot < n * 2; slot++) {
      const t = mix(i * 7_919 + slot, this.o.seed) % this.o.titles;
      if (used.has(t)) continue;
      used.add(t);
      // Each day about 1 % of (device, app) pairs move to a new version.
      const bump = Math.floor((this.o.day + (mix(i, slot + 97) % 100)) / 100);
      out.push({
        name: t % 50 === 0 ? `App\t${t}\\tab` : t % 7 === 0 ? `App ${t}.app` : `App ${t}`,
        version: `${1 + (t % 9)}.${bump}`,
        publisher: `Vendor ${t % 400}`,
        bundleId: platform === 'macos' || platform === 'ios' ? `com.vendor${t % 400}.app${t}` : null,
        platform,
        installPath: null,
      });
    }
    return out;
  }
}

// A small integer hash (xorshift-multiply): fast and reproducible, not for security.
function mix(a: number, b: number): number {
  let h = (a * 0x9e3779b1) ^ (b * 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}
