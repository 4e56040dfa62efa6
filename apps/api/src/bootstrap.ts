import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { ensureBootstrapAdminKey } from '@interdict/auth';
import type { Config } from '@interdict/config';
import type { DatabaseRuntime } from '@interdict/database';
import { getLogger, NestPinoLogger } from '@interdict/logger';
import { ApiModule } from './api.module';
import { installEdge } from './common/edge';
import { setupOpenApi } from './common/openapi';
import { checkJsonDepth } from './common/json-depth';
import { refuseReservedKeys } from './common/reserved-keys';

const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The dashboard: bundled with its static files into dist/apps/api/web by the build (scripts/build.mjs); tests that
 * run the api from source serve that same build.
 */
export function dashboardDir(): string | null {
  for (const dir of [
    join(__dirname, '..', 'web'),
    join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'web'),
  ]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** Applies the HTTP machinery (edge, body limit, OpenAPI, dashboard) to a created app. */
export function configureApiApp(app: NestExpressApplication, config: Config): void {
  // Every request passes the edge (request id, security headers) first; then the hot read path may answer a
  // repeated cacheable GET from memory, else Express and Nest do. What every answer needs goes into the edge, not
  // below as Express middleware (docs/architecture.md, "The hot read path").
  installEdge(app);
  // `verify` reaches body-parser as is (Nest's option type leaves it out): nesting is capped before parsing.
  const jsonOptions = {
    limit: config.http.bodyLimitBytes,
    verify: (_req: unknown, _res: unknown, buf: Buffer) => checkJsonDepth(buf),
  };
  app.useBodyParser('json', jsonOptions);
  // `__proto__`, `constructor` and `prototype` fields are refused by name before class-transformer can drop them.
  app.use(refuseReservedKeys);
  app.disable('x-powered-by');
  app.set('etag', false);
  setupOpenApi(app);
  const web = dashboardDir();
  if (web) {
    app.useStaticAssets(web, {
      index: 'index.html',
      maxAge: 0,
      // The dashboard loads only its own files and talks only to this API; names from MDMs are shown as text.
      // (Its other security headers come from the edge, like every answer's.)
      setHeaders: (res: ServerResponse) => res.setHeader('Content-Security-Policy', DASHBOARD_CSP),
    });
  } else getLogger('Api').warn('dashboard files not found; serving the API only');
}

/**
 * Builds and starts the API app on the configured host and port; returns it with its base URL and, at the
 * very first start (no API key yet), the bootstrap admin key for the caller's start banner (start-banner.ts).
 */
export async function startApi(
  config: Config,
  db: DatabaseRuntime,
  opts: { ownsDatabase?: boolean; port?: number } = {},
): Promise<{ app: NestExpressApplication; url: string; bootstrapAdminKey: string | null }> {
  // An explicit adapter: Nest's own lookup loads it lazily, which some module loaders (Jest) cannot follow.
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.register(config, db, opts),
    new ExpressAdapter(),
    {
      logger: new NestPinoLogger(),
      bodyParser: false,
    },
  );
  configureApiApp(app, config);
  const bootstrapAdminKey = config.auth.bootstrapAdminKey
    ? await ensureBootstrapAdminKey(db.dataSource)
    : null;
  await app.listen(opts.port ?? config.http.port, config.http.host);
  const addr = app.getHttpServer().address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
  const url = `http://${config.http.host}:${port}`;
  return { app, url, bootstrapAdminKey };
}
