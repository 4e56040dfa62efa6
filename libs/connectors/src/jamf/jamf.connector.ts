import type { DeviceBatch, InventoryConnector, InventoryDevice, SourceHealth } from '../connector';
import { ConnectorError } from '../connector.errors';
import { CachedToken } from '../auth/cached-token';
import { requestClientCredentialsToken } from '../auth/oauth-token-request';
import { SourceHttpClient } from '../http/source-http-client';
import { checkJamfPage, computerToDevice, mobileToDevice } from './jamf-mapping';
import type { JamfSettings } from './jamf-settings';

const COMPUTER_SECTIONS = ['GENERAL', 'HARDWARE', 'OPERATING_SYSTEM', 'APPLICATIONS', 'USER_AND_LOCATION'];
const MOBILE_SECTIONS = ['GENERAL', 'HARDWARE', 'USER_AND_LOCATION', 'APPLICATIONS'];

/**
 * Jamf Pro (jamf-pro.md §10): API client credentials, the computers-inventory version the server has (v4 on
 * 11.30+, else v3, v1 on 404), only the sections we need, sorted by id so paging is stable, and the paged mobile
 * device detail with LENIENT handling.
 */
export class JamfConnector implements InventoryConnector {
  readonly kind = 'jamf' as const;
  private readonly http: SourceHttpClient;
  private readonly auth: CachedToken;
  private readonly base: string;

  constructor(
    private readonly settings: JamfSettings,
    secret: string,
    sourceName: string,
  ) {
    this.base = settings.baseUrl.replace(/\/+$/, '');
    this.http = new SourceHttpClient({
      sourceName,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      retryBaseDelayMs: settings.retryBaseDelayMs,
      concurrency: settings.concurrency,
      caCertPem: settings.caCertPem,
    });
    this.auth = new CachedToken((signal) =>
      requestClientCredentialsToken(this.http, {
        tokenUrl: `${this.base}/api/oauth/token`,
        endpoint: 'POST /api/oauth/token',
        form: { grant_type: 'client_credentials', client_id: settings.clientId, client_secret: secret },
        sourceName,
        signal,
      }),
    );
  }

  requestCount(): number {
    return this.http.requestCount();
  }

  async check(): Promise<SourceHealth> {
    const started = Date.now();
    const version = await this.serverVersion(AbortSignal.timeout(this.settings.timeoutMs));
    return { ok: true, detail: `authenticated to Jamf Pro ${version}`, latencyMs: Date.now() - started };
  }

  async *devices(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const version = await this.serverVersion(signal);
    const [major, minor] = version.split('.').map((n) => Number.parseInt(n, 10));
    const preferred = major > 11 || (major === 11 && minor >= 30) ? ['v4', 'v3', 'v1'] : ['v3', 'v1'];
    yield* this.computers(preferred, signal);
    if (this.settings.includeMobileDevices) yield* this.mobileDevices(signal);
  }

  private async serverVersion(signal: AbortSignal): Promise<string> {
    const res = await this.http.json<{ version?: unknown }>({
      url: `${this.base}/api/v1/jamf-pro-version`,
      endpoint: 'GET /api/v1/jamf-pro-version',
      auth: this.auth,
      signal,
    });
    if (typeof res.data?.version !== 'string')
      throw new ConnectorError('bad_payload', 'GET /api/v1/jamf-pro-version answered without a version');
    return res.data.version.split('-')[0];
  }

  private async *computers(versions: string[], signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const sections = COMPUTER_SECTIONS.map((s) => `section=${s}`).join('&');
    for (const [i, v] of versions.entries()) {
      const path = `/api/${v}/computers-inventory`;
      const first = await this.page(
        `${path}?${sections}&page=0&page-size=${this.settings.pageSize}&sort=id%3Aasc`,
        `GET ${path} page 0`,
        signal,
        i < versions.length - 1,
      );
      if (!first) continue; // 404: this server does not have that version
      yield* this.walk(path, sections, 'id%3Aasc', first, computerToDevice, signal);
      return;
    }
  }

  private async *mobileDevices(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const path = '/api/v2/mobile-devices/detail';
    const query = `${MOBILE_SECTIONS.map((s) => `section=${s}`).join('&')}&exception-handling=LENIENT`;
    const first = await this.page(
      `${path}?${query}&page=0&page-size=${this.settings.pageSize}&sort=mobileDeviceId%3Aasc`,
      `GET ${path} page 0`,
      signal,
      false,
    );
    if (first) yield* this.walk(path, query, 'mobileDeviceId%3Aasc', first, mobileToDevice, signal);
  }

  /** One page, or null on 404 when the caller has a fallback. */
  private async page(
    pathAndQuery: string,
    where: string,
    signal: AbortSignal,
    allow404: boolean,
  ): Promise<{ totalCount: number; results: unknown[] } | null> {
    const res = await this.http.json<unknown>({
      url: `${this.base}${pathAndQuery}`,
      endpoint: where,
      auth: this.auth,
      signal,
      acceptStatuses: allow404 ? [404] : [],
    });
    if (res.status === 404) return null;
    return checkJamfPage(res.data, where);
  }

  /**
   * Walks pages until one is empty or the count reaches totalCount (never on a short page: the server clamps page
   * size silently, jamf-pro.md §6); records seen twice because the set shifted during the walk are skipped.
   */
  private async *walk(
    path: string,
    query: string,
    sort: string,
    first: { totalCount: number; results: unknown[] },
    toDevice: (raw: unknown, where: string) => InventoryDevice,
    signal: AbortSignal,
  ): AsyncIterable<DeviceBatch> {
    const seen = new Set<string>();
    let current: { totalCount: number; results: unknown[] } | null = first;
    let fetched = 0;
    for (let page = 0; current && current.results.length;) {
      const where = `GET ${path} page ${page}`;
      const devices = current.results.map((r) => toDevice(r, where)).filter((d) => !seen.has(d.externalId));
      for (const d of devices) seen.add(d.externalId);
      fetched += current.results.length;
      if (devices.length) yield { devices };
      if (
        page * this.settings.pageSize + current.results.length >= current.totalCount &&
        fetched >= current.totalCount
      )
        break;
      page++;
      current = await this.page(
        `${path}?${query}&page=${page}&page-size=${this.settings.pageSize}&sort=${sort}`,
        `GET ${path} page ${page}`,
        signal,
        false,
      );
    }
  }
}
