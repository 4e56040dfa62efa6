import { Injectable } from '@nestjs/common';
import { Config } from '@interdict/config';
import { queryRows, type ApiKey, type Row } from '@interdict/database';
import { getLogger } from '@interdict/logger';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthError } from '../auth.errors';
import { ROLE_ORDER, type ActorRef, type Role } from '../roles';
import { generateApiKey, keyMatchesHash, parseApiKey } from './api-key-format';

/** An API key as shown to people: never the secret, never the hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  status: 'active' | 'expired' | 'revoked';
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** What it takes to make a key. */
export interface NewApiKey {
  name: string;
  role: Role;
  expiresAt?: Date | null;
}

/** A created key: the secret text is in `key` and is never retrievable again. */
export interface CreatedApiKey {
  key: string;
  apiKey: ApiKeyView;
}

type ApiKeyRow = Row<ApiKey>;

interface CachedKey {
  row: ApiKeyRow;
  loadedAt: number;
  reloading?: boolean;
}

// A looked-up key is reused for this long, so a busy client costs no query per request. A revoke in this
// process drops it at once; other api processes see a revoke within this window.
const KEY_CACHE_MS = 5_000;

/** Creates, lists, revokes and checks API keys (`idk_…`), stored as SHA-256 hashes looked up by prefix. */
@Injectable()
export class ApiKeyService {
  private readonly log = getLogger('ApiKeyService');
  private readonly cache = new Map<string, CachedKey>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  /** Makes a key; the returned `key` text is shown once. */
  async create(input: NewApiKey, actor: ActorRef): Promise<CreatedApiKey> {
    const name = input.name.trim();
    if (!name || name.length > 120) {
      throw new AuthError('invalid_api_key_request', 'name must be 1 to 120 characters', 'name');
    }
    if (!ROLE_ORDER.includes(input.role)) {
      throw new AuthError('invalid_api_key_request', `role must be one of ${ROLE_ORDER.join(', ')}`, 'role');
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new AuthError('invalid_api_key_request', 'expiresAt must be in the future', 'expiresAt');
    }
    const generated = generateApiKey();
    const [row] = await queryRows<ApiKeyRow>(
      this.dataSource,
      `INSERT INTO api_key (name, prefix, key_hash, role, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [name, generated.prefix, generated.hash, input.role, actor.name, input.expiresAt ?? null],
    );
    this.log.info(
      { apiKeyId: row.id, prefix: row.prefix, role: row.role, by: actor.name },
      'api key created',
    );
    return { key: generated.key, apiKey: toView(row) };
  }

  /** All keys, newest first, including revoked and expired ones. */
  async list(): Promise<ApiKeyView[]> {
    const rows = await queryRows<ApiKeyRow>(
      this.dataSource,
      `SELECT * FROM api_key ORDER BY created_at DESC, id`,
    );
    return rows.map(toView);
  }

  /** One key by id. */
  async get(id: string): Promise<ApiKeyView> {
    const [row] = await queryRows<ApiKeyRow>(this.dataSource, `SELECT * FROM api_key WHERE id = $1`, [id]);
    if (!row) throw new AuthError('api_key_not_found', `No API key "${id}"`, 'id');
    return toView(row);
  }

  /** Revokes a key for good (idempotent: revoking twice keeps the first time). */
  async revoke(id: string): Promise<ApiKeyView> {
    const [row] = await queryRows<ApiKeyRow>(
      this.dataSource,
      `UPDATE api_key SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING *`,
      [id],
    );
    if (!row) throw new AuthError('api_key_not_found', `No API key "${id}"`, 'id');
    this.cache.delete(row.prefix);
    this.log.info({ apiKeyId: row.id, prefix: row.prefix }, 'api key revoked');
    return toView(row);
  }

  /** How many keys exist at all (any state). */
  async count(): Promise<number> {
    const [r] = await queryRows<{ n: string }>(this.dataSource, `SELECT count(*) AS n FROM api_key`);
    return Number(r.n);
  }

  /**
   * The caller behind a presented key, or null when the text is not a live key (unknown, wrong secret,
   * revoked or expired). The comparison of hashes is constant-time.
   */
  async authenticate(presented: string): Promise<ActorRef | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    return this.admit(presented, await this.lookup(parsed.prefix));
  }

  /**
   * Like `authenticate`, from memory only, for the hot read path: the caller when the key's row was loaded in
   * the last 5 s (or, while its reload runs, in the last 10 s), else null (the caller then takes the full path).
   * A key revoked through another process is refused here within about 5 s.
   */
  authenticateFromMemory(presented: string): ActorRef | null {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const hit = this.cache.get(parsed.prefix);
    if (!hit) return null;
    const age = Date.now() - hit.loadedAt;
    if (age >= KEY_CACHE_MS) {
      if (age >= 2 * KEY_CACHE_MS) return null;
      // Reload in the background once; until it lands the row just loaded stays in use.
      if (!hit.reloading) {
        hit.reloading = true;
        this.lookup(parsed.prefix).catch((err: unknown) => {
          hit.reloading = false;
          this.log.warn({ err, prefix: parsed.prefix }, 'could not reload api key');
        });
      }
    }
    return this.admit(presented, hit.row);
  }

  private admit(presented: string, row: ApiKeyRow | null): ActorRef | null {
    if (!row || !keyMatchesHash(presented, row.key_hash)) return null;
    const now = Date.now();
    if (row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now)) return null;
    this.touch(row, now);
    return { type: 'api_key', id: row.id, name: row.name, role: row.role };
  }

  private async lookup(prefix: string): Promise<ApiKeyRow | null> {
    const now = Date.now();
    const hit = this.cache.get(prefix);
    if (hit && now - hit.loadedAt < KEY_CACHE_MS) return hit.row;
    const [row] = await queryRows<ApiKeyRow>(this.dataSource, `SELECT * FROM api_key WHERE prefix = $1`, [
      prefix,
    ]);
    if (this.cache.size > 10_000) this.cache.clear();
    if (row) this.cache.set(prefix, { row, loadedAt: now });
    else this.cache.delete(prefix);
    return row ?? null;
  }

  // Last-used is informative, so it is written at most once per interval per key and never delays the request.
  private touch(row: ApiKeyRow, now: number): void {
    const last = this.lastUsedWritten.get(row.id) ?? row.last_used_at?.getTime() ?? 0;
    if (now - last < this.config.auth.lastUsedWriteIntervalMs) return;
    this.lastUsedWritten.set(row.id, now);
    row.last_used_at = new Date(now);
    this.dataSource
      .query(`UPDATE api_key SET last_used_at = now() WHERE id = $1`, [row.id])
      .catch((err: unknown) => {
        this.log.warn({ err, apiKeyId: row.id }, 'could not record api key last use');
      });
  }

  /** Records a key change made outside HTTP (CLI, start-up) in the audit log. */
  async recordOutsideHttp(actor: ActorRef, action: string, view: ApiKeyView): Promise<void> {
    await this.audit.record(actor, {
      action,
      targetType: 'api_key',
      targetId: view.id,
      after: { id: view.id, prefix: view.prefix, role: view.role },
    });
  }
}

function toView(row: ApiKeyRow): ApiKeyView {
  const now = Date.now();
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    status: row.revoked_at
      ? 'revoked'
      : row.expires_at && row.expires_at.getTime() <= now
        ? 'expired'
        : 'active',
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
