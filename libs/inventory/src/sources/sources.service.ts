import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Config } from '@interdict/config';
import {
  queryRows,
  secretBoxFromConfig,
  type Row,
  type SecretBox,
  type Source,
  isUuid,
} from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { outboundPolicyFromConfig, type OutboundPolicy } from '@interdict/outbound';
import { InventoryError } from '../sync/inventory.errors';
import {
  checkSchedule,
  checkSourceKind,
  checkSourceName,
  checkSourceSettings,
  checkSourceUrls,
  type SourceKind,
} from './source-settings';

/** A new source as the API or config gives it; `secret` is sealed at rest and never returned. */
export interface NewSource {
  name: string;
  kind: SourceKind;
  settings: Record<string, unknown>;
  secret?: string | null;
  schedule?: string | null;
  enabled?: boolean;
}

/** Fields to change; omitted fields stay. `secret: null` removes the stored secret. */
export type SourcePatch = Partial<Omit<NewSource, 'kind'>>;

/** A source as shown to people: never the secret, only whether one is stored. */
export interface SourceView {
  id: string;
  name: string;
  kind: SourceKind;
  settings: Record<string, unknown>;
  schedule: string | null;
  enabled: boolean;
  hasSecret: boolean;
  declaredIn: 'api' | 'config';
  createdAt: Date;
  updatedAt: Date;
}

/** A source with its opened secret, for building a connector; stays inside the worker. */
export interface SourceForSync extends SourceView {
  secret: string | null;
}

/** A source declared in `config/*.yaml` (see the sync config section). */
export type DeclaredSource = Config['sync']['sources'][number];

type SourceRow = Row<Source>;

/** Sources: create, change, delete, list; secrets sealed with AES-256-GCM bound to `source:<id>`. */
@Injectable()
export class SourcesService {
  private readonly log = getLogger('SourcesService');
  private readonly box: SecretBox;
  private readonly policy: OutboundPolicy;

  constructor(
    private readonly db: DataSource,
    config: Config,
  ) {
    this.box = secretBoxFromConfig(config);
    this.policy = outboundPolicyFromConfig(config, 'sources');
  }

