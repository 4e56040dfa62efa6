import { key32, oneOf, port, str, int, bool, url } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readCore(r: SettingReader) {
  return {
    env: r.read('env', oneOf(['development', 'production', 'test'] as const), {
      env: 'NODE_ENV',
      default: 'development',
    }),
    /** Shown in reports and file names. */
    orgName: r.read('orgName', str({ maxLength: 120 }), {
      env: 'INTERDICT_ORG_NAME',
      default: 'Example Corp',
    }),
    /** Where local state lives (embedded Postgres, report files, generated keys). */
    dataDir: r.read('dataDir', str(), { env: 'INTERDICT_DATA_DIR', default: '.data' }),
  };
}

export function readHttp(r: SettingReader) {
  return {
    host: r.read('http.host', str(), { env: 'API_HOST', default: '127.0.0.1' }),
    port: r.read('http.port', port, { env: 'API_PORT', default: 3000 }),
    bodyLimitBytes: r.read('http.bodyLimitBytes', int(1024, 50 * 1024 * 1024), {
      env: 'API_BODY_LIMIT_BYTES',
      default: 1024 * 1024,
    }),
    /** Port of the worker's health/metrics listener (0 = any free port). */
    workerPort: r.read('http.workerPort', port, { env: 'WORKER_PORT', default: 3001 }),
    /**
     * The api serves /metrics (unauthenticated, like every Prometheus endpoint) on a listener of its own on this port
     * instead of on `port`, so a published API port does not publish metrics. Unset: /metrics on `port`.
     */
    metricsPort: r.read('http.metricsPort', port, { env: 'API_METRICS_PORT' }),
    /**
     * The address people and chat tools reach the dashboard and API at (e.g. https://interdict.corp.example), for
     * links in emails and chat messages. Unset: http://host:port.
     */
    publicUrl: r.read('http.publicUrl', url(['http', 'https']), { env: 'INTERDICT_PUBLIC_URL' }),
  };
}

export function readLog(r: SettingReader) {
  return {
    level: r.read(
      'log.level',
      oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
      {
        env: 'LOG_LEVEL',
        default: 'info',
      },
    ),
    format: r.read('log.format', oneOf(['json', 'pretty'] as const), { env: 'LOG_FORMAT', default: 'json' }),
  };
}

export function readSecurity(r: SettingReader) {
  return {
    /** AES-256-GCM key for secrets at rest. Required in production; generated under dataDir otherwise. */
    encryptionKey: r.read('security.encryptionKey', key32, { env: 'INTERDICT_ENCRYPTION_KEY', secret: true }),
    /** In production, outbound URLs must be https and private addresses are refused. */
    allowInsecureOutbound: r.read('security.allowInsecureOutbound', bool, {
      env: 'INTERDICT_ALLOW_INSECURE_OUTBOUND',
      default: false,
    }),
  };
}

/** Where people reach the dashboard and API: `http.publicUrl`, else the API's own address; no trailing slash. */
export function publicBaseUrl(http: { publicUrl?: string; host: string; port: number }): string {
  const base =
    http.publicUrl ?? `http://${http.host.includes(':') ? `[${http.host}]` : http.host}:${http.port}`;
  return base.replace(/\/+$/, '');
}
