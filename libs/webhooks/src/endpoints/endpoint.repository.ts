import { queryRows, type Row, type WebhookEndpoint } from '@interdict/database';
import type { DataSource, EntityManager } from 'typeorm';
import type { WebhookFormat } from '../formats/render';

/** A webhook_endpoint row as read here (secrets still sealed). */
export type EndpointRow = Row<WebhookEndpoint>;

/** Columns a create or update may write. */
export interface EndpointWrite {
  name?: string;
  url?: string;
  format?: WebhookFormat;
  secret_ciphertext?: Buffer;
  previous_secret_ciphertext?: Buffer | null;
  previous_secret_expires_at?: Date | null;
  event_types?: string[];
  product_ids?: string[];
  severities?: string[];
  headers_ciphertext?: Buffer | null;
  timeout_ms?: number;
  max_concurrency?: number;
  digest_window_seconds?: number | null;
  enabled?: boolean;
  disabled_reason?: string | null;
}

const WRITABLE = new Set<keyof EndpointWrite>([
  'name',
  'url',
  'format',
  'secret_ciphertext',
  'previous_secret_ciphertext',
  'previous_secret_expires_at',
  'event_types',
  'product_ids',
  'severities',
  'headers_ciphertext',
  'timeout_ms',
  'max_concurrency',
  'digest_window_seconds',
  'enabled',
  'disabled_reason',
]);

type Runner = DataSource | EntityManager;

/** The only place with SQL for webhook_endpoint. */
export class EndpointRepository {
  async insert(tx: Runner, id: string, createdBy: string, row: EndpointWrite): Promise<EndpointRow> {
    const cols = Object.keys(row).filter((k) =>
      WRITABLE.has(k as keyof EndpointWrite),
    ) as (keyof EndpointWrite)[];
    const rows = await queryRows<EndpointRow>(
      tx,
      `INSERT INTO webhook_endpoint (id, created_by, ${cols.join(', ')})
       VALUES ($1, $2, ${cols.map((_, i) => `$${i + 3}`).join(', ')}) RETURNING *`,
      [id, createdBy, ...cols.map((c) => row[c])],
    );
    return rows[0];
  }

  async findById(
    runner: Runner,
    id: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<EndpointRow | null> {
    const rows = await queryRows<EndpointRow>(
      runner,
      `SELECT * FROM webhook_endpoint WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByIds(runner: Runner, ids: string[]): Promise<EndpointRow[]> {
    return queryRows<EndpointRow>(runner, `SELECT * FROM webhook_endpoint WHERE id = ANY ($1::uuid[])`, [
      ids,
    ]);
  }

  async list(runner: Runner): Promise<EndpointRow[]> {
    return queryRows<EndpointRow>(runner, `SELECT * FROM webhook_endpoint ORDER BY created_at, id`);
  }

  async update(tx: Runner, id: string, row: EndpointWrite): Promise<EndpointRow | null> {
    const cols = Object.keys(row).filter((k) =>
      WRITABLE.has(k as keyof EndpointWrite),
    ) as (keyof EndpointWrite)[];
    const rows = await queryRows<EndpointRow>(
      tx,
      `UPDATE webhook_endpoint SET ${[...cols.map((c, i) => `${c} = $${i + 2}`), 'updated_at = now()'].join(', ')}
       WHERE id = $1 RETURNING *`,
      [id, ...cols.map((c) => row[c])],
    );
    return rows[0] ?? null;
  }

  async delete(runner: Runner, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `DELETE FROM webhook_endpoint WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Writes a `webhook.test` event owed to this endpoint only (not fanned out to the others). */
  async insertTestEvent(
    tx: Runner,
    endpointId: string,
    payload: Record<string, unknown>,
  ): Promise<{ eventId: string; deliveryId: string }> {
    const rows = await queryRows<{ event_id: string; delivery_id: string }>(
      tx,
      `WITH ev AS (
         INSERT INTO webhook_event (type, payload, severity) VALUES ('webhook.test', $2::jsonb, 'info') RETURNING id
       )
       INSERT INTO webhook_delivery (event_id, endpoint_id) SELECT ev.id, $1 FROM ev
       RETURNING event_id, id AS delivery_id`,
      [endpointId, JSON.stringify(payload)],
    );
    return { eventId: rows[0].event_id, deliveryId: rows[0].delivery_id };
  }
}
