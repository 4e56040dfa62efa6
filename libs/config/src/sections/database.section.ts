import { bool, int, port, str, url } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readDatabase(r: SettingReader) {
  return {
    /** Unset → an embedded Postgres is started under dataDir. */
    url: r.read('database.url', url(['postgres', 'postgresql']), { env: 'DATABASE_URL', secret: true }),
    poolSize: r.read('database.poolSize', int(1, 200), { env: 'DATABASE_POOL_SIZE', default: 10 }),
    statementTimeoutMs: r.read('database.statementTimeoutMs', int(0), {
      env: 'DATABASE_STATEMENT_TIMEOUT_MS',
      default: 0,
    }),
    migrateOnStart: r.read('database.migrateOnStart', bool, {
      env: 'DATABASE_MIGRATE_ON_START',
      default: true,
    }),
    embedded: {
      dataDir: r.read('database.embedded.dataDir', str(), { env: 'EMBEDDED_PG_DATA_DIR' }),
      port: r.read('database.embedded.port', port, { env: 'EMBEDDED_PG_PORT', default: 0 }),
      database: r.read(
        'database.embedded.database',
        str({ pattern: /^[a-z_][a-z0-9_]*$/, describe: 'a lower-case SQL identifier' }),
        {
          default: 'interdict',
        },
      ),
    },
  };
}