  async create(input: NewSource, declaredIn: 'api' | 'config' = 'api'): Promise<SourceView> {
    const kind = checkSourceKind(input.kind);
    const name = checkSourceName(input.name);
    const settings = checkSourceSettings(kind, input.settings);
    await checkSourceUrls(kind, settings, this.policy);
    const schedule = checkSchedule(input.schedule);
    const id = randomUUID();
    return this.db.transaction(async (tx) => {
      await this.refuseTakenName(tx, name);
      const [row] = await queryRows<SourceRow>(
        tx,
        `INSERT INTO source (id, kind, name, settings, secret_ciphertext, schedule_cron, enabled, declared_in)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          id,
          kind,
          name,
          JSON.stringify(settings),
          input.secret ? this.box.seal(input.secret, `source:${id}`) : null,
          schedule,
          input.enabled ?? true,
          declaredIn,
        ],
      );
      return toView(row);
    });
  }

  async update(id: string, patch: SourcePatch, opts: { allowDeclared?: boolean } = {}): Promise<SourceView> {
    // DNS is asked before the row is locked, so a slow resolver never holds a lock.
    if (patch.settings !== undefined) {
      const { kind } = await this.get(id);
      await checkSourceUrls(kind, checkSourceSettings(kind, patch.settings), this.policy);
    }
    return this.db.transaction(async (tx) => {
      const current = await this.lockRow(tx, id);
      if (current.declared_in === 'config' && !opts.allowDeclared)
        throw new InventoryError(
          'source_declared_in_config',
          `Source "${current.name}" is declared in config/*.yaml; change it there`,
        );
      const name = patch.name === undefined ? current.name : checkSourceName(patch.name);
      if (name !== current.name) await this.refuseTakenName(tx, name);
      const settings =
        patch.settings === undefined ? current.settings : checkSourceSettings(current.kind, patch.settings);
      const schedule = patch.schedule === undefined ? current.schedule_cron : checkSchedule(patch.schedule);
      const secret =
        patch.secret === undefined
          ? current.secret_ciphertext
          : patch.secret === null || patch.secret === ''
            ? null
            : this.box.seal(patch.secret, `source:${id}`);
      const [row] = await queryRows<SourceRow>(
        tx,
        `UPDATE source SET name = $2, settings = $3, schedule_cron = $4, enabled = $5, secret_ciphertext = $6,
                updated_at = now()
         WHERE id = $1 RETURNING *`,
        [id, name, JSON.stringify(settings), schedule, patch.enabled ?? current.enabled, secret],
      );
      return toView(row);
    });
  }

  /** Deletes a source with its devices, installations and runs (cascade). */
  async delete(id: string, opts: { allowDeclared?: boolean } = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockRow(tx, id);
      if (current.declared_in === 'config' && !opts.allowDeclared)
        throw new InventoryError(
          'source_declared_in_config',
          `Source "${current.name}" is declared in config/*.yaml; remove it there`,
        );
      await tx.query(`DELETE FROM source WHERE id = $1`, [id]);
    });
  }

  async list(): Promise<SourceView[]> {
    const rows = await queryRows<SourceRow>(this.db, `SELECT * FROM source ORDER BY name`);
    return rows.map(toView);
  }

  async get(id: string): Promise<SourceView> {
    return toView(await this.findRow(this.db.manager, id));
  }

  /** A source by id or by exact name (CLI convenience). */
  async findByIdOrName(ref: string): Promise<SourceView> {
    const rows = await queryRows<SourceRow>(
      this.db,
      `SELECT * FROM source WHERE ${isUuid(ref) ? 'id = $1::uuid OR ' : ''}name = $1`,
      [ref],
    );
    if (!rows.length) throw new InventoryError('source_not_found', `No source with id or name "${ref}"`);
    return toView(rows[0]);
  }

  /** The source with its secret opened, for the sync that is about to build a connector. */
  async getForSync(id: string): Promise<SourceForSync> {
    const row = await this.findRow(this.db.manager, id);
    let secret: string | null = null;
    if (row.secret_ciphertext) {
      try {
        secret = this.box.open(row.secret_ciphertext, `source:${row.id}`);
      } catch {
        throw new InventoryError(
          'secret_unreadable',
          `The stored secret of source "${row.name}" cannot be decrypted (was the encryption key changed?)`,
        );
      }
    }
    return { ...toView(row), secret };
  }

  /**
   * Makes the table match the sources declared in YAML: inserts or updates each by name (marked as from config);
   * a source once declared but now absent is disabled, not deleted, so its history stays.
   */
  async applyDeclared(declared: readonly DeclaredSource[]): Promise<{ upserted: number; disabled: number }> {
    const names = declared.map((d) => d.name);
    // Every entry is checked before any is written: one bad entry leaves the table as it was.
    for (const d of declared)
      await named(d, async () => {
        const kind = checkSourceKind(d.kind);
        await checkSourceUrls(kind, checkSourceSettings(kind, d.settings), this.policy);
      });
    for (const d of declared) await named(d, () => this.applyOneDeclared(d));
    const disabled = await queryRows<{ name: string }>(
      this.db,
      `UPDATE source SET enabled = false, updated_at = now()
       WHERE declared_in = 'config' AND enabled AND NOT (name = ANY ($1)) RETURNING name`,
      [names],
    );
    if (disabled.length)
      this.log.warn(
        { sources: disabled.map((r) => r.name) },
        'sources no longer declared in config were disabled',
      );
    return { upserted: declared.length, disabled: disabled.length };
  }

  private async applyOneDeclared(d: DeclaredSource): Promise<void> {
    const [existing] = await queryRows<SourceRow>(this.db, `SELECT * FROM source WHERE name = $1`, [d.name]);
    const input = {
      name: d.name,
      kind: d.kind,
      settings: d.settings,
      schedule: d.schedule,
      enabled: d.enabled,
      secret: d.clientSecret,
    };
    if (!existing) {
      await this.create(input, 'config');
      return;
    }
    if (existing.kind !== d.kind)
      throw new InventoryError(
        'invalid_source',
        `sources: "${d.name}" exists as a ${existing.kind} source; its kind cannot change to ${d.kind}`,
        'kind',
      );
    await this.update(existing.id, input, { allowDeclared: true });
    await this.db.query(`UPDATE source SET declared_in = 'config' WHERE id = $1`, [existing.id]);
  }

  private async refuseTakenName(tx: EntityManager, name: string): Promise<void> {
    const taken = await queryRows(tx, `SELECT 1 FROM source WHERE name = $1`, [name]);
    if (taken.length)
      throw new InventoryError('source_name_taken', `A source named "${name}" already exists`, 'name');
  }

  private async findRow(runner: EntityManager, id: string): Promise<SourceRow> {
    const rows = isUuid(id)
      ? await queryRows<SourceRow>(runner, `SELECT * FROM source WHERE id = $1`, [id])
      : [];
    if (!rows.length) throw new InventoryError('source_not_found', `No source with id "${id}"`, 'id');
    return rows[0];
  }

  private async lockRow(tx: EntityManager, id: string): Promise<SourceRow> {
    const rows = isUuid(id)
      ? await queryRows<SourceRow>(tx, `SELECT * FROM source WHERE id = $1 FOR UPDATE`, [id])
      : [];
    if (!rows.length) throw new InventoryError('source_not_found', `No source with id "${id}"`, 'id');
    return rows[0];
  }
}

function toView(row: SourceRow): SourceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    settings: row.settings,
    schedule: row.schedule_cron,
    enabled: row.enabled,
    hasSecret: row.secret_ciphertext !== null,
    declaredIn: row.declared_in === 'config' ? 'config' : 'api',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Runs a step for one declared source; an error names the config entry, which matters more than the API field. */
async function named(d: DeclaredSource, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof InventoryError && !err.message.startsWith('sources: '))
      throw new InventoryError(err.code, `sources: "${d.name}": ${err.message}`, err.field);
    throw err;
  }
}
