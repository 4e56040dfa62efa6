import { randomBytes } from 'node:crypto';
import { FaultPlan } from './faults';
import type { DetectedAppsIndex, FleetOptions, FleetSummary, PlantedTitle } from './fleet';
import { Fleet, guid, indexDetectedApps, summarizeFleet } from './fleet';
import { RequestLog } from './request-log';

/** The Intune roles the simulator's app registration is granted; a narrower set makes Graph answer 403. */
export const INTUNE_ROLES = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementApps.Read.All',
] as const;

/** Options the running simulator was started with (all have defaults but seed and devices). */
export interface SimulatorSettings {
  seed: number;
  devices: number;
  baseDateMs: number;
  tokenLifetimeSeconds: number;
  jamfTokenLifetimeSeconds: number;
  jamfVersion: string;
  /** Export job polls it takes to reach `completed` (first poll → inProgress). */
  exportPollsToComplete: number;
  exportExpirySeconds: number;
  /** Deflate the export zip (slower); stored entries otherwise. */
  exportCompression: boolean;
  /** Intune roles granted to the app registration. */
  intuneRoles: readonly string[];
  /** beta list `$expand=detectedApps` returns empty arrays, as the real service does. */
  listExpandReturnsEmpty: boolean;
  /** beta per-device detectedApps capped at 50 rows without a nextLink. */
  perDeviceAppsCap50: boolean;
  bannedPrevalence: number;
  lookalikePrevalence: number;
  /** Share of Jamf mobile devices whose data "Jamf cannot process": STRICT detail pages fail with 500. */
  jamfBrokenMobilePrevalence: number;
  /** Jamf answers 503 above this many requests in flight (0 = no cap). */
  jamfMaxInFlight: number;
  /** Corpus mode (FleetOptions.corpus): one device per title. */
  corpus?: readonly PlantedTitle[];
  /** The client secret of the Intune app and of the Jamf API client; random per start when unset. */
  clientSecret?: string;
}

export interface IssuedToken {
  side: 'intune' | 'jamf';
  expiresAtMs: number;
  roles: readonly string[];
}

export interface ExportJob {
  id: string;
  reportName: string;
  filter: string;
  select: string[];
  format: string;
  localizationType: string;
  requestDateTime: string;
  polls: number;
  day: number;
  failed: boolean;
  completedAtMs?: number;
  expiresAtMs?: number;
}

/** Mutable state of one simulator: the day, caches of full walks, tokens, jobs, faults, request log. */
export class SimulatorState {
  day: number;
  readonly faults = new FaultPlan();
  readonly requestLog = new RequestLog();
  readonly tokens = new Map<string, IssuedToken>();
  readonly exportJobs = new Map<string, ExportJob>();
  readonly tenantId: string;
  readonly intuneClientId: string;
  readonly intuneClientSecret: string;
  readonly jamfClientId: string;
  readonly jamfClientSecret: string;
  readonly jamfUsername = 'interdict-reader';
  readonly jamfPassword = randomBytes(12).toString('base64url');
  /** Signs blob URLs of export jobs. */
  readonly blobKey = randomBytes(32);
  private fleetCache: Fleet | null = null;
  private summaryCache: FleetSummary | null = null;
  private detectedCache: DetectedAppsIndex | null = null;

  constructor(
    readonly settings: SimulatorSettings,
    day = 0,
  ) {
    this.day = day;
    this.tenantId = guid(settings.seed, 900, 0);
    this.intuneClientId = guid(settings.seed, 901, 0);
    this.jamfClientId = guid(settings.seed, 902, 0);
    this.intuneClientSecret = settings.clientSecret ?? randomBytes(24).toString('base64url');
    this.jamfClientSecret = settings.clientSecret ?? randomBytes(24).toString('base64url');
  }

  /** The fleet on the current day. */
  fleet(): Fleet {
    if (!this.fleetCache || this.fleetCache.day !== this.day) {
      this.fleetCache = new Fleet(this.fleetOptions(), this.day);
      this.summaryCache = null;
      this.detectedCache = null;
    }
    return this.fleetCache;
  }

  /** What every fleet of this simulator is generated from, whichever day it is. */
  fleetOptions(): FleetOptions {
    return {
      seed: this.settings.seed,
      devices: this.settings.devices,
      baseDateMs: this.settings.baseDateMs,
      bannedPrevalence: this.settings.bannedPrevalence,
      lookalikePrevalence: this.settings.lookalikePrevalence,
      corpus: this.settings.corpus,
    };
  }

  /** Ground truth for the current day (one full walk, then cached). */
  summary(): FleetSummary {
    const fleet = this.fleet();
    this.summaryCache ??= summarizeFleet(fleet);
    return this.summaryCache;
  }

  /** The detectedApps catalogue for the current day (one full walk of Intune, then cached). */
  detectedApps(): DetectedAppsIndex {
    const fleet = this.fleet();
    this.detectedCache ??= indexDetectedApps(fleet);
    return this.detectedCache;
  }

  setDay(day: number): void {
    this.day = day;
    this.fleet();
  }

  issueToken(side: 'intune' | 'jamf', lifetimeSeconds: number, roles: readonly string[]): string {
    if (this.tokens.size > 50_000) {
      const now = Date.now();
      for (const [token, issued] of this.tokens) if (issued.expiresAtMs < now) this.tokens.delete(token);
    }
    // JWT-shaped so clients that peek at it do not choke; validity is decided by this table, not the signature.
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5t: 'SIMULATOR' })).toString(
      'base64url',
    );
    const expiresAtMs = Date.now() + lifetimeSeconds * 1000;
    const claims =
      side === 'intune'
        ? {
            aud: 'https://graph.microsoft.com',
            tid: this.tenantId,
            appid: this.intuneClientId,
            roles,
            exp: Math.floor(expiresAtMs / 1000),
          }
        : {
            sub: this.jamfClientId,
            aud: this.jamfClientId,
            scope: ['api-role:1'],
            exp: Math.floor(expiresAtMs / 1000),
          };
    const token = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { side, expiresAtMs, roles });
    return token;
  }

  reset(): void {
    this.day = 0;
    this.faults.set([]);
    this.requestLog.clear();
    this.tokens.clear();
    this.exportJobs.clear();
  }
}
