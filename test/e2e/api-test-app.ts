import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiKeyService, SYSTEM_ACTOR, type Role } from '@interdict/auth';
import { type Config, loadConfig } from '@interdict/config';
import type { DatabaseRuntime } from '@interdict/database';
import { startApi } from '../../apps/api/src/bootstrap';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A fetch response whose JSON body is loosely typed, for assertions. */

export type ApiResponse = Omit<Response, 'json'> & { json(): Promise<any> };

/** The real API app on a free port against a fresh test database, with one key per role. */
export interface ApiTestApp {
  app: NestExpressApplication;
  url: string;
  db: TestDatabase;
  config: Config;
  keys: Record<Role, string>;
  bootstrapAdminKey: string | null;
  /** fetch against the app with a role's key (or none). */
  call(path: string, init?: RequestInit & { as?: Role | null; json?: unknown }): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startApiTestApp(env: Record<string, string> = {}): Promise<ApiTestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    env: {
      DATABASE_URL: db.url,
      DATABASE_MIGRATE_ON_START: 'false',
      INTERDICT_DATA_DIR: mkdtempSync(join(tmpdir(), 'interdict-api-')),
      INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      LOG_LEVEL: 'silent',
      API_PORT: '0',
      AUTH_RATE_LIMIT_PER_SECOND: '0',
      // Tests refuse bad keys on purpose; the failed-login limit has its own tests (api-auth.e2e-spec.ts).
      AUTH_FAILED_LOGINS_PER_MINUTE: '0',
      ...env,
    },
    configDir: join(__dirname, '..', 'support', 'no-config'),
  });
  const runtime: DatabaseRuntime = { dataSource: db.dataSource, url: db.url, close: async () => undefined };
  const stdout = process.stdout.write;
  // The first start prints the bootstrap key; keep test output clean.
  process.stdout.write = () => true;
  let started: Awaited<ReturnType<typeof startApi>>;
  try {
    started = await startApi(config, runtime, { ownsDatabase: false, port: 0 });
  } finally {
    process.stdout.write = stdout;
  }
  const service = started.app.get(ApiKeyService);
  const keys = {} as Record<Role, string>;
  for (const role of ['viewer', 'analyst', 'admin'] as const) {
    keys[role] = (await service.create({ name: `test ${role}`, role }, SYSTEM_ACTOR)).key;
  }
  const url = started.url;
  return {
    app: started.app,
    url,
    db,
    config,
    keys,
    bootstrapAdminKey: started.bootstrapAdminKey,
    call: (path, init = {}) => {
      const { as = 'admin', json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (as) headers.set('authorization', `Bearer ${keys[as]}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
    },
    close: async () => {
      await started.app.close();
      await db.drop();
    },
  };
}
