import { getLogger } from '@interdict/logger';
import type { DeviceBatch, InventoryConnector, InventoryDevice, SourceHealth } from '../connector';
import { ConnectorError } from '../connector.errors';
import { CachedToken } from '../auth/cached-token';
import { requestClientCredentialsToken } from '../auth/oauth-token-request';
import { sourceHttpClient, type SourceHttpClient } from '../http/source-http-client';
import { checkJamfPage, computerToDevice, mobileFullDetailToDevice, mobileToDevice } from './jamf-mapping';
import type { JamfSettings } from './jamf-settings';
import type { OutboundPolicy } from '@interdict/outbound';

export const COMPUTER_SECTIONS = [
  'GENERAL',
  'HARDWARE',
  'OPERATING_SYSTEM',
  'APPLICATIONS',
  'USER_AND_LOCATION',
];
export const MOBILE_SECTIONS = ['GENERAL', 'HARDWARE', 'USER_AND_LOCATION', 'APPLICATIONS'];

/**
 * Jamf Pro (docs/mdm-apis.md §7–§10): API client credentials, the computers-inventory version the server has (v4 on
 * 11.30+, else v3, v1 on 404), only the sections we need, sorted by id so paging is stable, and the paged mobile
 * device detail with LENIENT handling — or, where that 404s (older servers), the mobile list plus one detail call
 * per device.
 */
export class JamfConnector implements InventoryConnector {
  readonly kind = 'jamf' as const;
  private readonly http: SourceHttpClient;
  private readonly auth: CachedToken;
  private readonly base: string;
  private readonly log = getLogger('JamfConnector');

  constructor(
    private readonly settings: JamfSettings,
    secret: string,
    private readonly sourceName: string,
    policy: OutboundPolicy,
  ) {
    this.base = settings.baseUrl.replace(/\/+$/, '');
    this.http = sourceHttpClient(sourceName, settings, policy);
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
    const detail = version
      ? `authenticated to Jamf Pro ${version}`
      : 'authenticated to Jamf Pro (its version is not disclosed here; inventory versions are probed instead)';
    return { ok: true, detail, latencyMs: Date.now() - started };
  }

  async *devices(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const version = await this.serverVersion(signal);
    const [major, minor] = (version ?? '').split('.').map((n) => Number.parseInt(n, 10));
    // Unknown version: start at the newest inventory version and step down on 404, as for an older server.
    const preferred =
      version === null || major > 11 || (major === 11 && minor >= 30) ? ['v4', 'v3', 'v1'] : ['v3', 'v1'];
    yield* this.computers(preferred, signal);
    if (this.settings.includeMobileDevices) yield* this.mobileDevices(signal);
  }

  /** The server's version, or null where a proxy or the tenant restricts the version endpoint (403/404). */
  private async serverVersion(signal: AbortSignal): Promise<string | null> {
    const res = await this.http.json<{ version?: unknown }>({
      url: `${this.base}/api/v1/jamf-pro-version`,
      endpoint: 'GET /api/v1/jamf-pro-version',
      auth: this.auth,
      signal,
      acceptStatuses: [403, 404],
    });
    if (res.status === 403 || res.status === 404) {
      this.log.warn(
        { source: this.sourceName, status: res.status },
        'Jamf Pro version endpoint unavailable; probing inventory API versions instead',
      );
      return null;
    }
    if (typeof res.data?.version !== 'string')
      throw new ConnectorError('bad_payload', 'GET /api/v1/jamf-pro-version answered without a version');
    return res.data.version.split('-')[0];
  }

  private async *computers(versions: string[], signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const sections = COMPUTER_SECTIONS.map((s) => `section=${s}`).join('&');
    for (const [i, v] of versions.entries()) {
      const path = `/api/${v}/computers-inventory`;
      const pageUrl = (page: number) =>
        `${path}?${sections}&page=${page}&page-size=${this.settings.pageSize}&sort=id%3Aasc`;
      const first = await this.page(pageUrl(0), `GET ${path} page 0`, signal, i < versions.length - 1);
      if (!first) continue; // 404: this server does not have that version
      yield* this.walk(path, first, pageUrl, signal, (raw, where) => computerToDevice(raw, where));
      return;
    }
  }

