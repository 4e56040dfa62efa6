/** Platforms Interdict distinguishes; vendor spellings are mapped onto these at the connector edge. */
export type Platform = 'windows' | 'macos' | 'ios' | 'ipados' | 'android' | 'linux' | 'other';

/** One installed title as a source reports it, after normalisation (see normalize.ts). */
export interface InstalledSoftware {
  /** Display name (NFC, trimmed; `.app` kept as reported). */
  name: string;
  /** Kept verbatim (only trimmed); null when the source gives none. */
  version: string | null;
  publisher: string | null;
  /** macOS/iOS bundle id or Android package name. */
  bundleId: string | null;
  platform: Platform;
  installPath: string | null;
}

/** One device with its installed software, as one source reports it. */
export interface InventoryDevice {
  /** The source's own id (Intune managedDevice id, Jamf computer/mobile id prefixed by kind). */
  externalId: string;
  name: string | null;
  serialNumber: string | null;
  platform: Platform;
  osVersion: string | null;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  /** 'company' | 'personal' | null as the source says. */
  ownership: string | null;
  enrolledAt: Date | null;
  /** Last MDM check-in / contact. */
  lastCheckInAt: Date | null;
  /** When the device last submitted inventory (Jamf reportDate), if the source says. */
  inventoryReportedAt: Date | null;
  /** False when the source could not say which apps are installed (unknown ≠ none). */
  appsReported: boolean;
  /** Groups/categories/sites usable for exception scopes. */
  tags: string[];
  software: InstalledSoftware[];
}

/** A page's worth of devices; connectors yield these in order until the whole fleet has been walked. */
export interface DeviceBatch {
  devices: InventoryDevice[];
}

/** Result of "test connection": auth plus one cheap call. */
export interface SourceHealth {
  ok: boolean;
  /** Human-readable, secret-free summary ("authenticated; Jamf Pro 11.30.1"). */
  detail: string;
  latencyMs: number;
}

/** The only contract the rest of the code sees of an MDM (docs/conventions.md §8). */
export interface InventoryConnector {
  readonly kind: 'intune' | 'jamf';
  check(): Promise<SourceHealth>;
  /** Streams the whole fleet; completing the iteration means the walk was complete. Throws ConnectorError. */
  devices(signal: AbortSignal): AsyncIterable<DeviceBatch>;
  /** HTTP requests made so far (for sync_run.requests and metrics). */
  requestCount(): number;
}
