import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '@interdict/config';
import { SecretBox, sealSetting } from '@interdict/database';
import {
  contentDisposition,
  reportStorageFromConfig,
  S3ReportStorage,
  type S3ReportStorageOptions,
} from '@interdict/reports';
import { startDemoS3 } from '../../apps/all-in-one/src/demo-s3';
import { startTestS3, type TestS3 } from '../support/s3-server';

const MIB = 1024 * 1024;

/** `bytes` as a stream of 1 MiB chunks; with `failAfter`, errors once that many bytes have gone out. */
function streamOf(bytes: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += MIB) {
        if (failAfter !== undefined && at >= failAfter) throw new Error('the workbook writer failed');
        yield bytes.subarray(at, at + MIB);
      }
    })(),
  );
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// A real S3-compatible server (s3rver) over HTTP on 127.0.0.1; objects are listed with a client of the SDK's own.
describe('S3ReportStorage against s3rver', () => {
  let s3: TestS3;
  let lister: S3Client;
  const stores: S3ReportStorage[] = [];

  const storage = (over: Partial<S3ReportStorageOptions> = {}) => {
    const s = new S3ReportStorage({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      partSizeBytes: 5 * MIB,
      maxAttempts: 1,
      ...over,
    });
    stores.push(s);
    return s;
  };
  const listed = async (bucket = s3.bucket) =>
    ((await lister.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

  beforeAll(async () => {
    // The lister is made before any store, which would otherwise switch the SDK's Node version warning off.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    s3 = await startTestS3(['reports-test', 'other-bucket']);
    lister = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  });
  afterAll(async () => {
    for (const s of stores) s.close();
    lister?.destroy();
    await s3?.stop();
  });

  it('stores a 12 MiB file in three multipart parts and reads back the same bytes', async () => {
    const bytes = randomBytes(12 * MIB);
    const from = s3.requests.length;
    const store = storage();
    expect(await store.put('2026-12/a.xlsx', streamOf(bytes))).toEqual({ sizeBytes: bytes.length });
    const sent = s3.requests.slice(from);
    expect(sent.filter((r) => r.method === 'POST' && /\?uploads/.test(r.url))).toHaveLength(1);
    expect(sent.filter((r) => r.method === 'PUT' && /partNumber=/.test(r.url))).toHaveLength(3);
    const got = await store.get('2026-12/a.xlsx');
    expect(got.sizeBytes).toBe(bytes.length);
    expect((await buffer(got.body)).equals(bytes)).toBe(true);
  });

  it('puts every key under the prefix and locates it as s3://bucket/prefix/key', async () => {
    const store = storage({ prefix: 'interdict/reports/' });
    await store.put('2026-12/b.csv', streamOf(Buffer.from('a,b\n1,2\n')));
    expect(await listed()).toContain('interdict/reports/2026-12/b.csv');
    expect(store.locate('2026-12/b.csv')).toBe('s3://reports-test/interdict/reports/2026-12/b.csv');
    expect((await buffer((await store.get('2026-12/b.csv')).body)).toString()).toBe('a,b\n1,2\n');
  });

  it('asks for AES256 server-side encryption on the multipart upload', async () => {
    const from = s3.requests.length;
    await storage({ sse: 'AES256' }).put('sse/aes.xlsx', streamOf(randomBytes(6 * MIB)));
    const create = s3.requests.slice(from).find((r) => r.method === 'POST' && /\?uploads/.test(r.url));
    expect(create?.headers['x-amz-server-side-encryption']).toBe('AES256');
  });

  it('asks for aws:kms with the key id on a single-part upload', async () => {
    const from = s3.requests.length;
    await storage({ sse: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/demo' }).put(
      'sse/kms.csv',
      streamOf(Buffer.from('x\n')),
    );
    const put = s3.requests.slice(from).find((r) => r.method === 'PUT');
    expect(put?.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(put?.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(
      'arn:aws:kms:eu-west-1:111122223333:key/demo',
    );
  });

  it('sends no encryption header when sse is none', async () => {
    const from = s3.requests.length;
    await storage().put('sse/none.csv', streamOf(Buffer.from('x\n')));
    expect(s3.requests.slice(from).some((r) => 'x-amz-server-side-encryption' in r.headers)).toBe(false);
  });

  it('deletes an object, deletes a missing one without error, then says the file is gone', async () => {
    const store = storage();
    await store.put('del/c.csv', streamOf(Buffer.from('c\n')));
    await store.delete('del/c.csv');
    await store.delete('del/c.csv');
    expect(await listed()).not.toContain('del/c.csv');
    await expect(store.get('del/c.csv')).rejects.toMatchObject({ code: 'report_file_not_found' });
  });

  it('presigns a URL that serves the file over HTTP under its own file name and type', async () => {
    const store = storage();
    const bytes = randomBytes(64 * 1024);
    await store.put('signed/d.xlsx', streamOf(bytes));
    const fileName = 'Société-Exemple_exposure_2026-12-04_0900Z.xlsx';
    const contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const url = await store.downloadUrl('signed/d.xlsx', { fileName, contentType }, 60);
    expect(url).toMatch(/X-Amz-Expires=60/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(contentDisposition(fileName));
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('aborts the multipart upload when the input fails, and no object appears', async () => {
    const from = s3.requests.length;
    const store = storage();
    await expect(store.put('half/f.xlsx', streamOf(randomBytes(16 * MIB), 11 * MIB))).rejects.toThrow(
      'the workbook writer failed',
    );
    const sent = s3.requests.slice(from);
    expect(sent.some((r) => r.method === 'PUT' && /partNumber=/.test(r.url))).toBe(true);
    expect(sent.some((r) => r.method === 'DELETE' && /uploadId=/.test(r.url))).toBe(true);
    expect(sent.some((r) => r.method === 'POST' && /uploadId=/.test(r.url))).toBe(false);
    expect((await listed()).filter((k) => k?.startsWith('half/'))).toEqual([]);
  });

  it('refuses wrong credentials with an error naming the bucket and endpoint, never the secret', async () => {
    const store = storage({ credentials: { accessKeyId: 'NOTTHEKEY', secretAccessKey: 'hunter2-secret' } });
    const err = await store.put('denied/g.csv', streamOf(Buffer.from('g\n'))).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'storage_unavailable' });
    expect((err as Error).message).toBe(
      `S3 bucket "reports-test" at ${s3.endpoint}: could not store s3://reports-test/denied/g.csv: access denied (InvalidAccessKeyId); check the credentials and the bucket policy`,
    );
    expect((err as Error).message).not.toContain('hunter2');
    expect(await listed()).not.toContain('denied/g.csv');
  });

  it('says when the bucket does not exist', async () => {
    await expect(
      storage({ bucket: 'no-such-bucket' }).put('x/h.csv', streamOf(Buffer.from('h\n'))),
    ).rejects.toMatchObject({
      code: 'storage_unavailable',
      message: expect.stringContaining('S3 bucket "no-such-bucket"') as unknown,
    });
    await expect(storage({ bucket: 'no-such-bucket' }).get('x/h.csv')).rejects.toMatchObject({
      message: expect.stringContaining('the bucket does not exist') as unknown,
    });
  });

  it('says when the endpoint is unreachable', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const err = await storage({ endpoint })
      .put('x/i.csv', streamOf(Buffer.from('i\n')))
      .catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'storage_unavailable' });
    expect((err as Error).message).toBe(
      `S3 bucket "reports-test" at ${endpoint}: could not store s3://reports-test/x/i.csv: the endpoint is unreachable (ECONNREFUSED)`,
    );
  });

  it('refuses a loopback endpoint unless reports.s3.endpointAllowlist admits it, like other outbound hosts', async () => {
    const env = {
      NODE_ENV: 'development',
      DEMO_ENABLED: 'false',
      REPORTS_STORAGE: 's3',
      REPORTS_S3_BUCKET: s3.bucket,
      REPORTS_S3_ENDPOINT: s3.endpoint,
      REPORTS_S3_FORCE_PATH_STYLE: 'true',
      REPORTS_S3_ACCESS_KEY_ID: s3.accessKeyId,
      REPORTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const configDir = mkdtempSync(join(tmpdir(), 'interdict-noconfig-'));
    expect(() => reportStorageFromConfig(loadConfig({ env, configDir }))).toThrow(
      'reports.s3.endpoint resolves to a private, loopback or link-local address (127.0.0.1); add it to reports.s3.endpointAllowlist to allow it',
    );
    const allowed = reportStorageFromConfig(
      loadConfig({ env: { ...env, REPORTS_S3_ENDPOINT_ALLOWLIST: '127.0.0.1' }, configDir }),
    ) as S3ReportStorage;
    stores.push(allowed);
    await allowed.put('policy/j.csv', streamOf(Buffer.from('j\n')));
    expect(await listed()).toContain('policy/j.csv');
  });

  it('opens a secret key sealed for its setting, and names the setting when a seal is for another one', async () => {
    const key = randomBytes(32);
    const box = new SecretBox(key);
    const env = {
      NODE_ENV: 'development',
      DEMO_ENABLED: 'false',
      INTERDICT_ENCRYPTION_KEY: key.toString('base64'),
      REPORTS_STORAGE: 's3',
      REPORTS_S3_BUCKET: s3.bucket,
      REPORTS_S3_ENDPOINT: s3.endpoint,
      REPORTS_S3_FORCE_PATH_STYLE: 'true',
      REPORTS_S3_ENDPOINT_ALLOWLIST: '127.0.0.1',
      REPORTS_S3_ACCESS_KEY_ID: s3.accessKeyId,
      REPORTS_S3_SECRET_ACCESS_KEY: sealSetting(box, 'reports.s3.secretAccessKey', s3.secretAccessKey),
    };
    const configDir = mkdtempSync(join(tmpdir(), 'interdict-noconfig-'));
    const sealed = reportStorageFromConfig(loadConfig({ env, configDir })) as S3ReportStorage;
    stores.push(sealed);
    await sealed.put('sealed/k.csv', streamOf(Buffer.from('k\n')));
    expect(await listed()).toContain('sealed/k.csv');
    const moved = {
      ...env,
      REPORTS_S3_SECRET_ACCESS_KEY: sealSetting(box, 'email.smtp.password', s3.secretAccessKey),
    };
    expect(() => reportStorageFromConfig(loadConfig({ env: moved, configDir }))).toThrow(
      /^config: reports\.s3\.secretAccessKey is sealed but does not open with this installation's encryption key/,
    );
  });

  it('serves the demo from startDemoS3: its settings work as they are, loopback allowed by the demo', async () => {
    const demo = await startDemoS3({ port: 0, directory: mkdtempSync(join(tmpdir(), 'interdict-demo-s3-')) });
    try {
      const config = loadConfig({
        env: {
          NODE_ENV: 'development',
          REPORTS_STORAGE: 's3',
          REPORTS_S3_BUCKET: demo.bucket,
          REPORTS_S3_REGION: demo.region,
          REPORTS_S3_ENDPOINT: demo.endpoint,
          REPORTS_S3_FORCE_PATH_STYLE: String(demo.forcePathStyle),
          REPORTS_S3_ACCESS_KEY_ID: demo.accessKeyId,
          REPORTS_S3_SECRET_ACCESS_KEY: demo.secretAccessKey,
        },
        configDir: mkdtempSync(join(tmpdir(), 'interdict-noconfig-')),
      });
      expect(config.demo.enabled).toBe(true);
      const store = reportStorageFromConfig(config) as S3ReportStorage;
      stores.push(store);
      await store.put('demo/k.csv', streamOf(Buffer.from('k\n')));
      expect((await buffer((await store.get('demo/k.csv')).body)).toString()).toBe('k\n');
    } finally {
      await demo.stop();
    }
  });

  it('prints no AWS SDK Node version warning when the store is made', () => {
    const dist = join(
      __dirname,
      '..',
      '..',
      'dist',
      'libs',
      'reports',
      'src',
      'storage',
      's3-report-storage.js',
    );
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `const { S3ReportStorage } = require(${JSON.stringify(dist)});` +
          `new S3ReportStorage({ bucket: 'b-1', region: 'us-east-1' }).close();`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
  });
});