  private async *mobileDevices(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const path = '/api/v2/mobile-devices/detail';
    const query = `${MOBILE_SECTIONS.map((s) => `section=${s}`).join('&')}&exception-handling=LENIENT`;
    const pageUrl = (page: number) =>
      `${path}?${query}&page=${page}&page-size=${this.settings.pageSize}&sort=mobileDeviceId%3Aasc`;
    const first = await this.page(pageUrl(0), `GET ${path} page 0`, signal, true);
    if (first) yield* this.walk(path, first, pageUrl, signal, (raw, where) => mobileToDevice(raw, where));
    else yield* this.mobileDevicesOneByOne(signal);
  }

  /**
   * The fallback for servers without the paged detail (docs/mdm-apis.md §9): the slim list, then
   * `/v2/mobile-devices/{id}/detail` for each listed device, `concurrency` at a time, in list order. A device
   * deleted between the list and its detail (404) is skipped.
   */
  private async *mobileDevicesOneByOne(signal: AbortSignal): AsyncIterable<DeviceBatch> {
    const path = '/api/v2/mobile-devices';
    const pageUrl = (page: number) =>
      `${path}?page=${page}&page-size=${this.settings.pageSize}&sort=id%3Aasc`;
    const first = await this.page(pageUrl(0), `GET ${path} page 0`, signal, false);
    const detail = async (id: string): Promise<InventoryDevice | null> => {
      const where = `GET ${path}/{id}/detail`;
      const res = await this.http.json<unknown>({
        url: `${this.base}${path}/${encodeURIComponent(id)}/detail`,
        endpoint: where,
        auth: this.auth,
        signal,
        acceptStatuses: [404],
      });
      return res.status === 404 ? null : mobileFullDetailToDevice(res.data, `${where} (device ${id})`);
    };
    yield* this.walk(
      path,
      first!,
      pageUrl,
      signal,
      (raw, where) => listedId(raw, where),
      async (ids) => {
        // Workers, not one promise per device: at most `concurrency` requests (and abort listeners) at a time.
        const out: (InventoryDevice | null)[] = new Array<InventoryDevice | null>(ids.length).fill(null);
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < ids.length) {
            const i = next++;
            out[i] = await detail(ids[i]);
          }
        };
        await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, ids.length) }, worker));
        return out.filter((d) => d !== null);
      },
    );
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
   * size silently, docs/mdm-apis.md §10); records seen twice because the set shifted during the walk are skipped.
   * The next page is requested while this one is mapped and consumed, so at most two pages are held (one as text in
   * flight, one parsed): the page size bounds memory (a computer with its apps is a large record).
   */
  private async *walk<T extends { externalId: string } | string>(
    path: string,
    first: { totalCount: number; results: unknown[] },
    pageUrl: (page: number) => string,
    signal: AbortSignal,
    toItem: (raw: unknown, where: string) => T,
    resolve?: (items: T[]) => Promise<InventoryDevice[]>,
  ): AsyncIterable<DeviceBatch> {
    const seen = new Set<string>();
    const keyOf = (t: T): string => (typeof t === 'string' ? t : t.externalId);
    let current: { totalCount: number; results: unknown[] } | null = first;
    let fetched = 0;
    for (let page = 0; current && current.results.length; page++) {
      const where = `GET ${path} page ${page}`;
      fetched += current.results.length;
      const last: boolean =
        page * this.settings.pageSize + current.results.length >= current.totalCount &&
        fetched >= current.totalCount;
      const next: Promise<{ totalCount: number; results: unknown[] } | null> | null = last
        ? null
        : this.page(pageUrl(page + 1), `GET ${path} page ${page + 1}`, signal, false);
      // A rejected prefetch must not go unhandled while this page is consumed; it is awaited below.
      next?.catch(() => undefined);
      const items: T[] = [];
      for (const r of current.results) {
        const item = toItem(r, where);
        const key = keyOf(item);
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(item);
      }
      current = null;
      const devices = resolve ? await resolve(items) : (items as unknown as InventoryDevice[]);
      if (devices.length) yield { devices };
      if (!next) break;
      current = await next;
    }
  }
}

function listedId(raw: unknown, where: string): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '')
    throw new ConnectorError('bad_payload', `${where}: a record has no "id"`, where);
  return String(id).trim();
}
