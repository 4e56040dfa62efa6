import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Config } from '@interdict/config';
import type { DatabaseRuntime } from '@interdict/database';
import { NestPinoLogger } from '@interdict/logger';
import { ApiModule } from './api.module';

/** Builds and starts the API app on the configured host and port; returns it with its base URL. */
export async function startApi(
  config: Config,
  db: DatabaseRuntime,
  opts: { ownsDatabase?: boolean; port?: number } = {},
): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config, db, opts), {
    logger: new NestPinoLogger(),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.disable('x-powered-by');
  await app.listen(opts.port ?? config.http.port, config.http.host);
  const addr = app.getHttpServer().address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
  return { app, url: `http://${config.http.host}:${port}` };
}
