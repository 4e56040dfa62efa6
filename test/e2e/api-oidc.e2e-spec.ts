import { spawn, type ChildProcess } from 'node:child_process';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@interdict/database';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The api runs from dist/ as its own process: `jose` (ES modules only) loads there as in production.
const root = join(__dirname, '..', '..');
const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://interdict';

const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid });
  const body = b64url({ iss: ISSUER, aud: AUDIENCE, iat: now, nbf: now - 5, exp: now + 600, ...claims });
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url');
  return `${head}.${body}.${sig}`;
}

describe('OIDC bearer tokens', () => {
  const idp = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let jwks: Server;
  let api: ChildProcess;
  let db: TestDatabase;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const jwksPort = await freePort();
    const publicJwk = { ...idp.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    }).listen(jwksPort, '127.0.0.1');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [join(root, 'dist', 'apps', 'api', 'src', 'main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        API_PORT: String(port),
        LOG_LEVEL: 'warn',
        INTERDICT_CONFIG_DIR: join(root, 'test', 'support', 'no-config'),
        INTERDICT_DATA_DIR: mkdtempSync(join(tmpdir(), 'interdict-oidc-')),
        INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
        AUTH_BOOTSTRAP_ADMIN_KEY: 'false',
        AUTH_OIDC_ISSUER: ISSUER,
        AUTH_OIDC_AUDIENCE: AUDIENCE,
        AUTH_OIDC_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks.json`,
        AUTH_OIDC_ROLE_CLAIM: 'groups',
        AUTH_OIDC_ADMIN_VALUES: 'sec-admins',
        AUTH_OIDC_VIEWER_VALUES: 'sec-readers,it-staff',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/ready`)).ok) break;
      } catch {
        // starting
      }
      if (Date.now() > until) throw new Error('api did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    api?.kill('SIGTERM');
    await new Promise((r) => (api ? api.once('exit', r) : r(null)));
    jwks?.close();
    await db?.drop();
  });

  const call = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });

  it('maps a group claim to a role and names the caller', async () => {
    const token = signJwt(idp.privateKey, 'k1', {
      sub: 'u-1',
      preferred_username: 'ana@example.test',
      groups: ['it-staff'],
    });
    const res = await call(token, '/api/v1/auth/me');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 'oidc', id: 'u-1', name: 'ana@example.test', role: 'viewer' });
    expect((await call(token, '/api/v1/api-keys')).status).toBe(403);
  });

  it('lets an admin-mapped token change things, audited under its name', async () => {
    const token = signJwt(idp.privateKey, 'k1', {
      sub: 'u-2',
      preferred_username: 'root@example.test',
      groups: ['sec-admins', 'it-staff'],
    });
    const res = await call(token, '/api/v1/api-keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'from sso', role: 'viewer' }),
    });
    expect(res.status).toBe(201);
    const rows = await db.dataSource.query(
      `SELECT actor_type, actor_id, actor_name FROM audit_log WHERE action = 'POST /api/v1/api-keys'`,
    );
    expect(rows).toEqual([{ actor_type: 'oidc', actor_id: 'u-2', actor_name: 'root@example.test' }]);
  });

  it.each([
    [
      'expired',
      () =>
        signJwt(idp.privateKey, 'k1', {
          sub: 'x',
          groups: ['sec-admins'],
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
    ],
    [
      'for another audience',
      () => signJwt(idp.privateKey, 'k1', { sub: 'x', groups: ['sec-admins'], aud: 'api://other' }),
    ],
    [
      'from another issuer',
      () => signJwt(idp.privateKey, 'k1', { sub: 'x', groups: ['sec-admins'], iss: 'https://evil.test' }),
    ],
    ['signed by another key', () => signJwt(stranger.privateKey, 'k1', { sub: 'x', groups: ['sec-admins'] })],
    ['without a mapped group', () => signJwt(idp.privateKey, 'k1', { sub: 'x', groups: ['everyone'] })],
    [
      'unsigned (alg none)',
      () =>
        `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: ISSUER, aud: AUDIENCE, sub: 'x', groups: ['sec-admins'], exp: 9e9 })}.`,
    ],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses a token %s with 401', async (_label, make) => {
    const res = await call(make(), '/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });
});
