import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Config } from '@interdict/config';
import type { DatabaseRuntime } from '@interdict/database';
import { NestPinoLogger } from '@interdict/logger';
import { WorkerModule } from './worker.module';

/** Builds and starts the worker; its HTTP listener serves only health and metrics. */
export async function startWorker(
  config: Config,
  db: DatabaseRuntime,
  opts: { ownsDatabase?: boolean; port?: number } = {},
): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule.register(config, db, opts), {
    logger: new NestPinoLogger(),
  });
  await app.listen(opts.port ?? config.http.workerPort, config.http.host);
  const addr = app.getHttpServer().address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.workerPort;
  return { app, url: `http://${config.http.host}:${port}` };
}
