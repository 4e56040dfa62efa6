import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@interdict/config';
import { DatabaseModule } from '@interdict/database';
import type { TestDatabase } from './test-database';

/**
 * A worker feature module wired as in production (config from `env`, the runtime database module on the test
 * database, the scheduler) and initialised; a fresh data dir and an empty config dir per call.
 */
export async function startWorkerModule(
  db: TestDatabase,
  feature: Type,
  env: Record<string, string>,
): Promise<INestApplication> {
  const config = loadConfig({
    env: {
      NODE_ENV: 'test',
      INTERDICT_DATA_DIR: mkdtempSync(join(tmpdir(), 'interdict-worker-')),
      LOG_LEVEL: 'silent',
      ...env,
    },
    configDir: mkdtempSync(join(tmpdir(), 'interdict-noconfig-')),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRuntime(
        { dataSource: db.dataSource, url: db.url, close: async () => undefined },
        { ownsLifecycle: false },
      ),
      ScheduleModule.forRoot(),
      feature,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
