import { bool, hostOrCidr, int, list, oneOf, str, url } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readReports(r: SettingReader) {
  const storage = r.read('reports.storage', oneOf(REPORT_STORAGE_KINDS), {
    env: 'REPORTS_STORAGE',
    default: 'local',
  });
  return {
    /** `local`: files under `directory`; `s3`: objects in `s3.bucket`, shared by api and worker on any host. */
    storage,
    /**
     * Where report files are kept with `storage: local`; default `<dataDir>/reports`. When api and worker run on
     * different hosts this directory must be shared between them, or use `storage: s3`.
     */
    directory: r.read('reports.directory', str(), { env: 'REPORTS_DIRECTORY' }),
    /** Files kept per schedule (and for on-demand reports) unless a schedule says otherwise; 0 = no count limit. */
    keepCount: r.read('reports.keepCount', int(0, 100_000), { env: 'REPORTS_KEEP_COUNT', default: 30 }),
    /** Age after which a report file is deleted unless a schedule says otherwise; 0 = no age limit. */
    retentionDays: r.read('reports.retentionDays', int(0, 3650), {
      env: 'REPORTS_RETENTION_DAYS',
      default: 90,
    }),
    /** CSV files start with a UTF-8 byte order mark so Excel reads accents correctly. */
    csvBom: r.read('reports.csvBom', bool, { env: 'REPORTS_CSV_BOM', default: true }),
    /** How often the worker looks for queued reports. */
    pollIntervalMs: r.read('reports.pollIntervalMs', int(100, 600_000), {
      env: 'REPORTS_POLL_INTERVAL_MS',
      default: 2_000,
    }),
    /** A running report whose worker stops renewing this lease is picked up again. */
    leaseMs: r.read('reports.leaseMs', int(5_000, 3_600_000), { env: 'REPORTS_LEASE_MS', default: 120_000 }),
    /** The worker runs report schedules (turn off on all but some workers if you like; claiming is safe either way). */
    schedulesEnabled: r.read('reports.schedulesEnabled', bool, {
      env: 'REPORTS_SCHEDULES_ENABLED',
      default: true,
    }),
    s3: readReportsS3(r, storage),
  };
}

/** Where report files live: a directory (`local`) or an S3-compatible bucket (`s3`). */
export const REPORT_STORAGE_KINDS = ['local', 's3'] as const;
/** Server-side encryption asked of the bucket for each report object. */
export const REPORT_S3_SSE = ['none', 'AES256', 'aws:kms'] as const;

// S3's bucket naming rules (3–63 lowercase letters, digits, dots, hyphens; starts and ends alphanumeric).
const BUCKET = str({
  minLength: 3,
  maxLength: 63,
  pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
  describe: 'an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)',
});
const PREFIX = str({
  maxLength: 512,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
  describe: 'a key prefix of letters, digits, ".", "_", "-" and "/" (e.g. interdict/reports/)',
});

// Long because it lists every S3 setting with its env var and default, then checks the ones that go together.
function readReportsS3(r: SettingReader, storage: (typeof REPORT_STORAGE_KINDS)[number]) {
  const s3 = {
    /** The bucket report files go to; required when reports.storage is s3. */
    bucket: r.read('reports.s3.bucket', BUCKET, { env: 'REPORTS_S3_BUCKET' }),
    /** The bucket's region (any value for MinIO/Ceph; `auto` for Cloudflare R2). */
    region: r.read('reports.s3.region', str({ maxLength: 64 }), {
      env: 'REPORTS_S3_REGION',
      default: 'us-east-1',
    }),
    /** An S3-compatible service's URL (MinIO, Ceph, R2); unset = AWS S3. It passes the outbound policy. */
    endpoint: r.read('reports.s3.endpoint', url(['http', 'https']), { env: 'REPORTS_S3_ENDPOINT' }),
    /** Path-style URLs (endpoint/bucket/key) instead of bucket.endpoint; MinIO and Ceph usually need it. */
    forcePathStyle: r.read('reports.s3.forcePathStyle', bool, {
      env: 'REPORTS_S3_FORCE_PATH_STYLE',
      default: false,
    }),
    /** Put in front of every object key (e.g. `interdict/`), to share a bucket. */
    prefix: r.read('reports.s3.prefix', PREFIX, { env: 'REPORTS_S3_PREFIX', default: '' }),
    /** Static credentials; unset = the SDK's default chain (env, profile, instance or task role). */
    accessKeyId: r.read('reports.s3.accessKeyId', str({ maxLength: 256 }), {
      env: 'REPORTS_S3_ACCESS_KEY_ID',
    }),
    secretAccessKey: r.read('reports.s3.secretAccessKey', str({ maxLength: 256 }), {
      env: 'REPORTS_S3_SECRET_ACCESS_KEY',
      secret: true,
    }),
    /** For temporary credentials only. */
    sessionToken: r.read('reports.s3.sessionToken', str({ maxLength: 4096 }), {
      env: 'REPORTS_S3_SESSION_TOKEN',
      secret: true,
    }),
    sse: r.read('reports.s3.sse', oneOf(REPORT_S3_SSE), { env: 'REPORTS_S3_SSE', default: 'none' }),
    /** The KMS key for `sse: aws:kms`; unset = the bucket's AWS-managed key. */
    kmsKeyId: r.read('reports.s3.kmsKeyId', str({ maxLength: 2048 }), { env: 'REPORTS_S3_KMS_KEY_ID' }),
    /** Multipart part size; the writer holds about (queueSize + 1) parts in memory. S3's minimum is 5. */
    partSizeMb: r.read('reports.s3.partSizeMb', int(5, 512), { env: 'REPORTS_S3_PART_SIZE_MB', default: 8 }),
    /** Parts uploaded at once. */
    queueSize: r.read('reports.s3.queueSize', int(1, 16), { env: 'REPORTS_S3_QUEUE_SIZE', default: 2 }),
    /** `stream`: the api relays the file; `redirect`: 302 to a short-lived presigned URL on the bucket. */
    download: r.read('reports.s3.download', oneOf(['stream', 'redirect'] as const), {
      env: 'REPORTS_S3_DOWNLOAD',
      default: 'stream',
    }),
    /** Lifetime of a presigned download URL (SigV4 allows at most 7 days). */
    presignSeconds: r.read('reports.s3.presignSeconds', int(1, 604_800), {
      env: 'REPORTS_S3_PRESIGN_SECONDS',
      default: 300,
    }),
    /**
     * Hosts or CIDRs the endpoint may reach although private, loopback or link-local (an in-house MinIO). Same
     * format as webhooks.allowlist.
     */
    endpointAllowlist: r.read('reports.s3.endpointAllowlist', list(hostOrCidr), {
      env: 'REPORTS_S3_ENDPOINT_ALLOWLIST',
      default: [],
    }),
  };
  if (storage === 's3' && !s3.bucket)
    r.problem('reports.s3.bucket is required when reports.storage is s3 — set it or REPORTS_S3_BUCKET');
  if (!s3.accessKeyId !== !s3.secretAccessKey)
    r.problem(
      'reports.s3.accessKeyId and reports.s3.secretAccessKey go together — set both (REPORTS_S3_ACCESS_KEY_ID, REPORTS_S3_SECRET_ACCESS_KEY) or neither',
    );
  if (s3.kmsKeyId && s3.sse !== 'aws:kms')
    r.problem(`reports.s3.kmsKeyId is set but reports.s3.sse is ${s3.sse}; set sse to aws:kms`);
  return s3;
}
