import type { DeviceBatch, InventoryConnector, InventoryDevice, SourceHealth } from '../connector';
import { ConnectorError } from '../connector.errors';
import { buildClientAssertion } from '../auth/client-assertion';
import { CachedToken } from '../auth/cached-token';
import { requestClientCredentialsToken } from '../auth/oauth-token-request';
import { sourceHttpClient, type SourceHttpClient } from '../http/source-http-client';
import { streamExportInventory, toListedDevice, type ListedDevice } from './export-inventory';
import {
  MANAGED_DEVICE_SELECT,
  checkGraphPage,
  toInstalledSoftware,
  toInventoryDevice,
} from './graph-mapping';
import { intuneEndpoints, type IntuneSettings } from './intune-settings';
import type { OutboundPolicy } from '@interdict/outbound';

const BATCH_SIZE = 500;

/**
 * Microsoft Intune through Graph (docs/mdm-apis.md §2–§5): app-only token (secret or certificate), managedDevices
 * pages followed by their verbatim nextLink, and app inventory from the reports export job (bulk) or, as the
 * fallback, one beta `$expand=detectedApps` call per device.
 */
export class IntuneConnector implements InventoryConnector {
  readonly kind = 'intune' as const;
  private readonly http: SourceHttpClient;
  private readonly auth: CachedToken;
  private readonly endpoints: ReturnType<typeof intuneEndpoints>;

  constructor(
    private readonly settings: IntuneSettings,
    secret: string,
    private readonly sourceName: string,
    policy: OutboundPolicy,
  ) {
    this.endpoints = intuneEndpoints(settings);
    this.http = sourceHttpClient(sourceName, settings, policy);
    this.auth = new CachedToken((signal) => this.fetchToken(secret, signal));
  }

  requestCount(): number {
    return this.http.requestCount();
  }

  async check(): Promise<SourceHealth> {
    const started = Date.now();
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    const res = await this.http.json<unknown>({
      url: `${this.endpoints.graphBaseUrl}/v1.0/deviceManagement/managedDevices?$select=id&$top=1`,
      endpoint: 'GET /v1.0/deviceManagement/managedDevices',
      auth: this.auth,
      signal,
    });
    checkGraphPage(res.data, 'GET /v1.0/deviceManagement/managedDevices');
    return {
      ok: true,
      detail: `authenticated to Intune (${this.settings.cloud} cloud); device list readable`,
      latencyMs: Date.now() - started,
    };
  }

  async *devices(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    if (this.settings.strategy === 'perDevice') {
      yield* this.perDeviceInventory(signal);
      return;
    }
    const devices = new Map<string, ListedDevice>();
    for await (const page of this.managedDevicePages(signal))
      for (const d of page) devices.set(d.externalId, toListedDevice(d));
    yield* streamExportInventory({
      http: this.http,
      auth: this.auth,
      graphBaseUrl: this.endpoints.graphBaseUrl,
      settings: this.settings,
      devices,
      batchSize: BATCH_SIZE,
      signal,
    });
  }

  /** managedDevices, page by page, following `@odata.nextLink` verbatim until it is absent. */
  private async *managedDevicePages(signal: AbortSignal): AsyncIterable<InventoryDevice[]> {
    let url: string | null =
      `${this.endpoints.graphBaseUrl}/v1.0/deviceManagement/managedDevices?$select=${MANAGED_DEVICE_SELECT}&$top=${this.settings.pageSize}`;
    const seen = new Set<string>();
    for (let page = 1; url; page++) {
      const where = `GET /v1.0/deviceManagement/managedDevices page ${page}`;
      const res = await this.http.json<unknown>({ url, endpoint: where, auth: this.auth, signal });
      const { value, nextLink } = checkGraphPage(res.data, where);
      const devices = value
        .map((raw) => toInventoryDevice(raw, where))
        .filter((d) => !seen.has(d.externalId));
      for (const d of devices) seen.add(d.externalId);
      yield devices;
      url = nextLink;
    }
  }

  private async *perDeviceInventory(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    for await (const page of this.managedDevicePages(signal)) {
      // Bounded by the client's concurrency limit; results keep the page's order.
      const withApps = await Promise.all(page.map((d) => this.withDetectedApps(d, signal)));
      for (let i = 0; i < withApps.length; i += BATCH_SIZE)
        yield { devices: withApps.slice(i, i + BATCH_SIZE) };
    }
  }

  private async withDetectedApps(device: InventoryDevice, signal: AbortSignal): Promise<InventoryDevice> {
    const where = 'GET /beta/deviceManagement/managedDevices/{id}?$expand=detectedApps';
    const res = await this.http.json<Record<string, unknown>>({
      url: `${this.endpoints.graphBaseUrl}/beta/deviceManagement/managedDevices/${encodeURIComponent(device.externalId)}?$select=id&$expand=detectedApps`,
      endpoint: where,
      auth: this.auth,
      signal,
    });
    const apps = res.data?.detectedApps;
    if (apps === undefined || apps === null) return { ...device, appsReported: false };
    if (!Array.isArray(apps))
      throw new ConnectorError(
        'bad_payload',
        `${where}: device ${device.externalId} has a non-array "detectedApps"`,
        where,
      );
    const software = apps
      .map((a) => toInstalledSoftware(a, device.platform, where))
      .filter((s) => s !== null);
    return { ...device, appsReported: true, software };
  }

  private async fetchToken(
    secret: string,
    signal: AbortSignal,
  ): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const form: Record<string, string> = {
      client_id: this.settings.clientId,
      scope: this.endpoints.scope,
      grant_type: 'client_credentials',
    };
    if (this.settings.auth === 'certificate') {
      form.client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      form.client_assertion = await buildClientAssertion({
        clientId: this.settings.clientId,
        tokenUrl: this.endpoints.tokenUrl,
        certificatePem: this.settings.certificatePem!,
        privateKeyPem: secret,
        algorithm: this.settings.signingAlgorithm,
      });
    } else {
      form.client_secret = secret;
    }
    return requestClientCredentialsToken(this.http, {
      tokenUrl: this.endpoints.tokenUrl,
      endpoint: 'POST /{tenant}/oauth2/v2.0/token',
      form,
      sourceName: this.sourceName,
      signal,
    });
  }
}
