import { randomUUID } from 'node:crypto';
import { isUuid } from '@interdict/database';
import type { DataSource } from 'typeorm';
import { getLogger } from '@interdict/logger';
import { OutboundError, type OutboundPolicy } from '@interdict/outbound';
import { generateSecret } from '../signing/signature';
import { WebhookError, webhookErrorFrom } from '../webhooks.errors';
import { checkEndpointFields, type NewWebhookEndpoint, type WebhookEndpointPatch } from './endpoint-input';
import type { EndpointSecrets } from './endpoint-secrets';
import { EndpointRepository, type EndpointRow, type EndpointWrite } from './endpoint.repository';
import { toEndpointView, type WebhookEndpointView, type WebhookEndpointWithSecret } from './endpoint.view';

/** Who asks (an ActorRef from @interdict/auth fits). */
export interface WebhookActor {
  name: string;
}

const log = getLogger('WebhookEndpointService');

/** Endpoints: create, change, rotate the secret, test, remove. Secrets are generated here and shown once. */
export class WebhookEndpointService {
  private readonly repo = new EndpointRepository();

  constructor(
    private readonly db: DataSource,
    private readonly secrets: EndpointSecrets,
    private readonly policy: OutboundPolicy,
    private readonly defaultGraceHours: number,
  ) {}

  async create(input: NewWebhookEndpoint, actor: WebhookActor): Promise<WebhookEndpointWithSecret> {
    if (input === null || typeof input !== 'object')
      throw new WebhookError('invalid_endpoint', 'body must be an object');
    if (input.name === undefined) throw new WebhookError('invalid_endpoint', 'name is required', 'name');
    if (input.url === undefined) throw new WebhookError('invalid_endpoint', 'url is required', 'url');
    const fields = checkEndpointFields(input);
    await this.checkUrl(fields.url!);
    const id = randomUUID();
    const secret = generateSecret();
    const row = await this.repo.insert(this.db, id, actor.name, {
      ...this.toWrite(id, fields),
      secret_ciphertext: this.secrets.sealSecret(id, secret),
    });
    log.info({ endpointId: id, format: row.format }, 'webhook endpoint created');
    return { endpoint: this.view(row), secret };
  }

  async list(): Promise<WebhookEndpointView[]> {
    return (await this.repo.list(this.db)).map((r) => this.view(r));
  }

  async get(id: string): Promise<WebhookEndpointView> {
    return this.view(await this.mustFind(id));
  }

  async update(id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointView> {
    if (patch === null || typeof patch !== 'object')
      throw new WebhookError('invalid_endpoint', 'body must be an object');
    if (!isUuid(id)) throw notFound(id);
    const fields = checkEndpointFields(patch);
    if (fields.url !== undefined) await this.checkUrl(fields.url);
    const write = this.toWrite(id, fields);
    // Re-enabling clears the reason it was switched off (e.g. a 410 from the receiver).
    if (fields.enabled === true) write.disabled_reason = null;
    if (fields.enabled === false) write.disabled_reason = 'disabled by an administrator';
    const row = await this.repo.update(this.db, id, write);
    if (!row) throw notFound(id);
    log.info({ endpointId: id, fields: Object.keys(fields) }, 'webhook endpoint updated');
    return this.view(row);
  }

  async remove(id: string): Promise<void> {
    if (!isUuid(id) || !(await this.repo.delete(this.db, id))) throw notFound(id);
    log.info({ endpointId: id }, 'webhook endpoint removed');
  }

  /**
   * A new secret; the old one keeps signing for `graceHours` (default from config) so receivers can switch over.
   * A second rotation within the grace period ends the first one's grace.
   */
  async rotateSecret(id: string, opts: { graceHours?: number } = {}): Promise<WebhookEndpointWithSecret> {
    if (!isUuid(id)) throw notFound(id);
    const grace = opts.graceHours ?? this.defaultGraceHours;
    if (!Number.isInteger(grace) || grace < 0 || grace > 24 * 30)
      throw new WebhookError(
        'invalid_endpoint',
        'graceHours must be a whole number between 0 and 720',
        'graceHours',
      );
    const secret = generateSecret();
    const row = await this.db.transaction(async (tx) => {
      const current = await this.repo.findById(tx, id, { forUpdate: true });
      if (!current) throw notFound(id);
      return this.repo.update(tx, id, {
        secret_ciphertext: this.secrets.sealSecret(id, secret),
        previous_secret_ciphertext: grace > 0 ? current.secret_ciphertext : null,
        previous_secret_expires_at: grace > 0 ? new Date(Date.now() + grace * 3_600_000) : null,
      });
    });
    log.info({ endpointId: id, graceHours: grace }, 'webhook secret rotated');
    return { endpoint: this.view(row!), secret };
  }

  /** Queues a `webhook.test` event for this endpoint only; the worker delivers it like any other. */
  async sendTest(id: string, actor: WebhookActor): Promise<{ eventId: string; deliveryId: string }> {
    if (!isUuid(id)) throw notFound(id);
    return this.db.transaction(async (tx) => {
      const row = await this.repo.findById(tx, id);
      if (!row) throw notFound(id);
      return this.repo.insertTestEvent(tx, id, {
        endpointId: id,
        message: `Test event for webhook endpoint "${row.name}"`,
        requestedBy: actor.name,
      });
    });
  }

  private async checkUrl(raw: string): Promise<void> {
    try {
      await this.policy.checkSavedUrl(raw, 'url');
    } catch (err) {
      throw err instanceof OutboundError ? webhookErrorFrom(err) : err;
    }
  }

  private toWrite(id: string, f: WebhookEndpointPatch): EndpointWrite {
    const w: EndpointWrite = {};
    if (f.name !== undefined) w.name = f.name;
    if (f.url !== undefined) w.url = f.url;
    if (f.format !== undefined) w.format = f.format;
    if (f.eventTypes !== undefined) w.event_types = f.eventTypes;
    if (f.productIds !== undefined) w.product_ids = f.productIds;
    if (f.severities !== undefined) w.severities = f.severities;
    if (f.headers !== undefined) w.headers_ciphertext = this.secrets.sealHeaders(id, f.headers);
    if (f.timeoutMs !== undefined) w.timeout_ms = f.timeoutMs;
    if (f.maxConcurrency !== undefined) w.max_concurrency = f.maxConcurrency;
    if (f.digestWindowSeconds !== undefined) w.digest_window_seconds = f.digestWindowSeconds;
    if (f.enabled !== undefined) w.enabled = f.enabled;
    return w;
  }

  private view(row: EndpointRow): WebhookEndpointView {
    return toEndpointView(row, Object.keys(this.secrets.headers(row)));
  }

  private async mustFind(id: string): Promise<EndpointRow> {
    const row = isUuid(id) ? await this.repo.findById(this.db, id) : null;
    if (!row) throw notFound(id);
    return row;
  }
}

function notFound(id: string): WebhookError {
  return new WebhookError('endpoint_not_found', `No webhook endpoint "${id.slice(0, 64)}"`, 'id');
}
